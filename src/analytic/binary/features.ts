/**
 * Gaussian-equivalence coefficients of a feature map `σ` (THEORY §9): `μ₀ = E σ(g)`, `μ₁ = E[g σ(g)]`,
 * `μ_*² = E σ(g)² − μ₀² − μ₁²`, `g ~ N(0, 1)`, so that `σ(Fξ/√D) ≈ μ₀ + μ₁ Fξ/√D + μ_* ζ`.
 *
 * The expectations fold the line onto `(0, ∞)` (`E f = ∫₀^∞ [f(g) + f(−g)] G(g) dg`), so a jump or kink of `σ`
 * at 0 (`sign`, `abs`, `relu`) sits at an end point, and use composite 20-point Gauss–Legendre on 32 panels of
 * `[0, 12]`: exact to rounding for `sign` (closed form `μ₁ = √(2/π)`) and for smooth `σ`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { activation as dslActivation, type Activation } from '../../dsl/activation.js';
import { compileExpr } from '../../dsl/compile.js';
import { gaussLegendre } from '../../numeric/quadrature/gauss.js';
import { gaussianDensity } from '../../numeric/special/gaussianTail.js';

/**
 * The coefficients of a feature map in the Gaussian equivalence.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryFeatureCoefficients('sign')); // { activation: 'sign', mu0: 0, mu1: 0.7978845608028654, muStar: 0.6028102749890869, … }
 */
export interface FeatureCoefficients {
  /** Name of the feature map. */
  readonly activation: string;
  /** `E σ(g)` (must vanish: the theory needs a centred `σ`). */
  readonly mu0: number;
  /** `E[g σ(g)]`. */
  readonly mu1: number;
  /** `√(E σ² − μ₀² − μ₁²)`. */
  readonly muStar: number;
  /** `E σ(g)²`. */
  readonly secondMoment: number;
}

const PANELS = 32;
const LENGTH = 12;
const GL = gaussLegendre(20);

/** `E f(g)` folded on `(0, ∞)`, composite Gauss–Legendre. */
function gaussianExpectation(f: (x: number) => number): number {
  let sum = 0;
  const h = LENGTH / PANELS;
  for (let p = 0; p < PANELS; p++) {
    for (let k = 0; k < GL.nodes.length; k++) {
      const x = h * (p + 0.5 * (GL.nodes[k]! + 1));
      sum += 0.5 * h * GL.weights[k]! * (f(x) + f(-x)) * gaussianDensity(x);
    }
  }
  return sum;
}

/** Names accepted without an expression. */
const NAMED: Readonly<Record<string, string>> = { sign: 'sign(z)', tanh: 'tanh(z)', erf: 'erf(z)' };

/**
 * Resolve `sign`, `tanh`, `erf`, any expression in `z` (`'z/(1 + abs(z))'`) or a DSL activation to a DSL
 * activation (internal: throws `InvalidArgument` naming `activation`).
 * @internal
 */
export function resolveFeatureActivation(spec: string | Activation): Activation {
  if (typeof spec !== 'string') return spec;
  const text = NAMED[spec] ?? spec;
  const parsed = dslActivation(spec, text);
  if (E.isLeft(parsed)) fail(invalidArgument('activation', spec, `sign, tanh, erf or an odd expression in z (${parsed.left.message})`));
  return parsed.right;
}

/** Coefficients of a resolved activation (internal, throws for a non-centred or degenerate σ). @internal */
export function featureCoefficients(spec: string | Activation): FeatureCoefficients {
  const act = resolveFeatureActivation(spec);
  const compiled = compileExpr(act.expr, ['z']);
  if (E.isLeft(compiled)) fail(invalidArgument('activation', act.name, compiled.left.message));
  const f = compiled.right;
  const arg = new Float64Array(1);
  const sigma = (x: number): number => {
    arg[0] = x;
    return f(arg);
  };
  const mu0 = gaussianExpectation(sigma);
  const mu1 = gaussianExpectation((x) => x * sigma(x));
  const secondMoment = gaussianExpectation((x) => sigma(x) ** 2);
  const star2 = secondMoment - mu0 * mu0 - mu1 * mu1;
  if (!Number.isFinite(secondMoment)) fail(invalidArgument('activation', act.name, 'a feature map with finite E σ(g)²'));
  if (Math.abs(mu0) > 1e-10 * Math.sqrt(secondMoment)) fail(invalidArgument('activation', act.name, `a centred feature map (E σ(g) = 0); E σ(g) = ${mu0}`));
  if (!(Math.abs(mu1) > 1e-10)) fail(invalidArgument('activation', act.name, 'a feature map correlated with its input (E[g σ(g)] ≠ 0)'));
  return { activation: act.name, mu0, mu1, muStar: Math.sqrt(Math.max(0, star2)), secondMoment };
}

/**
 * `μ₀`, `μ₁`, `μ_*` of a feature map, computed from `σ` by quadrature: `'sign'`, `'tanh'`, `'erf'`, an expression
 * in `z` or a DSL activation. Fails naming `activation` for an unknown or non-centred map.
 * @category Binary
 * @since 0.2.0
 * @example
 * orThrow(binaryFeatureCoefficients('tanh')).mu1; // 0.6057055...
 * binaryFeatureCoefficients('z^2'); // Left: invalid activation = "z^2": expected a centred feature map …
 */
export function binaryFeatureCoefficients(activation: string | Activation): E.Either<BbpError, FeatureCoefficients> {
  return attempt(() => featureCoefficients(activation));
}
