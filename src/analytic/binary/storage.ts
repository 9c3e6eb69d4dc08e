/**
 * The storage problem of the binary perceptron (THEORY §9, the `α_D → 0` limit): the replica-symmetric free
 * entropy of the solutions `w ∈ {±1}^N` with all stabilities `≥ κ` for `P = αN` random patterns,
 *
 *     φ(α, κ) = extr_{q, q̂} [ −½ q̂ (1 − q) + ∫Dz log 2cosh(√q̂ z) + α ∫Dz log H((κ − √q z)/√(1 − q)) ],
 *
 * whose saddle point is `q = ∫Dz tanh²(√q̂ z)`, `q̂ = α/(1 − q) ∫Dz [G/H(u)]²`, `u = (κ − √q z)/√(1 − q)`.
 * The capacity `α_c(κ)` (Krauth–Mézard, `≈ 0.833` at `κ = 0`) is where `φ = 0`; `κ_max(α)` its inverse.
 *
 * Plain-number internal functions (they throw `BbpFailure` for bad input); the `Either` facade is in
 * `src/binary.ts`.
 *
 * @module
 */
import { brent } from '../../numeric/roots/brent.js';
import { DEFAULT_SINH_STEP } from '../../numeric/quadrature/sinhGaussianRule.js';
import { entropicIntegrals, storageEnergeticIntegrals } from './integrals.js';
import { loadThreshold, marginThreshold } from './thresholds.js';
import { checkConverged, checkMargin, checkPositive } from './validate.js';

/**
 * Numerical options of the replica-symmetric solvers of binary networks.
 * @category Binary
 * @since 0.2.0
 * @example
 * binaryStorage({ alpha: 0.5, kappa: 0 }, { tolerance: 1e-14, quadratureStep: 0.05 });
 */
export interface BinarySolverOptions {
  /** Tolerance on the scaled fixed-point residual (default 1e-13; for storage, on `|q − ∫Dz tanh²(√q̂ z)|`). */
  readonly tolerance?: number;
  /** Step in `t` of the sinh-mapped Gaussian rule (default {@link DEFAULT_SINH_STEP} = 0.1). */
  readonly quadratureStep?: number;
  /** Maximum damped iterations of the fixed-point solvers (teacher–student, random features; default 2000). */
  readonly maxIterations?: number;
  /** Damping of those fixed-point iterations (default 0.5; storage reduces to one equation solved by Brent). */
  readonly damping?: number;
}

/**
 * The replica-symmetric saddle point of the storage problem at `(α, κ)`.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryStorage({ alpha: 0.5, kappa: 0 })).q; // 0.32239
 */
export interface StorageSolution {
  /** Load `α = P/N`. */
  readonly alpha: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** Free entropy `φ = lim (1/N) E log #solutions`. */
  readonly phi: number;
  /** Overlap of two solutions. */
  readonly q: number;
  /** Its conjugate. */
  readonly qHat: number;
  /** Entropic part `−½ q̂(1 − q) + ∫Dz log 2cosh(√q̂ z)`. */
  readonly entropic: number;
  /** Energetic part `∫Dz log H(u)` (multiplied by `α` in `φ`). */
  readonly energetic: number;
  /** Evaluations of the reduced saddle-point equation (grid scan + Brent). */
  readonly iterations: number;
  /** Final scaled fixed-point residual. */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Whether the residual met the tolerance. */
  readonly converged: boolean;
}

/** Parameters of {@link solveStorage}. @internal */
export interface StorageParams {
  /** Load `α > 0`. */
  readonly alpha: number;
  /** Margin `κ ≥ 0`. */
  readonly kappa: number;
}

/** Points of the scan for the first root of `T(Q̂(q)) − q`: dense near `q = 1`. */
const SCAN = 64;

