import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../../src/errors.js';
import { denseHessian } from '../../../src/numeric/montecarlo/denseHessian.js';
import { hessianSpectrumSample, teacherOverlap } from '../../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../../src/numeric/montecarlo/problem.js';
import { createRng } from '../../../src/numeric/random.js';
import { meanAndStandardError } from '../../../src/numeric/statistics.js';

describe('teacherOverlap', () => {
  const problem = sampleProblem({ n: 50, alpha: 1, p: 2, pstar: 2, seed: 9 });
  const { n, p, pstar, teacher } = problem;

  it('is 1 for a vector whose blocks lie in the teacher span, whatever its norm', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 5; trial++) {
      const v = new Float64Array(p * n);
      for (let l = 0; l < p; l++) {
        for (let k = 0; k < pstar; k++) {
          const c = 3 * rng.normal();
          for (let i = 0; i < n; i++) v[l * n + i] = v[l * n + i]! + c * teacher[k * n + i]!;
        }
      }
      expect(teacherOverlap(problem, v)).toBeCloseTo(1, 12);
    }
  });

  it('is 0 for a vector orthogonal to the teacher span', () => {
    const v = new Float64Array(p * n);
    // Project every teacher row out of every block of a random vector.
    createRng(2).fillNormal(v);
    for (let l = 0; l < p; l++) {
      for (let k = 0; k < pstar; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += teacher[k * n + i]! * v[l * n + i]!;
        for (let i = 0; i < n; i++) v[l * n + i] = v[l * n + i]! - (d / n) * teacher[k * n + i]!;
      }
    }
    expect(teacherOverlap(problem, v)).toBeLessThan(1e-28);
  });

  it('averages p·p*/(p·n) = p*/n over random directions', () => {
    const rng = createRng(3);
    const v = new Float64Array(p * n);
    const samples = new Float64Array(2000);
    for (let s = 0; s < samples.length; s++) samples[s] = teacherOverlap(problem, rng.fillNormal(v));
    const { mean, standardError } = meanAndStandardError(samples);
    expect(Math.abs(mean - pstar / n)).toBeLessThan(5 * standardError);
  });
});

describe('hessianSpectrumSample', () => {
  it('reports the full ascending spectrum, its bottom k and overlaps in [0, 1], with its parameters', () => {
    const problem = sampleProblem({ n: 30, alpha: 4, p: 2, pstar: 1, seed: 5 });
    const model = quadraticReferenceModel({ p: 2, pstar: 1, a: 1 });
    const s = hessianSpectrumSample(problem, model, { k: 4 });
    expect([s.n, s.alpha, s.m, s.p, s.pstar, s.seed]).toEqual([30, 4, 120, 2, 1, 5]);
    expect(s.converged).toBe(true);
    expect(s.eigenvalues.length).toBe(60);
    for (let i = 1; i < 60; i++) expect(s.eigenvalues[i]!).toBeGreaterThanOrEqual(s.eigenvalues[i - 1]!);
    expect(s.bottom).toEqual(Array.from(s.eigenvalues.subarray(0, 4)));
    expect(s.overlaps.length).toBe(4);
    for (const o of s.overlaps) expect(o >= 0 && o <= 1 + 1e-12).toBe(true);
    // Trace of H equals the sum of its eigenvalues.
    const { size, matrix } = denseHessian(problem, model);
    let trace = 0;
    for (let i = 0; i < size; i++) trace += matrix[i * size + i]!;
    let sum = 0;
    for (const v of s.eigenvalues) sum += v;
    expect(sum).toBeCloseTo(trace, 8);
    // k = 0: eigenvalues only, same values.
    const fast = hessianSpectrumSample(problem, model, { k: 0 });
    expect(fast.bottom).toEqual([]);
    expect(fast.overlaps).toEqual([]);
    for (let i = 0; i < 60; i++) expect(fast.eigenvalues[i]!).toBeCloseTo(s.eigenvalues[i]!, 9);
  });

  it('phase retrieval far above threshold: the bottom eigenvector points at the teacher', () => {
    // p = p* = 1, α = 20: a clear outlier below the bulk whose eigenvector carries most of the teacher.
    const s = hessianSpectrumSample(sampleProblem({ n: 60, alpha: 20, p: 1, pstar: 1, seed: 1 }),
      quadraticReferenceModel({ p: 1, pstar: 1, a: 1 }), { k: 2 });
    expect(s.overlaps[0]!).toBeGreaterThan(0.5);
    expect(s.overlaps[1]!).toBeLessThan(0.2);
  });

  it('rejects a bad k', () => {
    const problem = sampleProblem({ n: 5, alpha: 2, p: 1, pstar: 1, seed: 1 });
    const model = quadraticReferenceModel({ p: 1, pstar: 1, a: 1 });
    for (const k of [-1, 6, 1.5]) {
      const r = attempt(() => hessianSpectrumSample(problem, model, { k }));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter).toBe('k');
    }
  });
});
