/**
 * The spectral density of a large symmetric operator, matrix-free, by stochastic Lanczos quadrature (SLQ;
 * Golub & Meurant 2010, Lin, Saad & Yang 2016, Ubaru, Chen & Saad 2017).
 *
 * For a unit probe vector `v` drawn so that `E[v vᵀ] = I/n` (Rademacher entries `±1/√n`, or a normalized
 * Gaussian), the spectral measure of `A` seen from `v`, `μ_v = Σ_i ⟨u_i, v⟩² δ(λ − λ_i)`, has mean
 * `E μ_v = (1/n) Σ_i δ(λ − λ_i)`: the empirical spectral density. `s` steps of Lanczos started at `v` give
 * the `s`-point Gauss rule of `μ_v` (nodes: the Ritz values θ_j; weights: the squared first components of
 * the tridiagonal matrix's eigenvectors), exact for polynomials of degree ≤ 2s − 1. Averaging the rules of
 * independent probes estimates the density; the probe-to-probe spread gives its standard error.
 *
 * The rule's CDF brackets the probe's true CDF (Chebyshev–Markov–Stieltjes: between consecutive nodes the
 * error is at most the larger of the two weights), so a histogram from the raw nodes is accurate to about
 * one weight per bin edge; smoothing with a Gaussian of width σ much wider than the node spacing removes
 * that quadrature error, leaving only the statistical one.
 *
 * Lanczos runs with full reorthogonalization (two classical Gram–Schmidt passes), so there are no spurious
 * copies of converged Ritz values; it stops early (fewer nodes, an exact rule) when the probe's Krylov
 * space is invariant. Probes run in lockstep blocks, so an operator with `applyBlock` (the sampled Hessian)
 * streams its data once per step for the whole block.
 *
 * @module
 */
import { gaussianTail } from '../special/gaussianTail.js';
import { fail, invalidArgument } from '../../errors.js';
import { createRng, type Rng } from '../random.js';
import { meanAndStandardError, type MeanAndStandardError } from '../statistics.js';
import { multiDot } from './kernels.js';
import { applyToBlock, type LinearOperator } from './operator.js';
import { tridiagonalEigen } from './tridiagonalEigen.js';

/**
 * Options of {@link slqQuadrature}.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const options: SlqOptions = { probes: 20, steps: 60, seed: 1 };
 */
export interface SlqOptions {
  /** Number of independent probe vectors, a positive integer (at least 2 for standard errors). */
  readonly probes: number;
  /** Lanczos steps per probe (nodes of each Gauss rule), an integer with 1 ≤ steps ≤ size. */
  readonly steps: number;
  /** Seed of the probes: probe `j` comes from `createRng(seed).split(j)`; a non-negative safe integer. */
  readonly seed: number;
  /** Probe distribution: `'rademacher'` (default; entries ±1/√n) or `'gaussian'` (normalized N(0, I)). */
  readonly probe?: 'rademacher' | 'gaussian';
  /**
   * Probes run together (default `min(probes, 8)`): memory is `blockSize·(steps + 2)·size` doubles.
   * The result does not depend on it.
   */
  readonly blockSize?: number;
}

/**
 * The Gauss rules of every probe: the stochastic Lanczos quadrature of an operator's spectral measure.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q: SlqQuadrature = slqQuadrature(diagonalOperator([1, 2, 3]), { probes: 2, steps: 3, seed: 1 });
 * q.matvecs; // operator products spent
 */
export interface SlqQuadrature {
  /** Dimension of the operator. */
  readonly size: number;
  /** Number of probes. */
  readonly probes: number;
  /** Lanczos steps asked for per probe. */
  readonly steps: number;
  /** Seed of the probes. */
  readonly seed: number;
  /** Probe distribution used. */
  readonly probe: 'rademacher' | 'gaussian';
  /** `nodes[j]`: the Ritz values of probe j, ascending (fewer than `steps` when its Krylov space closed). */
  readonly nodes: Float64Array[];
  /** `weights[j]`: the Gauss weights of probe j (non-negative, summing to 1 up to rounding). */
  readonly weights: Float64Array[];
  /** Operator products `A·x` performed (single vectors). */
  readonly matvecs: number;
}

