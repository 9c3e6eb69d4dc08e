/**
 * The bottom of the spectrum of a large symmetric operator, matrix-free: thick-restart block Lanczos
 * (Wu & Simon 2000; in its Krylov–Schur form, Stewart 2001) with full reorthogonalization.
 *
 * The method keeps a Krylov decomposition `A·V = V·T + P·B` with `V` (size × j) and `P` (size × b)
 * orthonormal, `T = VᵀAV`. Each step applies `A` to the block `P`, orthogonalizes the result against every
 * basis vector (classical Gram–Schmidt, twice or more — "twice is enough"), and appends `P` to `V`. The
 * Rayleigh–Ritz pairs `(θ, V·y)` of `T` have residual norm `‖B·y‖`, read off without touching `A`. When the
 * basis is full it is contracted onto its lowest Ritz vectors (the thick restart) and the expansion resumes
 * from the same `P`. `T` holds the computed coefficients `VᵀAP` rather than an assumed tridiagonal or arrow
 * shape, so the projected problem stays exact to rounding however the basis was rotated, and it is
 * diagonalized by the dense {@link symmetricEigen}.
 *
 * @module
 */
import { fail, invalidArgument, notConverged } from '../../errors.js';
import { createRng, type Rng } from '../random.js';
import { applyToBlock, type LinearOperator } from './operator.js';
import { symmetricEigen } from './symmetricEigen.js';
import { multiDot } from './kernels.js';

/**
 * Options of {@link bottomEigenpairs}.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const options: BottomEigenpairsOptions = { k: 2, seed: 1, tolerance: 1e-10, blockSize: 2 };
 * bottomEigenpairs(diagonalOperator([5, 1, 4, 2, 3, 6, 7, 8]), options).values; // [1, 2]
 */
export interface BottomEigenpairsOptions {
  /** How many of the smallest eigenpairs to compute: an integer with 1 ≤ k < size. */
  readonly k: number;
  /** Seed of the random start block (and of the rare random refills); a non-negative safe integer. */
  readonly seed: number;
  /**
   * Absolute bound on the residual norms `‖A·v − λ·v‖` of the unit eigenvectors (default 1e-8). It is an
   * absolute bound, so for an operator of large norm it should stay above a few `ε·‖A‖`, or the run ends
   * with `converged: false` when `maxIterations` is spent.
   */
  readonly tolerance?: number;
  /** Maximum number of basis fills (the first one and each restart), a positive integer (default 1000). */
  readonly maxIterations?: number;
  /**
   * Vectors per Lanczos block (default 1). A single vector finds one vector per eigenvalue in exact
   * arithmetic; an eigenvalue of multiplicity > blockSize (or a cluster narrower than `tolerance` with more
   * members than blockSize) may be reported fewer times than it occurs. Use blockSize ≥ the largest
   * multiplicity expected at the bottom. Operators with `applyBlock` apply a whole block at once.
   */
  readonly blockSize?: number;
  /**
   * Largest number of basis vectors: the basis grows to this size, then a restart contracts it to
   * `k + ⌊(basisSize − k)/2⌋` Ritz vectors (default `max(2k + 2·blockSize, 30)`, capped at
   * `size − blockSize`); must be at least `k + blockSize`. Larger bases need somewhat fewer products and
   * cost `basisSize·size` doubles of memory. When the operator is too small for that, it is
   * diagonalized densely instead (`method: 'dense'`).
   */
  readonly basisSize?: number;
  /**
   * Starting vectors (a warm start, e.g. the eigenvectors of a neighbouring point of a sweep): 1 to
   * blockSize vectors of length `size`, stored one after another. Missing block vectors are drawn at random.
   */
  readonly start?: Float64Array;
}

/**
 * The bottom eigenpairs of a symmetric operator and how they were obtained.
 *
 * Eigenvectors are stored like {@link symmetricEigen}'s: `vectors[j·size + i]` is component `i` of
 * eigenvector `j` (eigenvector `j` is the contiguous slice `vectors.subarray(j·size, (j+1)·size)`); they
 * are orthonormal, with arbitrary signs.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const r: EigenpairsResult = bottomEigenpairs(diagonalOperator([5, 1, 4, 2, 3, 6, 7, 8]), { k: 2, seed: 1 });
 * [r.values, r.converged, r.method, r.matvecs]; // [[1, 2], true, 'lanczos', …]
 */
