/**
 * Binary overparametrized networks (THEORY §9): replica-symmetric free entropies of the binary perceptron
 * (storage and teacher–student) and of the binary random-features perceptron, their interpolation thresholds,
 * maximal margins and transitions. The public entry points validate their input and return
 * `Either<BbpError, A>`; the solvers themselves live in `src/analytic/binary`.
 *
 * Every threshold can be re-solved with a tighter tolerance and a halved quadrature step (`check: true`): the
 * result then carries the changes, the solver's own estimate of its accuracy.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument } from './errors.js';
import type { BbpError } from './errors.js';
import { DEFAULT_SINH_STEP } from './numeric/quadrature/sinhGaussianRule.js';
import { solveStorage, storageCapacity, storageKappaMax, type BinarySolverOptions, type StorageSolution } from './analytic/binary/storage.js';
import { solveTeacherStudent, teacherStudentTransition, type TeacherStudentSolution } from './analytic/binary/teacherStudent.js';
import {
  randomFeaturesCapacity, randomFeaturesKappaMax, solveRandomFeatures, stabilityDensity,
  type RandomFeaturesParams, type RandomFeaturesSolution,
} from './analytic/binary/randomFeatures.js';
import { checkConverged, checkMargin, checkPositive } from './analytic/binary/validate.js';
import type { Activation } from './dsl/activation.js';

export type { BinarySolverOptions, StorageSolution } from './analytic/binary/storage.js';
export type { TeacherStudentSolution } from './analytic/binary/teacherStudent.js';
export type { RandomFeaturesParams, RandomFeaturesSolution } from './analytic/binary/randomFeatures.js';
export { binaryFeatureCoefficients, type FeatureCoefficients } from './analytic/binary/features.js';

/**
 * Options of the threshold entry points: the solver options plus the convergence check.
 * @category Binary
 * @since 0.2.0
 * @example
 * binaryStorageCapacity({ kappa: 0 }, { check: true });
 */
export interface BinaryThresholdOptions extends BinarySolverOptions {
  /** Also solve with the tolerance divided by 100 and with the quadrature step halved, and report the changes. */
  readonly check?: boolean;
}

/**
 * How much a threshold moves when the solver is tightened (`check: true`).
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorageCapacity({ kappa: 0 }, { check: true })).check; // { toleranceChange: ~1e-15, quadratureChange: ~1e-15 }
 */
export interface BinaryConvergenceCheck {
  /** |value(tolerance / 100) − value|. */
  readonly toleranceChange: number;
  /** |value(quadrature step / 2) − value|. */
  readonly quadratureChange: number;
}

/**
 * The storage capacity at a margin.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorageCapacity({ kappa: 0 })); // { kappa: 0, alphaC: 0.8330785997… }
 */
export interface StorageCapacityResult {
  /** Margin `κ`. */
  readonly kappa: number;
  /** Capacity `α_c(κ)`, where `φ = 0`. */
  readonly alphaC: number;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: BinaryConvergenceCheck;
}

/**
 * The maximal margin of the storage problem at a load.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorageKappaMax({ alpha: 0.5 })); // { alpha: 0.5, kappaMax: 0.41806… }
 */
export interface StorageKappaMaxResult {
  /** Load `α`. */
  readonly alpha: number;
  /** Largest margin with `φ ≥ 0`. */
  readonly kappaMax: number;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: BinaryConvergenceCheck;
}

/**
 * The first-order transition of the teacher–student binary perceptron.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryTeacherStudentTransition({})); // { kappa: 0, alphaGD: 1.24468… }
 */
export interface TeacherStudentTransitionResult {
  /** Margin `κ`. */
  readonly kappa: number;
  /** Load where the poor-generalization branch's `φ` reaches 0. */
  readonly alphaGD: number;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: BinaryConvergenceCheck;
}

/**
 * The maximal margin of the random-features perceptron.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryRfKappaMax({ alpha: 0.5, alphaD: 1 })); // { alpha: 0.5, alphaD: 1, activation: 'sign', kappaMax: 0.50772… }
 */
export interface RfKappaMaxResult {
  /** `α = P/N`. */
  readonly alpha: number;
  /** `α_D = P/D`. */
  readonly alphaD: number;
  /** Feature map. */
  readonly activation: string;
  /** Largest margin with `φ ≥ 0`. */
  readonly kappaMax: number;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: BinaryConvergenceCheck;
}

