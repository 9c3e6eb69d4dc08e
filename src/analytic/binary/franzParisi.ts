/**
 * The Franz–Parisi free entropy of the binary perceptron's storage problem (THEORY §9): the entropy of the
 * solutions of margin `κ` at overlap `S = 1 − 2d` with a typical solution (the reference) of margin `κ̃`,
 *
 *     φ_FP = extr_{q, q̂, t, t̂, Ŝ} [ −Ŝ S + t̂ t + ½ q̂ q − ½ q̂ + ∫Dz̃ (1 + tanh g̃) ∫Dz log 2cosh(g + Ŝ − t̂) + α G_E^FP ].
 *
 * The saddle-point equations are compiled by hand, on quadrature that stays accurate as `d → 0`; the same
 * `φ_FP` is stated in the DSL (`franzParisiDsl.ts`), and its symbolically differentiated equations vanish at
 * this solver's saddle points (test/analytic/binary/franzParisiDsl.test.ts). By Gaussian integration by parts:
 *
 *     S = E[(1 + tanh g̃) tanh X],  q = E[(1 + tanh g̃) tanh² X],  t = E[(1 + tanh g̃) tanh g̃ tanh X]   (X = g + Ŝ − t̂)
 *     q̂ = −2α ∂G_E/∂q = α/(1 − q) E[(G/H)²],  t̂ = −α ∂G_E/∂t = α/(√(1 − q̃)√(1 − q)) E_{z₀}[G/H(u₀) ⟨G/H⟩]
 *
 * (integrals in `franzParisiIntegrals.ts`). They are solved as a fixed point of `(log(1 − q), t)`: the
 * energetic moments give `(q̂, t̂)`, then `Ŝ` is the root of `1 − S(Ŝ) = 2d` (safeguarded Newton, monotone),
 * then the entropic moments give the new `(1 − q, t)`; Newton with a finite-difference Jacobian from the
 * start, damped iteration as the fallback ({@link solveFixedPoint}).
 *
 * Checks (test/analytic/binary): at `κ = κ̃` and `S = q̃` the saddle point is `q = t = q̃`, `q̂ = t̂ = Ŝ = q̂̃` and
 * `φ_FP = φ(α, κ)`; the slope `dφ_FP/dd = 2Ŝ − 2α ∂G_E/∂S` (envelope theorem; `S` also enters `G_E` through the
 * reference's edge) equals the numerical derivative, which a wrong saddle equation would break; the maximum
 * of `φ_FP` over `d` is `φ(α, κ)`; `φ_FP` never exceeds the binary entropy of `d`.
 *
 * Plain-number internal functions (they throw `BbpFailure` for bad input); the `Either` facade is
 * `src/localEntropy.ts`.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { solveFixedPoint } from '../../numeric/replica/fixedPoint.js';
import {
  DEFAULT_FP_QUADRATURE,
  FranzParisiIntegrator,
  type FpEnergetic,
  type FpEntropic,
  type FpParameters,
  type FranzParisiQuadrature,
} from './franzParisiIntegrals.js';
import { checkMargin, checkPositive } from './validate.js';

/**
 * The reference: a typical solution of the storage problem at margin `κ̃`, through its replica-symmetric
 * saddle point.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * const ref: FranzParisiReference = { q: 0.2794, qHat: 0.3986 };
 */
export interface FranzParisiReference {
  /** Overlap `q̃` of two references. */
  readonly q: number;
  /** Its conjugate `q̂̃`. */
  readonly qHat: number;
}

/**
 * One Franz–Parisi saddle point: `φ_FP(d; κ̃, κ)` and its order parameters.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * const p = orThrow(franzParisi({ alpha: 0.5, kappa: 0, kappaRef: 0, d: 0.1 })).points[0]!;
 * [p.d, p.phi, p.converged];
 */
export interface FranzParisiPoint {
  /** Hamming distance `d` to the reference (fraction of flipped weights). */
  readonly d: number;
  /** Overlap `S = 1 − 2d`. */
  readonly s: number;
  /** The local (Franz–Parisi) free entropy `φ_FP(d)`. */
  readonly phi: number;
  /** Its energetic part `G_E^FP` (multiplied by `α` in `phi`). */
  readonly energetic: number;
  /** `phi − α·energetic`. */
  readonly entropic: number;
  /** Overlap of two constrained solutions around the same reference. */
  readonly q: number;
  /** Its conjugate. */
  readonly qHat: number;
  /** Overlap of a constrained solution with the other references. */
  readonly t: number;
  /** Its conjugate. */
  readonly tHat: number;
  /** Conjugate of `S`. */
  readonly sHat: number;
  /**
   * The slope `dφ_FP/dd = 2Ŝ − 2α ∂G_E/∂S` (envelope theorem: `S` enters the energetic term through the
   * reference's edge as well as `−ŜS`); `phi` grows with `d` where it is positive.
   */
  readonly slope: number;
  /** Newton steps and damped iterations of the fixed point (`newtonSteps + iterations`). */
  readonly iterations: number;
  /** Evaluations of the fixed-point map (each: the energetic moments and a root `Ŝ`). */
  readonly evaluations: number;
  /** Final scaled fixed-point residual (NaN when the evaluation budget ran out). */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Whether the residual met the tolerance. */
  readonly converged: boolean;
  /** Why the solve stopped without converging (absent when it converged). */
  readonly failure?: string;
  /** Largest normalization error of the conditional densities' quadrature (a check of the `h` panels). */
  readonly quadratureNormalizationError: number;
}