export interface EigenpairsResult {
  /** The k smallest eigenvalues found, ascending. */
  readonly values: Float64Array;
  /** k unit eigenvectors, eigenvector j at `[j·size, (j+1)·size)`. */
  readonly vectors: Float64Array;
  /** `‖A·v_j − λ_j·v_j‖`, computed with one extra product per vector (not an estimate). */
  readonly residuals: Float64Array;
  /** Basis fills: 1 + the number of restarts (0 for `method: 'dense'`). */
  readonly iterations: number;
  /** Products `A·x` (single vectors; a block of b counts b), including the residual check. */
  readonly matvecs: number;
  /** True when every residual is ≤ tolerance. */
  readonly converged: boolean;
  /** The residual bound that was asked for. */
  readonly tolerance: number;
  /** Block size used. */
  readonly blockSize: number;
  /** Maximal basis size before a restart. */
  readonly basisSize: number;
  /** Seed of the random start block. */
  readonly seed: number;
  /** `'lanczos'`, or `'dense'` when the operator was too small for the requested basis. */
  readonly method: 'lanczos' | 'dense';
}

const EPS = Number.EPSILON;
/** Components per chunk of the in-place basis rotation at a restart. */
const CHUNK = 512;

/**
 * The `k` smallest eigenvalues of the symmetric operator `op` and their eigenvectors, to an absolute
 * residual `tolerance`, by thick-restart (block) Lanczos with full reorthogonalization.
 *
 * Non-convergence is data, not an error: when `maxIterations` basis fills are spent the current Ritz pairs
 * are returned with `converged: false` and their true residuals (use {@link requireConverged} to turn that
 * into a `NotConverged` failure). Invalid options throw a `BbpFailure` carrying an `InvalidArgument`
 * (internal style; wrap in `attempt` for an `Either`). The result is a deterministic function of
 * `(op, options)`.
 *
 * Memory: `(basisSize + blockSize)` vectors of length `size`, plus the k output vectors. Work per basis
 * vector: one product plus about `4·j·size` flops of reorthogonalization against the `j` current ones.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const r = bottomEigenpairs(diagonalOperator([5, 1, 4, 2, 3, 6, 7, 8]), { k: 2, seed: 1 });
 * // r.values ≈ [1, 2], r.converged === true
 */
export function bottomEigenpairs(op: LinearOperator, options: BottomEigenpairsOptions): EigenpairsResult {
  const n = op.size;
  const { k, seed } = options;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const b = options.blockSize ?? 1;
  if (!Number.isSafeInteger(n) || n < 2) fail(invalidArgument('op.size', n, 'an integer ≥ 2'));
  if (!Number.isSafeInteger(k) || k < 1 || k >= n) fail(invalidArgument('k', k, `an integer with 1 ≤ k < size = ${n}`));
  if (!Number.isSafeInteger(seed) || seed < 0) fail(invalidArgument('seed', seed, 'a non-negative integer'));
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) fail(invalidArgument('tolerance', tolerance, 'a positive finite number'));
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    fail(invalidArgument('maxIterations', maxIterations, 'a positive integer'));
  }
  if (!Number.isSafeInteger(b) || b < 1 || k + b > n) {
    fail(invalidArgument('blockSize', b, `an integer with 1 ≤ blockSize ≤ size − k = ${n - k}`));
  }
  const requested = options.basisSize ?? Math.max(2 * k + 2 * b, 30);
  if (!Number.isSafeInteger(requested) || requested < k + b) {
    fail(invalidArgument('basisSize', requested, `an integer ≥ k + blockSize = ${k + b}`));
  }
  const start = options.start;
  if (start !== undefined) {
    if (start.length === 0 || start.length % n !== 0 || start.length / n > b) {
      fail(invalidArgument('start.length', start.length, `a multiple of size = ${n}, at most blockSize·size = ${b * n}`));
    }
    for (let i = 0; i < start.length; i++) {
      if (!Number.isFinite(start[i]!)) fail(invalidArgument(`start[${i}]`, start[i], 'a finite number'));
    }
  }
  const m = Math.min(requested, n - b);
  const rng = createRng(seed);
  if (m < k + b) return denseBottom(op, k, tolerance, b, requested, seed);
  return new ThickRestartLanczos(op, k, b, m, tolerance, maxIterations, seed, rng).run(start);
}

/**
 * `result` itself when it converged; otherwise throws a `BbpFailure` carrying a `NotConverged` error whose
 * `details` hold the convergence record (`iterations`, `matvecs`, `residuals`, `values`, `tolerance`) and
 * the full result under `result`.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const r = bottomEigenpairs(diagonalOperator([5, 1, 4, 2, 3, 6, 7, 8]), { k: 2, seed: 1 });
 * requireConverged(r).values; // [1, 2]; throws (NotConverged) when a residual is above the tolerance
 */
