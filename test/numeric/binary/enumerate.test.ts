import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { orThrow } from '../../../src/errors.js';
import { binaryEnumerate, binaryInstance, type BinaryInstance, type BinaryInstanceSpec } from '../../../src/numeric/binary/index.js';
import { grayFlipIndex } from '../../../src/numeric/binary/enumerate.js';
import { testError, testSet } from '../../../src/numeric/binary/instances.js';
import { meanAndStandardError } from '../../../src/numeric/statistics.js';
import { replicaStorage } from './replicaStorage.js';

/** Every vector by a plain loop over the integers 0 … 2^N − 1 (bit i set ⇔ w_i = −1), stabilities from scratch. */
function bruteForce(inst: BinaryInstance, kappa: number): { solutions: Int8Array[] } {
  const { n, p, z } = inst;
  const solutions: Int8Array[] = [];
  for (let mask = 0; mask < 2 ** n; mask++) {
    const w = new Int8Array(n);
    for (let i = 0; i < n; i++) w[i] = (mask >> i) & 1 ? -1 : 1;
    let ok = true;
    for (let mu = 0; mu < p && ok; mu++) {
      let h = 0;
      for (let i = 0; i < n; i++) h += w[i]! * z[mu * n + i]!;
      if (h / Math.sqrt(n) < kappa) ok = false;
    }
    if (ok) solutions.push(w);
  }
  return { solutions };
}

const inst = (spec: BinaryInstanceSpec, index: number): BinaryInstance => orThrow(binaryInstance(spec, index));

describe('Gray-code walk', () => {
  it.each([1, 2, 5, 10, 14])('visits each of the 2^%i vectors exactly once, one flip per step', (n) => {
    let mask = 0;
    const seen = new Uint8Array(2 ** n);
    seen[0] = 1;
    for (let k = 1; k < 2 ** n; k++) {
      const i = grayFlipIndex(k);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(n);
      mask ^= 1 << i;
      expect(seen[mask]).toBe(0);
      seen[mask] = 1;
    }
    expect(seen.every((s) => s === 1)).toBe(true);
  });
});

