import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attempt, BbpFailure } from '../../../src/errors.js';
import { bottomEigenpairs, requireConverged, type BottomEigenpairsOptions } from '../../../src/numeric/linalg/lanczos.js';
import { denseOperator, diagonalOperator, type LinearOperator } from '../../../src/numeric/linalg/operator.js';
import { symmetricEigen } from '../../../src/numeric/linalg/symmetricEigen.js';
import { createRng } from '../../../src/numeric/random.js';
import { compareWithDense, orthonormalityDefect, residualsOf } from './eigenpairChecks.js';
import { lcg, randomOrthogonal, withSpectrum } from './helpers.js';

/** A seeded permutation of 0..n-1 (Fisher–Yates), so diagonal tests do not find their answer in order. */
function permutation(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** diag(values) with the entries scattered by a permutation; returns the operator and where each value went. */
function scatteredDiagonal(values: readonly number[], seed: number): { op: LinearOperator; position: number[] } {
  const position = permutation(values.length, seed);
  const d = new Float64Array(values.length);
  values.forEach((v, i) => (d[position[i]!] = v));
  return { op: diagonalOperator(d), position };
}

/** Σ over the given coordinates of v_j², for each of the k result vectors. */
function weightOn(vectors: Float64Array, n: number, k: number, coordinates: readonly number[]): number[] {
  return Array.from({ length: k }, (_, j) => coordinates.reduce((s, i) => s + vectors[j * n + i]! ** 2, 0));
}

function failureOf(f: () => unknown): BbpFailure {
  try {
    f();
  } catch (e) {
    if (e instanceof BbpFailure) return e;
    throw e;
  }
  throw new Error('expected a BbpFailure');
}

describe('bottomEigenpairs on diagonal operators', () => {
  const n = 400;
  const bulk = (i: number): number => 1 + i / n; // in [1, 2)

  it('well-separated bottom values: values, residuals, eigenvectors = ± unit vectors', () => {
    const values = Array.from({ length: n }, (_, i) => (i < 4 ? -2 + 0.25 * i : bulk(i)));
    const { op, position } = scatteredDiagonal(values, 1);
    for (const blockSize of [1, 2, 3]) {
      const r = bottomEigenpairs(op, { k: 4, seed: 5, blockSize });
      expect(r.converged).toBe(true);
      expect(r.method).toBe('lanczos');
      for (let j = 0; j < 4; j++) {
        expect(Math.abs(r.values[j]! - values[j]!)).toBeLessThan(1e-10);
        expect(r.residuals[j]!).toBeLessThanOrEqual(1e-8);
        expect(1 - weightOn(r.vectors, n, 4, [position[j]!])[j]!).toBeLessThan(1e-12);
      }
      expect(orthonormalityDefect(r.vectors, 4, n)).toBeLessThan(1e-13);
    }
  });

  it('a tight cluster at the bottom (spacing 1e-7): every member is resolved', () => {
    const values = Array.from({ length: n }, (_, i) => (i < 3 ? i * 1e-7 : bulk(i)));
    const { op, position } = scatteredDiagonal(values, 2);
    for (const blockSize of [1, 3]) {
      const r = bottomEigenpairs(op, { k: 4, seed: 6, blockSize, tolerance: 1e-11 });
      expect(r.converged).toBe(true);
      for (let j = 0; j < 4; j++) expect(Math.abs(r.values[j]! - values[j]!)).toBeLessThan(1e-12);
      // sin θ ≤ ‖r‖/gap = 1e-11/1e-7: each vector is its own unit vector to 1e-8 in angle.
      for (let j = 0; j < 4; j++) expect(1 - weightOn(r.vectors, n, 4, [position[j]!])[j]!).toBeLessThan(1e-8);
    }
  });

  it('a triple eigenvalue: three orthonormal vectors spanning its eigenspace (block size ≥ multiplicity)', () => {
    const values = Array.from({ length: n }, (_, i) => (i < 3 ? -0.5 : i < 5 ? 0.25 : bulk(i)));
    const { op, position } = scatteredDiagonal(values, 3);
    const eigenspace = [position[0]!, position[1]!, position[2]!];
    const pair = [position[3]!, position[4]!];
    for (const blockSize of [3, 4]) {
      const r = bottomEigenpairs(op, { k: 5, seed: 7, blockSize });
      expect(r.converged).toBe(true);
      [-0.5, -0.5, -0.5, 0.25, 0.25].forEach((v, j) => expect(Math.abs(r.values[j]! - v)).toBeLessThan(1e-10));
      const w3 = weightOn(r.vectors, n, 5, eigenspace);
      const w2 = weightOn(r.vectors, n, 5, pair);
      for (let j = 0; j < 3; j++) expect(1 - w3[j]!).toBeLessThan(1e-12);
      for (let j = 3; j < 5; j++) expect(1 - w2[j]!).toBeLessThan(1e-12);
      expect(orthonormalityDefect(r.vectors, 5, n)).toBeLessThan(1e-13);
    }
  });

  it('property: random diagonal spectra with multiplicities ≤ blockSize', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 160 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (size, k, blockSize, seed) => {
          const rng = createRng(seed);
          // Values on a coarse grid, so repeats happen; each value used at most blockSize times.
          const counts = new Map<number, number>();
          const values: number[] = [];
          while (values.length < size) {
            const v = Math.round(rng.uniform() * 4 * size) / 8 - size / 4;
            const c = counts.get(v) ?? 0;
            if (c >= blockSize) continue;
            counts.set(v, c + 1);
            values.push(v);
          }
          const op = diagonalOperator(values);
          const sorted = [...values].sort((a, b) => a - b);
          const r = bottomEigenpairs(op, { k, seed, blockSize });
          expect(r.converged).toBe(true);
          for (let j = 0; j < k; j++) expect(Math.abs(r.values[j]! - sorted[j]!)).toBeLessThan(1e-9);
          expect(Math.max(...r.residuals)).toBeLessThanOrEqual(1e-8);
        },
      ),
      { numRuns: 25, seed: 20240611 },
    );
  });
});

