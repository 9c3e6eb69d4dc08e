/**
 * The binary random-features perceptron (THEORY §9): a student `w ∈ {±1}^N` on features
 * `x = σ(Fξ/√D)` learning a binary teacher `w* ∈ {±1}^D`, `P = αN = α_D D` examples, margin `κ`. Gaussian
 * equivalence plus the replica-symmetric ansatz give
 *
 *     φ = extr [ G_S(q, q̂) + (α/α_D) G_SE(q, P, p, R; P̂, p̂, R̂) + α G_E(Q₀, Q₁, M) ],
 *     Q₀ = μ₁² P + μ_*²,  Q₁ = μ₁² p + μ_*² q,  M = μ₁ R,
 *
 * with the terms of THEORY §9. The conjugates of `P`, `p`, `R` come from the energetic term
 * (`P̂ = −2α_D μ₁² ∂G_E/∂Q₀`, `p̂ = −2α_D μ₁² ∂G_E/∂Q₁`, `R̂ = α_D μ₁ ∂G_E/∂M`), `P`, `p`, `R` from the stationarity
 * of `G_SE` in the conjugates (`P = 1/Dn + N(1 − q)/Dn²`, `p = q/Dn + N(1 − q)/Dn²`, `R = (1 − q) R̂/Dn`,
 * `N = (1 − q)(p̂ + R̂²) − (P̂ + p̂) q`), `q̂ = −2(α/α_D) ∂G_SE/∂q − 2α μ_*² ∂G_E/∂Q₁` and `q = ∫Dz tanh²(√q̂ z)`:
 * a fixed-point map on `(q, P, p, R)`, solved by damped iteration and Newton polish.
 *
 * Eliminating the conjugates of `G_SE` gives the Gaussian large deviation of the projections `Fᵀw/√N`:
 *
 *     G_SE = ½[log(P − p) + (p − R²)/(P − p)] − ½[P/(1 − q) − q(P − p)/(1 − q)²] − ½[log(1 − q) + q/(1 − q)] + ½,
 *
 * which the tests compare with the hat form. As `α_D → 0` the projection constraints are free (`P = 1`, `p = q`,
 * `R = 0`) and `φ` becomes the storage free entropy with `Q₁ = E σ² q`.
 *
 * @module
 */
import type { Activation } from '../../dsl/activation.js';
import { solveFixedPoint } from '../../numeric/replica/fixedPoint.js';
import { DEFAULT_SINH_STEP, gaussianSinhRule } from '../../numeric/quadrature/sinhGaussianRule.js';
import { gaussianTail, logGaussianTail } from '../../numeric/special/gaussianTail.js';
import { featureCoefficients, type FeatureCoefficients } from './features.js';
import { entropicIntegrals, teacherEnergeticIntegrals } from './integrals.js';
import type { BinarySolverOptions } from './storage.js';
import { loadThreshold, marginThreshold } from './thresholds.js';
import { checkConverged, checkMargin, checkPositive } from './validate.js';

/**
 * Parameters of the random-features perceptron.
 * @category Binary
 * @since 0.2.0
 * @example
 * binaryRandomFeatures({ alpha: 0.5, alphaD: 1, kappa: 0, activation: 'sign' });
 */
export interface RandomFeaturesParams {
  /** `α = P/N` (examples per student weight). */
  readonly alpha: number;
  /** `α_D = P/D` (examples per input dimension). */
  readonly alphaD: number;
  /** Margin `κ ≥ 0` (default 0). */
  readonly kappa?: number;
  /** Feature map: `'sign'` (default), `'tanh'`, `'erf'`, an expression in `z`, or a DSL activation. */
  readonly activation?: string | Activation;
}

/**
 * The replica-symmetric saddle point of the random-features perceptron and its observables.
 * @category Binary
 * @since 0.2.0
 * @example
 * const s = orThrow(binaryRandomFeatures({ alpha: 0.5, alphaD: 1 }));
 * [s.phi, s.eg, s.ebary]; // ebary ≤ eg
 */
