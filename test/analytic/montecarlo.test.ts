// The compiled DSL models against dense finite-N Hessians (THEORY §7): the PointwiseModel comes from the same
// symbolic derivatives as the vertex, so agreement checks derivation, reduction and quadrature together.
// Every comparison is a z-score (mean over 12 fixed seeds − theory) / (standard error over the seeds).
// Runs in ≈ 13 s on one core.
import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel } from '../../src/analytic/compile.js';
import { pointwiseModel } from '../../src/analytic/pointwise.js';
import { denseHessian, loss as trainingLoss } from '../../src/numeric/montecarlo/denseHessian.js';
import { hessianSpectrumSample, type SpectrumSample } from '../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../src/numeric/montecarlo/problem.js';
import { createSpectralSolver } from '../../src/numeric/spectral/solver.js';
import { meanAndStandardError } from '../../src/numeric/statistics.js';
import { referenceModel, right, squaredDenominatorModel, tanhStudentModel } from './helpers.js';

function samples(c: CompiledModel, n: number, alpha: number, seeds: number, k: number): SpectrumSample[] {
  const out: SpectrumSample[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const s = hessianSpectrumSample(sampleProblem({ n, alpha, p: c.p, pstar: c.pstar, seed }), c.pointwise, { k });
    if (!s.converged) throw new Error(`eigensolver did not converge at seed ${seed}`);
    out.push(s);
  }
  return out;
}

const fmt = (x: number): string => x.toPrecision(5);

/** Assert |mean − theory| ≤ 3 SE, with the numbers in the message. */
function expectWithin3SE(label: string, values: number[], theory: number): void {
  const { mean, standardError } = meanAndStandardError(values);
  const z = (mean - theory) / standardError;
  const text = `${label}: MC ${fmt(mean)} ± ${fmt(standardError)} (${values.length} seeds) vs theory ${fmt(theory)}, z = ${z.toFixed(2)}`;
  expect(Number.isFinite(z), text).toBe(true);
  expect(Math.abs(z), text).toBeLessThanOrEqual(3);
}

describe('PointwiseModel compiled from the DSL', () => {
  it('equals quadraticReferenceModel for the reference model: same loss and dense Hessian to 1e-12', () => {
    for (const [p, pstar, a, scale] of [[2, 1, 1.5, 1], [3, 2, 0.7, 0.5], [1, 1, 0.3, 1]] as const) {
      const problem = sampleProblem({ n: 12, alpha: 3, p, pstar, seed: 7 });
      const mine = right(pointwiseModel(referenceModel(p, pstar, a, scale)));
      const ref = quadraticReferenceModel({ p, pstar, a, scale });
      const h1 = denseHessian(problem, mine).matrix;
      const h2 = denseHessian(problem, ref).matrix;
      let worst = 0;
      let size = 0;
      for (let i = 0; i < h1.length; i++) {
        worst = Math.max(worst, Math.abs(h1[i]! - h2[i]!));
        size = Math.max(size, Math.abs(h2[i]!));
      }
      expect(worst / size, `p=${p} p*=${pstar} a=${a}`).toBeLessThan(1e-12);
      const l1 = trainingLoss(problem, mine);
      const l2 = trainingLoss(problem, ref);
      expect(Math.abs(l1 - l2) / Math.abs(l2)).toBeLessThan(1e-12);
    }
  });

  it('compileModel carries the same pointwise model (outputs of a tanh student)', () => {
    const c = right(compileModel(tanhStudentModel()));
    expect(c.pointwise.studentOutput(Float64Array.of(0.3))).toBeCloseTo(Math.tanh(0.3), 15);
    expect(c.pointwise.teacherOutput(Float64Array.of(-2))).toBe(4);
    const out = new Float64Array(2);
    c.pointwise.activationDerivatives(0.3, out);
    const t = Math.tanh(0.3);
    expect(out[0]).toBeCloseTo(1 - t * t, 15);
    expect(out[1]).toBeCloseTo(-2 * t * (1 - t * t), 15);
  });
});

describe('new model (i): loss (ŷ − y)²/(y + a)², p = 2, p* = 1, a = 1, α = 8 (≈ 3.2 α_BBP), N = 200', () => {
  it('mean of the 2 bottom eigenpairs vs λ* and m²', () => {
    const c = right(compileModel(squaredDenominatorModel(1)));
    const solver = createSpectralSolver(c.vertex());
    expect(solver.threshold().alphaBBP).toBeLessThan(8 / 3);
    const out = solver.outlier(8)!;
    expect(out, 'the theory has an outlier at α = 8').not.toBeNull();
    // The outlier is p·p* = 2-fold degenerate; at finite N it splits, and the mean of the two bottom
    // eigenpairs is its unbiased image (the bottom one alone is biased low by selection).
    const data = samples(c, 200, 8, 12, 2);
    const mean2 = (v: readonly number[]): number => (v[0]! + v[1]!) / 2;
    expectWithin3SE('mean of the 2 bottom eigenvalues', data.map((s) => mean2(s.bottom)), out.lambda);
    expectWithin3SE('mean teacher overlap of the 2 bottom eigenvectors', data.map((s) => mean2(s.overlaps)), out.m2);
  });
});

describe('new model (ii): tanh student p = 1, quadratic teacher, reference loss a = 1, α = 100 (≈ 2.7 α_BBP), N = 200', () => {
  it('bottom eigenpair = spike along the student weights; second = teacher outlier λ*, m²', () => {
    const c = right(compileModel(tanhStudentModel(1)));
    const solver = createSpectralSolver(c.vertex());
    expect(solver.threshold().alphaBBP).toBeLessThan(100 / 2.5);
    const out = solver.outlier(100)!;
    const own = createSpectralSolver(c.studentDirection!()).outlier(100)!;
    expect(own.lambda).toBeLessThan(out.lambda);
    const data = samples(c, 200, 100, 12, 2);
    // The student's own direction w is planted like the teacher's (the vertex depends on z = w·x/√N) and its
    // spike lies far below the bulk: the bottom eigenvector follows w and carries no teacher overlap.
    expectWithin3SE('bottom eigenvalue vs student-direction spike', data.map((s) => s.bottom[0]!), own.lambda);
    const ov0 = meanAndStandardError(data.map((s) => s.overlaps[0]!));
    expect(ov0.mean + 3 * ov0.standardError, `teacher overlap of the bottom eigenvector ${fmt(ov0.mean)}`).toBeLessThan(0.02);
    expectWithin3SE('second eigenvalue vs teacher outlier λ*', data.map((s) => s.bottom[1]!), out.lambda);
    expectWithin3SE('teacher overlap of the second eigenvector vs m²', data.map((s) => s.overlaps[1]!), out.m2);
  });
});
