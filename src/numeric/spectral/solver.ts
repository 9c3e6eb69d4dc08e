/**
 * Large-N solvers on a {@link Vertex} (THEORY §3–§5), all on the real axis below the spectrum.
 *
 * Everything is expressed through two curves of `g ∈ (g_sing, 0)`:
 * - the edge curve `φ(g) = 1/(g² E h'(g))`: `λ'(g) = 0` exactly when `α = φ(g)`, so the sharp edge at
 *   `α` is the first `g` met going down from 0 with `φ(g) = α`, and the edge is smooth iff
 *   `α < α_c = inf φ`;
 * - the outlier curve `ψ(g) = 1/(g E[(s − 1) h(g)])`: `g` solves the outlier equation at `α = ψ(g)`.
 * An outlier exists at `α` iff `0 < ψ(g_-(α)) < α`; `α_BBP` is where `ψ = φ` on the edge branch (continuous
 * transition) or, when the edge is smooth there, the closed form `ψ(g_sing)` (discontinuous transition).
 *
 * @module
 */
import { fail, notConverged, notFound } from '../../errors.js';
import { brent, type RootResult } from '../roots/brent.js';
import { singularG, vertexSums, type Vertex } from './vertex.js';

/**
 * Kind of the left edge: `sharp` (square-root, `λ'(g_-) = 0`) or `smooth` (at `g_sing`, density vanishing
 * faster than any power).
 * @category Solvers
 * @since 0.1.0
 * @example
 * createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 })).edge(1).kind; // 'smooth' (α < α_c)
 */
export type EdgeKind = 'sharp' | 'smooth';

/**
 * The left edge of the bulk at one `α`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * const e: Edge = solver.edge(2); // { lambda: -1.7795…, g: -0.49911…, kind: 'sharp' }
 */
export interface Edge {
  /** The edge `λ_- = λ(g_-)`. */
  readonly lambda: number;
  /** The resolvent there: the root `g_-` of `λ'(g)` (sharp) or `g_sing` (smooth). */
  readonly g: number;
  /** `sharp` or `smooth`. */
  readonly kind: EdgeKind;
}

/**
 * The outlier below the bulk at one `α`, with the squared overlap of its eigenvectors with the teacher subspace.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * const o: Outlier | null = solver.outlier(2); // { lambda: -1.9007…, g: -0.41625…, m2: 0.2719… }
 */
export interface Outlier {
  /** The outlier eigenvalue `λ*`, below the edge. */
  readonly lambda: number;
  /** `g(λ*)`, in `(g_-, 0)`. */
  readonly g: number;
  /** Squared overlap `m²` of its eigenvectors with the planted directions (the vertex's signal weight). */
  readonly m2: number;
}

/**
 * The BBP threshold of a vertex.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * const t: Threshold = solver.threshold();
 * // { alphaBBP: 1.3229…, transition: 'discontinuous', g: -0.5, alphaC: 1.9806…, method: 'closed form at g_sing', … }
 */
export interface Threshold {
  /** Smallest α at which an outlier exists below the bulk. */
  readonly alphaBBP: number;
  /** `continuous` (sharp edge at α_BBP) or `discontinuous` (smooth edge: `m²` jumps). */
  readonly transition: 'continuous' | 'discontinuous';
  /** `g` at the threshold: the edge and the outlier meet there. */
  readonly g: number;
  /** `λ_- = λ*` at the threshold. */
  readonly edge: number;
  /** Where the edge changes kind (`null` when it never does: always sharp). */
  readonly alphaC: number | null;
  /** Root-finder record of the last refinement (`closed form` for the smooth case). */
  readonly method: 'closed form at g_sing' | 'edge-outlier crossing';
  /** Iterations of the root finder (0 for the closed form). */
  readonly iterations: number;
}

/**
 * A solver bound to one vertex. It caches a scan of the edge and outlier curves, so that many `α`
 * (an overlap curve, a phase diagram) cost one scan.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * solver.alphaC(); // 1.9806…
 */
