/**
 * One-pass SGD dynamics of the teacher–student networks (THEORY §8): the high-dimensional ODEs of the order
 * parameters `Q`, `R` derived from the model (Wick's theorem for polynomial activations, the closed matrix
 * form for the quadratic network, quadrature otherwise), their integration, and the analyses of the seed
 * study: the zero-error manifold and the closest solution, the plateau, the escape time and the optimal
 * learning rate, and the population-risk landscape.
 *
 * Matrices in results are row-major flat arrays: `Q` p×p, `R` p×p*.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Activation } from './dsl/activation.js';
import { square } from './dsl/activation.js';
import type { Model } from './dsl/model.js';
import { printExpr } from './dsl/print.js';
import { attempt, fail, invalidArgument, notFound, type BbpError } from './errors.js';
import type { OrderParameters } from './analytic/sgd/orderParameters.js';
import { sgdDynamics, sgdEquationExprs, sgdPolynomials, polynomialCoefficients, type SgdDynamics } from './analytic/sgd/equations.js';
import type { QuadratureDynamics, SgdQuadratureOptions } from './analytic/sgd/quadrature.js';
import {
  explicitLandscapeCounts, landscapeCounts, plateauClosedForm, polarFactor, solutionFromPolar, type SgdLandscapePoint,
} from './analytic/sgd/analysis.js';
import { solveOde, type OdeEvent, type OdeStats } from './numeric/ode/dormandPrince.js';
import { symmetricEigen } from './numeric/linalg/symmetricEigen.js';
import { createRng } from './numeric/random.js';
import { meanAndStandardError } from './numeric/statistics.js';

export type { OrderParameters } from './analytic/sgd/orderParameters.js';
export type { SgdQuadratureOptions } from './analytic/sgd/quadrature.js';
export type { SgdLandscapePoint } from './analytic/sgd/analysis.js';
export { solveOde, type OdeEvent, type OdeEventHit, type OdeOptions, type OdeResult, type OdeRhs, type OdeStats } from './numeric/ode/dormandPrince.js';

/**
 * The networks SGD trains: student width `p` and teacher width `pstar`, activations (default `z²`, the
 * quadratic network). The loss is always `½(ŷ − y)²` (THEORY §8).
 * @category SGD
 * @since 0.2.0
 * @example
 * const m: SgdModel = { p: 3, pstar: 2, student: activations.cube, teacher: activations.square };
 */
export interface SgdModel {
  /** Student width, a positive integer. */
  readonly p: number;
  /** Teacher width, a positive integer. */
  readonly pstar: number;
  /** Student activation (default `activations.square`). */
  readonly student?: Activation;
  /** Teacher activation (default `activations.square`). */
  readonly teacher?: Activation;
}

/**
 * An {@link SgdModel}, or a DSL `Model` whose networks are used (its loss is not: SGD minimizes `½(ŷ − y)²`).
 * @category SGD
 * @since 0.2.0
 * @example
 * const m: SgdModelInput = { p: 2, pstar: 1 };
 */
export type SgdModelInput = SgdModel | Model;

interface Resolved {
  readonly p: number;
  readonly pstar: number;
  readonly student: Activation;
  readonly teacher: Activation;
}

const positiveInteger = (name: string, v: unknown): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fail(invalidArgument(name, v, 'a positive integer'));

function resolve(input: SgdModelInput): Resolved {
  if (input === null || typeof input !== 'object') return fail(invalidArgument('model', input, '{ p, pstar, student?, teacher? } or a DSL model'));
  if ('_tag' in input && input._tag === 'Model') {
    return {
      p: positiveInteger('student.width', input.student.width),
      pstar: positiveInteger('teacher.width', input.teacher.width),
      student: input.student.activation,
      teacher: input.teacher.activation,
    };
  }
  const m = input as SgdModel;
  return { p: positiveInteger('p', m.p), pstar: positiveInteger('pstar', m.pstar), student: m.student ?? square, teacher: m.teacher ?? square };
}

function dynamicsOf(m: Resolved, quadrature?: SgdQuadratureOptions): SgdDynamics {
  const d = sgdDynamics(m.p, m.pstar, m.student, m.teacher, quadrature);
  return E.isLeft(d) ? fail(d.left) : d.right;
}

/** The smallest eigenvalue of a symmetric n×n matrix. */
const smallestEigenvalue = (a: Float64Array, n: number): number => symmetricEigen(a, n).values[0]!;

const matrixText = (a: ArrayLike<number>, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => a[i * cols + j]!));

/**
 * Check `Q` (p×p symmetric, positive definite — or semi-definite with `semiDefinite`), `R` (p×p*) and that
 * `[[Q, R], [Rᵀ, I]]` is a covariance.
 */