/** Parameters of {@link solveFranzParisi}. @internal */
export interface FranzParisiParams {
  /** Load `α > 0`. */
  readonly alpha: number;
  /** Margin `κ ≥ 0` of the counted solutions. */
  readonly kappa: number;
  /** Margin `κ̃ ≥ 0` of the reference. */
  readonly kappaRef: number;
  /** Distance `d ∈ (0, ½]`. */
  readonly d: number;
  /** The reference's saddle point at `(α, κ̃)`. */
  readonly reference: FranzParisiReference;
}

/** A warm start: the order parameters of a nearby point. @internal */
export interface FranzParisiStart {
  readonly q: number;
  readonly t: number;
  readonly sHat: number;
}

/** Numerical options of {@link solveFranzParisi}. @internal */
export interface FranzParisiSolveOptions {
  /** Tolerance on the scaled fixed-point residual of `(log(1 − q), t)` (default 1e-11). */
  readonly tolerance?: number;
  /** Quadrature (default {@link DEFAULT_FP_QUADRATURE}). */
  readonly quadrature?: FranzParisiQuadrature;
  /** Warm start. */
  readonly start?: FranzParisiStart;
  /** Maximum damped iterations after Newton (default 60). */
  readonly maxIterations?: number;
  /** Maximum evaluations of the fixed-point map before giving up (default 150). */
  readonly maxEvaluations?: number;
  /** A reusable integrator for this quadrature (saves rebuilding rules). */
  readonly integrator?: FranzParisiIntegrator;
}

/** Thrown by the fixed-point map to stop the solve (caught in {@link solveFranzParisi}); `message` is the reason. */
class SolverAbort extends Error {}

const RUNAWAY = 'the saddle point runs to q -> 1 (no replica-symmetric solution at this distance)';

/** Check `d ∈ (0, ½]`. @internal */
export function checkDistance(parameter: string, d: number): void {
  if (typeof d !== 'number' || !(d > 0 && d <= 0.5)) fail(invalidArgument(parameter, d, 'a distance in (0, 0.5]'));
}

/** The default starting point at overlap `s` for a reference of overlap `qRef`: `B² ≥ 0` holds there. @internal */
export function defaultStart(s: number, qRef: number): FranzParisiStart {
  return s >= qRef ? { q: s, t: qRef, sHat: 0 } : { q: qRef, t: s, sHat: 0 };
}

/**
 * Solve the Franz–Parisi saddle point (internal, plain numbers; throws `InvalidArgument` for bad input and
 * reports non-convergence in `converged`).
 * @internal
 */