describe('bottomEigenpairs on rotated spectra Q·diag(λ)·Qᵀ', () => {
  const n = 150;
  const rand = lcg(2024);
  const q = randomOrthogonal(n, rand);
  // A cluster of three (spacing 1e-6), a degenerate pair, then a bulk on [1, 3].
  const lambda = Float64Array.from({ length: n }, (_, i) =>
    i < 3 ? -1 + i * 1e-6 : i < 5 ? 0 : 1 + (2 * (i - 5)) / (n - 6),
  );
  const a = withSpectrum(q, lambda);
  const op = denseOperator(a, n);
  /** Column j of Q (the eigenvector of λ_j) as a contiguous vector. */
  const refVectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) refVectors[j * n + i] = q[i * n + j]!;

  for (const blockSize of [1, 2]) {
    it(`clusters and a degenerate pair, blockSize ${blockSize}`, () => {
      const r = bottomEigenpairs(op, { k: 5, seed: 11, blockSize, tolerance: 1e-12 });
      expect(r.converged).toBe(true);
      expect(r.residuals.every((x) => x <= 1e-12)).toBe(true);
      // The cluster members are 1e-6 apart: with ‖r‖ ≤ 1e-12 each is its own eigenvector to sin θ ≤ 1e-6;
      // the pair is compared as a subspace (window 1e-9 groups exactly the degenerate values).
      const cmp = compareWithDense(op, r, lambda, refVectors, 1e-9);
      expect(cmp.valueError).toBeLessThan(1e-12);
      expect(cmp.angle2).toBeLessThan(1e-11);
      expect(cmp.largestCluster).toBe(2);
    });
  }

  it('agrees with symmetricEigen on the same matrix at the default tolerance', () => {
    const dense = symmetricEigen(a, n, { vectors: true });
    const r = bottomEigenpairs(op, { k: 5, seed: 12 });
    expect(r.converged).toBe(true);
    // Subspace comparison over the whole bottom group (gap 1 to the bulk): sin θ ≤ 1e-8.
    const cmp = compareWithDense(op, r, dense.values, dense.vectors!, 0.5);
    expect(cmp.valueError).toBeLessThan(1e-10);
    expect(cmp.residual).toBeLessThanOrEqual(1e-8);
    expect(cmp.angle2).toBeLessThan(1e-15);
  });
});