/**
 * Stochastic Lanczos quadrature of the symmetric operator `op`: for each of `probes` random unit vectors,
 * the `steps`-point Gauss rule of the spectral measure seen from it. Feed the result to
 * {@link slqDensity}, {@link slqHistogram} or {@link slqTrace}.
 *
 * Deterministic in `(op, options)`. Throws a `BbpFailure` (`InvalidArgument` naming the option) on bad
 * options. Cost: `probes·steps` products plus about `4·probes·steps²·size` flops of reorthogonalization.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q = slqQuadrature(diagonalOperator([1, 1, 2, 3]), { probes: 2, steps: 4, seed: 1 });
 * // Rademacher probes see each eigenvalue with weight multiplicity/size:
 * // q.nodes[0] ≈ [1, 2, 3], q.weights[0] ≈ [0.5, 0.25, 0.25]
 */
export function slqQuadrature(op: LinearOperator, options: SlqOptions): SlqQuadrature {
  const n = op.size;
  const { probes, steps, seed } = options;
  const probe = options.probe ?? 'rademacher';
  if (!Number.isSafeInteger(n) || n < 1) fail(invalidArgument('op.size', n, 'a positive integer'));
  if (!Number.isSafeInteger(probes) || probes < 1) fail(invalidArgument('probes', probes, 'a positive integer'));
  if (!Number.isSafeInteger(steps) || steps < 1 || steps > n) fail(invalidArgument('steps', steps, `an integer with 1 ≤ steps ≤ size = ${n}`));
  if (!Number.isSafeInteger(seed) || seed < 0) fail(invalidArgument('seed', seed, 'a non-negative integer'));
  if (probe !== 'rademacher' && probe !== 'gaussian') fail(invalidArgument('probe', probe, "'rademacher' or 'gaussian'"));
  const blockSize = options.blockSize ?? Math.min(probes, 8);
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) fail(invalidArgument('blockSize', blockSize, 'a positive integer'));

  const nodes: Float64Array[] = [];
  const weights: Float64Array[] = [];
  const root = createRng(seed);
  const b = Math.min(blockSize, probes);
  const work = new LanczosBlock(op, b, steps);
  let matvecs = 0;
  for (let first = 0; first < probes; first += b) {
    const count = Math.min(b, probes - first);
    for (let c = 0; c < count; c++) work.start(c, root.split(first + c), probe);
    matvecs += work.run(count);
    for (let c = 0; c < count; c++) {
      const rule = work.rule(c);
      nodes.push(rule.nodes);
      weights.push(rule.weights);
    }
  }
  return { size: n, probes, steps, seed, probe, nodes, weights, matvecs };
}

/** Lanczos recurrences of up to `b` probes advanced together (buffers reused across blocks). */
class LanczosBlock {
  /** Basis of probe c: vectors 0..steps−1 at `(c·steps + j)·n`. */
  private readonly q: Float64Array;
  /** The current vectors of the active probes, contiguous, and their images. */
  private readonly x: Float64Array;
  private readonly ax: Float64Array;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  /** Number of Lanczos vectors (= nodes) of each probe once it stopped. */
  private readonly length: Int32Array;
  private readonly h: Float64Array;

  constructor(
    private readonly op: LinearOperator,
    b: number,
    private readonly steps: number,
  ) {
    const n = op.size;
    this.q = new Float64Array(b * steps * n);
    this.x = new Float64Array(b * n);
    this.ax = new Float64Array(b * n);
    this.alpha = new Float64Array(b * steps);
    this.beta = new Float64Array(b * steps);
    this.length = new Int32Array(b);
    this.h = new Float64Array(steps + 1);
  }

