import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../src/errors.js';
import { createRng, rngFromState } from '../../src/numeric/random.js';

/** Φ(x) from Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7, far below the KS tolerance used here). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Kolmogorov–Smirnov statistic of `sample` against the CDF `cdf`. */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

function draws(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

describe('xoshiro128** core', () => {
  it('matches the reference C implementation from state (1, 2, 3, 4)', () => {
    const rng = rngFromState([1, 2, 3, 4]);
    const first = Array.from({ length: 8 }, () => rng.uint32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
    for (let i = 0; i < 992; i++) rng.uint32();
    expect(rng.uint32()).toBe(136054147); // the 1001st output
  });
});

describe('createRng: reproducibility and streams', () => {
  it('the same (seed, stream) gives the same sequence', () => {
    const a = createRng(12345, 7);
    const b = createRng(12345, 7);
    for (let i = 0; i < 100; i++) {
      expect(a.uint32()).toBe(b.uint32());
      expect(a.uniform()).toBe(b.uniform());
      expect(a.normal()).toBe(b.normal());
    }
  });

  it('fillNormal continues the normal() sequence, cache included', () => {
    const a = createRng(3);
    const b = createRng(3);
    const first = a.normal(); // leaves the second value of the pair cached
    const out = new Float64Array(9);
    expect(a.fillNormal(out)).toBe(out);
    expect(first).toBe(b.normal());
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(b.normal());
  });

  it('split is reproducible, does not advance the parent, and equals createRng(seed, child.stream)', () => {
    const parent = createRng(99);
    const untouched = createRng(99);
    const c1 = parent.split(4);
    const c2 = createRng(99).split(4);
    expect(c1.seed).toBe(99);
    expect(c1.stream).toBe(c2.stream);
    const c3 = createRng(99, c1.stream);
    for (let i = 0; i < 20; i++) {
      const v = c1.uint32();
      expect(c2.uint32()).toBe(v);
      expect(c3.uint32()).toBe(v);
    }
    expect(parent.uint32()).toBe(untouched.uint32());
  });

  it('stream ids of a two-level split tree are distinct and safe integers', () => {
    const ids = new Set<number>([0]);
    const root = createRng(1);
    for (let i = 0; i < 64; i++) {
      const child = root.split(i);
      ids.add(child.stream);
      for (let j = 0; j < 64; j++) ids.add(child.split(j).stream);
    }
    expect(ids.size).toBe(1 + 64 + 64 * 64);
    for (const id of ids) expect(Number.isSafeInteger(id) && id >= 0).toBe(true);
  });

  it('different seeds and streams give different, uncorrelated sequences', () => {
    const n = 20000;
    const seqs = [createRng(0), createRng(1), createRng(0, 1), createRng(0).split(0), createRng(0).split(1)].map((r) =>
      draws(n, () => r.uniform()),
    );
    for (let a = 0; a < seqs.length; a++) {
      for (let b = a + 1; b < seqs.length; b++) {
        const x = seqs[a]!;
        const y = seqs[b]!;
        let c = 0;
        for (let i = 0; i < n; i++) c += (x[i]! - 0.5) * (y[i]! - 0.5);
        const corr = c / n / (1 / 12);
        expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(n));
      }
    }
  });

  it('rejects seeds and streams that are not non-negative safe integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      const r = attempt(() => createRng(bad));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter === 'seed').toBe(true);
    }
    const s = attempt(() => createRng(1, -2));
    expect(E.isLeft(s) && s.left._tag === 'InvalidArgument' && s.left.parameter === 'stream').toBe(true);
    const k = attempt(() => createRng(1).split(0.5));
    expect(E.isLeft(k) && k.left.message).toBe('invalid index = 0.5: expected a non-negative integer');
  });
});

describe('distributions (seeded)', () => {
  it('uniform: in (0, 1), mean 1/2, variance 1/12, flat over 16 bins', () => {
    const n = 100000;
    const rng = createRng(2024);
    const u = draws(n, () => rng.uniform());
    let sum = 0;
    let sum2 = 0;
    const bins = new Float64Array(16);
    let outside = 0;
    for (const v of u) {
      if (!(v > 0 && v < 1)) outside++;
      sum += v;
      sum2 += v * v;
      const b = Math.floor(v * 16);
      bins[b] = bins[b]! + 1;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
    let chi2 = 0;
    for (const c of bins) chi2 += (c - n / 16) ** 2 / (n / 16);
    expect(chi2).toBeLessThan(37.7); // χ²₁₅ at p = 0.001
  });

  it('normal: Kolmogorov–Smirnov against Φ, and its first four moments', () => {
    const n = 20000;
    const rng = createRng(7);
    const z = rng.fillNormal(new Float64Array(n));
    expect(ksStatistic(z, normalCdf) * Math.sqrt(n)).toBeLessThan(1.63); // KS at p = 0.01
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('any seed and stream give uniforms in (0, 1) and finite normals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.nat(), (seed, stream) => {
        const rng = createRng(seed, stream);
        for (let i = 0; i < 50; i++) {
          const u = rng.uniform();
          if (!(u > 0 && u < 1)) return false;
          if (!Number.isFinite(rng.normal())) return false;
          const w = rng.uint32();
          if (!(Number.isInteger(w) && w >= 0 && w < 2 ** 32)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
