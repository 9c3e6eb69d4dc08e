import { describe, expect, it } from 'vitest';
import { BbpFailure } from '../../../src/errors.js';
import { bottomEigenpairs } from '../../../src/numeric/linalg/lanczos.js';
import { symmetricEigen, symmetricMatVec } from '../../../src/numeric/linalg/symmetricEigen.js';
import { denseHessian, vertexMatrices } from '../../../src/numeric/montecarlo/denseHessian.js';
import { hessianOperator, hessianOperatorFromVertices } from '../../../src/numeric/montecarlo/hessianOperator.js';
import { hessianSpectrumSample, teacherOverlap } from '../../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../../src/numeric/montecarlo/problem.js';
import { createRng } from '../../../src/numeric/random.js';
import { compareWithDense } from '../linalg/eigenpairChecks.js';
import { tanhModel } from './models.js';

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

describe('hessianOperator: the matrix-free product equals the dense Hessian', () => {
  // m = round(α·n) is varied mod 4 (the kernel works on tiles of four rows) and count·p mod 4 (four
  // vectors per sweep, then two, then one).
  const cases = [
    { n: 60, alpha: 2, p: 2, pstar: 1 }, // m = 120
    { n: 61, alpha: 2.03, p: 3, pstar: 1 }, // m = 124
    { n: 50, alpha: 1.02, p: 1, pstar: 1 }, // m = 51
    { n: 40, alpha: 3.05, p: 2, pstar: 2 }, // m = 122
    { n: 30, alpha: 2.1, p: 5, pstar: 2 }, // m = 63
    { n: 45, alpha: 4, p: 4, pstar: 3 }, // m = 180
  ];
  for (const c of cases) {
    for (const [name, model] of [
      ['reference', quadraticReferenceModel({ p: c.p, pstar: c.pstar, a: 0.8 })],
      ['tanh', tanhModel(c.p, c.pstar, 0.7)],
    ] as const) {
      it(`n=${c.n} α=${c.alpha} p=${c.p} p*=${c.pstar}, ${name} model, blocks of 1–3 vectors`, () => {
        const problem = sampleProblem({ ...c, seed: 17 });
        const H = hessianOperator(problem, model);
        const D = denseHessian(problem, model);
        expect(H.size).toBe(D.size);
        expect(H.x).toBe(problem.x); // shared, not copied
        const ref = new Float64Array(H.size);
        const rng = createRng(3);
        for (const count of [1, 2, 3]) {
          const v = rng.fillNormal(new Float64Array(count * H.size));
          const out = new Float64Array(count * H.size).fill(Number.NaN); // overwritten, not accumulated
          H.applyBlock(v, out, count);
          for (let b = 0; b < count; b++) {
            symmetricMatVec(D.matrix, D.size, v.subarray(b * H.size, (b + 1) * H.size), ref);
            const got = out.subarray(b * H.size, (b + 1) * H.size);
            let worst = 0;
            for (let i = 0; i < H.size; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!));
            expect(worst).toBeLessThanOrEqual(1e-12 * Math.max(1, maxAbs(ref)));
          }
          // apply agrees with the block product bit for bit (same arithmetic per vector).
          const single = new Float64Array(H.size);
          H.apply(v.subarray(0, H.size), single);
          expect([...single]).toEqual([...out.subarray(0, H.size)]);
        }
      });
    }
  }

  it('is symmetric: ⟨u, Hv⟩ = ⟨Hu, v⟩', () => {
    const problem = sampleProblem({ n: 70, alpha: 1.5, p: 3, pstar: 1, seed: 4 });
    const H = hessianOperator(problem, tanhModel(3, 1, 0.7));
    const rng = createRng(9);
    const u = rng.fillNormal(new Float64Array(H.size));
    const v = rng.fillNormal(new Float64Array(H.size));
    const hu = new Float64Array(H.size);
    const hv = new Float64Array(H.size);
    H.apply(u, hu);
    H.apply(v, hv);
    let a = 0;
    let b = 0;
    for (let i = 0; i < H.size; i++) {
      a += u[i]! * hv[i]!;
      b += hu[i]! * v[i]!;
    }
    expect(Math.abs(a - b)).toBeLessThan(1e-12 * Math.abs(a));
  });

  it('from its parts: the same operator, and arguments checked', () => {
    const problem = sampleProblem({ n: 20, alpha: 2, p: 2, pstar: 1, seed: 1 });
    const model = quadraticReferenceModel({ p: 2, pstar: 1, a: 1 });
    const A = vertexMatrices(problem, model);
    const H1 = hessianOperator(problem, model);
    const H2 = hessianOperatorFromVertices(problem.x, problem.m, problem.n, problem.p, A);
    const v = createRng(1).fillNormal(new Float64Array(H1.size));
    const o1 = new Float64Array(H1.size);
    const o2 = new Float64Array(H1.size);
    H1.apply(v, o1);
    H2.apply(v, o2);
    expect([...o2]).toEqual([...o1]);
    const parameterOf = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof BbpFailure && e.error._tag === 'InvalidArgument') return e.error.parameter;
        throw e;
      }
      throw new Error('expected a failure');
    };
    expect(parameterOf(() => hessianOperatorFromVertices(problem.x, problem.m, problem.n + 1, 2, A))).toBe('x.length');
    expect(parameterOf(() => hessianOperatorFromVertices(problem.x, problem.m, problem.n, 3, A))).toBe('vertices.length');
    expect(parameterOf(() => hessianOperatorFromVertices(problem.x, 0, problem.n, 2, A))).toBe('m');
    expect(parameterOf(() => H1.applyBlock(v, o1, 2))).toBe('v.length');
    expect(parameterOf(() => H1.applyBlock(v, new Float64Array(3), 1))).toBe('out.length');
    expect(parameterOf(() => H1.applyBlock(v, o1, 0))).toBe('count');
    expect(parameterOf(() => hessianOperator(problem, quadraticReferenceModel({ p: 3, pstar: 1, a: 1 })))).toBe('model.p');
  });
});

