/**
 * Eigenvalues (and optionally eigenvectors) of a real symmetric tridiagonal matrix by the implicit QL
 * algorithm with Wilkinson shifts (EISPACK tql2 / Numerical Recipes tqli).
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';

/**
 * Spectrum of a symmetric tridiagonal matrix.
 *
 * Eigenvectors are stored "column-major": `vectors[j*n + i]` is component `i` of eigenvector `j`, so
 * eigenvector `j` is the contiguous slice `vectors.subarray(j*n, (j+1)*n)`. Eigenvectors are normalized;
 * their signs are arbitrary.
 * @category Linear algebra
 * @since 0.1.0
 */
export interface TridiagonalEigenResult {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** With `vectors: 'first'`: `firstComponents[j]` is component 0 of normalized eigenvector `j`. */
  readonly firstComponents?: Float64Array;
  /** With `vectors: 'all'`: eigenvector `j` is `vectors[j*n .. j*n+n)`. */
  readonly vectors?: Float64Array;
  /** Total number of QL sweeps. */
  readonly iterations: number;
  /** False when some eigenvalue needed more than `maxIterations` sweeps (results are then unreliable). */
  readonly converged: boolean;
}

/**
 * Options of {@link tridiagonalEigen}.
 * @category Linear algebra
 * @since 0.1.0
 */
