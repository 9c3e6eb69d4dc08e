import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { symmetricEigen, symmetricMatVec } from '../../../src/numeric/linalg/symmetricEigen.js';
import { BbpFailure } from '../../../src/errors.js';
import { denseTridiagonal, frobenius, lcg, maxResidual, orthonormalityError, randomOrthogonal, withSpectrum } from './helpers.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function checkDecomposition(a: Float64Array, n: number, tol = 1e-12): Float64Array {
  const copy = Float64Array.from(a);
  const r = symmetricEigen(a, n, { vectors: true });
  expect(r.converged).toBe(true);
  expect([...a]).toEqual([...copy]); // caller's array untouched
  const norm = frobenius(a);
  expect(maxResidual(a, n, r.values, r.vectors!)).toBeLessThanOrEqual(tol * norm);
  expect(orthonormalityError(r.vectors!, n)).toBeLessThan(1e-13 * Math.max(1, Math.sqrt(n)));
  for (let i = 1; i < n; i++) expect(r.values[i]!).toBeGreaterThanOrEqual(r.values[i - 1]!);
  // Values alone agree with the values computed alongside vectors.
  const valuesOnly = symmetricEigen(a, n);
  expect(valuesOnly.vectors).toBeUndefined();
  expect(maxAbsDiff(valuesOnly.values, r.values)).toBeLessThanOrEqual(1e-13 * norm);
  return r.values;
}

describe('symmetricEigen', () => {
  it('diagonal matrices', () => {
    const a = new Float64Array(16);
    [4, -1, 2, 0].forEach((v, i) => (a[i * 4 + i] = v));
    const r = symmetricEigen(a, 4, { vectors: true });
    expect([...r.values]).toEqual([-1, 0, 2, 4]);
    expect(orthonormalityError(r.vectors!, 4)).toBe(0);
  });

  it('Q·diag(λ)·Qᵀ with random orthogonal Q recovers λ', () => {
    const rand = lcg(12345);
    for (const n of [3, 10, 50, 120]) {
      const lambda = Float64Array.from({ length: n }, () => 20 * rand() - 10).sort();
      const a = withSpectrum(randomOrthogonal(n, rand), lambda);
      const values = checkDecomposition(a, n);
      expect(maxAbsDiff(values, lambda)).toBeLessThan(1e-13 * n * 10);
    }
  });

  it('degenerate and clustered spectra', () => {
    const rand = lcg(99);
    const n = 30;
    // Three eigenvalues each of multiplicity 10, then a tight cluster around 1.
    const degenerate = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10) - 1);
    const values = checkDecomposition(withSpectrum(randomOrthogonal(n, rand), degenerate), n);
    expect(maxAbsDiff(values, degenerate)).toBeLessThan(1e-13);
    const cluster = Float64Array.from({ length: n }, (_, i) => 1 + i * 1e-10);
    const clustered = checkDecomposition(withSpectrum(randomOrthogonal(n, rand), cluster), n);
    expect(maxAbsDiff(clustered, cluster)).toBeLessThan(1e-14);
    // Rank one: all but one eigenvalue zero.
    const u = Float64Array.from({ length: n }, () => rand() - 0.5);
    const r1 = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r1[i * n + j] = u[i]! * u[j]!;
    const rank1 = checkDecomposition(r1, n);
    expect(rank1[n - 1]).toBeCloseTo(u.reduce((s, x) => s + x * x, 0), 13);
  });

  it('agrees with the Laplacian closed form on a dense tridiagonal', () => {
    const n = 60;
    const a = denseTridiagonal(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
    const values = checkDecomposition(a, n);
    for (let k = 1; k <= n; k++) expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
  });

  it('n = 0, 1 and 2', () => {
    expect(symmetricEigen(new Float64Array(0), 0, { vectors: true }).values.length).toBe(0);
    const one = symmetricEigen(Float64Array.of(-2), 1, { vectors: true });
    expect([...one.values]).toEqual([-2]);
    expect([...one.vectors!]).toEqual([1]);
    const two = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2, { vectors: true });
    expect(two.values[0]).toBeCloseTo(1, 15);
    expect(two.values[1]).toBeCloseTo(3, 15);
    const v0 = two.vectors!.subarray(0, 2);
    expect(Math.abs(v0[0]! + v0[1]!)).toBeLessThan(1e-15);
  });

  it('reads only the lower triangle', () => {
    const full = Float64Array.of(1, 2, 3, 2, 4, 5, 3, 5, 6);
    const lower = Float64Array.of(1, 99, 99, 2, 4, 99, 3, 5, 6);
    expect([...symmetricEigen(lower, 3).values]).toEqual([...symmetricEigen(full, 3).values]);
  });

  it('symmetricMatVec multiplies', () => {
    const out = symmetricMatVec(Float64Array.of(1, 2, 2, 3), 2, Float64Array.of(1, -1), new Float64Array(2));
    expect([...out]).toEqual([-1, -1]);
  });

  it('rejects malformed input', () => {
    const tagOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BbpFailure).error.message;
      }
      return 'no error';
    };
    expect(tagOf(() => symmetricEigen(new Float64Array(5), 2))).toContain('a.length = 5');
    expect(tagOf(() => symmetricEigen(new Float64Array(4), 2.5))).toContain('n = 2.5');
    expect(tagOf(() => symmetricEigen(Float64Array.of(1, 0, Infinity, 1), 2))).toContain('a[2] = Infinity');
  });

  it('property: trace, residuals and orthonormality on random symmetric matrices', () => {
    const entry = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) => fc.array(entry, { minLength: n * n, maxLength: n * n })),
        (raw) => {
          const n = Math.round(Math.sqrt(raw.length));
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = raw[i * n + j]!;
          const r = symmetricEigen(a, n, { vectors: true });
          expect(r.converged).toBe(true);
          const norm = frobenius(a);
          let trace = 0;
          let sum = 0;
          for (let i = 0; i < n; i++) {
            trace += a[i * n + i]!;
            sum += r.values[i]!;
          }
          expect(Math.abs(trace - sum)).toBeLessThanOrEqual(1e-13 * n * norm);
          expect(maxResidual(a, n, r.values, r.vectors!)).toBeLessThanOrEqual(1e-12 * norm);
          expect(orthonormalityError(r.vectors!, n)).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 300 },
    );
  });
});