  /** Draw probe c's unit start vector. */
  start(c: number, rng: Rng, kind: 'rademacher' | 'gaussian'): void {
    const n = this.op.size;
    const o = c * this.steps * n;
    const q = this.q;
    if (kind === 'rademacher') {
      const s = 1 / Math.sqrt(n);
      let bits = 0;
      for (let i = 0; i < n; i++) {
        if ((i & 31) === 0) bits = rng.uint32();
        q[o + i] = (bits >>> (i & 31)) & 1 ? s : -s;
      }
    } else {
      let norm2 = 0;
      for (let i = 0; i < n; i++) {
        const g = rng.normal();
        q[o + i] = g;
        norm2 += g * g;
      }
      const s = 1 / Math.sqrt(norm2);
      for (let i = 0; i < n; i++) q[o + i] = q[o + i]! * s;
    }
  }

  /** Advance the first `count` probes `steps` steps (or until breakdown); returns the products used. */
  run(count: number): number {
    const { op, q, x, ax, alpha, beta, length, h, steps } = this;
    const n = op.size;
    const stride = steps * n;
    const active: number[] = [];
    for (let c = 0; c < count; c++) {
      active.push(c);
      length[c] = steps;
    }
    let matvecs = 0;
    let anorm = 0;
    for (let j = 0; j < steps && active.length > 0; j++) {
      // Gather the current vectors of the active probes and apply A to all of them at once.
      const r = active.length;
      for (let t = 0; t < r; t++) x.set(q.subarray(active[t]! * stride + j * n, active[t]! * stride + (j + 1) * n), t * n);
      applyToBlock(op, x.subarray(0, r * n), ax.subarray(0, r * n), r);
      matvecs += r;
      const still: number[] = [];
      for (let t = 0; t < r; t++) {
        const c = active[t]!;
        const base = c * stride;
        const wo = t * n;
        // α_j = q_jᵀ A q_j (before reorthogonalization, the textbook value); then w ⊥ q_0..q_j, twice.
        let a = 0;
        const qo = base + j * n;
        for (let i = 0; i < n; i++) a += q[qo + i]! * ax[wo + i]!;
        alpha[c * steps + j] = a;
        for (let pass = 0; pass < 2; pass++) {
          multiDot(ax, wo, q, base, n, j + 1, h);
          for (let s = 0; s <= j; s++) {
            const hs = h[s]!;
            const so = base + s * n;
            for (let i = 0; i < n; i++) ax[wo + i] = ax[wo + i]! - hs * q[so + i]!;
          }
        }
        let bnorm = 0;
        for (let i = 0; i < n; i++) bnorm += ax[wo + i]! * ax[wo + i]!;
        bnorm = Math.sqrt(bnorm);
        anorm = Math.max(anorm, Math.abs(a) + bnorm + (j > 0 ? beta[c * steps + j - 1]! : 0));
        if (j + 1 === steps) continue;
        // An invariant Krylov space (β numerically 0) ends this probe with an exact (j+1)-point rule.
        if (bnorm <= 1e-10 * anorm) {
          length[c] = j + 1;
          continue;
        }
        beta[c * steps + j] = bnorm;
        const no = base + (j + 1) * n;
        const inv = 1 / bnorm;
        for (let i = 0; i < n; i++) q[no + i] = ax[wo + i]! * inv;
        still.push(c);
      }
      active.length = 0;
      active.push(...still);
    }
    return matvecs;
  }