export function solveFranzParisi(params: FranzParisiParams, options: FranzParisiSolveOptions = {}): FranzParisiPoint {
  const { alpha, kappa, kappaRef, d, reference } = params;
  checkPositive('alpha', alpha);
  checkMargin('kappa', kappa);
  checkMargin('kappaRef', kappaRef);
  checkDistance('d', d);
  if (!(reference.q > 0 && reference.q < 1)) fail(invalidArgument('reference.q', reference.q, 'an overlap in (0, 1)'));
  if (!(reference.qHat > 0 && Number.isFinite(reference.qHat))) fail(invalidArgument('reference.qHat', reference.qHat, 'a positive finite number'));
  const tolerance = options.tolerance ?? 1e-11;
  const integ = options.integrator ?? new FranzParisiIntegrator(options.quadrature ?? DEFAULT_FP_QUADRATURE);
  const s = 1 - 2 * d;
  const qRef = reference.q;
  const qHatRef = reference.qHat;
  const p: FpParameters = { qRef, qHatRef, kappaRef, kappa, s };
  const s1qr = Math.sqrt(1 - qRef);
  const ene: FpEnergetic = { logH: 0, gh2: 0, cross: 0, edge: 0, normalizationError: 0 };
  const ent: FpEntropic = { rest: 0, lin: 0, norm: 0, oneMinusS: 0, oneMinusQ: 0, t: 0 };
  const feasible = (g: FranzParisiStart): boolean => {
    const a = (s - g.t) / s1qr;
    return g.q > 0 && g.q < 1 && g.q - (g.t * g.t) / qRef - a * a > 0;
  };
  const start = options.start !== undefined && feasible(options.start) ? options.start : defaultStart(s, qRef);
  const logTarget = Math.log(2 * d);
  let sHat = start.sHat;
  let qHat = NaN;
  let tHat = NaN;

  /** The root `Ŝ` of `log(1 − S(Ŝ)) = log 2d` (decreasing in Ŝ); leaves `ent` at the root. */
  const solveSHat = (): boolean => {
    let x = Number.isFinite(sHat) ? sHat : 0;
    let lo = -Infinity;
    let hi = Infinity;
    for (let it = 0; it < 200; it++) {
      integ.entropic(qHatRef, qHat, tHat, x, ent);
      const g = Math.log(ent.oneMinusS) - logTarget;
      if (Math.abs(g) < 1e-14) break;
      if (g > 0) lo = x;
      else hi = x;
      let nx = x + (g * ent.oneMinusS) / ent.oneMinusQ;
      if (!(nx > lo && nx < hi)) {
        if (Number.isFinite(lo) && Number.isFinite(hi)) nx = 0.5 * (lo + hi);
        else nx = g > 0 ? x + Math.max(1, Math.abs(x)) : x - Math.max(1, Math.abs(x));
      }
      if (Math.abs(nx - x) <= 1e-15 * (1 + Math.abs(x))) break;
      x = nx;
    }
    sHat = x;
    return Number.isFinite(x) && ent.oneMinusQ > 0;
  };

  const maxEvaluations = options.maxEvaluations ?? 150;
  let evaluations = 0;
  /** `(log(1 − q), t) → (log(1 − q'), t')`; NaN outside the domain (`B² < 0`, `q̂ < t̂²/q̂̃`). */
  const map = (x: Float64Array, out: Float64Array): void => {
    if (++evaluations > maxEvaluations) throw new SolverAbort(`evaluation budget of ${maxEvaluations} spent`);
    const c = Math.exp(x[0]!);
    const t = x[1]!;
    out[0] = NaN;
    out[1] = NaN;
    if (!(c > 0 && c < 1) || !Number.isFinite(t)) return;
    const q = 1 - c;
    const a = (s - t) / s1qr;
    const b2 = q - (t * t) / qRef - a * a;
    if (!(b2 >= -1e-13 * Math.max(c, 1e-300) - 1e-15)) return;
    integ.energetic(p, c, t, ene);
    qHat = (alpha * ene.gh2) / c;
    tHat = (alpha * ene.cross) / (s1qr * Math.sqrt(c));
    if (!(qHat - (tHat * tHat) / qHatRef >= -1e-12 * qHat) || !Number.isFinite(qHat)) return;
    if (!solveSHat()) return;
    // A saddle point running to q → 1 (1 − q ≪ d, q̂ → ∞): no replica-symmetric solution at this distance.
    if (ent.oneMinusQ < 1e-9 * d || qHat > 1e12) throw new SolverAbort(RUNAWAY);
    out[0] = Math.log(ent.oneMinusQ);
    out[1] = ent.t;
  };

  const x0 = Float64Array.of(Math.log(1 - start.q), start.t);
  let fp: { x: Float64Array; iterations: number; newtonSteps: number; residual: number; converged: boolean };
  let failure: string | undefined;
  try {
    fp = solveFixedPoint(map, x0, { tolerance, damping: 0.5, newtonBelow: Infinity, maxNewtonSteps: 40, maxIterations: options.maxIterations ?? 60 });
    if (!fp.converged) failure = `residual ${fp.residual} > tolerance ${tolerance}`;
  } catch (e) {
    if (!(e instanceof SolverAbort)) throw e;
    fp = { x: x0, iterations: 0, newtonSteps: 0, residual: NaN, converged: false };
    failure = e.message;
  }
  const evaluationsUsed = Math.min(evaluations, maxEvaluations);
  evaluations = -Infinity;
  // Re-evaluate at the final iterate so that every reported quantity belongs to it.
  const out = new Float64Array(2);
  try {
    map(fp.x, out);
  } catch (e) {
    if (!(e instanceof SolverAbort)) throw e;
  }
  const c = Math.exp(fp.x[0]!);
  const t = fp.x[1]!;
  const a = tHat / Math.sqrt(qHatRef);
  // φ = −ŜS + t̂t − ½q̂(1 − q) + I + αG_E with I = (Ŝ − t̂)·norm + a·lin + rest, regrouped so that no large
  // terms cancel as d → 0.
  const entropic = sHat * (ent.norm - 1 + 2 * d) - tHat * (ent.norm - t) + a * ent.lin - 0.5 * qHat * c + ent.rest;
  const phi = entropic + alpha * ene.logH;
  const slope = 2 * sHat - (2 * alpha * ene.edge) / (s1qr * Math.sqrt(c));
  const converged = fp.converged && Number.isFinite(out[0]!) && Number.isFinite(phi);
  if (!converged && failure === undefined) failure = 'the saddle point left the domain of the equations';
  return {
    d,
    s,
    phi,
    energetic: ene.logH,
    entropic,
    q: 1 - c,
    qHat,
    t,
    tHat,
    sHat,
    slope,
    iterations: fp.iterations + fp.newtonSteps,
    evaluations: evaluationsUsed,
    residual: fp.residual,
    tolerance,
    converged,
    ...(failure === undefined ? {} : { failure }),
    quadratureNormalizationError: ene.normalizationError,
  };
}
