import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveStorage, storageCapacity, storageKappaMax } from '../../../src/analytic/binary/storage.js';
import { logGaussianTail } from '../../../src/numeric/special/gaussianTail.js';
import { referenceStorage, storagePhiAt } from './reference.js';

describe('storage problem: the saddle point', () => {
  it('agrees with an independent solver (adaptive quadrature, plain iteration) to 1e-10', () => {
    for (const [alpha, kappa] of [[0.5, 0], [0.8, 0], [0.3, 0.7]] as const) {
      const sol = solveStorage({ alpha, kappa });
      const ref = referenceStorage(alpha, kappa);
      expect(sol.converged).toBe(true);
      expect(Math.abs(sol.q - ref.q)).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(sol.qHat - ref.qHat)).toBeLessThanOrEqual(1e-9 * ref.qHat);
      expect(Math.abs(sol.phi - ref.phi)).toBeLessThanOrEqual(1e-11);
    }
  });

  it('is stationary: central differences of φ(q, q̂) (adaptive quadrature) vanish at the solution', () => {
    const sol = solveStorage({ alpha: 0.6, kappa: 0.2 });
    const h = 1e-5;
    const dq = (storagePhiAt(0.6, 0.2, sol.q + h, sol.qHat) - storagePhiAt(0.6, 0.2, sol.q - h, sol.qHat)) / (2 * h);
    const dqh = (storagePhiAt(0.6, 0.2, sol.q, sol.qHat + h) - storagePhiAt(0.6, 0.2, sol.q, sol.qHat - h)) / (2 * h);
    expect(Math.abs(dq)).toBeLessThan(1e-8);
    expect(Math.abs(dqh)).toBeLessThan(1e-8);
  });

  it('φ → log 2 + α log H(κ) as α → 0 (property over κ ∈ [0, 2])', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), (kappa) => {
      const alpha = 1e-4;
      const sol = solveStorage({ alpha, kappa });
      // next order is O(α²) (q = O(α))
      expect(Math.abs(sol.phi - (Math.LN2 + alpha * logGaussianTail(kappa)))).toBeLessThan(20 * alpha * alpha);
    }), { numRuns: 20 });
  });

  it('reports a missing saddle point (α far beyond capacity) as not converged', () => {
    const sol = solveStorage({ alpha: 3, kappa: 0 });
    expect(sol.converged).toBe(false);
  });

  it('rejects α ≤ 0 and κ < 0 naming them', () => {
    expect(() => solveStorage({ alpha: 0, kappa: 0 })).toThrow(/invalid alpha = 0/);
    expect(() => solveStorage({ alpha: 0.5, kappa: -0.1 })).toThrow(/invalid kappa = -0.1/);
    expect(() => storageKappaMax(Number.NaN)).toThrow(/invalid alpha = NaN/);
  });
});

describe('storage capacity and maximal margin', () => {
  it('α_c(0) = 0.833078599 (Krauth–Mézard; 9 digits as quoted by Ding & Sun 2019), and tightening moves it < 1e-7', () => {
    const alphaC = storageCapacity(0);
    expect(Math.abs(alphaC - 0.833078599)).toBeLessThan(1e-9);
    const tighter = storageCapacity(0, { tolerance: 1e-15 });
    const finer = storageCapacity(0, { quadratureStep: 0.05 });
    expect(Math.abs(tighter - alphaC)).toBeLessThan(1e-7);
    expect(Math.abs(finer - alphaC)).toBeLessThan(1e-7);
  });

  it('φ(α_c(κ), κ) = 0 by the independent reference, and κ_max inverts α_c', () => {
    for (const kappa of [0.3, 1]) {
      const alphaC = storageCapacity(kappa);
      const ref = referenceStorage(alphaC, kappa);
      expect(Math.abs(ref.phi)).toBeLessThan(1e-10);
      expect(Math.abs(storageKappaMax(alphaC) - kappa)).toBeLessThan(1e-9);
    }
  });

  it('κ_max fails with NotFound above α_c(0)', () => {
    expect(() => storageKappaMax(0.9)).toThrow(/no kappaMax: alpha = 0.9/);
  });
});
