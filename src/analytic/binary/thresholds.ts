/**
 * Thresholds of binary-network free entropies (internal): the load `α_c` and the margin `κ_max` where a
 * decreasing `φ` crosses 0. The `φ` callbacks return NaN where the saddle point does not converge (beyond the
 * spinodal, `q → 1`), which the searches treat as "past the root".
 *
 * @module
 * @internal
 */
import { fail, notFound } from '../../errors.js';
import { brent } from '../../numeric/roots/brent.js';

/**
 * A root of a function that decreases through 0 on `[lo, hi]`, where `f(lo) > 0` and `f(hi)` is negative or
 * NaN (a saddle point that does not exist or did not converge that far out): the NaN end is first pulled in
 * by bisection until `f` is defined and negative there, then Brent. Internal.
 * @internal
 */
export function decreasingRoot(f: (x: number) => number, lo: number, hi: number, what: string): number {
  let fhi = f(hi);
  for (let k = 0; Number.isNaN(fhi) || fhi > 0; k++) {
    if (k > 80) fail(notFound(what, `no sign change of φ found in [${lo}, ${hi}]`));
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (Number.isNaN(fm)) hi = mid;
    else if (fm > 0) lo = mid;
    else {
      hi = mid;
      fhi = fm;
    }
  }
  return brent(f, lo, hi, { xtol: 1e-15, rtol: 1e-14 }).root;
}

/**
 * The load where `φ(α)` (decreasing from `log 2`) vanishes: bracket by doubling or halving from `α = 1`,
 * then {@link decreasingRoot}.
 * @internal
 */
export function loadThreshold(phi: (alpha: number) => number, what: string): number {
  let lo = 1;
  let hi = 1;
  if (phi(1) > 0) {
    for (hi = 2; phi(hi) > 0; hi *= 2) {
      lo = hi;
      if (hi > 1e6) fail(notFound(what, `φ stays positive up to alpha = ${hi}`));
    }
  } else {
    for (lo = 0.5; !(phi(lo) > 0); lo /= 2) {
      hi = lo;
      if (lo < 1e-9) fail(notFound(what, `no positive φ down to alpha = ${lo}`));
    }
  }
  return decreasingRoot(phi, lo, hi, what);
}

/**
 * The margin where `φ(κ)` (decreasing) vanishes, scanning `κ` by 0.5 from 0. `NotFound` when `φ(0) ≤ 0` (the
 * load is at or above the capacity); `explainNaN` raises the convergence error when `φ(0)` is NaN.
 * @internal
 */
export function marginThreshold(phi: (kappa: number) => number, alpha: number, explainNaN: () => void): number {
  const phi0 = phi(0);
  if (Number.isNaN(phi0)) explainNaN();
  if (!(phi0 > 0)) fail(notFound('kappaMax', `alpha = ${alpha} is at or above the capacity at kappa = 0 (φ(κ = 0) = ${phi0} ≤ 0)`));
  let lo = 0;
  let hi = 0.5;
  while (phi(hi) > 0) {
    lo = hi;
    hi += 0.5;
    if (hi > 50) fail(notFound('kappaMax', `φ stays positive up to kappa = ${hi} at alpha = ${alpha}`));
  }
  return decreasingRoot(phi, lo, hi, 'kappaMax');
}