describe('Lanczos on sampled Hessians agrees with the dense eigen-decomposition (p = 2)', () => {
  // Regimes from well below to well above the outlier's appearance; p* = 2 gives p·p* = 4 near-degenerate
  // outliers above threshold. Eigenvalues closer than the window are compared as a subspace.
  const window = 1e-3;
  const grid: { n: number; alpha: number; pstar: number }[] = [];
  for (const n of [60, 80, 100]) for (const alpha of [0.5, 2, 8]) grid.push({ n, alpha, pstar: 1 });
  for (const alpha of [1, 4, 16]) grid.push({ n: 90, alpha, pstar: 2 });
  for (const g of grid) {
    it(`n=${g.n} α=${g.alpha} p*=${g.pstar}`, () => {
      const problem = sampleProblem({ n: g.n, alpha: g.alpha, p: 2, pstar: g.pstar, seed: 1000 + g.n });
      const model = quadraticReferenceModel({ p: 2, pstar: g.pstar, a: 1 });
      const H = hessianOperator(problem, model);
      const D = denseHessian(problem, model);
      const dense = symmetricEigen(D.matrix, D.size, { vectors: true });
      const k = 5;
      const r = bottomEigenpairs(H, { k, seed: 1 });
      expect(r.converged).toBe(true);
      expect(r.method).toBe('lanczos');
      const cmp = compareWithDense(H, r, dense.values, dense.vectors!, window);
      expect(cmp.valueError).toBeLessThan(1e-10);
      expect(cmp.residual).toBeLessThanOrEqual(1e-8);
      // sin θ ≤ ‖r‖ / gap ≤ 1e-8 / 1e-3.
      expect(cmp.angle2).toBeLessThan(1e-9);
    });
  }

  it('teacher overlaps of the Lanczos vectors equal the dense sample’s', () => {
    const problem = sampleProblem({ n: 80, alpha: 8, p: 2, pstar: 1, seed: 5 });
    const model = quadraticReferenceModel({ p: 2, pstar: 1, a: 1 });
    const sample = hessianSpectrumSample(problem, model, { k: 3 });
    const r = bottomEigenpairs(hessianOperator(problem, model), { k: 3, seed: 2, tolerance: 1e-10 });
    // Isolated eigenvalues (checked): overlaps are sign-invariant, so they agree to O(‖r‖/gap).
    for (let j = 0; j < 3; j++) expect(Math.abs(sample.bottom[j]! - r.values[j]!)).toBeLessThan(1e-10);
    expect(Math.min(sample.bottom[1]! - sample.bottom[0]!, sample.bottom[2]! - sample.bottom[1]!)).toBeGreaterThan(1e-4);
    const size = problem.p * problem.n;
    for (let j = 0; j < 3; j++) {
      const overlap = teacherOverlap(problem, r.vectors.subarray(j * size, (j + 1) * size));
      expect(Math.abs(overlap - sample.overlaps[j]!)).toBeLessThan(1e-8);
    }
  });
});
