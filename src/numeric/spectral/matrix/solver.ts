/**
 * Large-N solvers for a p×p vertex law without rotation invariance (THEORY §3–§5), on the real axis below
 * the spectrum, in the permutation-invariant ansatz `G = g₁·P₁ + g⊥·P⊥` (`P₁ = 11ᵀ/p`, `P⊥ = I − P₁`).
 *
 * Per node, with `B = A(I − g⊥A)⁻¹` (eigenvalues `β_j = c_j/(1 − g⊥c_j)`) and `δ = g₁ − g⊥`, Sherman–Morrison
 * on the rank-one part `δ·êêᵀ` gives `X = A(I − GA)⁻¹ = B + κ·Bê êᵀB`, `κ = δ/(1 − δ·êᵀBê)`, hence
 * `êᵀXê = b₀/(1 − δb₀)`, `tr X = tr B + κ b₁`, `êᵀX²ê = b₁/(1 − δb₀)²`, `tr X² = tr B² + 2κb₂ + κ²b₁²` with
 * `b_k = êᵀB^{k+1}ê = Σ_j a_j β_j^{k+1}`. The self-energy `Σ = α E X` has the components
 * `σ₁ = α E êᵀXê`, `σ⊥ = α E (tr X − êᵀXê)/(p − 1)`, and its derivative `∂Σ/∂g_b = α E[X P_b X]`.
 *
 * The branch is followed in the trace `g = (g₁ + (p−1)g⊥)/p` (the resolvent `(1/pN) Tr(λ − H)⁻¹`, monotone
 * below the spectrum), solving `λ₁(g₁, g⊥) = λ⊥(g₁, g⊥)` for `δ` at each `g` (`λ_a = 1/g_a + σ_a`). Along it
 * `dλ/dg = det J / (wᵀ adj(J) 1)` (`J = ∂(λ₁, λ⊥)/∂(g₁, g⊥)`, `w = (1/p, (p−1)/p)`): the sharp edge is its
 * first zero going down from 0; the edge is smooth when the branch first leaves the domain
 * `g₁, g⊥ > g_sing = 1/c_min` (exact when `c_min·I` is in the closure of the support, as for the reference loss).
 *
 * Spikes (THEORY §5, generalized): a planted coordinate family `v` (the teacher: `E[t_k² X] = E[s X]`; the
 * student's own directions: `E[z zᵀ ⊗ X]`) carries an outlier at `λ*` when `λ*` is an eigenvalue of
 * `K(λ*) = α E[v vᵀ ⊗ X(G(λ*))]`; `K' = α E[v vᵀ ⊗ X G' X]` is negative semi-definite, so each ordered
 * eigenvalue branch `μ_i(λ)` crosses `λ` at most once; overlap `m² = 1/(1 − uᵀK'u)`.
 *
 * @module
 */
import { fail, invalidArgument, notFound } from '../../../errors.js';
import { symmetricEigen } from '../../linalg/symmetricEigen.js';
import { brent } from '../../roots/brent.js';
import type { MatrixVertexLaw } from './law.js';
import { resolventTerm } from './small.js';

/**
 * A point of the resolvent branch at one `α`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const b: BranchPoint = solver.resolvent(30, -20);
 * [b.g1, b.gPerp]; // [-0.03971…, -0.05542…]: G = g₁P₁ + g⊥P⊥ is not a multiple of I
 */
export interface BranchPoint {
  /** Trace `g = (1/p) tr G`. */
  readonly g: number;
  /** `g₁`: the resolvent on the all-ones direction. */
  readonly g1: number;
  /** `g⊥`: the resolvent on the complement of `1`. */
  readonly gPerp: number;
  /** The spectral parameter `λ` of this branch point. */
  readonly lambda: number;
  /** `σ₁`, `σ⊥`: the self-energy on `1` and on its complement. */
  readonly sigma1: number;
  /** `σ⊥`. */
  readonly sigmaPerp: number;
  /** `dg₁/dλ`, `dg⊥/dλ` (both < 0 below the spectrum; infinite at a sharp edge). */
  readonly dg1: number;
  /** `dg⊥/dλ`. */
  readonly dgPerp: number;
  /** `dλ/dg` along the branch. */
  readonly dLambda: number;
}

