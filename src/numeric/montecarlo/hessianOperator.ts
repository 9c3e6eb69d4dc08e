/**
 * The finite-N Hessian at initialization (THEORY §2) as a matrix-free operator:
 * `H = (1/n) Σ_μ x_μ x_μᵀ ⊗ A_μ`, index `(l, i) ↦ l·n + i` as in {@link denseHessian}, applied in
 * O(m·n·p) time and O(m·p²) extra memory instead of building the (p·n)² dense matrix.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import type { LinearOperator } from '../linalg/operator.js';
import { vertexMatrices } from './denseHessian.js';
import type { PointwiseModel } from './pointwiseModel.js';
import type { Problem } from './problem.js';
import { multiDot } from '../linalg/kernels.js';

/**
 * The sampled Hessian as a {@link LinearOperator} of size `p·n`, with the data it reads.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const H: HessianOperator = hessianOperatorFromVertices(Float64Array.of(1, 0, 0, 1), 2, 2, 1, Float64Array.of(1, 3));
 * [H.size, H.n, H.m, H.p]; // [2, 2, 2, 1]: size = p·N
 */
export interface HessianOperator extends LinearOperator {
  /** Input dimension N. */
  readonly n: number;
  /** Number of samples M. */
  readonly m: number;
  /** Student width p (the operator has size pN). */
  readonly p: number;
  /** The inputs X (m×n, row-major); shared with the problem, not copied. */
  readonly x: Float64Array;
  /** The vertices `A_μ` as m×p×p (`A_μ[l][l']` at `μ·p² + l·p + l'`), loss scale included. */
  readonly vertices: Float64Array;
  /** `out ← H·v` (length p·n each; block l of v is `v[l·n .. (l+1)·n)`). */
  apply(v: Float64Array, out: Float64Array): void;
  /** `count` products at once, reading X once for all of them. */
  applyBlock(v: Float64Array, out: Float64Array, count: number): void;
}

/**
 * The matrix-free Hessian of `problem` under `model`: computes the vertices once (one pass over X), then
 * every product `H·v` reads X once. Throws a `BbpFailure` (`InvalidArgument`) when model and problem
 * disagree on p or p*.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const pb = sampleProblem({ n: 2000, alpha: 2, p: 4, pstar: 1, seed: 1 });
 * const H = hessianOperator(pb, quadraticReferenceModel({ p: 4, pstar: 1, a: 1 }));
 * const r = bottomEigenpairs(H, { k: 3, seed: 1 });
 */
export function hessianOperator(problem: Problem, model: PointwiseModel): HessianOperator {
  return hessianOperatorFromVertices(problem.x, problem.m, problem.n, problem.p, vertexMatrices(problem, model));
}

/**
 * The operator `(1/n) Σ_μ x_μ x_μᵀ ⊗ A_μ` from its parts: inputs `x` (m×n row-major, used in place) and
 * vertices (m×p×p, each symmetric). For Hessians of other provenance (e.g. data read from a file).
 *
 * Product `(H·v)_l = (1/n) Xᵀ c_l` with `c_{μ,l} = Σ_{l'} A_{μ,ll'} (X·v_{l'})_μ`, fused per tile of four
 * rows of X: the tile's 4·p dot products, then its updates of the output, while the rows are in cache.
 * X is streamed from memory once per product (or once per block with `applyBlock`); about 4·m·n·p flops.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * // M = 2 inputs e₁, e₂ in N = 2, p = 1, vertices A₁ = 1, A₂ = 3: H = (1/N)(e₁e₁ᵀ + 3e₂e₂ᵀ)
 * const H = hessianOperatorFromVertices(Float64Array.of(1, 0, 0, 1), 2, 2, 1, Float64Array.of(1, 3));
 * bottomEigenpairs(H, { k: 1, seed: 0 }).values; // [0.5]
 */