export interface SpectralSolver {
  /** The vertex law the solver is bound to. */
  readonly vertex: Vertex;
  /** `g_sing = 1/cMin` (or `-Infinity` for a vertex bounded below by 0). */
  readonly gSing: number;
  /** Self-energy `Σ(g) = α E h(g)`. */
  sigma(alpha: number, g: number): number;
  /** `λ(g) = 1/g + Σ(g)`, the inverse of the resolvent below the spectrum. */
  lambdaOfG(alpha: number, g: number): number;
  /** `λ'(g) = −1/g² + α E h'(g)`. */
  dLambda(alpha: number, g: number): number;
  /** The left edge of the bulk at `α` (throws a `BbpFailure` `NotFound` if `λ'(g)` has no root and `g_sing` is infinite). */
  edge(alpha: number): Edge;
  /** The bottom outlier, or `null` when there is none. */
  outlier(alpha: number): Outlier | null;
  /** `α_c = inf φ`, or `null` when the edge is sharp for every `α`. */
  alphaC(): number | null;
  /** `α_BBP` and its kind (throws a `BbpFailure` `NotFound` when no outlier appears for any `α`). */
  threshold(): Threshold;
}

interface Scan {
  /** g values from near 0 down to g_sing (inclusive when finite). */
  readonly g: Float64Array;
  readonly phi: Float64Array;
  readonly psi: Float64Array;
}

/** Linear grid in u = g/g_sing, then geometric refinement toward g_sing where smooth edges live. */
function scanGrid(gSing: number): Float64Array {
  const values: number[] = [];
  if (Number.isFinite(gSing)) {
    const linear = 64;
    for (let k = 1; k < linear; k++) values.push(gSing * (k / linear));
    for (let j = 0; j <= 40; j++) values.push(gSing * (1 - 2 ** -j / linear));
    values.push(gSing);
  } else {
    for (let s = -14; s <= 14; s += 0.125) values.push(-Math.exp(s));
  }
  return Float64Array.from(values);
}

/**
 * Bind the solvers to a vertex. Throws a `BbpFailure` (`NoFiniteEdge`) for a vertex unbounded below; the
 * entry points of `theory` ({@link threshold}, {@link spectrum}, {@link overlapCurve}) wrap this in `Either`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * solver.threshold().alphaBBP; // 1.3229376071…
 * solver.edge(2);              // { lambda: -1.7795…, g: -0.49911…, kind: 'sharp' }
 * solver.outlier(2)?.m2;       // 0.2719…
 */