/**
 * The left edge of the bulk.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const e: MatrixEdge = solver.edge(30); // { lambda: -4.7630…, kind: 'sharp', g1: -0.11185…, gPerp: -0.62419…, … }
 */
export interface MatrixEdge extends BranchPoint {
  /** `sharp` (square-root, `dλ/dg = 0`) or `smooth` (the branch leaves the domain at `g_sing`). */
  readonly kind: 'sharp' | 'smooth';
}

/**
 * Which planted directions: the teacher's along `1` (`teacher-1`, p*-fold) or its complement
 * (`teacher-perp`, p*(p−1)-fold), or the student's own weight directions (`student`, p² coordinates).
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const family: SpikeFamily = 'student';
 * solver.outliers(30, family).length; // 1 (and 0 for 'teacher-1' or 'teacher-perp')
 */
export type SpikeFamily = 'teacher-1' | 'teacher-perp' | 'student';

/**
 * One outlier below the bulk.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const outliers: MatrixOutlier[] = solver.outliers(30, 'student');
 * // [{ family: 'student', branch: 0, lambda: -4.9966…, m2: 0.50204…, multiplicity: 1, … }]
 */
export interface MatrixOutlier {
  /** Which planted directions: teacher along `1`, teacher on its complement, or the student's own. */
  readonly family: SpikeFamily;
  /** Index of the eigenvalue branch of K (0 = bottom); always 0 for teacher families. */
  readonly branch: number;
  /** Outlier eigenvalue `λ*`. */
  readonly lambda: number;
  /** Trace of the resolvent at `λ*`. */
  readonly g: number;
  /** Squared overlap of each eigenvector with the planted subspace of the family. */
  readonly m2: number;
  /** Degeneracy within the family's p×p (teacher: per teacher unit) or p²×p² matrix. */
  readonly multiplicity: number;
}

/**
 * The BBP threshold of one family.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const t: MatrixThreshold = solver.threshold('student');
 * // { family: 'student', alphaBBP: 14.916…, transition: 'continuous', edge: -3.1337…, … }
 */
export interface MatrixThreshold {
  /** The family whose outlier appears. */
  readonly family: SpikeFamily;
  /** Smallest α at which its outlier leaves the bulk. */
  readonly alphaBBP: number;
  /** Edge kind at `α_BBP` (sharp: continuous transition; smooth: discontinuous). */
  readonly transition: 'continuous' | 'discontinuous';
  /** Left edge (= λ*) at α_BBP. */
  readonly edge: number;
  /** Passes over the nodes spent. */
  readonly evaluations: number;
}

/**
 * A solver bound to a {@link MatrixVertexLaw}.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * const s: MatrixSpectralSolver = solver;
 * s.gSing; // -1.2990… = 1/c_min
 * s.sigma(30, -0.04, -0.055); // [σ₁, σ⊥] = [5.179…, -1.957…]
 */