describe('enumeration against brute force', () => {
  const cases: [string, BinaryInstanceSpec, number][] = [
    ['storage ±1, κ = 0', { problem: 'storage', n: 9, alpha: 0.6, seed: 11 }, 0],
    ['storage ±1, κ = 0.4', { problem: 'storage', n: 11, alpha: 0.3, seed: 12 }, 0.4],
    ['storage Gaussian, κ = 0', { problem: 'storage', n: 10, alpha: 0.5, patterns: 'gaussian', seed: 13 }, 0],
    ['teacher–student, κ = 0', { problem: 'teacher-student', n: 10, alpha: 1.2, seed: 14 }, 0],
    ['teacher–student, κ = 0.2', { problem: 'teacher-student', n: 9, alpha: 0.8, seed: 15 }, 0.2],
    ['random features sign', { problem: 'random-features', n: 9, alpha: 0.7, alphaD: 1.5, seed: 16 }, 0],
    ['random features tanh', { problem: 'random-features', n: 10, alpha: 0.7, alphaD: 0.5, activation: 'tanh', seed: 17 }, 0],
  ];

  it.each(cases)('%s: counts, log counts and errors of every instance', (_label, spec, kappa) => {
    const report = orThrow(binaryEnumerate(spec, { kappa, instances: 6, sampleSolutions: 2 ** spec.n, testSize: 300 }));
    expect(report.instances.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    let any = 0;
    for (const r of report.instances) {
      const instance = inst(spec, r.index);
      const { solutions } = bruteForce(instance, kappa);
      expect(r.count).toBe(solutions.length);
      any += solutions.length;
      if (solutions.length === 0) {
        expect(r.logCountPerN).toBeNull();
        continue;
      }
      expect(r.logCountPerN).toBeCloseTo(Math.log(solutions.length) / spec.n, 14);
      if (spec.problem === 'storage') {
        expect(r.eg).toBeNull();
        continue;
      }
      // Barycenter (mean of the solutions) by direct summation.
      const n = spec.n;
      const bary = new Float64Array(n);
      for (let i = 0; i < n; i++) bary[i] = solutions.reduce((s, w) => s + w[i]!, 0) / solutions.length;
      const teacher = instance.teacher!;
      if (spec.problem === 'teacher-student') {
        const err = (w: ArrayLike<number>) => {
          let m = 0;
          let norm = 0;
          for (let i = 0; i < n; i++) {
            m += w[i]! * teacher[i]!;
            norm += w[i]! * w[i]!;
          }
          return Math.acos(Math.min(1, m / Math.sqrt(norm * n))) / Math.PI;
        };
        expect(r.eg).toBeCloseTo(solutions.reduce((s, w) => s + err(w), 0) / solutions.length, 12);
        expect(r.egBarycenter).toBeCloseTo(err(bary), 12);
      } else {
        // All solutions fit in the reservoir: eg is their exact mean test error.
        const set = testSet(instance, spec.activation ?? 'sign', 300);
        expect(r.egSamples).toBe(solutions.length);
        expect(r.eg).toBeCloseTo(solutions.reduce((s, w) => s + testError(set, n, w), 0) / solutions.length, 12);
        expect(r.egBarycenter).toBeCloseTo(testError(set, n, bary), 12);
      }
    }
    expect(any).toBeGreaterThan(0); // the cases are chosen so that some instance has solutions
    const solvable = report.instances.filter((r) => r.count > 0);
    expect(report.solvableFraction).toBe(solvable.length / 6);
    const stat = meanAndStandardError(solvable.map((r) => Math.log(r.count) / spec.n));
    expect(report.logCountPerN.mean).toBeCloseTo(stat.mean, 14);
  });

  it('the teacher–student barycenter generalizes better than a typical solution, on average (ε_bary < ε_g)', () => {
    const r = orThrow(binaryEnumerate({ problem: 'teacher-student', n: 13, alpha: 1, seed: 3 }, { instances: 30 }));
    const diff = meanAndStandardError(r.instances.map((i) => i.eg! - i.egBarycenter!));
    expect(diff.mean).toBeGreaterThan(3 * diff.standardError);
  });
});

describe('enumeration against the replica-symmetric storage entropy', () => {
  // φ(P/N) from an independent RS solver (test/numeric/binary/replicaStorage.ts). At these N the
  // discreteness of P dominates, hence the comparison at α = P/N; the remaining finite-size bias is fitted
  // as a + b/N, and the intercept a must vanish within its standard error.
  it('log #solutions / N approaches φ(α = P/N) as N grows', () => {
    const rows = [11, 13, 15, 17].map((n) => {
      const r = orThrow(binaryEnumerate({ problem: 'storage', n, alpha: 0.3, seed: 5 }, { instances: 60 }));
      expect(r.solvableFraction).toBeGreaterThan(0.9); // a few tiny instances have z^2 = −z^1 and no solution
      const phi = replicaStorage(r.parameters.p / n, 0).phi;
      return { n, d: r.logCountPerN.mean - phi, se: r.logCountPerN.standardError };
    });
    // Measured (seed 5): |d| ≤ 1.2 SE at every N; 4 SE leaves room for the O(1/N) bias.
    for (const row of rows) expect(Math.abs(row.d)).toBeLessThan(4 * row.se);
    // Weighted least squares d = a + b x, x = 1/N.
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const { n, d, se } of rows) {
      const w = 1 / (se * se);
      const x = 1 / n;
      sw += w; sx += w * x; sy += w * d; sxx += w * x * x; sxy += w * x * d;
    }
    const det = sw * sxx - sx * sx;
    const a = (sxx * sy - sx * sxy) / det;
    const seA = Math.sqrt(sxx / det);
    expect(Math.abs(a)).toBeLessThan(3 * seA);
  });
});

describe('bad input', () => {
  const left = (spec: BinaryInstanceSpec, options = {}) => {
    const r = binaryEnumerate(spec, options);
    if (E.isRight(r)) throw new Error('expected an error');
    return r.left;
  };
  it('names the parameter and value', () => {
    expect(left({ problem: 'storage', n: 12, alpha: 0.5, seed: 1 })).toMatchObject({ _tag: 'InvalidArgument', parameter: 'n', value: 12 });
    expect(left({ problem: 'random-features', n: 12, alpha: 0.5, seed: 1 }).message).toMatch(/odd/);
    expect(left({ problem: 'storage', n: 31, alpha: 0.5, seed: 1 }).message).toBe('invalid n = 31: expected at most 30 for exhaustive enumeration (2^n vectors)');
    expect(left({ problem: 'storage', n: 11, alpha: 0, seed: 1 })).toMatchObject({ parameter: 'alpha', value: 0 });
    expect(left({ problem: 'storage', n: 11, alpha: -1, seed: 1 })).toMatchObject({ parameter: 'alpha', value: -1 });
    expect(left({ problem: 'storage', n: 11, alpha: Number.NaN, seed: 1 })).toMatchObject({ parameter: 'alpha' });
    expect(left({ problem: 'storage', n: 11, alpha: 0.5, seed: 1 }, { kappa: -0.1 })).toMatchObject({ parameter: 'kappa', value: -0.1 });
    expect(left({ problem: 'storage', n: 11, alpha: 0.5, seed: 1 }, { instances: 0 })).toMatchObject({ parameter: 'instances' });
    expect(left({ problem: 'teacher-student', n: 11, alpha: 0.5, seed: 1, alphaD: 2 })).toMatchObject({ parameter: 'alphaD' });
    // Even N is fine without sign features.
    expect(E.isRight(binaryEnumerate({ problem: 'teacher-student', n: 8, alpha: 0.5, seed: 1 }, { instances: 1 }))).toBe(true);
  });
});