  /** The Gauss rule of probe c after {@link run}. */
  rule(c: number): { nodes: Float64Array; weights: Float64Array } {
    const len = this.length[c]!;
    const o = c * this.steps;
    const eig = tridiagonalEigen(this.alpha.slice(o, o + len), this.beta.slice(o, o + len - 1), { vectors: 'first' });
    const first = eig.firstComponents!;
    const weights = new Float64Array(len);
    for (let i = 0; i < len; i++) weights[i] = first[i]! * first[i]!;
    return { nodes: Float64Array.from(eig.values), weights };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Estimates from the rules

/**
 * An SLQ estimate at several points: the mean over probes and its standard error.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q = slqQuadrature(diagonalOperator([0.5, 1.5, 1.5, 2.5]), { probes: 2, steps: 4, seed: 1 });
 * const h: SlqEstimate = slqHistogram(q, { edges: [0, 1, 2, 3] }); // h.mean ± h.standardError per bin
 */
export interface SlqEstimate {
  /** Mean over probes at each point. */
  readonly mean: Float64Array;
  /** Standard error of the mean (probe-to-probe standard deviation over √probes); NaN with one probe. */
  readonly standardError: Float64Array;
}

/** Mean and SE over probes of per-probe values `perProbe[j·points + i]`. */
function reduce(perProbe: Float64Array, probes: number, points: number): SlqEstimate {
  const mean = new Float64Array(points);
  const standardError = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    let s = 0;
    for (let j = 0; j < probes; j++) s += perProbe[j * points + i]!;
    const m = s / probes;
    let ss = 0;
    for (let j = 0; j < probes; j++) {
      const d = perProbe[j * points + i]! - m;
      ss += d * d;
    }
    mean[i] = m;
    standardError[i] = probes > 1 ? Math.sqrt(ss / (probes - 1) / probes) : Number.NaN;
  }
  return { mean, standardError };
}

function checkSigma(sigma: number, allowZero: boolean): void {
  if (!Number.isFinite(sigma) || sigma < 0 || (!allowZero && sigma === 0)) {
    fail(invalidArgument('sigma', sigma, allowZero ? 'a finite number ≥ 0' : 'a positive finite number'));
  }
}

/**
 * The normalized trace `(1/n) tr f(A)` estimated from the rules: per probe `Σ_j w_j f(θ_j)`, then mean ± SE
 * over probes (`n` is the number of probes). Exact per probe (`= vᵀ f(A) v`) for polynomials of degree
 * ≤ 2·steps − 1.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q = slqQuadrature(diagonalOperator([1, 2, 3, 4]), { probes: 4, steps: 4, seed: 1 });
 * slqTrace(q, (x) => x * x); // { mean: 7.5, standardError: 0, n: 4 }: (1 + 4 + 9 + 16)/4
 */
export function slqTrace(q: SlqQuadrature, f: (lambda: number) => number): MeanAndStandardError {
  const per = new Float64Array(q.probes);
  for (let j = 0; j < q.probes; j++) {
    const th = q.nodes[j]!;
    const w = q.weights[j]!;
    let s = 0;
    for (let i = 0; i < th.length; i++) s += w[i]! * f(th[i]!);
    per[j] = s;
  }
  return meanAndStandardError(per);
}

/**
 * Options of {@link slqDensity}.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const options: SlqDensityOptions = { grid: [0, 0.5, 1, 1.5, 2], sigma: 0.1 };
 */
export interface SlqDensityOptions {
  /** The points λ at which to evaluate the density (finite). */
  readonly grid: ArrayLike<number>;
  /**
   * Width σ > 0 of the Gaussian kernel that broadens each node. It should be several times the spacing of
   * the Ritz values where the density is read (about (spectrum width)/steps in the bulk), or the estimate
   * shows the individual nodes.
   */
  readonly sigma: number;
}

/**
 * The Gaussian-broadened spectral density `ρ_σ(λ) = (1/n) Σ_i φ_σ(λ − λ_i)` on a grid, estimated per probe
 * as `Σ_j w_j φ_σ(λ − θ_j)` (φ_σ the normal density of standard deviation σ), with mean ± SE over probes.
 * Compare it with a reference density convolved with the same kernel. Throws a `BbpFailure` on a bad
 * grid or σ.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q = slqQuadrature(diagonalOperator([0, 1, 2, 3, 4, 5, 6, 7]), { probes: 4, steps: 8, seed: 1 });
 * const d = slqDensity(q, { grid: [2, 3.5, 5], sigma: 0.5 });
 * // d.mean ≈ the average of normal densities N(λ; i, 0.5²) over i = 0..7
 */
export function slqDensity(q: SlqQuadrature, options: SlqDensityOptions): SlqEstimate {
  const { grid, sigma } = options;
  checkSigma(sigma, false);
  const points = grid.length;
  for (let i = 0; i < points; i++) if (!Number.isFinite(grid[i]!)) fail(invalidArgument(`grid[${i}]`, grid[i], 'a finite number'));
  const per = new Float64Array(q.probes * points);
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let j = 0; j < q.probes; j++) {
    const th = q.nodes[j]!;
    const w = q.weights[j]!;
    for (let i = 0; i < points; i++) {
      const x = grid[i]!;
      let s = 0;
      for (let t = 0; t < th.length; t++) {
        const d = x - th[t]!;
        s += w[t]! * Math.exp(-d * d * inv2s2);
      }
      per[j * points + i] = s * norm;
    }
  }
  return reduce(per, q.probes, points);
}