/** Run a threshold solver, and again tightened when `check` is asked for. */
function withCheck(value: (options: BinarySolverOptions) => number, options: BinaryThresholdOptions): { value: number; check?: BinaryConvergenceCheck } {
  const v = value(options);
  if (options.check !== true) return { value: v };
  const tolerance = (options.tolerance ?? 1e-13) / 100;
  const step = (options.quadratureStep ?? DEFAULT_SINH_STEP) / 2;
  return {
    value: v,
    check: {
      toleranceChange: Math.abs(value({ ...options, tolerance }) - v),
      quadratureChange: Math.abs(value({ ...options, quadratureStep: step }) - v),
    },
  };
}

/** Reject bad numeric options with the option's name. */
function checkOptions(options: BinarySolverOptions): void {
  if (options.tolerance !== undefined && !(options.tolerance > 0 && options.tolerance < 1)) fail(invalidArgument('tolerance', options.tolerance, 'a number in (0, 1)'));
  if (options.quadratureStep !== undefined && !(options.quadratureStep > 0 && options.quadratureStep <= 1)) {
    fail(invalidArgument('quadratureStep', options.quadratureStep, 'a number in (0, 1]'));
  }
}

/**
 * The storage problem of the binary perceptron at load `α` and margin `κ`: free entropy `φ`, overlap `q` and
 * its conjugate `q̂` (replica symmetric). Fails with `InvalidArgument` for `α ≤ 0` or `κ < 0`, with
 * `NotConverged` when the saddle point does not exist (beyond the spinodal, `q → 1`).
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorage({ alpha: 0.5, kappa: 0 })).phi; // 0.3143900668556…
 */
export function binaryStorage(params: { readonly alpha: number; readonly kappa?: number }, options: BinarySolverOptions = {}): Either<BbpError, StorageSolution> {
  return attempt(() => {
    checkOptions(options);
    const kappa = params.kappa ?? 0;
    const sol = solveStorage({ alpha: params.alpha, kappa }, options);
    checkConverged('storage', sol, { alpha: params.alpha, kappa });
    return sol;
  });
}

/**
 * The storage capacity `α_c(κ)` of the binary perceptron, where the replica-symmetric free entropy vanishes
 * (Krauth–Mézard: `α_c(0) = 0.83308…`).
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorageCapacity({ kappa: 0 })).alphaC; // 0.8330785997…
 */
export function binaryStorageCapacity(
  params: { readonly kappa?: number },
  options: BinaryThresholdOptions = {},
): Either<BbpError, StorageCapacityResult> {
  return attempt(() => {
    checkOptions(options);
    const kappa = params.kappa ?? 0;
    checkMargin('kappa', kappa);
    const r = withCheck((o) => storageCapacity(kappa, o), options);
    return r.check === undefined ? { kappa, alphaC: r.value } : { kappa, alphaC: r.value, check: r.check };
  });
}

/**
 * The largest margin `κ_max(α)` at which solutions of the storage problem still exist (φ(α, κ_max) = 0).
 * Fails with `NotFound` for `α ≥ α_c(0)`.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorageKappaMax({ alpha: 0.5 })).kappaMax; // 0.41806…
 */
export function binaryStorageKappaMax(
  params: { readonly alpha: number },
  options: BinaryThresholdOptions = {},
): Either<BbpError, StorageKappaMaxResult> {
  return attempt(() => {
    checkOptions(options);
    checkPositive('alpha', params.alpha);
    const r = withCheck((o) => storageKappaMax(params.alpha, o), options);
    return r.check === undefined ? { alpha: params.alpha, kappaMax: r.value } : { alpha: params.alpha, kappaMax: r.value, check: r.check };
  });
}

/**
 * The teacher–student binary perceptron at load `α` (margin `κ`, default 0): free entropy of the
 * poor-generalization branch, `q`, `R`, their conjugates, `ε_g = arccos(R)/π`.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryTeacherStudent({ alpha: 1 })).eg; // 0.3105…
 */
export function binaryTeacherStudent(
  params: { readonly alpha: number; readonly kappa?: number },
  options: BinarySolverOptions = {},
): Either<BbpError, TeacherStudentSolution> {
  return attempt(() => {
    checkOptions(options);
    const kappa = params.kappa ?? 0;
    const sol = solveTeacherStudent({ alpha: params.alpha, kappa }, options);
    checkConverged('teacher-student', sol, { alpha: params.alpha, kappa });
    return sol;
  });
}

