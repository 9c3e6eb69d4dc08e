import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tridiagonalEigen } from '../../../src/numeric/linalg/tridiagonalEigen.js';
import { BbpFailure } from '../../../src/errors.js';
import { denseTridiagonal, frobenius, lcg, maxResidual, orthonormalityError } from './helpers.js';

function laplacian(n: number): { diag: Float64Array; off: Float64Array; exact: Float64Array } {
  const diag = new Float64Array(n).fill(2);
  const off = new Float64Array(Math.max(n - 1, 0)).fill(-1);
  const exact = new Float64Array(n);
  for (let k = 1; k <= n; k++) exact[k - 1] = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
  return { diag, off, exact };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('tridiagonalEigen', () => {
  it('finds the spectrum 2 - 2cos(kπ/(n+1)) of the 1D Laplacian', () => {
    for (const n of [1, 2, 3, 10, 100, 300]) {
      const { diag, off, exact } = laplacian(n);
      const r = tridiagonalEigen(diag, off, { vectors: 'all' });
      expect(r.converged).toBe(true);
      expect(maxAbsDiff(r.values, exact)).toBeLessThan(1e-13 * 4);
      if (n <= 100) {
        const a = denseTridiagonal(diag, off);
        expect(maxResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-12 * frobenius(a));
        expect(orthonormalityError(r.vectors!, n)).toBeLessThan(1e-13);
      }
    }
  });

  it('returns Laplacian eigenvectors sin(jkπ/(n+1)) up to sign', () => {
    const n = 12;
    const { diag, off } = laplacian(n);
    const r = tridiagonalEigen(diag, off, { vectors: 'all' });
    const norm = Math.sqrt(2 / (n + 1));
    for (let k = 0; k < n; k++) {
      const v = r.vectors!.subarray(k * n, (k + 1) * n);
      const sign = Math.sign(v[0]!);
      for (let i = 0; i < n; i++) {
        expect(sign * v[i]!).toBeCloseTo(norm * Math.sin(((i + 1) * (k + 1) * Math.PI) / (n + 1)), 13);
      }
    }
  });

  it("'first' gives the first components of the 'all' eigenvectors", () => {
    const rand = lcg(7);
    const n = 40;
    const diag = Float64Array.from({ length: n }, () => rand() * 4 - 2);
    const off = Float64Array.from({ length: n - 1 }, () => rand() * 2 - 1);
    const all = tridiagonalEigen(diag, off, { vectors: 'all' });
    const first = tridiagonalEigen(diag, off, { vectors: 'first' });
    expect(first.vectors).toBeUndefined();
    expect(maxAbsDiff(first.values, all.values)).toBe(0);
    for (let j = 0; j < n; j++) expect(Math.abs(first.firstComponents![j]!)).toBeCloseTo(Math.abs(all.vectors![j * n]!), 14);
    let s = 0;
    for (const c of first.firstComponents!) s += c * c;
    expect(s).toBeCloseTo(1, 14);
  });

  it('sorts ascending and leaves the inputs untouched', () => {
    const diag = Float64Array.of(5, -3, 1, 7);
    const off = Float64Array.of(0, 0, 0);
    const r = tridiagonalEigen(diag, off, { vectors: 'all' });
    expect([...r.values]).toEqual([-3, 1, 5, 7]);
    expect([...diag]).toEqual([5, -3, 1, 7]);
    expect([...off]).toEqual([0, 0, 0]);
    // Diagonal matrix: eigenvectors are permuted unit vectors.
    expect(Math.abs(r.vectors![0 * 4 + 1]!)).toBe(1);
    expect(Math.abs(r.vectors![3 * 4 + 3]!)).toBe(1);
    expect(r.iterations).toBe(0);
  });

  it('handles n = 0, 1 and 2', () => {
    expect(tridiagonalEigen(new Float64Array(0), new Float64Array(0)).values.length).toBe(0);
    const one = tridiagonalEigen(Float64Array.of(3.5), new Float64Array(0), { vectors: 'all' });
    expect([...one.values]).toEqual([3.5]);
    expect([...one.vectors!]).toEqual([1]);
    const two = tridiagonalEigen(Float64Array.of(2, 2), Float64Array.of(1), { vectors: 'first' });
    expect(two.values[0]).toBeCloseTo(1, 15);
    expect(two.values[1]).toBeCloseTo(3, 15);
    expect(Math.abs(two.firstComponents![0]!)).toBeCloseTo(Math.SQRT1_2, 15);
    // Tiny coupling between equal diagonals.
    const tiny = tridiagonalEigen(Float64Array.of(1, 1), Float64Array.of(1e-200), { vectors: 'all' });
    expect([...tiny.values]).toEqual([1, 1]);
  });

  it('handles degenerate and clustered spectra (Wilkinson W21+)', () => {
    // W21+: diag |10 - i|, off 1; its largest eigenvalues come in pairs agreeing to ~1e-14.
    const n = 21;
    const diag = Float64Array.from({ length: n }, (_, i) => Math.abs(10 - i));
    const off = new Float64Array(n - 1).fill(1);
    const r = tridiagonalEigen(diag, off, { vectors: 'all' });
    expect(r.converged).toBe(true);
    const a = denseTridiagonal(diag, off);
    expect(maxResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-12 * frobenius(a));
    expect(orthonormalityError(r.vectors!, n)).toBeLessThan(1e-13);
    expect(r.values[n - 1]).toBeCloseTo(10.746194182903393, 12);
    expect(r.values[n - 1]! - r.values[n - 2]!).toBeLessThan(1e-12);
    // Exactly repeated eigenvalue from a split matrix.
    const split = tridiagonalEigen(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 0, 1), { vectors: 'all' });
    expect([...split.values].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 0, 2, 2]);
    expect(orthonormalityError(split.vectors!, 4)).toBeLessThan(1e-15);
  });

  it('survives widely scaled entries', () => {
    const diag = Float64Array.of(1e150, 1, 1e-150);
    const off = Float64Array.of(1e75, 1e-75);
    const r = tridiagonalEigen(diag, off, { vectors: 'all' });
    expect(r.converged).toBe(true);
    const a = denseTridiagonal(diag, off);
    expect(maxResidual(a, 3, r.values, r.vectors!)).toBeLessThan(1e-12 * frobenius(a));
  });

  it('reports non-convergence instead of looping', () => {
    const { diag, off } = laplacian(50);
    const r = tridiagonalEigen(diag, off, { maxIterations: 1 });
    expect(r.converged).toBe(false);
  });

  it('rejects malformed input', () => {
    const fails = (f: () => unknown, tag: string, text: string) => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(BbpFailure);
        expect((e as BbpFailure).error._tag).toBe(tag);
        expect((e as BbpFailure).error.message).toContain(text);
      }
    };
    fails(() => tridiagonalEigen(Float64Array.of(1, 2), Float64Array.of(1, 2)), 'InvalidArgument', 'offDiag.length = 2');
    fails(() => tridiagonalEigen(Float64Array.of(1, NaN), Float64Array.of(1)), 'InvalidArgument', 'diag[1] = NaN');
    fails(() => tridiagonalEigen(Float64Array.of(1), new Float64Array(0), { maxIterations: 0 }), 'InvalidArgument', 'maxIterations = 0');
  });

  it('property: trace, residuals and orthonormality on random tridiagonals', () => {
    const entry = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.array(entry, { minLength: n, maxLength: n }), fc.array(entry, { minLength: n - 1, maxLength: n - 1 }))), ([dg, of]) => {
        const n = dg.length;
        const diag = Float64Array.from(dg);
        const off = Float64Array.from(of);
        const r = tridiagonalEigen(diag, off, { vectors: 'all' });
        expect(r.converged).toBe(true);
        const a = denseTridiagonal(diag, off);
        const scale = Math.max(frobenius(a), 1e-300);
        let trace = 0;
        let sum = 0;
        for (let i = 0; i < n; i++) {
          trace += diag[i]!;
          sum += r.values[i]!;
          if (i > 0) expect(r.values[i]!).toBeGreaterThanOrEqual(r.values[i - 1]!);
        }
        expect(Math.abs(trace - sum)).toBeLessThanOrEqual(1e-12 * n * scale + 1e-300);
        expect(maxResidual(a, n, r.values, r.vectors!)).toBeLessThanOrEqual(1e-12 * scale);
        expect(orthonormalityError(r.vectors!, n)).toBeLessThan(1e-13);
      }),
      { numRuns: 300 },
    );
  });
});