export function hessianOperatorFromVertices(x: Float64Array, m: number, n: number, p: number, vertices: Float64Array): HessianOperator {
  for (const [name, v] of [['m', m], ['n', n], ['p', p]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) fail(invalidArgument(name, v, 'a positive integer'));
  }
  if (x.length !== m * n) fail(invalidArgument('x.length', x.length, `m·n = ${m * n}`));
  if (vertices.length !== m * p * p) fail(invalidArgument('vertices.length', vertices.length, `m·p² = ${m * p * p}`));
  const size = p * n;
  const pp = p * p;
  const invN = 1 / n;
  // Scratch, grown to the largest block seen: for each of the (up to 4) rows of a tile, the dot products u
  // and the coefficients c of every (block vector, unit) pair.
  let u = new Float64Array(4 * p);
  let c = new Float64Array(4 * p);

  /** c[t·q + b·p + l] = (1/n) Σ_{l'} A_{μ+t, l l'} u[t·q + b·p + l'] for the rows t < rows of a tile. */
  function coefficients(mu: number, rows: number, count: number, q: number): void {
    for (let t = 0; t < rows; t++) {
      const ao = (mu + t) * pp;
      for (let b = 0; b < count; b++) {
        const bo = t * q + b * p;
        for (let l = 0; l < p; l++) {
          const lo = ao + l * p;
          let s = 0;
          for (let lp = 0; lp < p; lp++) s += vertices[lo + lp]! * u[bo + lp]!;
          c[bo + l] = s * invN;
        }
      }
    }
  }

  function applyBlock(v: Float64Array, out: Float64Array, count: number): void {
    if (!Number.isSafeInteger(count) || count < 1) fail(invalidArgument('count', count, 'a positive integer'));
    const q = count * p; // vectors of length n: vector r = (block vector r÷p, unit r mod p) at r·n
    if (v.length < q * n) fail(invalidArgument('v.length', v.length, `at least count·p·n = ${q * n}`));
    if (out.length < q * n) fail(invalidArgument('out.length', out.length, `at least count·p·n = ${q * n}`));
    if (u.length < 4 * q) {
      u = new Float64Array(4 * q);
      c = new Float64Array(4 * q);
    }
    out.fill(0, 0, q * n);
    // Tiles of four rows of X: each loaded x feeds the dot products of four rows, and each output element
    // is loaded and stored once per four rows. Rows left over (m mod 4) go one at a time.
    let mu = 0;
    for (; mu + 3 < m; mu += 4) {
      tileDots(x, mu * n, v, n, q, u);
      coefficients(mu, 4, count, q);
      tileUpdates(x, mu * n, out, n, q, c);
    }
    for (; mu < m; mu++) {
      multiDot(x, mu * n, v, 0, n, q, u);
      coefficients(mu, 1, count, q);
      rowUpdates(x, mu * n, out, n, q, c);
    }
  }

  return {
    size,
    n,
    m,
    p,
    x,
    vertices,
    apply(v: Float64Array, out: Float64Array): void {
      applyBlock(v, out, 1);
    },
    applyBlock,
  };
}

/**
 * Dot products of the four rows of X at `xo, xo+n, xo+2n, xo+3n` with the q vectors of `v` (vector r at
 * r·n): `u[t·q + r]`. Vectors go four at a time (16 sums per sweep), then two, then one.
 */
function tileDots(x: Float64Array, xo: number, v: Float64Array, n: number, q: number, u: Float64Array): void {
  const xa = xo;
  const xb = xa + n;
  const xc = xb + n;
  const xd = xc + n;
  let r = 0;
  for (; r + 3 < q; r += 4) {
    const o0 = r * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    for (let i = 0; i < n; i++) {
      const ya = x[xa + i]!;
      const yb = x[xb + i]!;
      const yc = x[xc + i]!;
      const yd = x[xd + i]!;
      const w0 = v[o0 + i]!;
      const w1 = v[o1 + i]!;
      const w2 = v[o2 + i]!;
      const w3 = v[o3 + i]!;
      a0 += ya * w0; a1 += ya * w1; a2 += ya * w2; a3 += ya * w3;
      b0 += yb * w0; b1 += yb * w1; b2 += yb * w2; b3 += yb * w3;
      c0 += yc * w0; c1 += yc * w1; c2 += yc * w2; c3 += yc * w3;
      d0 += yd * w0; d1 += yd * w1; d2 += yd * w2; d3 += yd * w3;
    }
    u[r] = a0; u[r + 1] = a1; u[r + 2] = a2; u[r + 3] = a3;
    u[q + r] = b0; u[q + r + 1] = b1; u[q + r + 2] = b2; u[q + r + 3] = b3;
    u[2 * q + r] = c0; u[2 * q + r + 1] = c1; u[2 * q + r + 2] = c2; u[2 * q + r + 3] = c3;
    u[3 * q + r] = d0; u[3 * q + r + 1] = d1; u[3 * q + r + 2] = d2; u[3 * q + r + 3] = d3;
  }
  if (r + 1 < q) {
    const o0 = r * n;
    const o1 = o0 + n;
    let a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
    for (let i = 0; i < n; i++) {
      const w0 = v[o0 + i]!;
      const w1 = v[o1 + i]!;
      const ya = x[xa + i]!;
      const yb = x[xb + i]!;
      const yc = x[xc + i]!;
      const yd = x[xd + i]!;
      a0 += ya * w0; a1 += ya * w1; b0 += yb * w0; b1 += yb * w1;
      c0 += yc * w0; c1 += yc * w1; d0 += yd * w0; d1 += yd * w1;
    }
    u[r] = a0; u[r + 1] = a1; u[q + r] = b0; u[q + r + 1] = b1;
    u[2 * q + r] = c0; u[2 * q + r + 1] = c1; u[3 * q + r] = d0; u[3 * q + r + 1] = d1;
    r += 2;
  }
  if (r < q) {
    const o0 = r * n;
    let a0 = 0, b0 = 0, c0 = 0, d0 = 0;
    for (let i = 0; i < n; i++) {
      const w0 = v[o0 + i]!;
      a0 += x[xa + i]! * w0;
      b0 += x[xb + i]! * w0;
      c0 += x[xc + i]! * w0;
      d0 += x[xd + i]! * w0;
    }
    u[r] = a0;
    u[q + r] = b0;
    u[2 * q + r] = c0;
    u[3 * q + r] = d0;
  }
}