function checkInitial(p: number, pstar: number, x: OrderParameters, semiDefinite = false): void {
  if (x === null || typeof x !== 'object') fail(invalidArgument('initial', x, '{ p, pstar, Q, R }'));
  if (x.p !== p || x.pstar !== pstar) fail(invalidArgument('initial', { p: x.p, pstar: x.pstar }, `order parameters of p = ${p}, pstar = ${pstar}`));
  if (!(x.Q instanceof Float64Array) || x.Q.length !== p * p) fail(invalidArgument('Q(0)', x.Q === undefined ? undefined : Array.from(x.Q), `a ${p}×${p} matrix`));
  if (!(x.R instanceof Float64Array) || x.R.length !== p * pstar) {
    fail(invalidArgument('R(0)', x.R === undefined ? undefined : matrixText(x.R, Math.ceil(x.R.length / pstar), pstar), `a ${p}×${pstar} matrix (p×p*)`));
  }
  for (const v of [...x.Q, ...x.R]) if (!Number.isFinite(v)) fail(invalidArgument('initial', { Q: Array.from(x.Q), R: Array.from(x.R) }, 'finite entries'));
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) {
    if (Math.abs(x.Q[i * p + j]! - x.Q[j * p + i]!) > 1e-12 * (1 + Math.abs(x.Q[i * p + j]!))) fail(invalidArgument('Q(0)', matrixText(x.Q, p, p), 'a symmetric matrix'));
  }
  const qScale = Math.max(...x.Q.map(Math.abs));
  const qMin = smallestEigenvalue(x.Q, p);
  if (semiDefinite ? !(qMin >= -1e-10 * qScale) : !(qMin > 0)) {
    fail(invalidArgument('Q(0)', matrixText(x.Q, p, p), semiDefinite ? 'a positive semi-definite matrix' : 'a positive definite matrix'));
  }
  const schur = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let v = x.Q[i * p + j]!;
    for (let k = 0; k < pstar; k++) v -= x.R[i * pstar + k]! * x.R[j * pstar + k]!;
    schur[i * p + j] = v;
  }
  if (!(smallestEigenvalue(schur, p) >= -1e-10 * qScale)) {
    fail(invalidArgument('R(0)', matrixText(x.R, p, pstar), 'overlaps realizable by weights with this Q(0): Q − R Rᵀ positive semi-definite'));
  }
}

/**
 * Initial order parameters: `Q(0) = q0·I` (or a given matrix) and `R(0)` given, or random with i.i.d.
 * `N(0, 1/N)` entries (the overlaps of random directions in dimension `n`) from `seed`.
 * @category SGD
 * @since 0.2.0
 * @example
 * const start = orThrow(sgdInitialCondition({ p: 3, pstar: 2, q0: 1, n: 1000, seed: 7 }));
 */
export interface SgdInitialConditionOptions {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** `Q(0) = q0·I` for a number, or the p×p matrix (nested rows); default 1. */
  readonly q0?: number | readonly (readonly number[])[];
  /** `R(0)` as p rows of p* numbers; when absent, random. */
  readonly r0?: readonly (readonly number[])[];
  /** Input dimension for the random `R(0)` (entries of variance 1/n); default 1000. */
  readonly n?: number;
  /** Seed of the random `R(0)` (default 1). */
  readonly seed?: number;
}

/**
 * Build and check initial order parameters (see {@link SgdInitialConditionOptions}). Errors name the field:
 * `Q(0)` not positive definite, `R(0)` of the wrong shape or not realizable with `Q(0)`.
 * @category SGD
 * @since 0.2.0
 * @example
 * const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, q0: 0.5, r0: [[0.01], [-0.02]] }));
 */
export function sgdInitialCondition(options: SgdInitialConditionOptions): E.Either<BbpError, OrderParameters> {
  return attempt(() => {
    const p = positiveInteger('p', options.p);
    const pstar = positiveInteger('pstar', options.pstar);
    const q0 = options.q0 ?? 1;
    let Q: Float64Array;
    if (typeof q0 === 'number') {
      if (!(q0 > 0 && Number.isFinite(q0))) fail(invalidArgument('q0', q0, 'a positive number (Q(0) = q0·I positive definite)'));
      Q = new Float64Array(p * p);
      for (let i = 0; i < p; i++) Q[i * p + i] = q0;
    } else {
      if (!Array.isArray(q0) || q0.length !== p || q0.some((row) => !Array.isArray(row) || row.length !== p)) {
        fail(invalidArgument('Q(0)', q0, `a ${p}×${p} matrix (p rows of p numbers)`));
      }
      Q = Float64Array.from(q0.flat());
    }
    let R: Float64Array;
    if (options.r0 !== undefined) {
      const r0 = options.r0;
      if (!Array.isArray(r0) || r0.length !== p || r0.some((row) => !Array.isArray(row) || row.length !== pstar)) {
        fail(invalidArgument('R(0)', r0, `a ${p}×${pstar} matrix (p = ${p} rows of p* = ${pstar} numbers)`));
      }
      R = Float64Array.from(r0.flat());
    } else {
      const n = options.n ?? 1000;
      if (!(Number.isFinite(n) && n >= 1)) fail(invalidArgument('n', n, 'a dimension ≥ 1'));
      const rng = createRng(options.seed ?? 1, 0);
      R = rng.fillNormal(new Float64Array(p * pstar)).map((x) => x / Math.sqrt(n));
    }
    const x: OrderParameters = { p, pstar, Q, R };
    checkInitial(p, pstar, x);
    return x;
  });
}

/**
 * The ODE equations of a model, printed: `risk`, `dQ` (p×p) and `dR` (p×p*) in the symbols `Q_ij`, `R_ik`,
 * `T_kl` and `eta`, derived by Wick's theorem (polynomial activations only).
 * @category SGD
 * @since 0.2.0
 * @example
 * const eqs = orThrow(sgdEquations({ p: 1, pstar: 1 }, 'text')); // eqs.risk: '1.5*Q_11^2 - …'
 */
export interface SgdEquations {
  /** The population risk `E[½(ŷ − y)²]`. */
  readonly risk: string;
  /** `dQ_ij/dt`, row-major p×p. */
  readonly dQ: readonly string[];
  /** `dR_ik/dt`, row-major p×p*. */
  readonly dR: readonly string[];
}

/**
 * Derive the SGD ODEs of a polynomial model by Wick's theorem and print them as text or LaTeX.
 * @category SGD
 * @since 0.2.0
 * @example
 * const eqs = orThrow(sgdEquations({ p: 2, pstar: 1, student: activations.cube }, 'latex'));
 */
