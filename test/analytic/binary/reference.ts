/**
 * Independent (test-only) references for the binary-network solvers: adaptive Gauss–Kronrod integrals
 * (test/reference/adaptiveQuadrature.ts, break points at each integrand's feature) in place of the sinh-mapped
 * rules, and plain undamped/damped iteration or bisection in place of Newton and Brent.
 */
import { integrate } from '../../reference/adaptiveQuadrature.js';
import { gaussianMillsRatio, logGaussianTail, logTwoCosh } from '../../../src/numeric/special/gaussianTail.js';

const density = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** ∫Dz f(z), with break points at `c` and `c ± 50 s`. */
export function gaussianExpect(f: (z: number) => number, c = 0, s = 1): number {
  const breaks = [...new Set([-13, c - 50 * s, c, c + 50 * s, 13].map((x) => Math.max(-13, Math.min(13, x))))];
  let sum = 0;
  for (let k = 0; k + 1 < breaks.length; k++) {
    const r = integrate((z) => density(z) * f(z), breaks[k]!, breaks[k + 1]!, { relTol: 1e-14 });
    if (!r.converged) throw new Error(`reference integral did not converge on [${breaks[k]}, ${breaks[k + 1]}]`);
    sum += r.value;
  }
  return sum;
}

/** The storage free entropy at given (q, q̂) (not necessarily a saddle point). */
export function storagePhiAt(alpha: number, kappa: number, q: number, qHat: number): number {
  const a = Math.sqrt(qHat);
  const s = Math.sqrt((1 - q) / q);
  return -0.5 * qHat * (1 - q) + gaussianExpect((z) => logTwoCosh(a * z), 0, Math.min(1, 1 / a))
    + alpha * gaussianExpect((z) => logGaussianTail((kappa - Math.sqrt(q) * z) / Math.sqrt(1 - q)), kappa / Math.sqrt(q), Math.min(1, s));
}

/** Storage saddle point by damped iteration of q ← E tanh², q̂ ← α/(1 − q) E (G/H)², adaptive integrals. */
export function referenceStorage(alpha: number, kappa: number): { q: number; qHat: number; phi: number } {
  let q = 0.3;
  let qHat = 0;
  for (let it = 0; it < 2000; it++) {
    const s = Math.sqrt((1 - q) / q);
    qHat = (alpha / (1 - q)) * gaussianExpect((z) => gaussianMillsRatio((kappa - Math.sqrt(q) * z) / Math.sqrt(1 - q)) ** 2, kappa / Math.sqrt(q), Math.min(1, s));
    const a = Math.sqrt(qHat);
    const next = gaussianExpect((z) => Math.tanh(a * z) ** 2, 0, Math.min(1, 1 / a));
    if (Math.abs(next - q) < 1e-14) {
      q = next;
      break;
    }
    q = 0.5 * q + 0.5 * next;
  }
  return { q, qHat, phi: storagePhiAt(alpha, kappa, q, qHat) };
}

/** G_E(Q₀, Q₁, M) = 2∫Dt H(−M t/√(Q₁ − M²)) log H((κ − √Q₁ t)/√(Q₀ − Q₁)), adaptive. */
export function teacherEnergetic(Q0: number, Q1: number, M: number, kappa: number): number {
  const a = Math.sqrt(Q0 - Q1);
  const r = Math.sqrt(Q1);
  const b = M / Math.sqrt(Q1 - M * M);
  const H = (x: number): number => Math.exp(logGaussianTail(x));
  return 2 * gaussianExpect((t) => H(-b * t) * logGaussianTail((kappa - r * t) / a), kappa / r, Math.min(1, a / r));
}

/**
 * Teacher–student perceptron at κ = 0 on the Nishimori line (q = R, q̂ = R̂): damped iteration of
 * q ← E tanh(√q̂ z + q̂), q̂ = −2α ∂G_E/∂Q₁ by central differences of the adaptive G_E.
 */
export function referenceTeacherStudent(alpha: number): { q: number; qHat: number; phi: number } {
  let q = 0.3;
  let qHat = 0;
  const h = 1e-5;
  for (let it = 0; it < 500; it++) {
    qHat = (-2 * alpha * (teacherEnergetic(1, q + h, q, 0) - teacherEnergetic(1, q - h, q, 0))) / (2 * h);
    const a = Math.sqrt(qHat);
    const next = gaussianExpect((z) => Math.tanh(a * z + qHat), -Math.sqrt(qHat), Math.min(1, 1 / a));
    if (Math.abs(next - q) < 1e-13) {
      q = next;
      break;
    }
    q = 0.5 * q + 0.5 * next;
  }
  const a = Math.sqrt(qHat);
  const phi = -0.5 * qHat * (1 - q) - qHat * q + gaussianExpect((z) => logTwoCosh(a * z + qHat), -a, Math.min(1, 1 / a)) + alpha * teacherEnergetic(1, q, q, 0);
  return { q, qHat, phi };
}
