/**
 * The error function and the scaled complementary error function by the rational Chebyshev approximations of
 * W. J. Cody ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969; SPECFUN
 * CALERF): relative error below 1e-16 for the approximations themselves. One copy of the coefficients serves the
 * expression evaluator (`erf`) and the Gaussian tails of the replica solvers (`gaussianTail.ts`).
 *
 * @module
 */

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const RSQRTPI = 0.56418958354775628695;

/** `erf(y)` for `|y| ≤ 0.46875`. */
export function erfSmall(y: number): number {
  const z = y * y;
  let num = A[4]! * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]!) * z;
    den = (den + B[i]!) * z;
  }
  return (y * (num + A[3]!)) / (den + B[3]!);
}

/** `erfcx(y) = e^{y²} erfc(y)` for `y > 0.46875` (Cody). */
export function erfcxPositive(y: number): number {
  if (y <= 4) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    return (num + C[7]!) / (den + D[7]!);
  }
  if (y > 1e8) return RSQRTPI / y;
  const z = 1 / (y * y);
  let num = P[5]! * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]!) * z;
    den = (den + Q[i]!) * z;
  }
  const r = (z * (num + P[4]!)) / (den + Q[4]!);
  return (RSQRTPI - r) / y;
}

/**
 * The error function `erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt`, to full double precision.
 * @category Special functions
 * @since 0.1.0
 * @example
 * erf(1); // 0.8427007929497148
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x); // odd: x·R(x²)
  // erfc(y) = e^{−y²} erfcx(y), with e^{−y²} split at multiples of 1/16 so that y² does not round.
  const ys = Math.trunc(y * 16) / 16;
  const r = 1 - Math.exp(-ys * ys) * Math.exp(-(y - ys) * (y + ys)) * erfcxPositive(y);
  return x < 0 ? -r : r;
}