export function requireConverged(result: EigenpairsResult, method = 'bottomEigenpairs'): EigenpairsResult {
  if (result.converged) return result;
  let worst = 0;
  for (const r of result.residuals) worst = Math.max(worst, r);
  fail(
    notConverged(method, `largest residual ${worst} > tolerance ${result.tolerance} after ${result.iterations} basis fills`, {
      iterations: result.iterations,
      matvecs: result.matvecs,
      residuals: [...result.residuals],
      values: [...result.values],
      tolerance: result.tolerance,
      result,
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Small dense kernels on vectors stored at offsets of one Float64Array.

function dot(a: Float64Array, ao: number, c: Float64Array, co: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[ao + i]! * c[co + i]!;
    s1 += a[ao + i + 1]! * c[co + i + 1]!;
  }
  if (i < n) s0 += a[ao + i]! * c[co + i]!;
  return s0 + s1;
}

function norm2(a: Float64Array, ao: number, n: number): number {
  // Scaled only when needed: vectors here are O(‖A‖), far from overflow in practice.
  const s = dot(a, ao, a, ao, n);
  return Math.sqrt(s);
}

/**
 * One classical Gram–Schmidt pass of the vector at `q[wo ..]` against the `count` vectors at the start of
 * `q`: `h = Qᵀw`, `w ← w − Q·h`, with `h` added into `coef`. The dot products go through {@link multiDot}.
 */
function gramSchmidtPass(q: Float64Array, count: number, n: number, wo: number, h: Float64Array, coef: Float64Array | null): void {
  multiDot(q, wo, q, 0, n, count, h);
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const o0 = t * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const h0 = h[t]!;
    const h1 = h[t + 1]!;
    const h2 = h[t + 2]!;
    const h3 = h[t + 3]!;
    for (let i = 0; i < n; i++) {
      q[wo + i] = q[wo + i]! - (h0 * q[o0 + i]! + h1 * q[o1 + i]! + h2 * q[o2 + i]! + h3 * q[o3 + i]!);
    }
  }
  for (; t < count; t++) {
    const o = t * n;
    const ht = h[t]!;
    for (let i = 0; i < n; i++) q[wo + i] = q[wo + i]! - ht * q[o + i]!;
  }
  if (coef !== null) for (let s = 0; s < count; s++) coef[s] = coef[s]! + h[s]!;
}

// ---------------------------------------------------------------------------------------------------------

class ThickRestartLanczos {
  /** Basis V (vectors 0..j-1), then the block P (j..j+b-1), then room for the next block. */
  private readonly q: Float64Array;
  /** T = VᵀAV, full symmetric storage, leading dimension m. */
  private readonly t: Float64Array;
  /** R = P'ᵀ·A·P of the last expansion (b×b, upper triangular, row-major). */
  private readonly r: Float64Array;
  private readonly h: Float64Array;
  private readonly coef: Float64Array;
  /** Number of vectors in V. */
  private j = 0;
  private matvecs = 0;
  /** Largest ‖A·p‖ seen: a lower bound on ‖A‖, the scale for "numerically zero". */
  private anorm = 0;

  constructor(
    private readonly op: LinearOperator,
    private readonly k: number,
    private readonly b: number,
    private readonly m: number,
    private readonly tolerance: number,
    private readonly maxIterations: number,
    private readonly seed: number,
    private readonly rng: Rng,
  ) {
    const n = op.size;
    this.q = new Float64Array((m + b) * n);
    this.t = new Float64Array(m * m);
    this.r = new Float64Array(b * b);
    this.h = new Float64Array(m + b);
    this.coef = new Float64Array(m + b);
  }

  run(start: Float64Array | undefined): EigenpairsResult {
    const { op, k, b, m, q } = this;
    const n = op.size;
    // Start block: the given vectors, then random ones, orthonormalized in order.
    for (let c = 0; c < b; c++) {
      const wo = c * n;
      if (start !== undefined && (c + 1) * n <= start.length) q.set(start.subarray(c * n, (c + 1) * n), wo);
      else this.fillRandom(wo);
      this.orthonormalize(c, wo, null);
    }

    let iterations = 1;
    // The estimates ‖B·y‖ and the explicit residuals agree to rounding; should an explicit check fail
    // anyway, the internal bound is tightened and the iteration goes on.
    let bound = this.tolerance;
    for (;;) {
      this.expand();
      const j = this.j;
      const eig = symmetricEigen(this.leadingT(j), j, { vectors: true });
      const y = eig.vectors!;
      let worst = 0;
      if (j >= k) {
        for (let i = 0; i < k; i++) worst = Math.max(worst, this.residualEstimate(y, i));
      }
      const lastFill = j + b > m && iterations >= this.maxIterations;
      if ((j >= k && worst <= bound) || lastFill) {
        const result = this.finish(eig.values, y, iterations);
        if (result.converged || lastFill) return result;
        bound = Math.min(bound, worst) * 0.01;
      }
      if (j + b > m) {
        this.restart(eig.values, y);
        iterations++;
      }
    }
  }

  /** T's leading j×j block as a contiguous row-major matrix. */
  private leadingT(j: number): Float64Array {
    const out = new Float64Array(j * j);
    for (let r = 0; r < j; r++) out.set(this.t.subarray(r * this.m, r * this.m + j), r * j);
    return out;
  }

  /** ‖B·y_i‖ with B = [0 … 0, R]: only the last b components of the Ritz vector matter. */
  private residualEstimate(y: Float64Array, i: number): number {
    const { b, j, r } = this;
    const yo = i * j + j - b;
    let s = 0;
    for (let c1 = 0; c1 < b; c1++) {
      let v = 0;
      for (let c = c1; c < b; c++) v += r[c1 * b + c]! * y[yo + c]!;
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private fillRandom(wo: number): void {
    const n = this.op.size;
    const q = this.q;
    for (let i = 0; i < n; i++) q[wo + i] = this.rng.normal();
  }

  /**
   * Orthonormalize the vector at `q[wo ..]` against the first `count` vectors of `q` (which must end right
   * before it). The Gram–Schmidt coefficients go into `coef` (when given) and the final norm is returned.
   * Passes repeat while a pass removes more than half the norm (at most four); a vector that vanishes
   * (it was in the span to rounding) is replaced by a random unit vector orthogonal to the span, and 0 is
   * returned: the Krylov decomposition stays exact with a zero coupling.
   */
  private orthonormalize(count: number, wo: number, coef: Float64Array | null): number {
    const n = this.op.size;
    const { q, h } = this;
    let before = norm2(q, wo, n);
    if (count === 0 && before > 0) {
      for (let i = 0; i < n; i++) q[wo + i] = q[wo + i]! / before;
      return before;
    }
    const initial = before;
    let after = before;
    let stable = false;
    for (let pass = 0; pass < 4 && before > 0; pass++) {
      gramSchmidtPass(q, count, n, wo, h, coef);
      after = norm2(q, wo, n);
      if (pass >= 1 && after > 0.5 * before) {
        stable = true;
        break;
      }
      before = after;
    }
    // Numerically zero: what is left is rounding noise of the subtracted components.
    if (!stable || after <= 4 * EPS * Math.max(initial, this.anorm)) {
      for (let attempt = 0; ; attempt++) {
        this.fillRandom(wo);
        const r0 = norm2(q, wo, n);
        gramSchmidtPass(q, count, n, wo, h, null);
        gramSchmidtPass(q, count, n, wo, h, null);
        const r = norm2(q, wo, n);
        if (r > 0.5 * r0 || (attempt > 8 && r > 0)) {
          for (let i = 0; i < n; i++) q[wo + i] = q[wo + i]! / r;
          return 0;
        }
      }
    }
    for (let i = 0; i < n; i++) q[wo + i] = q[wo + i]! / after;
    return after;
  }

  /** One block step: W = A·P, orthogonalized into the next block P'; V ← [V, P]. */
  private expand(): void {
    const { op, b, m, q, t, r, coef } = this;
    const n = op.size;
    const j = this.j;
    const po = j * n; // P
    const wo = (j + b) * n; // next block, written in place
    applyToBlock(op, q.subarray(po, po + b * n), q.subarray(wo, wo + b * n), b);
    this.matvecs += b;
    const cp = new Float64Array(b * b); // PᵀAP before symmetrization
    r.fill(0);
    for (let c = 0; c < b; c++) {
      const o = wo + c * n;
      const size = norm2(q, o, n);
      if (!Number.isFinite(size)) fail(invalidArgument('op', `‖A·x‖ = ${size}`, 'an operator with finite products'));
      this.anorm = Math.max(this.anorm, size);
      const count = j + b + c;
      coef.fill(0, 0, count);
      const beta = this.orthonormalize(count, o, coef);
      const col = j + c; // T index of P_c
      for (let s = 0; s < j; s++) {
        t[s * m + col] = coef[s]!;
        t[col * m + s] = coef[s]!;
      }
      for (let c1 = 0; c1 < b; c1++) cp[c1 * b + c] = coef[j + c1]!;
      for (let c1 = 0; c1 < c; c1++) r[c1 * b + c] = coef[j + b + c1]!;
      r[c * b + c] = beta;
    }
    for (let c1 = 0; c1 < b; c1++) {
      for (let c = 0; c <= c1; c++) {
        const v = 0.5 * (cp[c1 * b + c]! + cp[c * b + c1]!);
        t[(j + c1) * m + j + c] = v;
        t[(j + c) * m + j + c1] = v;
      }
    }
    this.j = j + b;
  }

  /** Contract V onto its ℓ lowest Ritz vectors (in place, by chunks of components); T ← diag(θ). */
  private restart(theta: Float64Array, y: Float64Array): void {
    const { op, k, b, m, q, t } = this;
    const n = op.size;
    const j = this.j;
    // Keep the wanted k plus half of the rest (Krylov–Schur's usual choice); always k ≤ keep ≤ m − b, so
    // at least one block fits before the next restart.
    const keep = Math.min(m - b, k + Math.floor((j - k) / 2));
    const tmp = new Float64Array(keep * CHUNK);
    for (let i0 = 0; i0 < n; i0 += CHUNK) {
      const len = Math.min(CHUNK, n - i0);
      tmp.fill(0);
      for (let u = 0; u < keep; u++) {
        const to = u * CHUNK;
        for (let s = 0; s < j; s++) {
          const ys = y[u * j + s]!;
          const so = s * n + i0;
          for (let i = 0; i < len; i++) tmp[to + i] = tmp[to + i]! + ys * q[so + i]!;
        }
      }
      for (let u = 0; u < keep; u++) q.set(tmp.subarray(u * CHUNK, u * CHUNK + len), u * n + i0);
    }
    q.copyWithin(keep * n, j * n, (j + b) * n); // P follows the new basis
    t.fill(0);
    for (let u = 0; u < keep; u++) t[u * m + u] = theta[u]!;
    this.j = keep;
  }

  /** Ritz vectors of the k lowest pairs, with explicit residuals. */
  private finish(theta: Float64Array, y: Float64Array, iterations: number): EigenpairsResult {
    const { op, k, b, m, q, tolerance, seed } = this;
    const n = op.size;
    const j = this.j;
    const vectors = new Float64Array(k * n);
    for (let u = 0; u < k; u++) {
      const uo = u * n;
      for (let s = 0; s < j; s++) {
        const ys = y[u * j + s]!;
        const so = s * n;
        for (let i = 0; i < n; i++) vectors[uo + i] = vectors[uo + i]! + ys * q[so + i]!;
      }
      const nv = norm2(vectors, uo, n);
      for (let i = 0; i < n; i++) vectors[uo + i] = vectors[uo + i]! / nv;
    }
    const values = Float64Array.from(theta.subarray(0, k));
    const residuals = explicitResiduals(op, values, vectors, k);
    this.matvecs += k;
    const converged = residuals.every((x) => x <= tolerance);
    return { values, vectors, residuals, iterations, matvecs: this.matvecs, converged, tolerance, blockSize: b, basisSize: m, seed, method: 'lanczos' };
  }
}

/** ‖A·v_j − λ_j·v_j‖ for k contiguous vectors. */
function explicitResiduals(op: LinearOperator, values: Float64Array, vectors: Float64Array, k: number): Float64Array {
  const n = op.size;
  const av = new Float64Array(k * n);
  applyToBlock(op, vectors, av, k);
  const out = new Float64Array(k);
  for (let u = 0; u < k; u++) {
    const lambda = values[u]!;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = av[u * n + i]! - lambda * vectors[u * n + i]!;
      s += d * d;
    }
    out[u] = Math.sqrt(s);
  }
  return out;
}

/** Small operators: the dense matrix from `size` products, symmetrized, then {@link symmetricEigen}. */
function denseBottom(op: LinearOperator, k: number, tolerance: number, b: number, basisSize: number, seed: number): EigenpairsResult {
  const n = op.size;
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const a = new Float64Array(n * n); // row i = A·e_i = column i of A
  applyToBlock(op, identity, a, n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < i; c++) {
      const v = 0.5 * (a[i * n + c]! + a[c * n + i]!);
      a[i * n + c] = v;
      a[c * n + i] = v;
    }
  }
  const eig = symmetricEigen(a, n, { vectors: true });
  const values = Float64Array.from(eig.values.subarray(0, k));
  const vectors = Float64Array.from(eig.vectors!.subarray(0, k * n));
  const residuals = explicitResiduals(op, values, vectors, k);
  const converged = eig.converged && residuals.every((x) => x <= tolerance);
  return { values, vectors, residuals, iterations: 0, matvecs: n + k, converged, tolerance, blockSize: b, basisSize, seed, method: 'dense' };
}