export interface MatrixSpectralSolver {
  /** The law the solver is bound to. */
  readonly law: MatrixVertexLaw;
  /** `1/c_min`, the end of the real domain of the resolvent. */
  readonly gSing: number;
  /** The self-energy `Σ = α E[A(I − GA)⁻¹]` at `G = g₁P₁ + g⊥P⊥`: `[σ₁, σ⊥]`. */
  sigma(alpha: number, g1: number, gPerp: number): [number, number];
  /** The branch point at trace `g` (throws `NotFound` outside the domain). */
  branch(alpha: number, g: number): BranchPoint;
  /** The resolvent below the spectrum: the branch point with `λ(g) = lambda` (throws above the edge). */
  resolvent(alpha: number, lambda: number): BranchPoint;
  /** The left edge of the bulk at `α`. */
  edge(alpha: number): MatrixEdge;
  /** Outliers of a family below the edge, bottom first (empty when none). */
  outliers(alpha: number, family: SpikeFamily): MatrixOutlier[];
  /**
   * `α_BBP` of a family: Brent on `α ↦ λ_-(α) − μ₀(λ_-(α))` after doubling from `lo` (default 0.5) up to
   * `hi` (default 1e6); `NotFound` when no outlier appears below `hi`.
   */
  threshold(family: SpikeFamily, range?: { readonly lo?: number; readonly hi?: number }): MatrixThreshold;
  /** Number of passes over the nodes so far. */
  readonly evaluations: () => number;
}

/** The 10 sums of one pass: E and E[s·] of x₁₁, x⊥(tr X − x₁₁), T₁₁, T₁⊥, T⊥⊥. */
interface Sums {
  x1: number; xp: number; t11: number; t1p: number; tpp: number;
  sx1: number; sxp: number; st11: number; st1p: number; stpp: number;
}

/**
 * Bind the solvers to a law.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law());
 * solver.edge(30).lambda; // -4.7630…
 * solver.outliers(30, 'student')[0]?.m2; // 0.50204…
 */