/** out[r·n + i] += Σ_t c[t·q + r]·x[xo + t·n + i] over the four rows t of a tile; vectors four, two, one at a time. */
function tileUpdates(x: Float64Array, xo: number, out: Float64Array, n: number, q: number, c: Float64Array): void {
  const xa = xo;
  const xb = xa + n;
  const xc = xb + n;
  const xd = xc + n;
  let r = 0;
  for (; r + 3 < q; r += 4) {
    const o0 = r * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const a0 = c[r]!, a1 = c[r + 1]!, a2 = c[r + 2]!, a3 = c[r + 3]!;
    const b0 = c[q + r]!, b1 = c[q + r + 1]!, b2 = c[q + r + 2]!, b3 = c[q + r + 3]!;
    const c0 = c[2 * q + r]!, c1 = c[2 * q + r + 1]!, c2 = c[2 * q + r + 2]!, c3 = c[2 * q + r + 3]!;
    const d0 = c[3 * q + r]!, d1 = c[3 * q + r + 1]!, d2 = c[3 * q + r + 2]!, d3 = c[3 * q + r + 3]!;
    for (let i = 0; i < n; i++) {
      const ya = x[xa + i]!;
      const yb = x[xb + i]!;
      const yc = x[xc + i]!;
      const yd = x[xd + i]!;
      out[o0 + i] = out[o0 + i]! + (a0 * ya + b0 * yb + c0 * yc + d0 * yd);
      out[o1 + i] = out[o1 + i]! + (a1 * ya + b1 * yb + c1 * yc + d1 * yd);
      out[o2 + i] = out[o2 + i]! + (a2 * ya + b2 * yb + c2 * yc + d2 * yd);
      out[o3 + i] = out[o3 + i]! + (a3 * ya + b3 * yb + c3 * yc + d3 * yd);
    }
  }
  if (r + 1 < q) {
    const o0 = r * n;
    const o1 = o0 + n;
    const a0 = c[r]!, a1 = c[r + 1]!, b0 = c[q + r]!, b1 = c[q + r + 1]!;
    const c0 = c[2 * q + r]!, c1 = c[2 * q + r + 1]!, d0 = c[3 * q + r]!, d1 = c[3 * q + r + 1]!;
    for (let i = 0; i < n; i++) {
      const ya = x[xa + i]!;
      const yb = x[xb + i]!;
      const yc = x[xc + i]!;
      const yd = x[xd + i]!;
      out[o0 + i] = out[o0 + i]! + (a0 * ya + b0 * yb + c0 * yc + d0 * yd);
      out[o1 + i] = out[o1 + i]! + (a1 * ya + b1 * yb + c1 * yc + d1 * yd);
    }
    r += 2;
  }
  if (r < q) {
    const o0 = r * n;
    const a0 = c[r]!, b0 = c[q + r]!, c0 = c[2 * q + r]!, d0 = c[3 * q + r]!;
    for (let i = 0; i < n; i++) {
      out[o0 + i] = out[o0 + i]! + (a0 * x[xa + i]! + b0 * x[xb + i]! + c0 * x[xc + i]! + d0 * x[xd + i]!);
    }
  }
}

/** out[r·n ..] += c[r] · x[xo .. xo+n) for r < q, four (then two, then one) vectors per sweep of the row. */
function rowUpdates(x: Float64Array, xo: number, out: Float64Array, n: number, q: number, c: Float64Array): void {
  let r = 0;
  for (; r + 3 < q; r += 4) {
    const o0 = r * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const c0 = c[r]!;
    const c1 = c[r + 1]!;
    const c2 = c[r + 2]!;
    const c3 = c[r + 3]!;
    for (let i = 0; i < n; i++) {
      const xi = x[xo + i]!;
      out[o0 + i] = out[o0 + i]! + c0 * xi;
      out[o1 + i] = out[o1 + i]! + c1 * xi;
      out[o2 + i] = out[o2 + i]! + c2 * xi;
      out[o3 + i] = out[o3 + i]! + c3 * xi;
    }
  }
  if (r + 1 < q) {
    const o0 = r * n;
    const o1 = o0 + n;
    const c0 = c[r]!;
    const c1 = c[r + 1]!;
    for (let i = 0; i < n; i++) {
      const xi = x[xo + i]!;
      out[o0 + i] = out[o0 + i]! + c0 * xi;
      out[o1 + i] = out[o1 + i]! + c1 * xi;
    }
    r += 2;
  }
  if (r < q) {
    const o0 = r * n;
    const c0 = c[r]!;
    for (let i = 0; i < n; i++) out[o0 + i] = out[o0 + i]! + c0 * x[xo + i]!;
  }
}
