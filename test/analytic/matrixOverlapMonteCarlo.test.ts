/**
 * The teacher outliers and their overlaps m² reported by `spectrum` for a p×p matrix model, against dense
 * Monte Carlo Hessians: student σ(z) = z² + z/2 of width 2 (no rotation-invariant reduction) on a square
 * teacher (p* = 1), reference loss a = 1, α = 3. Both teacher families (along 1 and its complement) carry one
 * outlier; they lie 0.1 apart, less than the finite-N fluctuations, so the per-seed observables are the sums
 * over the two bottom eigenpairs: λ₁ + λ₂ and the summed squared projections on the teacher subspace.
 */
import { describe, expect, it } from 'vitest';
import { compileMatrixModel } from '../../src/analytic/matrixVertex.js';
import { activation } from '../../src/dsl/activation.js';
import { activations, losses, model, student, teacher } from '../../src/dsl/index.js';
import { orThrow } from '../../src/errors.js';
import { symmetricEigen } from '../../src/numeric/linalg/symmetricEigen.js';
import { denseHessian } from '../../src/numeric/montecarlo/denseHessian.js';
import { teacherOverlap } from '../../src/numeric/montecarlo/observables.js';
import { sampleProblem } from '../../src/numeric/montecarlo/problem.js';
import { meanAndStandardError } from '../../src/numeric/statistics.js';
import { spectrum } from '../../src/theory.js';

describe('matrix model z² + z/2, p = 2, p* = 1, a = 1, α = 3: outliers and m² vs Monte Carlo (N = 250, 12 seeds)', () => {
  it('λ₁ + λ₂ and m²₁ + m²₂ of the two bottom eigenpairs within 3 standard errors', () => {
    const act = orThrow(activation('quadlin', 'z^2 + 0.5*z'));
    const c = orThrow(compileMatrixModel(model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: 2, activation: act }), loss: losses.normalizedSquare(1) })));
    const alpha = 3;
    const s = orThrow(spectrum(c, alpha, { quadrature: { gaussianStep: 0.4 }, grid: { from: -1, to: 1, points: 2 } }));
    const teachers = s.outliers!.filter((o) => o.family !== 'student');
    expect(teachers.map((o) => o.family).sort()).toEqual(['teacher-1', 'teacher-perp']);
    expect(teachers.every((o) => o.multiplicity === 1 && o.lambda < s.edge)).toBe(true);
    expect(s.outlier).toBe(teachers[0]!.lambda);
    expect(s.m2).toBe(teachers[0]!.m2);
    const theory = [teachers[0]!.lambda + teachers[1]!.lambda, teachers[0]!.m2 + teachers[1]!.m2];
    const n = 250;
    const rows: number[][] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const pb = sampleProblem({ n, alpha, p: 2, pstar: 1, seed });
      const eig = symmetricEigen(denseHessian(pb, c.pointwise).matrix, 2 * n, { vectors: true });
      const v = eig.vectors!;
      rows.push([eig.values[0]! + eig.values[1]!, teacherOverlap(pb, v.subarray(0, 2 * n)) + teacherOverlap(pb, v.subarray(2 * n, 4 * n))]);
    }
    theory.forEach((t, k) => {
      const e = meanAndStandardError(rows.map((r) => r[k]!));
      console.log(`${k === 0 ? 'λ₁ + λ₂' : 'm²₁ + m²₂'}: theory ${t}, Monte Carlo ${e.mean} ± ${e.standardError}`);
      expect(Math.abs(e.mean - t)).toBeLessThan(3 * e.standardError);
    });
  });
});
