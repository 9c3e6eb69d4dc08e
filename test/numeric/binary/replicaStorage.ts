/**
 * An independent replica-symmetric solution of the binary perceptron storage problem (Gardner; Krauth &
 * Mézard 1989), written only for the tests and the validation script, so that enumeration can be checked
 * without the library's own replica solver:
 *
 *   φ(α, κ) = extr_{q, q̂} [ −½ q̂ (1 − q) + ∫Dz log 2cosh(√q̂ z) + α ∫Dz log H((κ − √q z)/√(1 − q)) ]
 *
 * Saddle point: q = ∫Dz tanh²(√q̂ z),  q̂ = α/(1 − q) ∫Dz [G(u)/H(u)]²,  u = (κ − √q z)/√(1 − q).
 * H comes from a power series (|u| < 2) and the Mills-ratio continued fraction (|u| ≥ 2), accurate to ~1e-15.
 */
import { gaussHermiteProbabilists } from '../../../src/numeric/quadrature/gauss.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const gauss = (u: number): number => INV_SQRT_2PI * Math.exp(-0.5 * u * u);

/** Mills ratio H(u)/G(u) for u ≥ 2 (continued fraction, evaluated bottom-up). */
function mills(u: number): number {
  let t = u;
  for (let k = 120; k >= 1; k--) t = u + k / t;
  return 1 / t;
}

/** log H(u), H(u) = P(Z > u). */
export function logH(u: number): number {
  if (u >= 2) return Math.log(mills(u)) - 0.5 * u * u - Math.log(Math.sqrt(2 * Math.PI));
  if (u <= -2) return Math.log1p(-Math.exp(logH(-u)));
  // ∫_0^u G = G(u) Σ u^{2k+1}/(2k+1)!!
  let term = u;
  let sum = u;
  for (let k = 1; k < 200 && Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
    term *= (u * u) / (2 * k + 1);
    sum += term;
  }
  return Math.log(0.5 - gauss(u) * sum);
}

/** G(u)/H(u). */
function gOverH(u: number): number {
  return u >= 2 ? 1 / mills(u) : gauss(u) / Math.exp(logH(u));
}

const logCosh2 = (x: number): number => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));

/** The RS storage entropy φ(α, κ) with its order parameters. */
export function replicaStorage(alpha: number, kappa: number, nodes = 201): { phi: number; q: number; qHat: number; iterations: number } {
  const rule = gaussHermiteProbabilists(nodes);
  const z = rule.nodes;
  const w = rule.weights;
  let q = 0.3;
  let qHat = 0.5;
  let iterations = 0;
  for (; iterations < 10000; iterations++) {
    let sq = 0;
    for (let k = 0; k < z.length; k++) sq += w[k]! * Math.tanh(Math.sqrt(qHat) * z[k]!) ** 2;
    let sh = 0;
    for (let k = 0; k < z.length; k++) sh += w[k]! * gOverH((kappa - Math.sqrt(q) * z[k]!) / Math.sqrt(1 - q)) ** 2;
    const qNew = sq;
    const qHatNew = (alpha / (1 - q)) * sh;
    const change = Math.abs(qNew - q) + Math.abs(qHatNew - qHat);
    q = 0.5 * q + 0.5 * qNew;
    qHat = 0.5 * qHat + 0.5 * qHatNew;
    if (change < 1e-13) break;
  }
  let s = 0;
  let e = 0;
  for (let k = 0; k < z.length; k++) {
    s += w[k]! * logCosh2(Math.sqrt(qHat) * z[k]!);
    e += w[k]! * logH((kappa - Math.sqrt(q) * z[k]!) / Math.sqrt(1 - q));
  }
  return { phi: -0.5 * qHat * (1 - q) + s + alpha * e, q, qHat, iterations };
}
