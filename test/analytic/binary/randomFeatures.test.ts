import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  projectionEliminatedForm, projectionHatForm, randomFeaturesCapacity, randomFeaturesKappaMax, solveRandomFeatures, stabilityDensity,
} from '../../../src/analytic/binary/randomFeatures.js';
import { featureCoefficients } from '../../../src/analytic/binary/features.js';
import { solveStorage, storageCapacity } from '../../../src/analytic/binary/storage.js';
import { gaussianExpect } from './reference.js';
import { integrate } from '../../reference/adaptiveQuadrature.js';
import { entropicIntegrals, teacherEnergeticIntegrals } from '../../../src/analytic/binary/integrals.js';

describe('feature coefficients μ₁, μ_*', () => {
  it('match closed forms: sign (√(2/π), √(1 − 2/π)), erf (2/√(3π)), and an adaptive reference for tanh', () => {
    const s = featureCoefficients('sign');
    expect(Math.abs(s.mu1 - Math.sqrt(2 / Math.PI))).toBeLessThan(1e-15);
    expect(Math.abs(s.muStar - Math.sqrt(1 - 2 / Math.PI))).toBeLessThan(1e-15);
    expect(Math.abs(featureCoefficients('erf').mu1 - 2 / Math.sqrt(3 * Math.PI))).toBeLessThan(1e-15);
    const t = featureCoefficients('tanh');
    expect(Math.abs(t.mu1 - gaussianExpect((z) => z * Math.tanh(z)))).toBeLessThan(1e-14);
    expect(Math.abs(t.secondMoment - gaussianExpect((z) => Math.tanh(z) ** 2))).toBeLessThan(1e-14);
  });
  it('rejects a non-centred σ and an unknown name, naming activation', () => {
    expect(() => featureCoefficients('z^2')).toThrow(/invalid activation = "z\^2": expected a centred feature map/);
    expect(() => featureCoefficients('nope(z)')).toThrow(/invalid activation = "nope\(z\)"/);
  });
});

describe('the projection term G_SE', () => {
  it('the hat form at its stationary point in (P̂, p̂, R̂) equals the eliminated form (property over valid q, P, p, R)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }),
      fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.double({ min: -0.9, max: 0.9, noNaN: true }),
      (q, P, pFrac, rFrac) => {
        const p = pFrac * P;
        const R = rFrac * Math.sqrt(p);
        // invert the stationarity conditions for the conjugates: P − p = (1 − q)/Dn, R = (1 − q)R̂/Dn,
        // p = q/Dn + N(1 − q)/Dn², N = (1 − q)(p̂ + R̂²) − (P̂ + p̂)q, Dn = 1 + (P̂ + p̂)(1 − q)
        const Dn = (1 - q) / (P - p);
        const RHat = (R * Dn) / (1 - q);
        const N = ((p - q / Dn) * Dn * Dn) / (1 - q);
        const X = (Dn - 1) / (1 - q);
        const pHat = (N + X * q) / (1 - q) - RHat * RHat;
        const hats = [X - pHat, pHat, RHat];
        const f = (x: readonly number[]): number => projectionHatForm(q, P, p, R, x[0]!, x[1]!, x[2]!);
        // it is stationary there (central differences) …
        for (let i = 0; i < 3; i++) {
          const e = 1e-6 * Math.max(1, Math.abs(hats[i]!));
          const up = [...hats]; up[i] = up[i]! + e;
          const dn = [...hats]; dn[i] = dn[i]! - e;
          expect(Math.abs((f(up) - f(dn)) / (2 * e))).toBeLessThan(1e-7);
        }
        // … and its value is the large-deviation rate of the projections
        expect(Math.abs(f(hats) - projectionEliminatedForm(q, P, p, R))).toBeLessThan(1e-12 * Math.max(1, Math.abs(f(hats))));
      },
    ), { numRuns: 50 });
  });

  it('vanishes at the unconstrained point P = 1, p = q, R = 0 (both forms)', () => {
    expect(Math.abs(projectionEliminatedForm(0.4, 1, 0.4, 0))).toBeLessThan(1e-15);
    expect(projectionHatForm(0.4, 1, 0.4, 0, 0, 0, 0)).toBe(0);
  });
});

/** φ with the conjugates eliminated, at any (q, q̂, P, p, R): its gradient vanishes at the saddle point. */
function phiEliminated(alpha: number, alphaD: number, x: readonly number[]): number {
  const [q, qHat, P, p, R] = x as [number, number, number, number, number];
  const { mu1, muStar } = featureCoefficients('sign');
  const s = { logTwoCosh: 0, tanh2: 0 };
  entropicIntegrals(qHat, 0.05, s);
  const e = { value: 0, dQ0: 0, dQ1: 0, dM: 0 };
  teacherEnergeticIntegrals(mu1 ** 2 * P + muStar ** 2, mu1 ** 2 * p + muStar ** 2 * q, mu1 * R, 0, 0.05, e);
  return -0.5 * qHat * (1 - q) + s.logTwoCosh + (alpha / alphaD) * projectionEliminatedForm(q, P, p, R) + alpha * e.value;
}

