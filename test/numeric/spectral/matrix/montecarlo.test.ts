/**
 * Theory vs dense Monte Carlo Hessians for a tanh student of width 2 on a quadratic teacher (p* = 1,
 * reference loss, a = 1). Runs in the default suite (≈ 6 s).
 */
import { describe, expect, it } from 'vitest';
import { compileMatrixModel } from '../../../../src/analytic/matrixVertex.js';
import { activations, losses, model, student, teacher } from '../../../../src/dsl/index.js';
import { orThrow } from '../../../../src/errors.js';
import { symmetricEigen } from '../../../../src/numeric/linalg/symmetricEigen.js';
import { denseHessian } from '../../../../src/numeric/montecarlo/denseHessian.js';
import { teacherOverlap } from '../../../../src/numeric/montecarlo/observables.js';
import { sampleProblem, type Problem } from '../../../../src/numeric/montecarlo/problem.js';
import { createMatrixSolver } from '../../../../src/numeric/spectral/matrix/solver.js';
import { meanAndStandardError } from '../../../../src/numeric/statistics.js';

/** Squared projection of v (p·n) on span(student rows) ⊗ R^p, the rows orthonormalized. */
function studentOverlap(pb: Problem, v: Float64Array): number {
  const { n, p } = pb;
  const basis: Float64Array[] = [];
  for (let m = 0; m < p; m++) {
    const r = Float64Array.from(pb.student.subarray(m * n, (m + 1) * n));
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += b[i]! * r[i]!;
      for (let i = 0; i < n; i++) r[i] = r[i]! - d * b[i]!;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i]! * r[i]!;
    for (let i = 0; i < n; i++) r[i] = r[i]! / Math.sqrt(s);
    basis.push(r);
  }
  let s = 0;
  let nv = 0;
  for (let i = 0; i < v.length; i++) nv += v[i]! * v[i]!;
  for (const b of basis) for (let l = 0; l < p; l++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += b[i]! * v[l * n + i]!;
    s += d * d;
  }
  return s / nv;
}

describe('tanh student p = 2, quadratic teacher p* = 1, a = 1: theory vs Monte Carlo (N = 150, 10 seeds)', () => {
  it('bottom eigenpair = student-direction spike; no teacher outlier', () => {
    const m = model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: 2, activation: activations.tanh }), loss: losses.normalizedSquare(1) });
    const c = orThrow(compileMatrixModel(m));
    const solver = createMatrixSolver(c.law({ gaussianStep: 0.2 }));
    const alpha = 50;
    const edge = solver.edge(alpha);
    const spike = solver.outliers(alpha, 'student')[0]!;
    expect(solver.outliers(alpha, 'teacher-1')).toEqual([]);
    expect(solver.outliers(alpha, 'teacher-perp')).toEqual([]);
    const n = 150;
    const bottom: number[] = [];
    const sOver: number[] = [];
    const tOver: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const pb = sampleProblem({ n, alpha, p: 2, pstar: 1, seed });
      const eig = symmetricEigen(denseHessian(pb, c.pointwise).matrix, 2 * n, { vectors: true });
      const v0 = eig.vectors!.subarray(0, 2 * n);
      bottom.push(eig.values[0]!);
      sOver.push(studentOverlap(pb, v0));
      for (let j = 0; j < 3; j++) tOver.push(teacherOverlap(pb, eig.vectors!.subarray(j * 2 * n, (j + 1) * 2 * n)));
    }
    const b = meanAndStandardError(bottom);
    const so = meanAndStandardError(sOver);
    const to = meanAndStandardError(tOver);
    console.log(`edge ${edge.lambda}, spike ${spike.lambda} m² ${spike.m2}; MC bottom ${b.mean} ± ${b.standardError}, student overlap ${so.mean} ± ${so.standardError}, teacher overlap (3 bottom) ${to.mean} ± ${to.standardError}`);
    expect(Math.abs(b.mean - spike.lambda)).toBeLessThan(3 * b.standardError);
    expect(Math.abs(so.mean - spike.m2)).toBeLessThan(3 * so.standardError);
    expect(to.mean).toBeLessThan(0.02);
  });
});