export function createSpectralSolver(vertex: Vertex): SpectralSolver {
  const gSing = singularG(vertex);
  const sums = new Float64Array(4);
  const at = (g: number): Float64Array => vertexSums(vertex, g, sums);
  const phiOf = (g: number): number => 1 / (g * g * at(g)[1]!);
  const kOf = (s: Float64Array): number => s[2]! - s[0]!;

  let scan: Scan | undefined;
  const getScan = (): Scan => {
    if (scan) return scan;
    const g = scanGrid(gSing);
    const phi = new Float64Array(g.length);
    const psi = new Float64Array(g.length);
    for (let k = 0; k < g.length; k++) {
      const s = at(g[k]!);
      phi[k] = 1 / (g[k]! * g[k]! * s[1]!);
      psi[k] = 1 / (g[k]! * kOf(s));
    }
    scan = { g, phi, psi };
    return scan;
  };

  const sigma = (alpha: number, g: number): number => alpha * at(g)[0]!;
  const lambdaOfG = (alpha: number, g: number): number => 1 / g + alpha * at(g)[0]!;
  const dLambda = (alpha: number, g: number): number => -1 / (g * g) + alpha * at(g)[1]!;

  const edge = (alpha: number): Edge => {
    const { g, phi } = getScan();
    // First grid point (going down from 0) where λ' ≥ 0, i.e. φ ≤ α.
    for (let k = 0; k < g.length; k++) {
      if (phi[k]! <= alpha) {
        if (g[k] === gSing && phi[k] === alpha) break; // the root is g_sing itself: smooth limit
        const hi = k === 0 ? g[0]! / 2 ** 20 : g[k - 1]!;
        const r = root((x) => dLambda(alpha, x), g[k]!, hi, `sharp edge at alpha = ${alpha}`);
        return { lambda: lambdaOfG(alpha, r.root), g: r.root, kind: 'sharp' };
      }
    }
    if (!Number.isFinite(gSing)) {
      fail(notFound('left edge', `λ'(g) has no root for g < 0 at alpha = ${alpha} (the bulk reaches down to an atom at 0)`));
    }
    return { lambda: lambdaOfG(alpha, gSing), g: gSing, kind: 'smooth' };
  };

  const outlier = (alpha: number): Outlier | null => {
    const e = edge(alpha);
    const F = (g: number): number => 1 / g - alpha * kOf(at(g));
    if (!(F(e.g) > 0)) return null;
    // F → −∞ as g → 0⁻. Walk down from 0 to the first g with F > 0 (there 0 < ψ(g) < α, read off the
    // cached scan): that brackets the bottom outlier. The bracket ends are then checked on F itself,
    // since close to α_BBP the signs of F and of the cached ψ − α may differ by rounding.
    const { g, psi } = getScan();
    let k = 0;
    while (k < g.length && g[k]! > e.g && !(psi[k]! > 0 && psi[k]! < alpha)) k++;
    let lo = k < g.length && g[k]! > e.g ? g[k]! : e.g;
    if (!(F(lo) > 0)) lo = e.g;
    let kh = k - 1;
    while (kh >= 0 && !(F(g[kh]!) < 0)) kh--;
    const hi = kh >= 0 ? g[kh]! : g[0]! / 2 ** 30;
    const gOut = root(F, lo, hi, `outlier at alpha = ${alpha}`).root;
    const s = at(gOut);
    const dl = -1 / (gOut * gOut) + alpha * s[1]!;
    const m2 = 1 / (1 - (alpha * s[3]!) / dl);
    return { lambda: 1 / gOut + alpha * s[0]!, g: gOut, m2 };
  };

  let alphaCCache: number | null | undefined;
  const alphaC = (): number | null => {
    if (alphaCCache !== undefined) return alphaCCache;
    const { g, phi } = getScan();
    let best = 0;
    for (let k = 1; k < g.length; k++) if (phi[k]! < phi[best]!) best = k;
    let value = phi[best]!;
    if (best > 0 && best < g.length - 1) {
      // Interior minimum of φ: refine by golden-section search between the neighbours.
      value = goldenMin(phiOf, g[best + 1]!, g[best - 1]!);
    }
    // A law that attains cMin makes E h' infinite at g_sing (e.g. a constant vertex): always sharp.
    const attained = vertex.cMinAttained ?? vertex.eigen.some((c) => c === vertex.cMin);
    alphaCCache = Number.isFinite(gSing) && !attained && value > 0 ? value : null;
    return alphaCCache;
  };

  const threshold = (): Threshold => {
    const { g, phi, psi } = getScan();
    const aC = alphaC();
    // Smooth regime (α < α_c): the outlier equation at g_sing is linear in α.
    if (aC !== null) {
      const aS = psi[g.length - 1]!;
      if (aS > 0 && aS < aC) {
        return {
          alphaBBP: aS, transition: 'discontinuous', g: gSing, edge: lambdaOfG(aS, gSing), alphaC: aC,
          method: 'closed form at g_sing', iterations: 0,
        };
      }
    }
    // Sharp regime: walk the edge branch from the small-α end (g_sing) upward and find the first point
    // where an outlier exists (0 < ψ < φ); the crossing ψ = φ is the root of B(g) = g E h' − E[(s−1)h].
    const onBranch: number[] = [];
    let running = Infinity;
    for (let k = 0; k < g.length; k++) {
      if (phi[k]! <= running) {
        running = phi[k]!;
        onBranch.push(k);
      }
    }
    const exists = (k: number): boolean => psi[k]! > 0 && psi[k]! < phi[k]!;
    for (let b = onBranch.length - 1; b > 0; b--) {
      const k = onBranch[b]!;
      const kUp = onBranch[b - 1]!;
      if (!exists(k) && exists(kUp)) {
        const B = (x: number): number => {
          const s = at(x);
          return x * s[1]! - kOf(s);
        };
        const crossing = root(B, g[k]!, g[kUp]!, 'edge-outlier crossing');
        const gb = crossing.root;
        const alpha = phiOf(gb);
        return {
          alphaBBP: alpha, transition: 'continuous', g: gb, edge: lambdaOfG(alpha, gb), alphaC: aC,
          method: 'edge-outlier crossing', iterations: crossing.iterations,
        };
      }
    }
    return fail(notFound('BBP transition', `no outlier appears below the bulk for any alpha (${vertex.description})`));
  };

  return { vertex, gSing, sigma, lambdaOfG, dLambda, edge, outlier, alphaC, threshold };
}

/** Brent on a bracket, failing with a `NotConverged` that carries the record when the tolerance is not met. */
function root(f: (x: number) => number, lo: number, hi: number, what: string): RootResult {
  const r = brent(f, lo, hi);
  if (!r.converged) fail(notConverged('brent', `${what}: no convergence in ${r.iterations} iterations`, { ...r }));
  return r;
}

/** Golden-section minimum of a unimodal function on [lo, hi], to machine precision. */
function goldenMin(f: (x: number) => number, lo: number, hi: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 200 && Math.abs(b - a) > 4 * Number.EPSILON * Math.abs(a + b); i++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d);
    }
  }
  return Math.min(fc, fd);
}