describe('random-features saddle point', () => {
  it('is stationary in all five variables of the eliminated φ (central differences of values only)', () => {
    const alpha = 0.6;
    const alphaD = 2;
    const s = solveRandomFeatures({ alpha, alphaD });
    expect(s.converged).toBe(true);
    const x = [s.q, s.qHat, s.P, s.p, s.R];
    for (let i = 0; i < 5; i++) {
      const h = 1e-5;
      const up = [...x]; up[i] = up[i]! + h;
      const dn = [...x]; dn[i] = dn[i]! - h;
      expect(Math.abs((phiEliminated(alpha, alphaD, up) - phiEliminated(alpha, alphaD, dn)) / (2 * h))).toBeLessThan(1e-8);
    }
    expect(Math.abs(phiEliminated(alpha, alphaD, x) - s.phi)).toBeLessThan(1e-12);
  });

  it('hat and eliminated forms of the entropic projection term agree at the saddle point (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 0.8, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), (alpha, alphaD) => {
      const s = solveRandomFeatures({ alpha, alphaD });
      expect(s.converged).toBe(true);
      expect(Math.abs(s.projection - projectionEliminatedForm(s.q, s.P, s.p, s.R))).toBeLessThan(1e-11);
    }), { numRuns: 15 });
  });

  it('tends to the storage problem as α_D → 0: |φ_RF − φ_storage| = O(α_D) (property over α, κ)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 0.7, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (alpha, kappa) => {
      const st = solveStorage({ alpha, kappa });
      for (const alphaD of [1e-3, 1e-5]) {
        const rf = solveRandomFeatures({ alpha, alphaD, kappa });
        expect(Math.abs(rf.phi - st.phi)).toBeLessThan(alphaD);
        expect(Math.abs(rf.q - st.q)).toBeLessThan(10 * alphaD);
      }
    }), { numRuns: 10 });
  });

  it('φ → log 2 as α → 0 at fixed α_D (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 5, noNaN: true }), (alphaD) => {
      const rf = solveRandomFeatures({ alpha: 1e-5, alphaD });
      expect(Math.abs(rf.phi - Math.LN2)).toBeLessThan(1e-4);
    }), { numRuns: 10 });
  });

  it('ε_bary ≤ ε_g (property over α, α_D, activation)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), fc.constantFrom('sign', 'tanh', 'erf'),
      (alpha, alphaD, activation) => {
        const rf = solveRandomFeatures({ alpha, alphaD, activation });
        expect(rf.converged).toBe(true);
        expect(rf.ebary).toBeLessThanOrEqual(rf.eg);
        expect(rf.eg).toBeLessThan(0.5);
      },
    ), { numRuns: 15 });
  });

  it('ε_g reaches its α → 0 plateau (q = q̂ = 0 solve) linearly in α', () => {
    const plateau = solveRandomFeatures({ alpha: 1, alphaD: 1 }, { alphaToZero: true });
    expect(plateau.q).toBe(0);
    for (const alpha of [1e-3, 1e-4]) {
      expect(Math.abs(solveRandomFeatures({ alpha, alphaD: 1 }).eg - plateau.eg)).toBeLessThan(2 * alpha);
    }
  });

  it('the stability density integrates to 1 on [κ, ∞) and vanishes below κ', () => {
    const s = solveRandomFeatures({ alpha: 0.4, alphaD: 1, kappa: 0.3 });
    const mass = integrate((d) => stabilityDensity(s, [d])[0]!, 0.3, 20, { relTol: 1e-13 });
    expect(Math.abs(mass.value - 1)).toBeLessThan(1e-10);
    expect(stabilityDensity(s, [0.29])[0]).toBe(0);
  });
});

describe('random-features thresholds', () => {
  it('α_c(α_D → 0) → storage α_c, and κ_max inverts α_c', () => {
    expect(Math.abs(randomFeaturesCapacity({ alphaD: 1e-5 }) - storageCapacity(0))).toBeLessThan(1e-4);
    const alphaC = randomFeaturesCapacity({ alphaD: 1, kappa: 0.2 });
    expect(Math.abs(randomFeaturesKappaMax({ alpha: alphaC, alphaD: 1 }) - 0.2)).toBeLessThan(1e-8);
  });
  it('rejects α_D ≤ 0 naming it', () => {
    expect(() => solveRandomFeatures({ alpha: 0.5, alphaD: 0 })).toThrow(/invalid alphaD = 0/);
    expect(() => randomFeaturesCapacity({ alphaD: -1 })).toThrow(/invalid alphaD = -1/);
  });
});