export function sgdEquations(model: SgdModelInput, format: 'text' | 'latex' = 'text'): E.Either<BbpError, SgdEquations> {
  return attempt(() => {
    const m = resolve(model);
    const cs = polynomialCoefficients(m.student.expr);
    const ct = polynomialCoefficients(m.teacher.expr);
    if (cs === undefined) fail(invalidArgument('student.activation', m.student.name, 'a polynomial activation (the symbolic route is Wick’s theorem)'));
    if (ct === undefined) fail(invalidArgument('teacher.activation', m.teacher.name, 'a polynomial activation (the symbolic route is Wick’s theorem)'));
    const exprs = sgdEquationExprs(sgdPolynomials(m.p, m.pstar, cs!, ct!));
    const show = (e: Parameters<typeof printExpr>[0]): string => printExpr(e, format);
    return { risk: show(exprs.risk), dQ: exprs.dQ.map(show), dR: exprs.dR.map(show) };
  });
}

/**
 * The population risk `E[½(ŷ − y)²]` at given order parameters (exact for polynomial activations).
 * @category SGD
 * @since 0.2.0
 * @example
 * const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, q0: 1, n: 500, seed: 3 }));
 * orThrow(populationRisk({ p: 2, pstar: 1 }, start)); // ≈ 2 at Q = I, R ≈ 0
 */
export function populationRisk(model: SgdModelInput, at: OrderParameters, quadrature?: SgdQuadratureOptions): E.Either<BbpError, number> {
  return attempt(() => {
    const m = resolve(model);
    checkInitial(m.p, m.pstar, at, true);
    const y = new Float64Array(m.p * m.p + m.p * m.pstar);
    y.set(at.Q);
    y.set(at.R, m.p * m.p);
    return dynamicsOf(m, quadrature).risk(y);
  });
}

/**
 * The point of the zero-error manifold closest to the initialization, and the conserved quantity that
 * selects it (quadratic network, `p ≥ p*`).
 * @category SGD
 * @since 0.2.0
 * @example
 * const s: SgdPredictedSolution = orThrow(predictedSolution(orThrow(sgdInitialCondition({ p: 3, pstar: 2, seed: 1 }))));
 */
export interface SgdPredictedSolution {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** `Q = (p/p*) O Oᵀ`, p×p row-major. */
  readonly Q: number[];
  /** `R = √(p/p*) O`, p×p* row-major. */
  readonly R: number[];
  /** The conserved quantity `O = R(0)(R(0)ᵀR(0))^{-1/2}`, the orthogonal polar factor of `R(0)` (p×p*). */
  readonly polarFactor: number[];
  /** Euclidean distance per √N from the initial weights: `√(tr Q(0) + p − 2√(p/p*) tr(Oᵀ R(0)))`. */
  readonly distance: number;
}

function solutionOf(x: OrderParameters): SgdPredictedSolution {
  const { p, pstar } = x;
  if (p < pstar) fail(invalidArgument('p', p, `p ≥ pstar = ${pstar}: the zero-error manifold W = √(p/p*) O W* exists only for p ≥ p*`));
  const o = polarFactor(x.R, p, pstar);
  if (o === undefined) fail(invalidArgument('R(0)', matrixText(x.R, p, pstar), `rank p* = ${pstar} (its polar factor, which selects the solution, is undefined)`));
  const sol = solutionFromPolar(o!, p, pstar);
  return { p, pstar, Q: Array.from(sol.Q), R: Array.from(sol.R), polarFactor: Array.from(o!), distance: distanceTo(o!, x.Q, x.R, p, pstar) };
}

function distanceTo(o: Float64Array, Q: ArrayLike<number>, R: ArrayLike<number>, p: number, pstar: number): number {
  let trQ = 0;
  for (let i = 0; i < p; i++) trQ += Q[i * p + i]!;
  let overlap = 0;
  for (let a = 0; a < p * pstar; a++) overlap += o[a]! * R[a]!;
  return Math.sqrt(Math.max(0, trQ + p - 2 * Math.sqrt(p / pstar) * overlap));
}

/**
 * The closest zero-error point to the initialization (`W = √(p/p*) O W*` with `O` the polar factor of
 * `R(0)`). Errors: `p < p*` (no manifold), `R(0)` of rank below `p*`.
 * @category SGD
 * @since 0.2.0
 * @example
 * const sol = orThrow(predictedSolution(orThrow(sgdInitialCondition({ p: 2, pstar: 1, r0: [[0.03], [0.04]] }))));
 * sol.R; // [1.2, 1.6] = √2·(0.6, 0.8)
 */
export function predictedSolution(initial: OrderParameters): E.Either<BbpError, SgdPredictedSolution> {
  return attempt(() => {
    checkInitial(initial.p, initial.pstar, initial);
    return solutionOf(initial);
  });
}

/**
 * Options of {@link sgdOde}.
 * @category SGD
 * @since 0.2.0
 * @example
 * const o: SgdOdeOptions = { eta: 0.5, initial: orThrow(sgdInitialCondition({ p: 2, pstar: 1 })), tMax: 100, points: 51 };
 */
export interface SgdOdeOptions {
  /** Learning rate `η > 0`. */
  readonly eta: number;
  /** `Q(0)`, `R(0)` (see {@link sgdInitialCondition}). */
  readonly initial: OrderParameters;
  /** Integrate over `[0, tMax]`. */
  readonly tMax: number;
  /** Number of equally spaced output times including 0 and `tMax` (default 101). */
  readonly points?: number;
  /** Explicit ascending output times in `[0, tMax]` (instead of `points`). */
  readonly times?: readonly number[];
  /** Relative tolerance of the integrator (default 1e-9). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  readonly atol?: number;
  /** Stop at the first time the risk falls to this value (a terminal event); reported in `stoppedAt`. */
  readonly stopAtRisk?: number;
  /** Options of the quadrature route (non-polynomial activations). */
  readonly quadrature?: SgdQuadratureOptions;
}