/**
 * The first-order (Györgyi) transition of the teacher–student binary perceptron: the load `α_GD` where the
 * free entropy of the poor-generalization branch reaches 0, that of perfect generalization at `κ = 0`
 * (≈ 1.2447); at `κ > 0` the load where that branch runs out of solutions.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryTeacherStudentTransition({ kappa: 0 })).alphaGD; // 1.24468…
 */
export function binaryTeacherStudentTransition(
  params: { readonly kappa?: number },
  options: BinaryThresholdOptions = {},
): Either<BbpError, TeacherStudentTransitionResult> {
  return attempt(() => {
    checkOptions(options);
    const kappa = params.kappa ?? 0;
    checkMargin('kappa', kappa);
    const r = withCheck((o) => teacherStudentTransition(kappa, o), options);
    return r.check === undefined ? { kappa, alphaGD: r.value } : { kappa, alphaGD: r.value, check: r.check };
  });
}

/**
 * The binary random-features perceptron at `(α, α_D, κ)` with feature map `σ`: `φ`, every order parameter and
 * conjugate, `ε_g`, the barycenter error `ε_bary`. Fails naming the parameter for `α ≤ 0`, `α_D ≤ 0`, `κ < 0`
 * or a non-centred `σ`; with `NotConverged` when the saddle point does not converge.
 * @category Binary
 * @since 0.2.0
 * @example
 * const s = orThrow(binaryRandomFeatures({ alpha: 0.5, alphaD: 1, activation: 'sign' }));
 * [s.phi, s.eg, s.ebary]; // [0.36188…, 0.40604…, 0.34792…]
 */
export function binaryRandomFeatures(params: RandomFeaturesParams, options: BinarySolverOptions = {}): Either<BbpError, RandomFeaturesSolution> {
  return attempt(() => {
    checkOptions(options);
    const sol = solveRandomFeatures(params, options);
    checkConverged('random-features', sol, { alpha: params.alpha, alphaD: params.alphaD, kappa: params.kappa ?? 0 });
    return sol;
  });
}

/**
 * A threshold of the random-features perceptron with its parameters echoed.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryRfCapacity({ alphaD: 1 })); // { alphaD: 1, kappa: 0, activation: 'sign', alphaC: 0.9418…, overparametrization: 1.0618… }
 */
export interface RfCapacityResult {
  /** `α_D = P/D`. */
  readonly alphaD: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** Feature map. */
  readonly activation: string;
  /** Interpolation threshold `α_c` (examples per student weight) where `φ = 0`. */
  readonly alphaC: number;
  /** The same threshold as an overparametrization `N/D = α_D/α_c`: wider networks interpolate. */
  readonly overparametrization: number;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: BinaryConvergenceCheck;
}

const activationName = (a: string | Activation | undefined): string => (a === undefined ? 'sign' : typeof a === 'string' ? a : a.name);

/**
 * The interpolation threshold `α_c(α_D, κ)` of the random-features perceptron (where `φ = 0`), and the
 * overparametrization `N/D = α_D/α_c` at which it is met.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryRfCapacity({ alphaD: 1, kappa: 0, activation: 'sign' })).alphaC; // 0.9418…
 */
export function binaryRfCapacity(params: Omit<RandomFeaturesParams, 'alpha'>, options: BinaryThresholdOptions = {}): Either<BbpError, RfCapacityResult> {
  return attempt(() => {
    checkOptions(options);
    const kappa = params.kappa ?? 0;
    const r = withCheck((o) => randomFeaturesCapacity(params, o), options);
    const base = { alphaD: params.alphaD, kappa, activation: activationName(params.activation), alphaC: r.value, overparametrization: params.alphaD / r.value };
    return r.check === undefined ? base : { ...base, check: r.check };
  });
}

/**
 * The largest margin `κ_max(α, α_D)` of the random-features perceptron; `NotFound` when `α ≥ α_c(α_D, 0)`.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryRfKappaMax({ alpha: 0.5, alphaD: 1 })).kappaMax;
 */
export function binaryRfKappaMax(
  params: Omit<RandomFeaturesParams, 'kappa'>,
  options: BinaryThresholdOptions = {},
): Either<BbpError, RfKappaMaxResult> {
  return attempt(() => {
    checkOptions(options);
    const r = withCheck((o) => randomFeaturesKappaMax(params, o), options);
    const base = { alpha: params.alpha, alphaD: params.alphaD, activation: activationName(params.activation), kappaMax: r.value };
    return r.check === undefined ? base : { ...base, check: r.check };
  });
}

