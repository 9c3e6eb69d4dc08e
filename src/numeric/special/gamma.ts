/**
 * The log-gamma function.
 *
 * @module
 */

// Lanczos approximation with g = 607/128 and 15 terms (P. Godfrey's coefficients, as in Boost and
// many numerical libraries): relative error about 1e-15 over the whole positive axis.
const LANCZOS_G = 607 / 128;
const LANCZOS = Float64Array.of(
  0.99999999999999709182,
  57.156235665862923517,
  -59.597960355475491248,
  14.136097974741747174,
  -0.49191381609762019978,
  0.33994649984811888699e-4,
  0.46523628927048575665e-4,
  -0.98374475304879564677e-4,
  0.15808870322491248884e-3,
  -0.21026444172410488319e-3,
  0.2174396181152126432e-3,
  -0.16431810653676389022e-3,
  0.84418223983852743293e-4,
  -0.2619083840158140867e-4,
  0.36899182659531622704e-5,
);
const HALF_LOG_TWO_PI = 0.91893853320467274178; // log(2π)/2
const LOG_PI = 1.1447298858494001741;

/**
 * log |Γ(x)|. Accurate to about 1e-15 relative (absolute near the zeros at x = 1 and 2). Returns
 * +Infinity at the poles x = 0, -1, -2, … and NaN for NaN.
 * @category Special functions
 * @since 0.1.0
 * @example
 * logGamma(0.5) // => 0.5723649429247001 (= log √π)
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
    if (x === Math.floor(x)) return Infinity;
    return LOG_PI - Math.log(Math.abs(sinPi(x))) - logGamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (y + k);
  const t = y + LANCZOS_G + 0.5;
  // (y + ½)·log t − t, written so that it does not overflow to ∞ − ∞ for huge x.
  return HALF_LOG_TWO_PI + (y + 0.5) * (Math.log(t) - 1) - LANCZOS_G + Math.log(sum);
}

/** sin(πx) with exact zeros at the integers and no loss of accuracy for large |x|. */
function sinPi(x: number): number {
  const r = x - 2 * Math.floor(x / 2); // x mod 2, exact
  if (r <= 0.5) return Math.sin(Math.PI * r);
  if (r <= 1.5) return -Math.sin(Math.PI * (r - 1));
  return Math.sin(Math.PI * (r - 2));
}