/**
 * Where and why an ODE run blew up.
 * @category SGD
 * @since 0.2.0
 * @example
 * const d: SgdOdeDivergence = { time: 3.2, message: 'the order parameters blow up at t = 3.2 (eta = 5 is too large)' };
 */
export interface SgdOdeDivergence {
  /** The last time the order parameters were finite and below 1e6. */
  readonly time: number;
  /** A one-line explanation. */
  readonly message: string;
}

/**
 * A trajectory of the SGD ODEs.
 * @category SGD
 * @since 0.2.0
 * @example
 * const tr: SgdTrajectory = orThrow(sgdOde({ p: 2, pstar: 1 }, { eta: 0.5, initial: orThrow(sgdInitialCondition({ p: 2, pstar: 1 })), tMax: 50 }));
 */
export interface SgdTrajectory {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Activations as `name: expression`. */
  readonly activations: {
    /** The student's, e.g. `square: z^2`. */
    readonly student: string;
    /** The teacher's. */
    readonly teacher: string;
  };
  /** Learning rate. */
  readonly eta: number;
  /** How the expectations are computed: `closed form`, `wick`, `gauss-hermite` or `qmc`. */
  readonly route: string;
  /** Output times reached (all requested unless the run diverged or stopped). */
  readonly t: number[];
  /** Population risk at `t`. */
  readonly risk: number[];
  /** `Q` at each time (p×p row-major). */
  readonly Q: number[][];
  /** `R` at each time (p×p* row-major). */
  readonly R: number[][];
  /** Null, or where the order parameters blew up. */
  readonly divergence: SgdOdeDivergence | null;
  /** With `stopAtRisk`: the time the risk reached it, else null. */
  readonly stoppedAt: number | null;
  /** For `p ≥ p*` and `R(0)` of full rank: the closest zero-error point (else null). */
  readonly predictedSolution: SgdPredictedSolution | null;
  /** `‖O(t) − O(0)‖_F` of the polar factor of `R(t)` at each time (`Number.MAX_VALUE` where `R(t)` loses rank; null when `O(0)` is undefined). */
  readonly conservedDrift: number[] | null;
  /** Distance per √N of the weights from the predicted solution at each time (null when undefined). */
  readonly distanceToSolution: number[] | null;
  /**
   * Quadrature routes: the cubature's error estimate at `t = 0`, largest over `[risk, dQ/dt, dR/dt]` (QMC: a
   * standard error over random shifts; Gauss–Hermite: the change from the rule with half the nodes); else null.
   */
  readonly quadratureError: number | null;
  /** Integrator statistics. */
  readonly stats: OdeStats;
}

/**
 * Integrate the SGD ODEs from `initial` at learning rate `eta` (adaptive Dormand–Prince 5(4); the closed
 * matrix form for the quadratic network, compiled Wick polynomials for other polynomial activations,
 * quadrature otherwise). A learning rate too large makes the norms blow up: that is reported in
 * `divergence` with its time, never as NaN.
 * @category SGD
 * @since 0.2.0
 * @example
 * const start = orThrow(sgdInitialCondition({ p: 3, pstar: 2, n: 1000, seed: 1 }));
 * const run = orThrow(sgdOde({ p: 3, pstar: 2 }, { eta: 0.5, initial: start, tMax: 200 }));
 * run.risk[run.risk.length - 1]; // ≈ 0
 */
export function sgdOde(model: SgdModelInput, options: SgdOdeOptions): E.Either<BbpError, SgdTrajectory> {
  return attempt(() => odeRun(resolve(model), options));
}

function outputTimes(options: SgdOdeOptions): Float64Array {
  const { tMax } = options;
  if (!(tMax > 0 && Number.isFinite(tMax))) fail(invalidArgument('tMax', tMax, 'a positive finite time'));
  if (options.times !== undefined) {
    const t = Float64Array.from(options.times);
    for (let k = 0; k < t.length; k++) {
      if (!(t[k]! >= 0 && t[k]! <= tMax) || (k > 0 && t[k]! < t[k - 1]!)) fail(invalidArgument('times', options.times, `ascending times in [0, tMax = ${tMax}]`));
    }
    return t;
  }
  const points = options.points ?? 101;
  if (!(Number.isInteger(points) && points >= 2 && points <= 1e6)) fail(invalidArgument('points', points, 'an integer ≥ 2'));
  return Float64Array.from({ length: points }, (_, k) => (k === points - 1 ? tMax : (tMax * k) / (points - 1)));
}

