// The bottom-k-only path of hessianSpectrumSample (matrix-free Lanczos) against the dense path on the same
// samples, and the per-sample statistics it adds (residuals, φ).
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../../src/errors.js';
import { hessianSpectrumSample } from '../../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../../src/numeric/montecarlo/problem.js';
import { tanhModel } from './models.js';

describe('hessianSpectrumSample, method lanczos', () => {
  const cases = [
    { label: 'quadratic p=2, p*=1, α=3 (outlier)', problem: { n: 120, alpha: 3, p: 2, pstar: 1, seed: 4 }, model: quadraticReferenceModel({ p: 2, pstar: 1, a: 1.5 }) },
    { label: 'quadratic p=1, α=0.8 (no outlier)', problem: { n: 220, alpha: 0.8, p: 1, pstar: 1, seed: 2 }, model: quadraticReferenceModel({ p: 1, pstar: 1, a: 0.7 }) },
    { label: 'tanh p=3, p*=2', problem: { n: 80, alpha: 2, p: 3, pstar: 2, seed: 7 }, model: tanhModel(3, 2, 0.5) },
  ];

  it.each(cases.map((c) => [c.label, c] as const))('%s: the dense eigenpairs to 1e-10, with residuals and φ', (_, c) => {
    const problem = sampleProblem(c.problem);
    const k = 5;
    const dense = hessianSpectrumSample(problem, c.model, { k });
    const lanczos = hessianSpectrumSample(problem, c.model, { k, method: 'lanczos', tolerance: 1e-10 });
    expect(dense.method).toBe('dense');
    expect(lanczos.method).toBe('lanczos');
    expect(lanczos.converged).toBe(true);
    expect(lanczos.eigenvalues.length).toBe(k);
    expect(lanczos.matvecs).toBeGreaterThan(0);
    for (let j = 0; j < k; j++) {
      expect(Math.abs(lanczos.bottom[j]! - dense.bottom[j]!)).toBeLessThan(1e-10);
      expect(lanczos.residuals[j]!).toBeLessThanOrEqual(1e-10);
      expect(dense.residuals[j]!).toBeLessThan(1e-10);
    }
    // Eigenvectors agree up to sign when their eigenvalue is isolated; the overlap does not see the sign.
    // Tolerance: the residual 1e-10 over the gap to the nearest other eigenvalue bounds the vector error.
    const all = dense.eigenvalues;
    for (let j = 0; j < k; j++) {
      const gap = Math.min(j > 0 ? all[j]! - all[j - 1]! : Infinity, all[j + 1]! - all[j]!);
      expect(Math.abs(lanczos.overlaps[j]! - dense.overlaps[j]!)).toBeLessThan(4 * (1e-10 / gap) + 1e-12);
    }
    // φ recomputed here from the overlaps.
    for (const s of [dense, lanczos]) {
      const best = s.overlaps.indexOf(Math.max(...s.overlaps));
      expect(s.phi).toBe(best === 0 ? 1 : 0);
    }
  });

  it('φ is 1 when the bottom eigenvector carries the teacher (far above threshold, p = p* = 1)', () => {
    const s = hessianSpectrumSample(sampleProblem({ n: 100, alpha: 20, p: 1, pstar: 1, seed: 1 }), quadraticReferenceModel({ p: 1, pstar: 1, a: 1 }), {
      k: 3,
      method: 'lanczos',
    });
    expect(s.overlaps[0]!).toBeGreaterThan(0.5);
    expect(s.phi).toBe(1);
  });

  it('k = 0 gives φ = NaN and no residuals (dense only)', () => {
    const s = hessianSpectrumSample(sampleProblem({ n: 20, alpha: 2, p: 1, pstar: 1, seed: 1 }), quadraticReferenceModel({ p: 1, pstar: 1, a: 1 }), { k: 0 });
    expect(s.phi).toBeNaN();
    expect(s.residuals).toEqual([]);
  });

  it('rejects k outside 1 ≤ k < p·n and an unknown method, naming them', () => {
    const problem = sampleProblem({ n: 10, alpha: 2, p: 2, pstar: 1, seed: 1 });
    const model = quadraticReferenceModel({ p: 2, pstar: 1, a: 1 });
    for (const k of [0, 20, 2.5]) {
      const r = attempt(() => hessianSpectrumSample(problem, model, { k, method: 'lanczos' }));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter, `k = ${k}`).toBe('k');
    }
    const r = attempt(() => hessianSpectrumSample(problem, model, { k: 1, method: 'qr' as 'dense' }));
    expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter).toBe('method');
  });
});
