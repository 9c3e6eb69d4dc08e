/**
 * Certification of a threshold in 40-digit decimal arithmetic (decimal.js).
 *
 * In double precision the sums behind `α_BBP` lose digits to cancellation (`E[(s − 1)h]` is a difference
 * of two O(1) sums, and near the crossover where `α_BBP ≈ α_c` the transition kind hangs on a comparison of
 * two nearly equal numbers). Here the same sums of the same discretized vertex are recomputed with 40
 * significant digits: a sign change of the crossing function is confirmed on a bracket around the double
 * result, which bounds `α_BBP` of the discretized model, and the smooth/sharp comparison is redone.
 * (Nodes enter as their shortest round-trip decimal, a relative perturbation below 1e-16.)
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import type { Threshold } from '../spectral/solver.js';
import type { Vertex } from '../spectral/vertex.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;

/**
 * A certified interval for `α_BBP` of the discretized vertex.
 * @category Solvers
 * @since 0.1.0
 */
export interface Certificate {
  readonly alphaLow: number;
  readonly alphaHigh: number;
  /** Significant digits certified: `−log10((high − low)/α)`. */
  readonly digits: number;
  /** Whether the transition kind was confirmed in decimal arithmetic. */
  readonly transitionConfirmed: boolean;
}

/** `[E h, E h', E s h]` in decimal. */
function sums(vertex: Vertex, g: Dec): [Dec, Dec, Dec] {
  let h0 = new D(0);
  let h1 = new D(0);
  let s0 = new D(0);
  const one = new D(1);
  const mult = Array.from(vertex.multiplicity, (m) => new D(m));
  for (let i = 0; i < vertex.size; i++) {
    let a0 = new D(0);
    let a1 = new D(0);
    for (let j = 0; j < vertex.rank; j++) {
      const c = new D(vertex.eigen[i * vertex.rank + j]!);
      const q = c.div(one.minus(g.times(c)));
      a0 = a0.plus(mult[j]!.times(q));
      a1 = a1.plus(mult[j]!.times(q).times(q));
    }
    const w = new D(vertex.weight[i]!);
    h0 = h0.plus(w.times(a0));
    h1 = h1.plus(w.times(a1));
    s0 = s0.plus(w.times(vertex.signal[i]!).times(a0));
  }
  return [h0, h1, s0];
}

/** φ(g) = 1/(g² E h'), ψ(g) = 1/(g E[(s−1)h]), B(g) = g E h' − E[(s − 1)h]. */
function curves(vertex: Vertex, g: Dec): { phi: Dec; psi: Dec; b: Dec } {
  const [h0, h1, s0] = sums(vertex, g);
  const k = s0.minus(h0);
  return { phi: new D(1).div(g.times(g).times(h1)), psi: new D(1).div(g.times(k)), b: g.times(h1).minus(k) };
}

/**
 * Certify a threshold found in double precision. In the continuous case the bracket around the double `g`
 * starts at a relative half-width of 1e-13 and widens tenfold until the sign change is confirmed (up to 1e-8).
 * @category Solvers
 * @since 0.1.0
 */
export function certifyThreshold(vertex: Vertex, t: Threshold): Certificate {
  if (t.transition === 'discontinuous') {
    // α_BBP = ψ(g_sing) exactly; the kind needs ψ(g_sing) < α_c (= φ(g_sing) for the monotone edge curve).
    const { phi, psi } = curves(vertex, new D(t.g));
    const alpha = psi.toNumber();
    const ulp = Math.abs(alpha) * Number.EPSILON;
    return { alphaLow: alpha - ulp, alphaHigh: alpha + ulp, digits: 15, transitionConfirmed: psi.gt(0) && psi.lt(phi) };
  }
  for (let bracket = 1e-13; ; bracket *= 10) {
    const a = curves(vertex, new D(t.g).times(1 + bracket));
    const b = curves(vertex, new D(t.g).times(1 - bracket));
    const confirmed = a.b.isNeg() !== b.b.isNeg();
    if (!confirmed && bracket < 1e-8) continue;
    const alphas = [a.phi.toNumber(), b.phi.toNumber()].sort((x, y) => x - y) as [number, number];
    const width = alphas[1] - alphas[0];
    return {
      alphaLow: alphas[0],
      alphaHigh: alphas[1],
      digits: width > 0 ? -Math.log10(width / t.alphaBBP) : 16,
      transitionConfirmed: confirmed,
    };
  }
}