describe('bottomEigenpairs on a Marchenko–Pastur Wishart matrix', () => {
  // W = GᵀG/M with G an M×N standard Gaussian matrix, N/M = c: eigenvalues fill [(1−√c)², (1+√c)²].
  const N = 300;
  const M = 900;
  const g = createRng(77).fillNormal(new Float64Array(M * N));
  const scratch = new Float64Array(M);
  const wishart: LinearOperator = {
    size: N,
    apply(x, out) {
      for (let mu = 0; mu < M; mu++) {
        let s = 0;
        for (let i = 0; i < N; i++) s += g[mu * N + i]! * x[i]!;
        scratch[mu] = s / M;
      }
      out.fill(0);
      for (let mu = 0; mu < M; mu++) {
        const c = scratch[mu]!;
        for (let i = 0; i < N; i++) out[i] = out[i]! + c * g[mu * N + i]!;
      }
    },
  };
  const dense = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const e = new Float64Array(N);
    e[i] = 1;
    wishart.apply(e, dense.subarray(i * N, (i + 1) * N));
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (dense[i * N + j]! + dense[j * N + i]!);
      dense[i * N + j] = v;
      dense[j * N + i] = v;
    }
  }
  const ref = symmetricEigen(dense, N, { vectors: true });

  it('bottom eigenpairs match the dense decomposition; the smallest sits at the MP edge', () => {
    const r = bottomEigenpairs(wishart, { k: 4, seed: 3 });
    expect(r.converged).toBe(true);
    const cmp = compareWithDense(wishart, r, ref.values, ref.vectors!, 1e-6);
    expect(cmp.valueError).toBeLessThan(1e-10);
    expect(cmp.residual).toBeLessThanOrEqual(1e-8);
    expect(cmp.largestCluster).toBe(1);
    // sin θ ≤ ‖r‖/gap; edge gaps here are ≳ 1e-3.
    expect(cmp.angle2).toBeLessThan(1e-8);
    const edge = (1 - Math.sqrt(N / M)) ** 2;
    // Tracy–Widom fluctuations at the soft edge are O(N^{-2/3}) ≈ 0.02 here.
    expect(Math.abs(r.values[0]! - edge)).toBeLessThan(0.05);
    expect(r.values[0]!).toBeGreaterThan(0);
  });
});