export interface TridiagonalEigenOptions {
  /** Which eigenvector data to return: none (default), first components only (O(n²)), or all (O(n³)). */
  readonly vectors?: 'none' | 'first' | 'all';
  /** Maximum QL sweeps per eigenvalue (default 30, as in EISPACK). */
  readonly maxIterations?: number;
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix with diagonal `diag` (length n) and
 * sub-diagonal `offDiag` (length n-1). Inputs are not modified.
 *
 * `vectors: 'first'` returns only the first component of each eigenvector (what Golub–Welsch needs) at
 * O(n²) cost; `'all'` returns every eigenvector, with eigenvector `j` in `vectors[j*n .. j*n+n)`.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * tridiagonalEigen(Float64Array.of(2, 2), Float64Array.of(1)).values // => Float64Array [1, 3]
 */
export function tridiagonalEigen(
  diag: Float64Array,
  offDiag: Float64Array,
  options: TridiagonalEigenOptions = {},
): TridiagonalEigenResult {
  const n = diag.length;
  const mode = options.vectors ?? 'none';
  const maxIterations = options.maxIterations ?? 30;
  if (offDiag.length !== Math.max(n - 1, 0)) {
    fail(invalidArgument('offDiag.length', offDiag.length, `diag.length - 1 = ${Math.max(n - 1, 0)}`));
  }
  if (mode !== 'none' && mode !== 'first' && mode !== 'all') {
    fail(invalidArgument('vectors', mode, "'none', 'first' or 'all'"));
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    fail(invalidArgument('maxIterations', maxIterations, 'a positive integer'));
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(diag[i]!)) fail(invalidArgument(`diag[${i}]`, diag[i], 'a finite number'));
  for (let i = 0; i < n - 1; i++) {
    if (!Number.isFinite(offDiag[i]!)) fail(invalidArgument(`offDiag[${i}]`, offDiag[i], 'a finite number'));
  }

  const d = Float64Array.from(diag);
  // The QL routine wants e[i] coupling d[i] and d[i+1], plus one slot of scratch at the end.
  const e = new Float64Array(n);
  e.set(offDiag);

  // Rows of z are the (partial) eigenvectors being rotated: m components each.
  const m = mode === 'all' ? n : mode === 'first' ? 1 : 0;
  const z = new Float64Array(n * m);
  if (mode === 'all') for (let i = 0; i < n; i++) z[i * n + i] = 1;
  else if (mode === 'first' && n > 0) z[0] = 1; // row 0 of the identity, seen as n one-component vectors

  const { iterations, converged } = tridiagonalQL(d, e, z, m, maxIterations);
  sortEigenpairs(d, z, m);

  if (mode === 'all') return { values: d, vectors: z, iterations, converged };
  if (mode === 'first') return { values: d, firstComponents: z, iterations, converged };
  return { values: d, iterations, converged };
}

/** sqrt(a² + b²) without overflow. */
function pythag(a: number, b: number): number {
  const absa = Math.abs(a);
  const absb = Math.abs(b);
  if (absa > absb) {
    const r = absb / absa;
    return absa * Math.sqrt(1 + r * r);
  }
  if (absb === 0) return 0;
  const r = absa / absb;
  return absb * Math.sqrt(1 + r * r);
}

/**
 * Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix, in place.
 *
 * - `d` (length n): diagonal in, eigenvalues out (unsorted).
 * - `e` (length n): `e[i]` couples `d[i]` and `d[i+1]` for i < n-1; `e[n-1]` is scratch. Destroyed.
 * - `z` (length n*m): n vectors of m components, vector i at `z[i*m .. i*m+m)`. Every plane rotation
 *   applied to rows i, i+1 of the matrix is applied to vectors i, i+1, so with z = Qᵀ (rows = columns
 *   of Q) on entry, row j holds eigenvector j of Q·T·Qᵀ on exit. Pass m = 0 for eigenvalues only.
 *
 * Shared by {@link tridiagonalEigen} and `symmetricEigen`.
 * @internal
 */
export function tridiagonalQL(
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  m: number,
  maxIterations: number,
): { iterations: number; converged: boolean } {
  const n = d.length;
  const EPS = Number.EPSILON;
  let iterations = 0;
  let converged = true;
  if (n > 0) e[n - 1] = 0;

  let anorm = 0;
  for (let i = 0; i < n; i++) anorm = Math.max(anorm, Math.abs(d[i]!), Math.abs(e[i]!));
  if (anorm === 0) return { iterations, converged };
  // Matrices of extreme magnitude are scaled by a power of two (exact) so that the rotations below
  // cannot under- or overflow; the eigenvalues are scaled back at the end.
  const exponent = anorm < 2 ** -200 || anorm > 2 ** 200 ? Math.floor(Math.log2(anorm)) : 0;
  if (exponent !== 0) {
    scaleByPowerOfTwo(d, -exponent);
    scaleByPowerOfTwo(e, -exponent);
    anorm = 0;
    for (let i = 0; i < n; i++) anorm = Math.max(anorm, Math.abs(d[i]!), Math.abs(e[i]!));
  }
  // Couplings below ε²‖T‖ are dropped even where the local test below would keep them (e.g. between
  // zero diagonals): they change no eigenvalue by more than ε²‖T‖, and chasing a bulge across them
  // underflows and stalls the iteration.
  const floor = EPS * EPS * anorm;

  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      // Find the first negligible off-diagonal element at or after l: the block l..k is unreduced.
      let k = l;
      for (; k < n - 1; k++) {
        const dd = Math.abs(d[k]!) + Math.abs(d[k + 1]!);
        const ek = Math.abs(e[k]!);
        if (ek <= EPS * dd || ek <= floor) break;
      }
      if (k === l) break; // d[l] is an eigenvalue
      if (iter === maxIterations) {
        converged = false;
        break;
      }
      iter++;
      iterations++;

      // Wilkinson shift: eigenvalue of the leading 2×2 block closer to d[l].
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = pythag(g, 1);
      g = d[k]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let deflated = false;
      // Chase the bulge from the bottom of the block up to l with Givens rotations.
      for (let i = k - 1; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        // Givens rotation zeroing f against g. s and c come from the ratio of f and g, not from f/r and
        // g/r, so they stay orthonormal even when f, g and r are subnormal.
        const absf = Math.abs(f);
        const absg = Math.abs(g);
        if (absf >= absg) {
          if (absf === 0) {
            // Underflow: the block splits; undo the last shift and restart the search.
            e[i + 1] = 0;
            d[i + 1] = d[i + 1]! - p;
            e[k] = 0;
            deflated = true;
            break;
          }
          const t = g / f;
          const u = Math.sqrt(1 + t * t);
          r = absf * u;
          s = (f > 0 ? 1 : -1) / u;
          c = s * t;
        } else {
          const t = f / g;
          const u = Math.sqrt(1 + t * t);
          r = absg * u;
          c = (g > 0 ? 1 : -1) / u;
          s = c * t;
        }
        e[i + 1] = r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (m > 0) {
          // Rows i and i+1 of z are contiguous: cache-friendly even for large m.
          const zi = i * m;
          const zj = zi + m;
          for (let q = 0; q < m; q++) {
            const a0 = z[zi + q]!;
            const a1 = z[zj + q]!;
            z[zj + q] = s * a0 + c * a1;
            z[zi + q] = c * a0 - s * a1;
          }
        }
      }
      if (deflated) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[k] = 0;
    }
  }
  if (exponent !== 0) scaleByPowerOfTwo(d, exponent);
  return { iterations, converged };
}

/** x ← x·2^k, in two steps so that neither factor overflows for any |k| ≤ 2100. */
function scaleByPowerOfTwo(x: Float64Array, k: number): void {
  const half = Math.trunc(k / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (k - half);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * f1 * f2;
}

/**
 * Sort eigenvalues ascending, permuting the m-component vector rows of z alongside (selection sort: at
 * most n row swaps, so O(n·m) data movement).
 * @internal
 */
export function sortEigenpairs(d: Float64Array, z: Float64Array, m: number): void {
  const n = d.length;
  for (let i = 0; i < n - 1; i++) {
    let kmin = i;
    let vmin = d[i]!;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < vmin) {
        vmin = d[j]!;
        kmin = j;
      }
    }
    if (kmin === i) continue;
    d[kmin] = d[i]!;
    d[i] = vmin;
    const a = i * m;
    const b = kmin * m;
    for (let q = 0; q < m; q++) {
      const t = z[a + q]!;
      z[a + q] = z[b + q]!;
      z[b + q] = t;
    }
  }
}