export function createMatrixSolver(law: MatrixVertexLaw): MatrixSpectralSolver {
  const { p, size, weight, signal, eigen, projection } = law;
  if (!(law.cMin > -Infinity)) fail(invalidArgument('law.cMin', law.cMin, 'a finite infimum (no finite left edge otherwise)'));
  const gSing = law.cMin < 0 ? 1 / law.cMin : -Infinity;
  const q = Math.max(1, p - 1);
  let passes = 0;
  const S: Sums = { x1: 0, xp: 0, t11: 0, t1p: 0, tpp: 0, sx1: 0, sxp: 0, st11: 0, st1p: 0, stpp: 0 };

  const pass = (g1: number, gp: number): Sums => {
    passes++;
    const delta = g1 - gp;
    let x1 = 0, xp = 0, t11 = 0, t1p = 0, tpp = 0, sx1 = 0, sxp = 0, st11 = 0, st1p = 0, stpp = 0;
    for (let i = 0; i < size; i++) {
      let trB = 0, trB2 = 0, b0 = 0, b1 = 0, b2 = 0;
      const o = i * p;
      for (let j = 0; j < p; j++) {
        const c = eigen[o + j]!;
        const beta = c / (1 - gp * c);
        const a = projection[o + j]!;
        const b2j = beta * beta;
        trB += beta;
        trB2 += b2j;
        b0 += a * beta;
        b1 += a * b2j;
        b2 += a * b2j * beta;
      }
      const r = 1 / (1 - delta * b0);
      const kappa = delta * r;
      const e11 = b0 * r;
      const trX = trB + kappa * b1;
      const ex2 = b1 * r * r;
      const trX2 = trB2 + 2 * kappa * b2 + kappa * kappa * b1 * b1;
      const T11 = e11 * e11;
      const T1p = ex2 - T11;
      const Tpp = trX2 - 2 * ex2 + T11;
      const w = weight[i]!;
      const ws = w * signal[i]!;
      const xpi = trX - e11;
      x1 += w * e11; xp += w * xpi; t11 += w * T11; t1p += w * T1p; tpp += w * Tpp;
      sx1 += ws * e11; sxp += ws * xpi; st11 += ws * T11; st1p += ws * T1p; stpp += ws * Tpp;
    }
    S.x1 = x1; S.xp = xp / q; S.t11 = t11; S.t1p = t1p; S.tpp = tpp / q;
    S.sx1 = sx1; S.sxp = sxp / q; S.st11 = st11; S.st1p = st1p; S.stpp = stpp / q;
    return S;
  };

  const sigma = (alpha: number, g1: number, gPerp: number): [number, number] => {
    const s = pass(g1, gPerp);
    return [alpha * s.x1, alpha * s.xp];
  };

  /** λ₁ − λ⊥ and its δ-derivative at trace g; also the Jacobian pieces. */
  const inDomain = (g1: number, gp: number): boolean => g1 < 0 && gp < 0 && g1 > gSing && gp > gSing;

  interface Local { g1: number; gp: number; l1: number; lp: number; J11: number; J1p: number; Jp1: number; Jpp: number; s: Sums }
  const local = (alpha: number, g1: number, gp: number): Local => {
    const s = pass(g1, gp);
    const l1 = 1 / g1 + alpha * s.x1;
    const lp = 1 / gp + alpha * s.xp;
    const J11 = -1 / (g1 * g1) + alpha * s.t11;
    const J1p = alpha * s.t1p;
    const Jp1 = (alpha * s.t1p) / q;
    const Jpp = -1 / (gp * gp) + alpha * s.tpp;
    return { g1, gp, l1, lp, J11, J1p, Jp1, Jpp, s };
  };

  /** Solve λ₁ = λ⊥ for δ at trace g by safeguarded Newton from `delta0`; null when it leaves the domain. */
  const solveDelta = (alpha: number, g: number, delta0: number): Local | null => {
    if (p === 1) return inDomain(g, g) ? local(alpha, g, g) : null;
    const c1 = (p - 1) / p;
    const cp = -1 / p;
    let delta = delta0;
    let L: Local | null = null;
    for (let it = 0; it < 60; it++) {
      let g1 = g + c1 * delta;
      let gp = g + cp * delta;
      let shrink = 0;
      while (!inDomain(g1, gp) && shrink < 60 && L !== null) {
        // step back toward the last good point
        delta = 0.5 * (delta + (L.g1 - L.gp));
        g1 = g + c1 * delta;
        gp = g + cp * delta;
        shrink++;
      }
      if (!inDomain(g1, gp)) return null;
      L = local(alpha, g1, gp);
      const F = L.l1 - L.lp;
      const dF = (L.J11 - L.Jp1) * c1 + (L.J1p - L.Jpp) * cp;
      const step = F / dF;
      if (!Number.isFinite(step)) return null;
      delta -= step;
      // Newton converges quadratically: a step this small leaves an error far below rounding
      if (Math.abs(step) <= 1e-9 * Math.abs(g)) return L;
    }
    return L !== null && Math.abs(L.l1 - L.lp) <= 1e-10 * Math.max(1, Math.abs(L.l1)) ? L : null;
  };

  const point = (L: Local): BranchPoint => {
    const det = L.J11 * L.Jpp - L.J1p * L.Jp1;
    let dg1: number, dgp: number;
    if (p === 1) {
      dg1 = 1 / L.J11;
      dgp = dg1;
    } else {
      dg1 = (L.Jpp - L.J1p) / det;
      dgp = (L.J11 - L.Jp1) / det;
    }
    const dgdl = (dg1 + (p - 1) * dgp) / p;
    const lambda = p === 1 ? L.l1 : (L.l1 + (p - 1) * L.lp) / p;
    return {
      g: (L.g1 + (p - 1) * L.gp) / p, g1: L.g1, gPerp: L.gp, lambda,
      sigma1: L.l1 - 1 / L.g1, sigmaPerp: L.lp - 1 / L.gp, dg1, dgPerp: dgp, dLambda: 1 / dgdl,
    };
  };

  /** dλ/dg along the branch, as det J/(wᵀ adj J 1): finite through the fold. */
  const slope = (L: Local): number => {
    if (p === 1) return L.J11;
    const det = L.J11 * L.Jpp - L.J1p * L.Jp1;
    const den = ((L.Jpp - L.J1p) + (p - 1) * (L.J11 - L.Jp1)) / p;
    return det / den;
  };

  // Cached scan of the branch per α.
  interface Scan { alpha: number; g: number[]; delta: number[]; slope: number[]; boundary: boolean }
  let scanCache: Scan | null = null;
  const grid = (): number[] => {
    const v: number[] = [];
    if (Number.isFinite(gSing)) {
      const linear = 32;
      for (let j = 24; j >= 1; j--) v.push((gSing / linear) * 2 ** -j);
      for (let k = 1; k < linear; k++) v.push(gSing * (k / linear));
      for (let j = 0; j <= 40; j++) v.push(gSing * (1 - 2 ** -j / linear));
    } else {
      for (let s = -12; s <= 12; s += 0.25) v.push(-Math.exp(s));
    }
    return v;
  };
  const scan = (alpha: number): Scan => {
    if (scanCache !== null && scanCache.alpha === alpha) return scanCache;
    const gs: number[] = [];
    const ds: number[] = [];
    const sl: number[] = [];
    let delta = 0;
    let boundary = false;
    for (const g of grid()) {
      const L = solveDelta(alpha, g, delta);
      if (L === null) {
        boundary = true;
        break;
      }
      delta = L.g1 - L.gp;
      gs.push(g);
      ds.push(delta);
      const s = slope(L);
      sl.push(s);
      if (s >= 0) break;
    }
    scanCache = { alpha, g: gs, delta: ds, slope: sl, boundary };
    return scanCache;
  };
  const deltaGuess = (sc: Scan, g: number): number => {
    const n = sc.g.length;
    if (n === 0) return 0;
    for (let k = 1; k < n; k++) {
      const a = sc.g[k - 1]!;
      const b = sc.g[k]!;
      if ((g <= a && g >= b) || (g >= a && g <= b)) {
        const t = (g - a) / (b - a);
        return sc.delta[k - 1]! + t * (sc.delta[k]! - sc.delta[k - 1]!);
      }
    }
    return Math.abs(g) < Math.abs(sc.g[0]!) ? sc.delta[0]! * (g / sc.g[0]!) : sc.delta[n - 1]!;
  };
  const solveAt = (alpha: number, g: number): Local => {
    const L = solveDelta(alpha, g, deltaGuess(scan(alpha), g));
    if (L === null) fail(notFound('resolvent branch', `no solution at trace g = ${g}, alpha = ${alpha} (outside the domain g₁, g⊥ > g_sing = ${gSing})`));
    return L;
  };

  const branch = (alpha: number, g: number): BranchPoint => point(solveAt(alpha, g));

  /** The point of the branch on the boundary of the box: g₁ = g_sing or g⊥ = g_sing, nearest to `from`. */
  const boundaryPoint = (alpha: number, from: Local): Local | null => {
    if (p === 1) return local(alpha, gSing, gSing);
    const candidates: Local[] = [];
    for (const side of [0, 1]) {
      // side 0: g₁ = g_sing, unknown g⊥; side 1: g⊥ = g_sing, unknown g₁
      let x = side === 0 ? Math.max(from.gp, gSing) : Math.max(from.g1, gSing);
      let ok = false;
      let L: Local | null = null;
      for (let it = 0; it < 80; it++) {
        const g1 = side === 0 ? gSing : x;
        const gp = side === 0 ? x : gSing;
        if (!(x < 0 && x >= gSing)) break;
        L = local(alpha, g1, gp);
        const F = L.l1 - L.lp;
        const dF = side === 0 ? L.J1p - L.Jpp : L.J11 - L.Jp1;
        let step = F / dF;
        if (!Number.isFinite(step)) break;
        let next = x - step;
        while (!(next < 0 && next >= gSing) && Math.abs(step) > 1e-300) {
          step /= 2;
          next = x - step;
        }
        x = next;
        if (Math.abs(step) <= 1e-14 * Math.abs(x)) {
          ok = true;
          break;
        }
      }
      if (ok && L !== null) candidates.push(L);
    }
    if (candidates.length === 0) return null;
    const trace = (L: Local): number => (L.g1 + (p - 1) * L.gp) / p;
    // the branch meets the box first where its trace is largest (closest to the last good point)
    candidates.sort((a, b) => trace(b) - trace(a));
    return candidates[0]!;
  };

  const edgeCache = new Map<number, MatrixEdge>();
  const edgeLocals = new Map<number, Local>();
  const edgeLocal = (alpha: number): Local => {
    edge(alpha);
    return edgeLocals.get(alpha)!;
  };
  const edge = (alpha: number): MatrixEdge => {
    const hit = edgeCache.get(alpha);
    if (hit && edgeLocals.has(alpha)) return hit;
    if (!(alpha > 0)) fail(invalidArgument('alpha', alpha, 'a positive number'));
    const sc = scan(alpha);
    const n = sc.g.length;
    if (n === 0) fail(notFound('left edge', `the branch leaves the domain immediately (alpha = ${alpha})`));
    let result: MatrixEdge;
    let at: Local;
    if (sc.slope[n - 1]! >= 0) {
      const lo = sc.g[n - 1]!;
      const hi = n > 1 ? sc.g[n - 2]! : lo / 2 ** 20;
      const root = brent((x) => slope(solveAt(alpha, x)), lo, hi, { rtol: 1e-14 });
      at = solveAt(alpha, root.root);
      result = { ...point(at), kind: 'sharp' };
    } else {
      if (!Number.isFinite(gSing)) fail(notFound('left edge', `dλ/dg has no root for g < 0 at alpha = ${alpha}`));
      // The branch leaves the domain: one of g₁, g⊥ reaches g_sing. Solve λ₁ = λ⊥ on that side of the box.
      const lastGood = solveAt(alpha, sc.g[n - 1]!);
      const hit = boundaryPoint(alpha, lastGood);
      if (hit === null) fail(notFound('left edge', `the branch leaves the domain at alpha = ${alpha} but no boundary point solves λ₁ = λ⊥`));
      if (slope(hit) >= 0) {
        // the fold lies between the last grid point and the boundary: sharp after all
        const gb = (hit.g1 + (p - 1) * hit.gp) / p;
        const root = brent((x) => slope(solveAt(alpha, x)), gb, sc.g[n - 1]!, { rtol: 1e-14 });
        at = solveAt(alpha, root.root);
        result = { ...point(at), kind: 'sharp' };
      } else {
        at = hit;
        result = { ...point(hit), kind: 'smooth' };
      }
    }
    edgeCache.set(alpha, result);
    edgeLocals.set(alpha, at);
    if (edgeCache.size > 64) {
      const k = edgeCache.keys().next().value as number;
      edgeCache.delete(k);
      edgeLocals.delete(k);
    }
    return result;
  };

  const resolvent = (alpha: number, lambda: number): BranchPoint => {
    const e = edge(alpha);
    if (!(lambda < e.lambda)) fail(invalidArgument('lambda', lambda, `a value below the left edge ${e.lambda}`));
    const f = (g: number): number => point(solveAt(alpha, g)).lambda - lambda;
    let hi = e.g / 2;
    while (f(hi) > 0) hi /= 2;
    return point(solveAt(alpha, brent(f, e.g, hi, { rtol: 1e-15 }).root));
  };

  // ---- spikes -------------------------------------------------------------------------------------
  const perms = permutations(p);

  /** Student family: K (p²×p²) and K' at the branch point (both α-scaled), group-averaged. */
  const studentK = (alpha: number, L: Local, bp: BranchPoint): { K: Float64Array; dK: Float64Array } => {
    passes++;
    const pp = p * p;
    const n2 = pp;
    const K = new Float64Array(n2 * n2);
    const dK = new Float64Array(n2 * n2);
    const G = new Float64Array(pp);
    const Gd = new Float64Array(pp);
    for (let l = 0; l < p; l++) {
      for (let m = 0; m < p; m++) {
        const j = (l === m ? 1 : 0);
        G[l * p + m] = L.gp * j + (L.g1 - L.gp) / p;
        Gd[l * p + m] = bp.dgPerp * j + (bp.dg1 - bp.dgPerp) / p;
      }
    }
    const M = new Float64Array(pp);
    const X = new Float64Array(pp);
    const XGX = new Float64Array(pp);
    const tmp = new Float64Array(pp);
    for (let i = 0; i < size; i++) {
      const A = law.matrix.subarray(i * pp, (i + 1) * pp);
      resolventTerm(p, G, A, M, X);
      // XGX = X G' X
      for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += Gd[r * p + k]! * X[k * p + c]!;
        tmp[r * p + c] = s;
      }
      for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += X[r * p + k]! * tmp[k * p + c]!;
        XGX[r * p + c] = s;
      }
      const w = alpha * weight[i]!;
      const z = law.z.subarray(i * p, (i + 1) * p);
      for (let m = 0; m < p; m++) for (let mp = 0; mp < p; mp++) {
        const zz = w * z[m]! * z[mp]!;
        for (let l = 0; l < p; l++) for (let lp = 0; lp < p; lp++) {
          const idx = (m * p + l) * n2 + (mp * p + lp);
          K[idx] = K[idx]! + zz * X[l * p + lp]!;
          dK[idx] = dK[idx]! + zz * XGX[l * p + lp]!;
        }
      }
    }
    if (law.symmetrized) return { K: groupAverage(p, perms, K), dK: groupAverage(p, perms, dK) };
    return { K, dK };
  };

  /** Eigenvalues (ascending) of K and the overlaps uᵀK'u of its eigenvectors, at trace g. */
  const spectrumAt = (alpha: number, family: SpikeFamily, L: Local): { lambda: number; mu: number[]; du: number[]; bp: BranchPoint } => {
    const bp = point(L);
    if (family === 'student') {
      const { K, dK } = studentK(alpha, L, bp);
      const n2 = p * p;
      const eig = symmetricEigen(K, n2, { vectors: true });
      const vec = eig.vectors!;
      const du: number[] = [];
      for (let j = 0; j < n2; j++) {
        const u = vec.subarray(j * n2, (j + 1) * n2);
        let s = 0;
        for (let r = 0; r < n2; r++) {
          let t = 0;
          for (let c = 0; c < n2; c++) t += dK[r * n2 + c]! * u[c]!;
          s += u[r]! * t;
        }
        du.push(s);
      }
      return { lambda: bp.lambda, mu: Array.from(eig.values), du, bp };
    }
    const s = L.s;
    if (family === 'teacher-1') {
      return { lambda: bp.lambda, mu: [alpha * s.sx1], du: [alpha * (bp.dg1 * s.st11 + bp.dgPerp * s.st1p)], bp };
    }
    if (p === 1) fail(invalidArgument('family', family, 'teacher-1 or student for p = 1 (no complement of 1)'));
    return { lambda: bp.lambda, mu: [alpha * s.sxp], du: [alpha * (bp.dg1 * s.st1p / q + bp.dgPerp * s.stpp)], bp };
  };

  const outliers = (alpha: number, family: SpikeFamily): MatrixOutlier[] => {
    const e = edge(alpha);
    const at = spectrumAt(alpha, family, edgeLocal(alpha));
    const found: MatrixOutlier[] = [];
    for (let i = 0; i < at.mu.length; i++) {
      if (!(e.lambda - at.mu[i]! > 0)) continue;
      const Q = (g: number): number => {
        const s = spectrumAt(alpha, family, solveAt(alpha, g));
        return s.lambda - s.mu[i]!;
      };
      let hi = e.g / 2;
      let guard = 0;
      while (Q(hi) > 0 && guard++ < 60) hi /= 2;
      const Qe = e.lambda - at.mu[i]!;
      const root = brent((g) => (g === e.g ? Qe : Q(g)), e.g, hi, { rtol: 1e-14 }).root;
      const s = root === e.g ? at : spectrumAt(alpha, family, solveAt(alpha, root));
      let mult = 0;
      const tol = 1e-7 * Math.max(1, Math.abs(s.mu[i]!));
      for (const m of s.mu) if (Math.abs(m - s.mu[i]!) <= tol) mult++;
      const first = s.mu.findIndex((m) => Math.abs(m - s.mu[i]!) <= tol);
      if (first !== i) continue; // report a degenerate group once
      found.push({ family, branch: i, lambda: s.bp.lambda, g: root, m2: 1 / (1 - s.du[i]!), multiplicity: mult });
    }
    return found.sort((a, b) => a.lambda - b.lambda);
  };

  const threshold = (family: SpikeFamily, range: { readonly lo?: number; readonly hi?: number } = {}): MatrixThreshold => {
    const before = passes;
    const phi = (alpha: number): number => {
      const e = edge(alpha);
      const s = spectrumAt(alpha, family, edgeLocal(alpha));
      return e.lambda - s.mu[0]!;
    };
    let lo = range.lo ?? 0.5;
    let hi = 2 * lo;
    let fl = phi(lo);
    if (fl > 0) {
      // go down
      let guard = 0;
      while (fl > 0 && guard++ < 40) {
        hi = lo;
        lo /= 2;
        fl = phi(lo);
      }
      if (fl > 0) fail(notFound('BBP transition', `an outlier of ${family} exists down to alpha = ${lo}`));
    } else {
      let fh = phi(hi);
      let guard = 0;
      const cap = range.hi ?? 1e6;
      while (!(fh > 0) && guard++ < 40 && hi < cap) {
        lo = hi;
        hi *= 2;
        fh = phi(hi);
      }
      if (!(fh > 0)) fail(notFound('BBP transition', `no outlier of ${family} up to alpha = ${hi}`));
    }
    const root = brent(phi, lo, hi, { rtol: 1e-13 });
    const alphaBBP = root.root;
    const e = edge(alphaBBP);
    return { family, alphaBBP, transition: e.kind === 'sharp' ? 'continuous' : 'discontinuous', edge: e.lambda, evaluations: passes - before };
  };

  return { law, gSing, sigma, branch, resolvent, edge, outliers, threshold, evaluations: () => passes };
}