function odeRun(m: Resolved, options: SgdOdeOptions): SgdTrajectory {
  const { p, pstar } = m;
  const eta = options.eta;
  if (!(typeof eta === 'number' && eta > 0 && Number.isFinite(eta))) fail(invalidArgument('eta', eta, 'a positive learning rate'));
  checkInitial(p, pstar, options.initial);
  const times = outputTimes(options);
  const dyn = dynamicsOf(m, options.quadrature);
  const nq = p * p;
  const y0 = new Float64Array(nq + p * pstar);
  y0.set(options.initial.Q);
  y0.set(options.initial.R, nq);
  const events: OdeEvent[] = options.stopAtRisk === undefined ? [] : [{ name: 'risk', g: (_t, y) => dyn.risk(y) - options.stopAtRisk!, terminal: true, direction: -1 }];
  const r = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y0, times, {
    rtol: options.rtol ?? 1e-9,
    atol: options.atol ?? 1e-12,
    divergenceNorm: 1e6,
    events,
  });
  const count = r.t.length;
  const row = (k: number): Float64Array => r.y.subarray(k * y0.length, (k + 1) * y0.length);
  const Q = Array.from({ length: count }, (_, k) => Array.from(row(k).subarray(0, nq)));
  const R = Array.from({ length: count }, (_, k) => Array.from(row(k).subarray(nq)));
  const risk = Array.from({ length: count }, (_, k) => dyn.risk(row(k)));
  let solution: SgdPredictedSolution | null = null;
  let drift: number[] | null = null;
  let distance: number[] | null = null;
  if (p >= pstar && polarFactor(options.initial.R, p, pstar) !== undefined) {
    solution = solutionOf(options.initial);
    const o0 = Float64Array.from(solution.polarFactor);
    drift = R.map((rk) => {
      const o = polarFactor(Float64Array.from(rk), p, pstar);
      return o === undefined ? Number.MAX_VALUE : Math.hypot(...o.map((v, a) => v - o0[a]!));
    });
    distance = Q.map((qk, k) => distanceTo(o0, qk, R[k]!, p, pstar));
  }
  const divergence =
    r.status === 'diverged'
      ? { time: r.divergenceTime!, message: `the order parameters blow up at t = ${r.divergenceTime!.toPrecision(6)} (eta = ${eta} is too large for these dynamics)` }
      : null;
  if (r.status === 'maxSteps') fail(notFound('ODE solution', `the integrator took more than 1e6 steps before t = ${r.tEnd}`));
  return {
    p,
    pstar,
    activations: { student: `${m.student.name}: ${printExpr(m.student.expr)}`, teacher: `${m.teacher.name}: ${printExpr(m.teacher.expr)}` },
    eta,
    route: dyn.route,
    t: Array.from(r.t),
    risk,
    Q,
    R,
    divergence,
    stoppedAt: r.status === 'event' ? r.tEnd : null,
    predictedSolution: solution,
    conservedDrift: drift,
    distanceToSolution: distance,
    quadratureError: 'errorEstimate' in dyn ? Math.max(...(dyn as QuadratureDynamics).errorEstimate(eta, y0)) : null,
    stats: r.stats,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Plateau

/**
 * Options of {@link sgdPlateau}.
 * @category SGD
 * @since 0.2.0
 * @example
 * const o: SgdPlateauOptions = { p: 4, pstar: 2, eta: 1, n: 1000 };
 */
export interface SgdPlateauOptions {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Learning rate. */
  readonly eta: number;
  /** Input dimension for the average over random `R(0)` (entries `N(0, 1/N)`; default 1000). */
  readonly n?: number;
  /** Also integrate the ODE and report the numerical fixed point and growth rate (default true). */
  readonly check?: boolean;
}

/**
 * The plateau of the quadratic network at finite η.
 * @category SGD
 * @since 0.2.0
 * @example
 * const r: SgdPlateauReport = orThrow(sgdPlateau({ p: 4, pstar: 2, eta: 1 }));
 */
export interface SgdPlateauReport {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Learning rate. */
  readonly eta: number;
  /** Input dimension of the `R(0)` average. */
  readonly n: number;
  /** Norm fixed point: `Q = qStar·I`, `R = 0` (closed form, the root of a quadratic). */
  readonly qStar: number;
  /** Its `η → 0` limit `p/(p + 2)`. */
  readonly qStarSmallEta: number;
  /** Risk at the plateau. */
  readonly plateauRisk: number;
  /** Exponential growth rate of `R` out of the plateau, `g = −(2η/p)(qStar − 1 + 2qStar/p − 2/p*)`. */
  readonly growthRate: number;
  /** Its `η → 0` form `4η/(p p*)`. */
  readonly growthRateSmallEta: number;
  /** Relaxation rate of the norm to `qStar` (`∂F/∂q`, negative). */
  readonly normRelaxationRate: number;
  /** The largest η with a norm fixed point: beyond it the norms blow up. */
  readonly etaMax: number;
  /** The η maximizing `growthRate`. */
  readonly etaOptimalGrowth: number;
  /** `A` in the predicted average relative risk reduction `(plateauRisk − E risk(t))/plateauRisk ≈ A e^{2gt}`. */
  readonly riskReductionPrefactor: number;
  /** `ln(1/(2A))/(2g)`, the linearized time to halve the plateau risk (null when undefined). */
  readonly predictedEscapeTime: number | null;
  /** With `check`: the fixed point and growth rate measured on the integrated ODE. */
  readonly numeric: {
    /** The norm after relaxing from `Q = 1.2·qStar·I`, `R = 0`. */
    readonly qStar: number;
    /** `ln(|R(T)|/|R(0)|)/T` from a tiny random `R` at the fixed point. */
    readonly growthRate: number;
  } | null;
}

/**
 * The plateau (saddle at `R = 0`, `Q = qStar·I`) of the quadratic network at learning rate `eta`: the norm
 * fixed point, the plateau risk, the growth rate of the overlaps out of it, and the predicted average risk
 * reduction over random `R(0)`; with `check`, the same measured on the integrated ODE. Error when η is so
 * large that no norm fixed point exists.
 * @category SGD
 * @since 0.2.0
 * @example
 * const r = orThrow(sgdPlateau({ p: 4, pstar: 2, eta: 1 }));
 * r.qStar; r.growthRate; r.numeric?.growthRate;
 */
export function sgdPlateau(options: SgdPlateauOptions): E.Either<BbpError, SgdPlateauReport> {
  return attempt(() => {
    const p = positiveInteger('p', options.p);
    const pstar = positiveInteger('pstar', options.pstar);
    const eta = options.eta;
    if (!(typeof eta === 'number' && eta > 0 && Number.isFinite(eta))) fail(invalidArgument('eta', eta, 'a positive learning rate'));
    const n = options.n ?? 1000;
    if (!(Number.isFinite(n) && n >= 1)) fail(invalidArgument('n', n, 'a dimension ≥ 1'));
    const cf = plateauClosedForm(p, pstar, eta, n);
    if (cf.qStar === null) fail(invalidArgument('eta', eta, `η ≤ ${plateauEtaMax(p, pstar).toPrecision(6)}, the largest learning rate with a norm fixed point for p = ${p}, pstar = ${pstar} (beyond it the norms diverge)`));
    return {
      p,
      pstar,
      eta,
      n,
      qStar: cf.qStar!,
      qStarSmallEta: p / (p + 2),
      plateauRisk: cf.plateauRisk!,
      growthRate: cf.growthRate!,
      growthRateSmallEta: (4 * eta) / (p * pstar),
      normRelaxationRate: cf.normRelaxationRate!,
      etaMax: plateauEtaMax(p, pstar),
      etaOptimalGrowth: growthOptimalEta(p, pstar),
      riskReductionPrefactor: cf.riskReductionPrefactor!,
      predictedEscapeTime: cf.predictedEscapeTime,
      numeric: options.check === false ? null : plateauNumeric(p, pstar, eta, cf.qStar!, cf.normRelaxationRate!),
    };
  });
}

/** The norm fixed point by integrating from `Q = I`, `R = 0`, and the growth rate of a tiny `R` from there. */
function plateauNumeric(p: number, pstar: number, eta: number, qStar: number, relax: number): { qStar: number; growthRate: number } {
  const dyn = dynamicsOf({ p, pstar, student: square, teacher: square });
  const nq = p * p;
  const y0 = new Float64Array(nq + p * pstar);
  for (let i = 0; i < p; i++) y0[i * p + i] = qStar * 1.2;
  const settle = Math.min(2000, 40 / Math.max(-relax, 1e-6));
  const r1 = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y0, Float64Array.of(settle), { rtol: 1e-12, atol: 1e-14 });
  const q = r1.yEnd[0]!;
  // growth: start at the fixed point with R = 1e-6·(random), measure log |R| over a window
  const y1 = Float64Array.from(r1.yEnd);
  const rng = createRng(11, 0);
  for (let a = 0; a < p * pstar; a++) y1[nq + a] = 1e-7 * rng.normal();
  const norm = (v: Float64Array): number => Math.hypot(...v.subarray(nq));
  const window = 2 / Math.max(Math.abs((4 * eta) / (p * pstar)), 1e-6);
  const r2 = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y1, Float64Array.of(window), { rtol: 1e-12, atol: 1e-20 });
  return { qStar: q, growthRate: Math.log(norm(r2.yEnd) / norm(y1)) / window };
}