/**
 * Options of {@link slqHistogram}.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const options: SlqHistogramOptions = { edges: [0, 1, 2, 3], sigma: 0.05 };
 */
export interface SlqHistogramOptions {
  /** Bin edges, finite and strictly increasing, at least two (as for a histogram of eigenvalues). */
  readonly edges: ArrayLike<number>;
  /**
   * Gaussian broadening σ ≥ 0 of the nodes (default 0: each node's weight falls in the bin that contains
   * it, like an eigenvalue in a histogram — accurate to about one Gauss weight per bin edge). With σ > 0
   * the estimate is that of the eigenvalues broadened by N(0, σ²), free of that quadrature error once σ
   * exceeds the node spacing; compare it with the eigenvalues broadened the same way.
   */
  readonly sigma?: number;
}

/**
 * The histogram of the spectrum estimated by SLQ: per bin `[e_b, e_{b+1})` (the last bin closed) the mass
 * of the nodes in it over the bin width — the same normalization as the histogram of all `n` eigenvalues,
 * `count_b/(n·width_b)` — with mean ± SE over probes. Throws a `BbpFailure` on bad edges or σ.
 * @category Linear algebra
 * @since 0.2.0
 * @example
 * const q = slqQuadrature(diagonalOperator([0.5, 1.5, 1.5, 2.5]), { probes: 2, steps: 4, seed: 1 });
 * slqHistogram(q, { edges: [0, 1, 2, 3] }).mean; // ≈ [0.25, 0.5, 0.25]
 */
export function slqHistogram(q: SlqQuadrature, options: SlqHistogramOptions): SlqEstimate {
  const { edges } = options;
  const sigma = options.sigma ?? 0;
  checkSigma(sigma, true);
  const bins = edges.length - 1;
  if (bins < 1) fail(invalidArgument('edges.length', edges.length, 'at least 2'));
  for (let e = 0; e <= bins; e++) {
    const v = edges[e]!;
    if (!Number.isFinite(v)) fail(invalidArgument(`edges[${e}]`, v, 'a finite number'));
    if (e > 0 && !(v > edges[e - 1]!)) fail(invalidArgument(`edges[${e}]`, v, `a value > edges[${e - 1}] = ${edges[e - 1]}`));
  }
  const lo = edges[0]!;
  const hi = edges[bins]!;
  const per = new Float64Array(q.probes * bins);
  const cdf = new Float64Array(bins + 1);
  for (let j = 0; j < q.probes; j++) {
    const th = q.nodes[j]!;
    const w = q.weights[j]!;
    const o = j * bins;
    for (let t = 0; t < th.length; t++) {
      const x = th[t]!;
      if (sigma > 0) {
        // Mass of N(θ, σ²) in each bin: differences of the normal CDF at the edges.
        for (let e = 0; e <= bins; e++) cdf[e] = gaussianTail((x - edges[e]!) / sigma); // Φ((edge − x)/σ)
        for (let e = 0; e < bins; e++) per[o + e] = per[o + e]! + w[t]! * (cdf[e + 1]! - cdf[e]!);
      } else if (x >= lo && x <= hi) {
        let a = 0;
        let c = bins;
        while (c - a > 1) {
          const mid = (a + c) >>> 1;
          if (edges[mid]! <= x) a = mid;
          else c = mid;
        }
        per[o + a] = per[o + a]! + w[t]!;
      }
    }
    for (let e = 0; e < bins; e++) per[o + e] = per[o + e]! / (edges[e + 1]! - edges[e]!);
  }
  return reduce(per, q.probes, bins);
}