/** All permutations of 0..p−1. */
function permutations(p: number): Int32Array[] {
  const out: Int32Array[] = [];
  const cur = new Int32Array(p);
  const used = new Array<boolean>(p).fill(false);
  const rec = (k: number): void => {
    if (k === p) {
      out.push(Int32Array.from(cur));
      return;
    }
    for (let i = 0; i < p; i++) {
      if (used[i]) continue;
      used[i] = true;
      cur[k] = i;
      rec(k + 1);
      used[i] = false;
    }
  };
  rec(0);
  return out;
}

/** Average of (Pπ ⊗ Pπ) K (Pπ ⊗ Pπ)ᵀ over the symmetric group (index (m, l) ↦ m·p + l). */
function groupAverage(p: number, perms: readonly Int32Array[], K: Float64Array): Float64Array {
  const n2 = p * p;
  const out = new Float64Array(n2 * n2);
  const map = new Int32Array(n2);
  for (const pi of perms) {
    for (let m = 0; m < p; m++) for (let l = 0; l < p; l++) map[m * p + l] = pi[m]! * p + pi[l]!;
    for (let r = 0; r < n2; r++) for (let c = 0; c < n2; c++) {
      const idx = map[r]! * n2 + map[c]!;
      out[idx] = out[idx]! + K[r * n2 + c]! / perms.length;
    }
  }
  return out;
}