// ---------------------------------------------------------------------------------------------------------
// Escape

/**
 * Options of {@link sgdEscape}.
 * @category SGD
 * @since 0.2.0
 * @example
 * const o: SgdEscapeOptions = { pstar: 2, p: [2, 4, 6], etas: [0.5, 1, 1.5, 2, 2.5, 3], n: 1000, seeds: 8, seed: 1 };
 */
export interface SgdEscapeOptions {
  /** Teacher width. */
  readonly pstar: number;
  /** Student widths. */
  readonly p: readonly number[];
  /** Learning rates (or, with `etaPerP`, learning rates divided by p). */
  readonly etas: readonly number[];
  /** Read `etas` as `η/p` (default false). */
  readonly etaPerP?: boolean;
  /** Input dimension of the random `R(0)` (default 1000). */
  readonly n?: number;
  /** Initial conditions averaged over (default 8). */
  readonly seeds?: number;
  /** First seed (default 1); seed `seed + k` draws `R(0)` of run k. */
  readonly seed?: number;
  /** `Q(0) = q0·I` (default 1). */
  readonly q0?: number;
  /** Give up at this time (default 10⁴): runs that do not escape count as not escaped. */
  readonly tMax?: number;
}

/**
 * The escape time at one learning rate (see {@link sgdEscape}).
 * @category SGD
 * @since 0.2.0
 * @example
 * const pt: SgdEscapePoint = { eta: 0.8, escapeTime: 14.4, standardError: 0.4, escaped: 8, predictedEscapeTime: 10.2 };
 */
export interface SgdEscapePoint {
  /** Learning rate. */
  readonly eta: number;
  /** Mean escape time over the runs that escaped (null when none did). */
  readonly escapeTime: number | null;
  /** Its standard error (null with fewer than two escaped runs). */
  readonly standardError: number | null;
  /** How many runs escaped before `tMax` (the others diverged or stayed). */
  readonly escaped: number;
  /** The linearized prediction `ln(1/(2A))/(2g)` from the plateau (see {@link SgdPlateauReport}). */
  readonly predictedEscapeTime: number | null;
}

/**
 * Escape times versus η for one student width.
 * @category SGD
 * @since 0.2.0
 * @example
 * const c: SgdEscapeCurve = orThrow(sgdEscape({ pstar: 1, p: [2], etas: [0.3, 0.4, 0.5], seeds: 2 })).curves[0]!;
 */
export interface SgdEscapeCurve {
  /** Student width. */
  readonly p: number;
  /** Per learning rate. */
  readonly points: readonly SgdEscapePoint[];
  /** The η of the smallest mean escape time on the grid, refined by a parabola through its neighbours. */
  readonly optimalEta: number | null;
  /** The η maximizing the closed-form growth rate `g(η)`. */
  readonly optimalEtaGrowthRate: number;
}