/**
 * The `α → 0` limit of the random-features perceptron at fixed `α_D` (infinitely wide network, `N/D → ∞`):
 * `q = q̂ = 0` and the projections are fixed by the data alone; its `eg` is the plateau the generalization
 * error reaches as the network widens. `alpha` in the result is 0.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryRfPlateau({ alphaD: 1 })).eg;
 */
export function binaryRfPlateau(params: Omit<RandomFeaturesParams, 'alpha'>, options: BinarySolverOptions = {}): Either<BbpError, RandomFeaturesSolution> {
  return attempt(() => {
    checkOptions(options);
    const sol = solveRandomFeatures({ ...params, alpha: 1 }, { ...options, alphaToZero: true });
    checkConverged('random-features (alpha -> 0)', sol, { alphaD: params.alphaD, kappa: params.kappa ?? 0 });
    // in the limit the free entropy is log 2 and α only labels the solution
    return { ...sol, alpha: 0, overparametrization: Infinity, phi: Math.LN2 };
  });
}

/**
 * The density of the training stabilities `Δ = y w·x/√N` under a typical solution at the points `deltas`
 * (0 below the margin); integrates to 1 over `[κ, ∞)`.
 * @category Binary
 * @since 0.2.0
 * @example
 * const s = orThrow(binaryRandomFeatures({ alpha: 0.5, alphaD: 1 }));
 * orThrow(binaryStabilityDensity(s, [0, 0.5, 1, 2]));
 */
export function binaryStabilityDensity(solution: RandomFeaturesSolution, deltas: readonly number[]): Either<BbpError, number[]> {
  return attempt(() => {
    deltas.forEach((d, k) => {
      if (!Number.isFinite(d)) fail(invalidArgument(`deltas[${k}]`, d, 'a finite number'));
    });
    return stabilityDensity(solution, deltas);
  });
}

/**
 * One point of the interpolation line of the random-features perceptron.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryPhaseDiagram({ alphaDs: [1] }))[0]; // { alphaD: 1, alphaC: 0.9418…, overparametrization: 1.0618… }
 */
export interface BinaryPhasePoint {
  /** `α_D = P/D`. */
  readonly alphaD: number;
  /** Interpolation threshold `α_c(α_D, κ)`. */
  readonly alphaC: number;
  /** `N/D = α_D/α_c`: networks wider than this interpolate the data. */
  readonly overparametrization: number;
}

/**
 * The interpolation line of the random-features perceptron over the overparametrization: for each `α_D`,
 * `α_c(α_D, κ)` and `N/D = α_D/α_c`.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryPhaseDiagram({ alphaDs: [0.5, 1, 2], kappa: 0, activation: 'sign' }));
 */
export function binaryPhaseDiagram(
  params: { readonly alphaDs: readonly number[]; readonly kappa?: number; readonly activation?: string | Activation },
  options: BinarySolverOptions = {},
): Either<BbpError, BinaryPhasePoint[]> {
  return attempt(() => {
    checkOptions(options);
    if (params.alphaDs.length === 0) fail(invalidArgument('alphaDs', params.alphaDs, 'at least one value'));
    params.alphaDs.forEach((a, k) => checkPositive(`alphaDs[${k}]`, a));
    return params.alphaDs.map((alphaD) => {
      const alphaC = randomFeaturesCapacity({ alphaD, kappa: params.kappa ?? 0, activation: params.activation ?? 'sign' }, options);
      return { alphaD, alphaC, overparametrization: alphaD / alphaC };
    });
  });
}

export {
  type CompileFreeEntropyOptions, type CompiledFreeEntropy, type FreeEntropy, type FreeEntropySolution, type FreeEntropyTerm,
  type GaussianIntegral, type BinaryFreeEntropies, type BinaryFreeEntropyName, type PrintedSaddlePoint,
  binaryFreeEntropies, binarySaddlePointEquations, compileFreeEntropy, freeEntropy, gaussianIntegral, printFreeEntropy,
  printFreeEntropyTerms, saddlePointEquations, solveBinaryFreeEntropy,
} from './dsl/freeEntropy.js';
export { solveFixedPoint, type FixedPointOptions, type FixedPointResult } from './numeric/replica/fixedPoint.js';
export { solveStationary, type StationaryOptions, type StationaryResult } from './numeric/replica/newton.js';
export { gaussianSinhRule, DEFAULT_SINH_STEP } from './numeric/quadrature/sinhGaussianRule.js';
export { gaussianDensity, gaussianMillsRatio, gaussianTail, logGaussianTail, logTwoCosh } from './numeric/special/gaussianTail.js';
