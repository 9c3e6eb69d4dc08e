/**
 * Seeded randomized quasi-Monte Carlo for expectations over `z ~ N(0, I_p)` when the tensor rule is too
 * large (p ≥ 4): the Halton sequence with independent Cranley–Patterson shifts (one per replicate, from
 * `createRng(seed)`), mapped through the inverse normal CDF. Each shift gives an unbiased estimate; their
 * spread gives the standard error reported with every QMC result.
 *
 * @module
 */
import { fail, invalidArgument } from '../../../errors.js';
import { createRng } from '../../random.js';
import { meanAndStandardError, type MeanAndStandardError } from '../../statistics.js';

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9, then one
 * Halley step on `erfc`, to ~1e-15).
 * @category Solvers
 * @since 0.1.0
 * @example
 * inverseNormalCdf(0.975); // 1.95996398454005…
 */
export function inverseNormalCdf(u: number): number {
  if (!(u > 0 && u < 1)) fail(invalidArgument('u', u, 'a number in (0, 1)'));
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (u < pl) {
    const q = Math.sqrt(-2 * Math.log(u));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (u <= 1 - pl) {
    const q = u - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - u));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Halley refinement with Φ(x) = erfc(−x/√2)/2
  const e = 0.5 * erfc(-x / Math.SQRT2) - u;
  const uu = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - uu / (1 + (x * uu) / 2);
}

/** erfc to ~1e-15 relative (W. J. Cody's rational approximations are overkill here: continued fraction / series). */
function erfc(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 2.5) {
    // erf by its Taylor series, then 1 − erf
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // continued fraction (Lentz)
    const tiny = 1e-300;
    let f = ax;
    let C = ax;
    let D = 0;
    for (let n = 1; n < 500; n++) {
      const an = n / 2;
      D = ax + an * D;
      D = D === 0 ? tiny : 1 / D;
      C = ax + an / C;
      if (C === 0) C = tiny;
      const delta = C * D;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    r = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  }
  return x >= 0 ? r : 2 - r;
}

function radicalInverse(k: number, base: number): number {
  let f = 1;
  let r = 0;
  while (k > 0) {
    f /= base;
    r += f * (k % base);
    k = Math.floor(k / base);
  }
  return r;
}

/**
 * `count` points of `N(0, I_p)` from the Halton sequence (indices 1…count) shifted modulo 1 by a uniform
 * vector drawn from `createRng(seed).split(replicate)`. Row-major `count × p`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const pts = shiftedHaltonNormal(4, 4096, 7, 0);
 */
export function shiftedHaltonNormal(p: number, count: number, seed: number, replicate: number): Float64Array {
  if (!Number.isInteger(p) || p < 1 || p > PRIMES.length) fail(invalidArgument('p', p, `an integer in [1, ${PRIMES.length}]`));
  if (!Number.isInteger(count) || count < 1) fail(invalidArgument('count', count, 'a positive integer'));
  const rng = createRng(seed).split(replicate);
  const shift = Array.from({ length: p }, () => rng.uniform());
  const out = new Float64Array(count * p);
  for (let k = 0; k < count; k++) {
    for (let l = 0; l < p; l++) {
      let u = radicalInverse(k + 1, PRIMES[l]!) + shift[l]!;
      if (u >= 1) u -= 1;
      if (u <= 0) u = Number.EPSILON;
      out[k * p + l] = inverseNormalCdf(u);
    }
  }
  return out;
}

/**
 * Run `estimate` on each replicate and report mean and standard error per component.
 * @category Solvers
 * @since 0.1.0
 * @example
 * // E[z²] = 1 for z ~ N(0, 1), from 8 shifted QMC sets of 1024 points
 * const [m2] = replicateEstimate(8, (k) => {
 *   const z = shiftedHaltonNormal(1, 1024, 7, k);
 *   return [z.reduce((s, x) => s + x * x, 0) / z.length];
 * });
 * m2; // { mean: 1.000…, standardError: …, n: 8 }
 */
export function replicateEstimate(replicates: number, estimate: (replicate: number) => readonly number[]): MeanAndStandardError[] {
  if (!Number.isInteger(replicates) || replicates < 2) fail(invalidArgument('replicates', replicates, 'an integer ≥ 2'));
  const rows: (readonly number[])[] = [];
  for (let k = 0; k < replicates; k++) rows.push(estimate(k));
  const width = rows[0]!.length;
  return Array.from({ length: width }, (_, j) => meanAndStandardError(rows.map((r) => r[j]!)));
}