/**
 * Escape times versus η for each p, the optimal η and its slope in p.
 * @category SGD
 * @since 0.2.0
 * @example
 * const r: SgdEscapeReport = orThrow(sgdEscape({ pstar: 1, p: [1, 2], etas: [0.5, 1, 1.5], seeds: 2 }));
 */
export interface SgdEscapeReport {
  /** Teacher width. */
  readonly pstar: number;
  /** Input dimension of the random `R(0)`. */
  readonly n: number;
  /** Initial conditions per point. */
  readonly seeds: number;
  /** First seed. */
  readonly seed: number;
  /** `Q(0) = q0·I`. */
  readonly q0: number;
  /** Per student width. */
  readonly curves: readonly SgdEscapeCurve[];
  /** Least-squares slope of `optimalEta` versus p (null with fewer than two values). */
  readonly optimalEtaSlope: number | null;
  /** The same for `optimalEtaGrowthRate`. */
  readonly optimalEtaGrowthRateSlope: number | null;
}

/** The largest η with a norm fixed point (bisection on the existence of `qStar`). */
function plateauEtaMax(p: number, pstar: number): number {
  let lo = 0;
  let hi = p;
  while (plateauClosedForm(p, pstar, hi, 1000).qStar !== null) {
    lo = hi;
    hi *= 2;
  }
  for (let k = 0; k < 200 && hi - lo > 1e-13 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (plateauClosedForm(p, pstar, mid, 1000).qStar !== null) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The η maximizing the closed-form growth rate `g(η)` on `(0, etaMax]` (golden section). */
function growthOptimalEta(p: number, pstar: number): number {
  const g = (eta: number): number => plateauClosedForm(p, pstar, eta, 1000).growthRate ?? -Infinity;
  let lo = 0;
  let hi = plateauEtaMax(p, pstar);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
  let ga = g(a), gb = g(b);
  for (let k = 0; k < 200 && hi - lo > 1e-10 * hi; k++) {
    if (ga > gb) {
      hi = b; b = a; gb = ga; a = hi - phi * (hi - lo); ga = g(a);
    } else {
      lo = a; a = b; ga = gb; b = lo + phi * (hi - lo); gb = g(b);
    }
  }
  return (lo + hi) / 2;
}

function slope(xs: readonly number[], ys: readonly (number | null)[]): number | null {
  const pts = xs.map((x, k) => [x, ys[k]] as const).filter((pt): pt is readonly [number, number] => pt[1] !== null);
  if (pts.length < 2) return null;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  const sxy = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? null : sxy / sxx;
}

/**
 * Escape from the plateau: for each student width `p` and learning rate, the first time the risk falls to
 * half the (finite-η) plateau risk, averaged over random `R(0)` (entries `N(0, 1/N)`, `Q(0) = q0·I`); the
 * optimal η per p and its fitted slope in p, beside the η maximizing the closed-form growth rate.
 * @category SGD
 * @since 0.2.0
 * @example
 * const r = orThrow(sgdEscape({ pstar: 1, p: [1, 2, 3], etas: [0.25, 0.5, 0.75], etaPerP: true, seeds: 4 }));
 * r.optimalEtaSlope; // ≈ the optimal η per unit of p
 */
export function sgdEscape(options: SgdEscapeOptions): E.Either<BbpError, SgdEscapeReport> {
  return attempt(() => {
    const pstar = positiveInteger('pstar', options.pstar);
    if (!Array.isArray(options.p) || options.p.length === 0) fail(invalidArgument('p', options.p, 'a non-empty list of student widths'));
    const ps = options.p.map((p) => positiveInteger('p', p));
    if (!Array.isArray(options.etas) || options.etas.length === 0 || options.etas.some((e) => !(e > 0 && Number.isFinite(e)))) {
      fail(invalidArgument('etas', options.etas, 'a non-empty list of positive learning rates'));
    }
    const n = options.n ?? 1000;
    const seeds = positiveInteger('seeds', options.seeds ?? 8);
    const seed = options.seed ?? 1;
    const q0 = options.q0 ?? 1;
    const tMax = options.tMax ?? 1e4;
    const curves = ps.map((p) => {
      const etas = options.etas.map((e) => (options.etaPerP === true ? Number((e * p).toPrecision(12)) : e));
      const points = etas.map((eta) => {
        const cf = plateauClosedForm(p, pstar, eta, n);
        if (cf.plateauRisk === null) return { eta, escapeTime: null, standardError: null, escaped: 0, predictedEscapeTime: null };
        const times: number[] = [];
        for (let k = 0; k < seeds; k++) {
          const start = sgdInitialCondition({ p, pstar, q0, n, seed: seed + k });
          if (E.isLeft(start)) fail(start.left);
          const run = odeRun({ p, pstar, student: square, teacher: square }, { eta, initial: (start as E.Right<OrderParameters>).right, tMax, points: 2, stopAtRisk: cf.plateauRisk / 2, rtol: 1e-8, atol: 1e-12 });
          if (run.stoppedAt !== null) times.push(run.stoppedAt);
        }
        const stats = times.length > 0 ? meanAndStandardError(times) : null;
        return {
          eta,
          escapeTime: stats === null ? null : stats.mean,
          standardError: stats === null || times.length < 2 ? null : stats.standardError,
          escaped: times.length,
          predictedEscapeTime: cf.predictedEscapeTime,
        };
      });
      return { p, points, optimalEta: optimum(points), optimalEtaGrowthRate: growthOptimalEta(p, pstar) };
    });
    return {
      pstar,
      n,
      seeds,
      seed,
      q0,
      curves,
      optimalEtaSlope: slope(ps, curves.map((c) => c.optimalEta)),
      optimalEtaGrowthRateSlope: slope(ps, curves.map((c) => c.optimalEtaGrowthRate)),
    };
  });
}

/** Grid minimum of the escape time, refined by the vertex of the parabola through it and its neighbours. */
function optimum(points: readonly { eta: number; escapeTime: number | null }[]): number | null {
  let best = -1;
  points.forEach((pt, k) => {
    if (pt.escapeTime !== null && (best < 0 || pt.escapeTime < points[best]!.escapeTime!)) best = k;
  });
  if (best < 0) return null;
  const mid = points[best]!;
  const left = points[best - 1], right = points[best + 1];
  if (left?.escapeTime == null || right?.escapeTime == null) return mid.eta;
  const [x0, y0, x1, y1, x2, y2] = [left.eta, left.escapeTime, mid.eta, mid.escapeTime!, right.eta, right.escapeTime];
  const den = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den;
  const b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
  return a > 0 ? Math.min(x2, Math.max(x0, -b / (2 * a))) : mid.eta;
}

// ---------------------------------------------------------------------------------------------------------
// Landscape

/**
 * Options of {@link sgdLandscape}.
 * @category SGD
 * @since 0.2.0
 * @example
 * const o: SgdLandscapeOptions = { p: 3, pstar: 2, n: 10, point: 'solution', check: true };
 */
export interface SgdLandscapeOptions {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Input dimension N. */
  readonly n: number;
  /** Where: `origin`, `plateau` or `solution`. */
  readonly point: SgdLandscapePoint;
  /** Also build the explicit pN × pN Hessian (pN ≤ 600) at random weights of that kind and count its eigenvalues. */
  readonly check?: boolean;
  /** Seed of the random teacher and solution of the check (default 1). */
  readonly seed?: number;
}

/**
 * Eigenvalue counts of the population-risk Hessian in the pN weights.
 * @category SGD
 * @since 0.2.0
 * @example
 * const r: SgdLandscapeReport = orThrow(sgdLandscape({ p: 3, pstar: 2, n: 10, point: 'plateau' }));
 */
export interface SgdLandscapeReport {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Input dimension. */
  readonly n: number;
  /** Where the Hessian is taken. */
  readonly point: SgdLandscapePoint;
  /** Negative eigenvalues (closed form). */
  readonly negative: number;
  /** Zero eigenvalues (closed form). */
  readonly null: number;
  /** Positive eigenvalues (closed form). */
  readonly positive: number;
  /** At solutions: null directions tangent to the zero-error manifold. */
  readonly nullTangent?: number;
  /** At solutions: the other null directions (only for p > p*). */
  readonly nullNonTangent?: number;
  /** With `check`: the counts of the explicit Hessian, its extreme eigenvalues, the seed, and whether all counts agree. */
  readonly check?: {
    /** Negative eigenvalues. */
    readonly negative: number;
    /** Eigenvalues within 1e-8·max|λ| of zero. */
    readonly null: number;
    /** Positive eigenvalues. */
    readonly positive: number;
    /** At solutions: null eigenvectors spanning the tangent space. */
    readonly nullTangent?: number;
    /** At solutions: the other null directions. */
    readonly nullNonTangent?: number;
    /** Smallest and largest eigenvalue. */
    readonly eigenvalueRange: readonly [number, number];
    /** Seed of the random weights. */
    readonly seed: number;
    /** True when every count equals the closed form. */
    readonly agrees: boolean;
  };
}

/**
 * Counts of negative, null and positive eigenvalues of the population-risk Hessian (quadratic network, as a
 * function of the pN student weights) at the origin, the plateau or a zero-error solution, from the closed
 * forms; with `check`, from the explicit Hessian at small N. Errors: `p < p*` at a solution; N too small
 * for the point (`N ≥ p + p*` at the plateau, `N ≥ p*` at a solution).
 * @category SGD
 * @since 0.2.0
 * @example
 * const r = orThrow(sgdLandscape({ p: 3, pstar: 2, n: 10, point: 'solution', check: true }));
 * r.nullTangent; // 3 = p·p* − p*(p*+1)/2
 */
export function sgdLandscape(options: SgdLandscapeOptions): E.Either<BbpError, SgdLandscapeReport> {
  return attempt(() => {
    const p = positiveInteger('p', options.p);
    const pstar = positiveInteger('pstar', options.pstar);
    const n = positiveInteger('n', options.n);
    const point = options.point;
    if (point !== 'origin' && point !== 'plateau' && point !== 'solution') fail(invalidArgument('point', point, 'origin, plateau or solution'));
    if (point === 'solution' && p < pstar) fail(invalidArgument('p', p, `p ≥ pstar = ${pstar}: zero-error solutions exist only for p ≥ p*`));
    const minN = point === 'solution' ? pstar : p + pstar;
    if (n < minN) fail(invalidArgument('n', n, `N ≥ ${minN} (${point === 'solution' ? 'p*' : 'p + p*'}) for the ${point}`));
    const counts = landscapeCounts(n, p, pstar, point);
    const base = { p, pstar, n, point, ...counts };
    if (options.check !== true) return base;
    if (p * n > 600) fail(invalidArgument('n', n, `p·N ≤ 600 for the explicit Hessian check (p·N = ${p * n})`));
    const seed = options.seed ?? 1;
    const explicit = explicitLandscapeCounts(n, p, pstar, point, createRng(seed, 0));
    const agrees =
      explicit.negative === counts.negative && explicit.null === counts.null && explicit.positive === counts.positive &&
      explicit.nullTangent === counts.nullTangent && explicit.nullNonTangent === counts.nullNonTangent;
    return { ...base, check: { ...explicit, seed, agrees } };
  });
}
