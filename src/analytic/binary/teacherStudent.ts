/**
 * The teacher–student binary perceptron (THEORY §9, `N = D`, `x = ξ`): a student `w ∈ {±1}^N` consistent with
 * `P = αN` labels `y = sign(w*·ξ/√N)` of a binary teacher, with stabilities `≥ κ`. Replica-symmetric free
 * entropy
 *
 *     φ = extr [ −½ q̂ (1 − q) − R̂ R + ∫Dz log 2cosh(√q̂ z + R̂) + α G_E(1, q, R) ],
 *     G_E(Q₀, Q₁, M) = 2 ∫Dt H(−M t/√(Q₁ − M²)) log H((κ − √Q₁ t)/√(Q₀ − Q₁)),
 *
 * saddle point `q = ∫Dz tanh²(√q̂ z + R̂)`, `R = ∫Dz tanh(√q̂ z + R̂)`, `q̂ = −2α ∂G_E/∂Q₁`, `R̂ = α ∂G_E/∂M`
 * (at `κ = 0` the Nishimori identities `q = R`, `q̂ = R̂` hold). Generalization error `ε_g = arccos(R)/π`.
 * At `κ = 0` the poor-generalization branch has `φ > 0` for small `α`; the perfect-generalization state
 * (`q = R = 1`) has `φ = 0`; the first-order (Györgyi) transition `α_GD ≈ 1.245` is where they cross.
 *
 * @module
 */
import { fail, notFound } from '../../errors.js';
import { solveFixedPoint } from '../../numeric/replica/fixedPoint.js';
import { DEFAULT_SINH_STEP } from '../../numeric/quadrature/sinhGaussianRule.js';
import { shiftedEntropicIntegrals, teacherEnergeticIntegrals } from './integrals.js';
import type { BinarySolverOptions } from './storage.js';
import { decreasingRoot } from './thresholds.js';
import { checkConverged, checkMargin, checkPositive } from './validate.js';

/**
 * The replica-symmetric saddle point of the teacher–student binary perceptron.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryTeacherStudent({ alpha: 1, kappa: 0 })).eg; // 0.31053
 */
export interface TeacherStudentSolution {
  /** Load `α = P/N`. */
  readonly alpha: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** Free entropy of the poor-generalization branch. */
  readonly phi: number;
  /** Overlap of two students. */
  readonly q: number;
  /** Student–teacher overlap. */
  readonly R: number;
  /** Conjugate of `q`. */
  readonly qHat: number;
  /** Conjugate of `R`. */
  readonly RHat: number;
  /** Generalization error `arccos(R)/π`. */
  readonly eg: number;
  /** Error of the barycenter of the solutions, `arccos(R/√q)/π`. */
  readonly ebary: number;
  /** Damped fixed-point iterations. */
  readonly iterations: number;
  /** Newton steps of the polish. */
  readonly newtonSteps: number;
  /** Final scaled fixed-point residual. */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Whether the residual met the tolerance. */
  readonly converged: boolean;
}

const clamp = (x: Float64Array): void => {
  x[0] = Math.min(1 - 1e-15, Math.max(1e-300, x[0]!));
  x[1] = Math.min(Math.sqrt(x[0]!) * (1 - 1e-15), Math.max(-Math.sqrt(x[0]!) * (1 - 1e-15), x[1]!));
};

/**
 * Solve the teacher–student saddle point at `(α, κ)` on the branch continued from small `q`, `R`
 * (internal, plain numbers; throws `InvalidArgument` for bad input; non-convergence in `converged`).
 * @internal
 */
export function solveTeacherStudent(params: { readonly alpha: number; readonly kappa: number }, options: BinarySolverOptions = {}): TeacherStudentSolution {
  const { alpha, kappa } = params;
  checkPositive('alpha', alpha);
  checkMargin('kappa', kappa);
  const step = options.quadratureStep ?? DEFAULT_SINH_STEP;
  const e = { value: 0, dQ0: 0, dQ1: 0, dM: 0 };
  const s = { logTwoCosh: 0, tanh: 0, tanh2: 0 };
  const hats = (q: number, R: number): [number, number] => {
    teacherEnergeticIntegrals(1, q, R, kappa, step, e);
    return [-2 * alpha * e.dQ1, alpha * e.dM];
  };
  const map = (x: Float64Array, out: Float64Array): void => {
    const [qHat, rHat] = hats(x[0]!, x[1]!);
    shiftedEntropicIntegrals(qHat, rHat, step, s);
    out[0] = s.tanh2;
    out[1] = s.tanh;
  };
  const q0 = Math.min(0.5, alpha / 4);
  const fp = solveFixedPoint(map, Float64Array.of(q0, q0), {
    tolerance: options.tolerance ?? 1e-13,
    maxIterations: options.maxIterations ?? 2000,
    damping: options.damping ?? 0.5,
    project: clamp,
  });
  const q = fp.x[0]!;
  const R = fp.x[1]!;
  const [qHat, rHat] = hats(q, R);
  const energetic = e.value;
  shiftedEntropicIntegrals(qHat, rHat, step, s);
  const phi = -0.5 * qHat * (1 - q) - rHat * R + s.logTwoCosh + alpha * energetic;
  return {
    alpha,
    kappa,
    phi,
    q,
    R,
    qHat,
    RHat: rHat,
    eg: Math.acos(R) / Math.PI,
    ebary: Math.acos(Math.min(1, R / Math.sqrt(q))) / Math.PI,
    iterations: fp.iterations,
    newtonSteps: fp.newtonSteps,
    residual: fp.residual,
    tolerance: fp.tolerance,
    converged: fp.converged && Number.isFinite(phi),
  };
}

/**
 * The first-order transition `α_GD(κ)` of the teacher–student binary perceptron: the load where the free
 * entropy of the poor-generalization branch reaches 0 (Brent on `φ(α)`). At `κ = 0` that is the free entropy
 * of perfect generalization (the teacher is then the only solution left): `α_GD ≈ 1.245` (Györgyi 1990). At
 * `κ > 0` the teacher itself violates the margin, and the same crossing is where the branch runs out of
 * solutions. Internal, plain numbers.
 * @internal
 */
export function teacherStudentTransition(kappa: number, options: BinarySolverOptions = {}): number {
  checkMargin('kappa', kappa);
  const phi = (alpha: number): number => {
    const sol = solveTeacherStudent({ alpha, kappa }, options);
    // a jump to the perfect-generalization state (q → 1) means the branch has ended
    return sol.converged && sol.q < 1 - 1e-9 ? sol.phi : NaN;
  };
  let lo = 0.5;
  while (!(phi(lo) > 0)) {
    lo /= 2;
    if (lo < 1e-6) {
      checkConverged('teacher-student', solveTeacherStudent({ alpha: lo, kappa }, options), { alpha: lo, kappa });
      fail(notFound('teacher-student transition', `φ ≤ 0 down to alpha = ${lo} at kappa = ${kappa}`));
    }
  }
  let hi = lo + 0.25;
  while (phi(hi) > 0) {
    lo = hi;
    hi += 0.25;
    if (hi > 1e3) fail(notFound('teacher-student transition', `φ stays positive up to alpha = ${hi} at kappa = ${kappa}`));
  }
  return decreasingRoot(phi, lo, hi, 'teacher-student transition');
}
