/**
 * The Gaussian tail `H(x) = ½ erfc(x/√2) = P(Z > x)` and the functions replica free entropies are built from,
 * each accurate to a few ulps (relative) over the whole real line:
 *
 * - `H(x)`, computed as `½ e^{−x²/2} erfcx(x/√2)` for `x > 0.66` so that it neither cancels nor underflows
 *   early, and as `1 − H(−x)` (no cancellation: `H ≥ ¾`) for `x < −0.66`;
 * - `log H(x)`, as `−x²/2 + log(½ erfcx(x/√2))` for large `x` (finite for every finite `x`, where
 *   `Math.log(H(x))` is `−∞` beyond `x ≈ 38.5`), and `log1p(−H(−x))` for negative `x`;
 * - the inverse Mills ratio `G(x)/H(x)` (`G` the standard normal density) as `√(2/π)/erfcx(x/√2)`, whose
 *   large-`x` branch is W. J. Cody's asymptotic rational approximation of `erfcx` (≈ `x + 1/x − …`);
 * - `log 2cosh(x) = |x| + log1p(e^{−2|x|})`.
 *
 * `erfcx(y) = e^{y²} erfc(y)` uses the rational Chebyshev approximations of W. J. Cody ("Rational Chebyshev
 * approximations for the error function", Math. Comp. 23, 1969; SPECFUN CALERF), relative error < 1e-16 for the
 * approximation itself. The tests compare with 40-digit decimal.js references (series and continued fraction)
 * and find relative errors below 1e-14 for `|x| ≤ 40` (`H` down to its underflow, `log H` to `x = 1e6`).
 *
 * @module
 */

import { erfSmall, erfcxPositive } from './erf.js';

const SQRT_2_OVER_PI = 0.79788456080286535588;
const RSQRT2PI = 0.39894228040143267794;
/** |x| below which `H` is `½(1 − erf(x/√2))` (Cody's small-argument branch, y ≤ 0.46875). */
const SMALL = 0.46875 * Math.SQRT2;

/** `e^{−x²/2}` for `x ≥ 0` without the rounding of forming `x²` (Cody's splitting at multiples of 1/16). */
function expHalfSquare(x: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-0.5 * xs * xs) * Math.exp(-0.5 * del);
}

/** `H(x)` for `x > SMALL`. */
function hPositive(x: number): number {
  return 0.5 * expHalfSquare(x) * erfcxPositive(x / Math.SQRT2);
}

/**
 * The Gaussian tail `H(x) = ½ erfc(x/√2) = P(Z > x)`, `Z ~ N(0, 1)`, to ≈ 1e-15 relative on the whole line
 * (it underflows to 0 only beyond `x ≈ 38.5`; use {@link logGaussianTail} there).
 * @category Special functions
 * @since 0.2.0
 * @example
 * gaussianTail(0); // 0.5
 * gaussianTail(10); // 7.619853024160527e-24
 */
export function gaussianTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > SMALL) return hPositive(x);
  if (x < -SMALL) return 1 - hPositive(-x);
  return 0.5 - 0.5 * erfSmall(x / Math.SQRT2);
}

/**
 * `log H(x)`, finite for every finite `x` (≈ `−x²/2 − log(x√(2π))` for large `x`), to ≈ 1e-15 relative.
 * @category Special functions
 * @since 0.2.0
 * @example
 * logGaussianTail(0); // -0.6931471805599453
 * logGaussianTail(100); // -5005.524208694205
 */
export function logGaussianTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > SMALL) return -0.5 * x * x + Math.log(0.5 * erfcxPositive(x / Math.SQRT2));
  if (x < -SMALL) return Math.log1p(-hPositive(-x));
  return Math.log(0.5 - 0.5 * erfSmall(x / Math.SQRT2));
}

/**
 * The inverse Mills ratio `G(x)/H(x)`, `G(x) = e^{−x²/2}/√(2π)`: minus the derivative of `log H`. Grows like
 * `x + 1/x − 2/x³ + …` for large `x` (no overflow, no 0/0), decays like `G(x)` for negative `x`.
 * @category Special functions
 * @since 0.2.0
 * @example
 * gaussianMillsRatio(0); // 0.7978845608028653 (√(2/π))
 * gaussianMillsRatio(1e6); // 1000000.000001
 */
export function gaussianMillsRatio(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > SMALL) return SQRT_2_OVER_PI / erfcxPositive(x / Math.SQRT2);
  if (x < -SMALL) return gaussianDensity(x) / (1 - hPositive(-x));
  return gaussianDensity(x) / (0.5 - 0.5 * erfSmall(x / Math.SQRT2));
}

/**
 * `log(2 cosh x) = |x| + log1p(e^{−2|x|})`, with no overflow for large `|x|`.
 * @category Special functions
 * @since 0.2.0
 * @example
 * logTwoCosh(0); // 0.6931471805599453
 * logTwoCosh(1000); // 1000
 */
export function logTwoCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a));
}

/**
 * The standard normal density `G(x) = e^{−x²/2}/√(2π)`.
 * @category Special functions
 * @since 0.2.0
 * @example
 * gaussianDensity(0); // 0.3989422804014327
 */
export function gaussianDensity(x: number): number {
  return expHalfSquare(Math.abs(x)) * RSQRT2PI;
}