export interface RandomFeaturesSolution {
  /** `α = P/N`. */
  readonly alpha: number;
  /** `α_D = P/D`. */
  readonly alphaD: number;
  /** Overparametrization `N/D = α_D/α`. */
  readonly overparametrization: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** Feature map and its coefficients `μ₁`, `μ_*`. */
  readonly features: FeatureCoefficients;
  /** Free entropy `φ = lim (1/N) E log #solutions`. */
  readonly phi: number;
  /** Overlap of two students. */
  readonly q: number;
  /** Norm of the projection `Fᵀw/√N` (per input dimension). */
  readonly P: number;
  /** Overlap of the projections of two students. */
  readonly p: number;
  /** Projection–teacher overlap. */
  readonly R: number;
  /** Conjugate of `q`. */
  readonly qHat: number;
  /** Conjugate of `P`. */
  readonly PHat: number;
  /** Conjugate of `p`. */
  readonly pHat: number;
  /** Conjugate of `R`. */
  readonly RHat: number;
  /** `Q₀ = μ₁² P + μ_*²`: variance of a student preactivation. */
  readonly Q0: number;
  /** `Q₁ = μ₁² p + μ_*² q`: overlap of two students' preactivations. */
  readonly Q1: number;
  /** `M = μ₁ R`: student–teacher preactivation overlap. */
  readonly M: number;
  /** Generalization error `arccos(M/√Q₀)/π`. */
  readonly eg: number;
  /** Error of the barycenter of the solutions, `arccos(M/√Q₁)/π`. */
  readonly ebary: number;
  /** Entropic term `G_S`. */
  readonly entropic: number;
  /** Projection term `G_SE` (hat form at the saddle point). */
  readonly projection: number;
  /** Energetic term `G_E`. */
  readonly energetic: number;
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

/** Conjugates and the `G_SE` pieces at given energetic derivatives. */
interface ProjectionState {
  PHat: number;
  pHat: number;
  RHat: number;
  Dn: number;
  N: number;
}

function projectionState(q: number, alphaD: number, mu1: number, e: { dQ0: number; dQ1: number; dM: number }, out: ProjectionState): void {
  out.PHat = -2 * alphaD * mu1 * mu1 * e.dQ0;
  out.pHat = -2 * alphaD * mu1 * mu1 * e.dQ1;
  out.RHat = alphaD * mu1 * e.dM;
  const X = out.PHat + out.pHat;
  out.Dn = 1 + X * (1 - q);
  out.N = (1 - q) * (out.pHat + out.RHat * out.RHat) - X * q;
}

/**
 * `G_SE` in the hat form of THEORY §9.
 * @internal
 */
export function projectionHatForm(q: number, P: number, p: number, R: number, PHat: number, pHat: number, RHat: number): number {
  const X = PHat + pHat;
  const Dn = 1 + X * (1 - q);
  return 0.5 * PHat * P + 0.5 * pHat * p - RHat * R - 0.5 * Math.log(Dn) + ((1 - q) * (pHat + RHat * RHat) - X * q) / (2 * Dn);
}

/**
 * `G_SE` with the conjugates eliminated (the large-deviation rate of the projections' Gram matrix).
 * @internal
 */
export function projectionEliminatedForm(q: number, P: number, p: number, R: number): number {
  const d = P - p;
  const a = 1 - q;
  return 0.5 * (Math.log(d) + (p - R * R) / d) - 0.5 * (P / a - (q * d) / (a * a)) - 0.5 * (Math.log(a) + q / a) + 0.5;
}

const clamp = (x: Float64Array): void => {
  x[0] = Math.min(1 - 1e-15, Math.max(0, x[0]!));
};

/** Internal options: the public ones plus pinning `q = q̂ = 0` (the `α → 0` limit). @internal */
export interface RandomFeaturesInternalOptions extends BinarySolverOptions {
  /** Solve the `α → 0` limit: `q = q̂ = 0`, projections free (`α` then only labels the result). */
  readonly alphaToZero?: boolean;
}

/**
 * Solve the random-features saddle point (internal, plain numbers; `InvalidArgument` for bad input,
 * non-convergence in `converged`).
 * @internal
 */
export function solveRandomFeatures(params: RandomFeaturesParams, options: RandomFeaturesInternalOptions = {}): RandomFeaturesSolution {
  const { alpha, alphaD } = params;
  const kappa = params.kappa ?? 0;
  checkPositive('alpha', alpha);
  checkPositive('alphaD', alphaD);
  checkMargin('kappa', kappa);
  const features = featureCoefficients(params.activation ?? 'sign');
  return solveWithFeatures(alpha, alphaD, kappa, features, options);
}

function solveWithFeatures(alpha: number, alphaD: number, kappa: number, features: FeatureCoefficients, options: RandomFeaturesInternalOptions): RandomFeaturesSolution {
  const { mu1, muStar } = features;
  const mu12 = mu1 * mu1;
  const ms2 = muStar * muStar;
  const step = options.quadratureStep ?? DEFAULT_SINH_STEP;
  const pinned = options.alphaToZero === true;
  const e = { value: 0, dQ0: 0, dQ1: 0, dM: 0 };
  const s = { logTwoCosh: 0, tanh2: 0 };
  const st: ProjectionState = { PHat: 0, pHat: 0, RHat: 0, Dn: 1, N: 0 };
  const qHatOf = (q: number): number => {
    if (pinned) return 0;
    const dGq = -(st.pHat + st.RHat * st.RHat) / (2 * st.Dn) + (st.N * (st.PHat + st.pHat)) / (2 * st.Dn * st.Dn);
    return -2 * (alpha / alphaD) * dGq - 2 * alpha * ms2 * e.dQ1;
  };
  // x = (q, P, p, R)
  const map = (x: Float64Array, out: Float64Array): void => {
    const q = x[0]!;
    teacherEnergeticIntegrals(mu12 * x[1]! + ms2, mu12 * x[2]! + ms2 * q, mu1 * x[3]!, kappa, step, e);
    projectionState(q, alphaD, mu1, e, st);
    if (pinned) out[0] = 0;
    else {
      entropicIntegrals(qHatOf(q), step, s);
      out[0] = s.tanh2;
    }
    const c = (st.N * (1 - q)) / (st.Dn * st.Dn);
    out[1] = 1 / st.Dn + c;
    out[2] = q / st.Dn + c;
    out[3] = ((1 - q) * st.RHat) / st.Dn;
  };
  const q0 = pinned ? 0 : Math.min(0.5, alpha / 4);
  const fp = solveFixedPoint(map, Float64Array.of(q0, 1, q0 + 0.05, 0.1), {
    tolerance: options.tolerance ?? 1e-13,
    maxIterations: options.maxIterations ?? 2000,
    damping: options.damping ?? 0.5,
    project: clamp,
  });
  const [q, P, p, R] = [fp.x[0]!, fp.x[1]!, fp.x[2]!, fp.x[3]!];
  const Q0 = mu12 * P + ms2;
  const Q1 = mu12 * p + ms2 * q;
  const M = mu1 * R;
  teacherEnergeticIntegrals(Q0, Q1, M, kappa, step, e);
  projectionState(q, alphaD, mu1, e, st);
  const qHat = qHatOf(q);
  entropicIntegrals(qHat, step, s);
  const entropic = pinned ? Math.LN2 : -0.5 * qHat * (1 - q) + s.logTwoCosh;
  const projection = projectionHatForm(q, P, p, R, st.PHat, st.pHat, st.RHat);
  const phi = entropic + (alpha / alphaD) * projection + alpha * e.value;
  return {
    alpha,
    alphaD,
    overparametrization: alphaD / alpha,
    kappa,
    features,
    phi,
    q,
    P,
    p,
    R,
    qHat,
    PHat: st.PHat,
    pHat: st.pHat,
    RHat: st.RHat,
    Q0,
    Q1,
    M,
    eg: Math.acos(M / Math.sqrt(Q0)) / Math.PI,
    ebary: Math.acos(Math.min(1, M / Math.sqrt(Q1))) / Math.PI,
    entropic,
    projection,
    energetic: e.value,
    iterations: fp.iterations,
    newtonSteps: fp.newtonSteps,
    residual: fp.residual,
    tolerance: fp.tolerance,
    converged: fp.converged && Number.isFinite(phi),
  };
}

/**
 * The interpolation threshold `α_c(α_D, κ)` of the random-features perceptron: the `α` where `φ = 0` at fixed
 * `α_D` (Brent on `φ(α)`; internal, plain numbers).
 * @internal
 */
export function randomFeaturesCapacity(params: Omit<RandomFeaturesParams, 'alpha'>, options: BinarySolverOptions = {}): number {
  const kappa = params.kappa ?? 0;
  checkPositive('alphaD', params.alphaD);
  checkMargin('kappa', kappa);
  const features = featureCoefficients(params.activation ?? 'sign');
  const phi = (alpha: number): number => {
    const sol = solveWithFeatures(alpha, params.alphaD, kappa, features, options);
    return sol.converged && sol.q < 1 - 1e-9 ? sol.phi : NaN;
  };
  return loadThreshold(phi, 'rf capacity');
}

/**
 * The largest margin `κ_max(α, α_D)` with `φ > 0` (Brent on `φ(κ)`; `NotFound` when `α ≥ α_c(α_D, 0)`).
 * @internal
 */
export function randomFeaturesKappaMax(params: Omit<RandomFeaturesParams, 'kappa'>, options: BinarySolverOptions = {}): number {
  checkPositive('alpha', params.alpha);
  checkPositive('alphaD', params.alphaD);
  const features = featureCoefficients(params.activation ?? 'sign');
  const phi = (kappa: number): number => {
    const sol = solveWithFeatures(params.alpha, params.alphaD, kappa, features, options);
    return sol.converged && sol.q < 1 - 1e-9 ? sol.phi : NaN;
  };
  const { alpha, alphaD } = params;
  return marginThreshold(phi, alpha, () =>
    checkConverged('random-features', solveWithFeatures(alpha, alphaD, 0, features, options), { alpha, alphaD, kappa: 0 }));
}

/**
 * The density of the stabilities `Δ = y w·x/√N` of the training examples under a typical solution, at the
 * points `deltas` (0 below `κ`): `ρ(Δ) = 2∫Dt H(−Mt/√(Q₁ − M²)) G((Δ − √Q₁ t)/a) / (a H((κ − √Q₁ t)/a))`,
 * `a = √(Q₀ − Q₁)`. Integrates to 1 over `[κ, ∞)`.
 * @internal
 */
export function stabilityDensity(sol: Pick<RandomFeaturesSolution, 'Q0' | 'Q1' | 'M' | 'kappa'>, deltas: readonly number[], step = DEFAULT_SINH_STEP): number[] {
  const { Q0, Q1, M, kappa } = sol;
  const a = Math.sqrt(Q0 - Q1);
  const r = Math.sqrt(Q1);
  const b = M / Math.sqrt(Q1 - M * M);
  return deltas.map((delta) => {
    if (delta < kappa) return 0;
    // integrand in t peaks where (Δ − √Q₁ t)/a is O(1): centre the rule there
    const rule = gaussianSinhRule(delta / r, a / r, step);
    let sum = 0;
    for (let k = 0; k < rule.nodes.length; k++) {
      const t = rule.nodes[k]!;
      const x = (delta - r * t) / a;
      const u = (kappa - r * t) / a;
      // G(x)/H(u) = exp(logG(x) − log H(u)) without underflow
      sum += rule.weights[k]! * 2 * gaussianTail(-b * t) * Math.exp(-0.5 * x * x - 0.9189385332046728 - logGaussianTail(u));
    }
    return sum / a;
  });
}