describe('bottomEigenpairs: records, reproducibility and warm starts', () => {
  const values = Array.from({ length: 300 }, (_, i) => Math.sqrt(i + 1));
  const op = diagonalOperator(values);

  it('is a deterministic function of the seed; other seeds give the same spectrum', () => {
    const a = bottomEigenpairs(op, { k: 3, seed: 42 });
    const b = bottomEigenpairs(op, { k: 3, seed: 42 });
    expect([...b.values]).toEqual([...a.values]);
    expect([...b.vectors]).toEqual([...a.vectors]);
    expect(b.matvecs).toBe(a.matvecs);
    const c = bottomEigenpairs(op, { k: 3, seed: 43 });
    for (let j = 0; j < 3; j++) expect(Math.abs(c.values[j]! - a.values[j]!)).toBeLessThan(1e-12);
    expect(a.seed).toBe(42);
    expect(a.tolerance).toBe(1e-8);
    expect(a.blockSize).toBe(1);
    expect(a.basisSize).toBe(30);
    // One product per basis vector plus one per returned vector for the residuals.
    expect(a.matvecs).toBeGreaterThan(3);
    expect(a.iterations).toBeGreaterThanOrEqual(1);
  });

  it('a warm start from converged vectors needs far fewer products', () => {
    const cold = bottomEigenpairs(op, { k: 1, seed: 1 });
    const warm = bottomEigenpairs(op, { k: 1, seed: 1, start: cold.vectors.subarray(0, 300) });
    expect(warm.converged).toBe(true);
    expect(warm.values[0]).toBeCloseTo(1, 12);
    expect(warm.matvecs).toBeLessThan(cold.matvecs / 3);
  });

  it('non-convergence is data; requireConverged turns it into NotConverged with the record', () => {
    const hard = diagonalOperator(Array.from({ length: 2000 }, (_, i) => i + 1));
    const r = bottomEigenpairs(hard, { k: 3, seed: 1, maxIterations: 2, basisSize: 8 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(2);
    expect(Math.max(...r.residuals)).toBeGreaterThan(1e-8);
    // The residuals reported are the true ones even then.
    const again = residualsOf(hard, r.values, r.vectors);
    for (let j = 0; j < 3; j++) expect(again[j]).toBeCloseTo(r.residuals[j]!, 10);
    const e = attempt(() => requireConverged(r));
    expect(E.isLeft(e)).toBe(true);
    if (E.isLeft(e)) {
      expect(e.left._tag).toBe('NotConverged');
      if (e.left._tag === 'NotConverged') {
        expect(e.left.method).toBe('bottomEigenpairs');
        expect(e.left.details?.['iterations']).toBe(2);
        expect(e.left.details?.['result']).toBe(r);
      }
    }
    const ok = bottomEigenpairs(hard, { k: 3, seed: 1 });
    expect(requireConverged(ok)).toBe(ok);
  });

  it('operators too small for the basis are diagonalized densely', () => {
    const r = bottomEigenpairs(diagonalOperator([3, -1, 2, 5, 4]), { k: 2, seed: 1, blockSize: 2 });
    expect(r.method).toBe('dense');
    expect(r.converged).toBe(true);
    expect(r.values[0]).toBeCloseTo(-1, 14);
    expect(r.values[1]).toBeCloseTo(2, 14);
    expect(r.iterations).toBe(0);
    expect(r.matvecs).toBe(5 + 2);
  });

  it('small operators within reach of the basis still use Lanczos and are exact', () => {
    const rand = lcg(5);
    for (const n of [4, 7, 12, 33]) {
      const lambda = Float64Array.from({ length: n }, () => 4 * rand() - 2).sort();
      const a = withSpectrum(randomOrthogonal(n, rand), lambda);
      const r = bottomEigenpairs(denseOperator(a, n), { k: Math.min(3, n - 1), seed: n });
      expect(r.converged).toBe(true);
      for (let j = 0; j < r.values.length; j++) expect(Math.abs(r.values[j]! - lambda[j]!)).toBeLessThan(1e-10);
    }
  });
});

describe('bottomEigenpairs: invalid options', () => {
  const op = diagonalOperator(Array.from({ length: 50 }, (_, i) => i));
  const cases: [Partial<BottomEigenpairsOptions> & { k: number; seed: number }, string][] = [
    [{ k: 50, seed: 1 }, 'k'],
    [{ k: 0, seed: 1 }, 'k'],
    [{ k: 1.5, seed: 1 }, 'k'],
    [{ k: 2, seed: -1 }, 'seed'],
    [{ k: 2, seed: 1, tolerance: 0 }, 'tolerance'],
    [{ k: 2, seed: 1, tolerance: Number.NaN }, 'tolerance'],
    [{ k: 2, seed: 1, maxIterations: 0 }, 'maxIterations'],
    [{ k: 2, seed: 1, blockSize: 0 }, 'blockSize'],
    [{ k: 2, seed: 1, blockSize: 49 }, 'blockSize'],
    [{ k: 4, seed: 1, blockSize: 2, basisSize: 5 }, 'basisSize'],
    [{ k: 2, seed: 1, start: new Float64Array(49) }, 'start.length'],
    [{ k: 2, seed: 1, start: new Float64Array(100) }, 'start.length'],
    [{ k: 2, seed: 1, start: new Float64Array(50).fill(Number.POSITIVE_INFINITY) }, 'start[0]'],
  ];
  it.each(cases)('%o → InvalidArgument on %s', (options, parameter) => {
    const f = failureOf(() => bottomEigenpairs(op, options));
    expect(f.error._tag).toBe('InvalidArgument');
    if (f.error._tag === 'InvalidArgument') {
      expect(f.error.parameter).toBe(parameter);
      expect(f.error.message).toContain(`invalid ${parameter} = `);
    }
  });

  it('a one-dimensional operator is refused (no k < size exists)', () => {
    const f = failureOf(() => bottomEigenpairs(diagonalOperator([1]), { k: 1, seed: 1 }));
    expect(f.error._tag).toBe('InvalidArgument');
  });
});

describe('bottomEigenpairs: a broken operator', () => {
  it('non-finite products are reported as an InvalidArgument on op', () => {
    const op: LinearOperator = { size: 40, apply: (_x, out) => out.fill(Number.NaN) };
    const f = failureOf(() => bottomEigenpairs(op, { k: 2, seed: 1 }));
    expect(f.error._tag).toBe('InvalidArgument');
    if (f.error._tag === 'InvalidArgument') expect(f.error.parameter).toBe('op');
  });
});
