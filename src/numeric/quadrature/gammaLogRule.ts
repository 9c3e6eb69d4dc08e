/**
 * Expectations under a Gamma law by the trapezoidal rule in `t = log(x/scale)`.
 *
 * Why not plain generalized Gauss–Laguerre: the vertex of the reference model has poles at distance
 * `~a` from the endpoint `x = 0` (factors `1/(y + a)`, `1/(r/p + a)`), and `a` may be as small as 0.05.
 * Gauss–Laguerre then converges only like `exp(-c√(n a))`. After `x = scale·e^t` a pole at `x = -δ` sits at
 * `Im t = π` whatever `δ` is, while the weight stays analytic for `|Im t| < π/2`, so the trapezoidal sum
 * converges geometrically, like `exp(-π²/h)`, uniformly in `a` (see test/numeric/quadrature).
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { logGamma } from '../special/gamma.js';
import type { QuadratureRule } from './gauss.js';

/**
 * Default step of {@link gammaLogRule}: `α_BBP` moves by < 2e-11 relative when it is halved (bench/, test/theory).
 * @category Quadrature
 * @since 0.1.0
 * @example
 * threshold({ p: 2, pstar: 1, a: 1.5 }, { quadrature: { step: DEFAULT_STEP / 2 } }); // what `check: true` does
 */
export const DEFAULT_STEP = 0.3;

/**
 * Options of {@link gammaLogRule}.
 * @category Quadrature
 * @since 0.1.0
 * @example
 * gammaLogRule(1, 2, { step: 0.15, cutoff: 1e-18, lumpBelow: 0 });
 */
export interface GammaLogRuleOptions {
  /** Step in `t = log(x/scale)` for `shape ≤ 1`; larger shapes use `step/√shape`. Default {@link DEFAULT_STEP}. */
  readonly step?: number;
  /** Nodes whose weight falls below this are dropped (both tails). Default 1e-15. */
  readonly cutoff?: number;
  /**
   * Nodes below `lumpBelow·scale` are merged into one node at their weighted mean (default 1e-6). This keeps
   * the mean exact and errs by `O(f''·E[X²; X < x₀])`, while it saves the long left tail of small shapes
   * (for `χ²₁` most nodes of the plain rule lie below 1e-6). Set 0 to keep every node.
   */
  readonly lumpBelow?: number;
}

/**
 * A rule `Σ wᵢ f(xᵢ) ≈ E[f(X)]`, `X ~ Gamma(shape, scale)` (so `χ²_k` is `Gamma(k/2, 2)`), with
 * probability weights (they sum to 1 up to the truncation `cutoff`).
 * @category Quadrature
 * @since 0.1.0
 * @example
 * const chi2 = gammaLogRule(0.5, 2); // r = z², z ~ N(0,1)
 * let mean = 0; chi2.nodes.forEach((x, i) => (mean += chi2.weights[i]! * x)); // ≈ 1
 */
export function gammaLogRule(shape: number, scale: number, options: GammaLogRuleOptions = {}): QuadratureRule {
  if (!(shape > 0) || !Number.isFinite(shape)) fail(invalidArgument('shape', shape, 'a positive finite number'));
  if (!(scale > 0) || !Number.isFinite(scale)) fail(invalidArgument('scale', scale, 'a positive finite number'));
  const base = options.step ?? DEFAULT_STEP;
  const cutoff = options.cutoff ?? 1e-15;
  const lumpBelow = options.lumpBelow ?? 1e-6;
  if (!(base > 0 && base <= 1)) fail(invalidArgument('step', base, 'a number in (0, 1]'));
  if (!(cutoff > 0 && cutoff < 1e-6)) fail(invalidArgument('cutoff', cutoff, 'a number in (0, 1e-6)'));
  if (!(lumpBelow >= 0 && lumpBelow < 1e-3)) fail(invalidArgument('lumpBelow', lumpBelow, 'a number in [0, 1e-3)'));

  // Large shapes concentrate the law (relative width 1/√shape): the step must follow.
  const h = base / Math.sqrt(Math.max(1, shape));
  const logNorm = -logGamma(shape);
  const logDensity = (t: number): number => shape * t - Math.exp(t) + logNorm + Math.log(h);
  const logCut = Math.log(cutoff);
  // The log-weight is concave in t with its maximum at t = log(shape): walk out both ways to the cutoff.
  const peak = Math.log(shape);
  let lo = 0;
  while (logDensity(peak - (lo + 1) * h) > logCut) lo++;
  let hi = 0;
  while (logDensity(peak + (hi + 1) * h) > logCut) hi++;
  // The first node kept as is; everything left of it goes into one lumped node.
  const tLump = Math.log(lumpBelow);
  const first = lumpBelow > 0 ? Math.max(0, Math.min(lo, Math.ceil(lo + (tLump - peak) / h))) : 0;
  const lumped = first > 0 ? 1 : 0;
  const n = lo + hi + 1 - first + lumped;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let lumpWeight = 0;
  let lumpMoment = 0;
  for (let k = 0; k <= lo + hi; k++) {
    const t = peak + (k - lo) * h;
    const w = Math.exp(logDensity(t));
    if (k < first) {
      lumpWeight += w;
      lumpMoment += w * scale * Math.exp(t);
    } else {
      nodes[k - first + lumped] = scale * Math.exp(t);
      weights[k - first + lumped] = w;
    }
  }
  if (lumped) {
    nodes[0] = lumpMoment / lumpWeight;
    weights[0] = lumpWeight;
  }
  return { nodes, weights };
}