/**
 * Solve the storage saddle point at `(α, κ)` (internal, plain numbers; throws `InvalidArgument` for bad
 * `alpha`/`kappa`, reports non-convergence in `converged`). The two equations reduce to one,
 * `g(q) = ∫Dz tanh²(√q̂(q) z) − q = 0` with `q̂(q) = α/(1 − q) ∫Dz [G/H(u)]²`; `g(0) > 0`, and the physical
 * (stable, smallest) root is the first sign change of `g` on a grid dense near `q = 1`, refined by Brent to
 * rounding. No root (beyond the spinodal, or past the point where `q → 1`) gives `converged: false`.
 * `iterations` counts evaluations of `g`; `residual` is the fixed-point residual `|g(q)|` at the result.
 * @internal
 */
export function solveStorage(params: StorageParams, options: BinarySolverOptions = {}): StorageSolution {
  const { alpha, kappa } = params;
  checkPositive('alpha', alpha);
  checkMargin('kappa', kappa);
  const step = options.quadratureStep ?? DEFAULT_SINH_STEP;
  const tolerance = options.tolerance ?? 1e-13;
  const e = { logH: 0, gh2: 0 };
  const s = { logTwoCosh: 0, tanh2: 0 };
  let evaluations = 0;
  const qHatOf = (q: number): number => {
    storageEnergeticIntegrals(q, kappa, step, e);
    return (alpha / (1 - q)) * e.gh2;
  };
  const g = (q: number): number => {
    evaluations++;
    entropicIntegrals(qHatOf(q), step, s);
    return s.tanh2 - q;
  };
  let q = NaN;
  let lo = 0;
  let glo = g(0);
  for (let k = 1; k <= SCAN; k++) {
    const hi = 1 - (1 - k / SCAN) ** 3 * (1 - 1e-12);
    const ghi = g(hi);
    if (glo > 0 && ghi <= 0) {
      q = brent(g, lo, hi, { xtol: 1e-17, rtol: 1e-16 }).root;
      break;
    }
    lo = hi;
    glo = ghi;
  }
  const qHat = Number.isNaN(q) ? NaN : qHatOf(q);
  entropicIntegrals(qHat, step, s);
  const residual = Number.isNaN(q) ? Infinity : Math.abs(s.tanh2 - q);
  storageEnergeticIntegrals(q, kappa, step, e);
  const entropic = -0.5 * qHat * (1 - q) + s.logTwoCosh;
  return {
    alpha,
    kappa,
    phi: entropic + alpha * e.logH,
    q,
    qHat,
    entropic,
    energetic: e.logH,
    iterations: evaluations,
    residual,
    tolerance,
    converged: residual <= tolerance && Number.isFinite(entropic + alpha * e.logH),
  };
}

/** φ of the storage problem, NaN when the saddle point did not converge. */
function storagePhi(alpha: number | undefined, kappa: number | undefined, options: BinarySolverOptions): (x: number) => number {
  return (x: number): number => {
    const sol = solveStorage({ alpha: alpha ?? x, kappa: kappa ?? x }, options);
    return sol.converged ? sol.phi : NaN;
  };
}

/**
 * The storage capacity `α_c(κ)`: the load where the replica-symmetric free entropy vanishes (Brent on
 * `φ(α)`, which decreases from `log 2` at `α → 0`). Internal, plain numbers.
 * @internal
 */
export function storageCapacity(kappa: number, options: BinarySolverOptions = {}): number {
  checkMargin('kappa', kappa);
  return loadThreshold(storagePhi(undefined, kappa, options), 'storage capacity');
}

/**
 * The largest margin `κ_max(α)` with a positive free entropy at load `α` (Brent on `φ(κ)`, decreasing).
 * Fails with `NotFound` when `α ≥ α_c(0)` (no margin `κ ≥ 0` is feasible). Internal, plain numbers.
 * @internal
 */
export function storageKappaMax(alpha: number, options: BinarySolverOptions = {}): number {
  checkPositive('alpha', alpha);
  return marginThreshold(storagePhi(alpha, undefined, options), alpha, () => checkConverged('storage', solveStorage({ alpha, kappa: 0 }, options), { alpha, kappa: 0 }));
}
