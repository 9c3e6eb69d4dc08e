import { describe, expect, it } from 'vitest';
import { solveStorage } from '../../../src/analytic/binary/storage.js';
import { solveFranzParisi } from '../../../src/analytic/binary/franzParisi.js';
import {
  DEFAULT_FP_QUADRATURE,
  FranzParisiIntegrator,
  refinedFranzParisiQuadrature,
} from '../../../src/analytic/binary/franzParisiIntegrals.js';
import { brent } from '../../../src/numeric/roots/brent.js';
import { logGaussianTail } from '../../../src/numeric/special/gaussianTail.js';
import { integrate, integrateHalfLine } from '../../reference/adaptiveQuadrature.js';

const phiDensity = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
const logTwoCosh = (x: number): number => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));
/** Binary entropy: (1/N) log of the number of weight vectors at distance d from a given one. */
const binaryEntropy = (d: number): number => -d * Math.log(d) - (1 - d) * Math.log1p(-d);

function referenceAt(alpha: number, kappa: number) {
  const s = solveStorage({ alpha, kappa }, { tolerance: 1e-14 });
  expect(s.converged).toBe(true);
  return s;
}

describe('Franz–Parisi integrals against nested adaptive Gauss–Kronrod (the 3D/2D forms of THEORY §9)', () => {
  // A point of moderate d, where the textbook nested form is easy for adaptive quadrature.
  const ref = { q: 0.5723, qHat: 2.7 };
  const kappaRef = 0.05;
  const kappa = 0;
  const s = 0.9;
  const oneMinusQ = 0.17;
  const t = 0.575;
  const opts = { relTol: 1e-11 };

  it('G_E^FP = ∫Dz₀ [∫_{u₀}^∞ Du ∫Dz₁ log H((κ − t z₀/√q̃ − A u − B z₁)/√(1 − q))]/H(u₀) to 1e-9', () => {
    const sq = Math.sqrt(ref.q);
    const s1 = Math.sqrt(1 - ref.q);
    const A = (s - t) / s1;
    const B = Math.sqrt(1 - oneMinusQ - (t * t) / ref.q - A * A);
    const sc = Math.sqrt(oneMinusQ);
    const expected = integrate((z0) => {
      const u0 = (kappaRef - sq * z0) / s1;
      const inner = integrateHalfLine(
        (u) => phiDensity(u) * integrate((z1) => phiDensity(z1) * logGaussianTail((kappa - (t / sq) * z0 - A * u - B * z1) / sc), -11, 11, opts).value,
        u0,
        opts,
      ).value;
      return (phiDensity(z0) * inner) / Math.exp(logGaussianTail(u0));
    }, -9, 9, opts).value;
    const out = { logH: 0, gh2: 0, cross: 0, edge: 0, normalizationError: 0 };
    new FranzParisiIntegrator().energetic({ qRef: ref.q, qHatRef: ref.qHat, kappaRef, kappa, s }, oneMinusQ, t, out);
    expect(Math.abs(out.logH - expected)).toBeLessThan(1e-9);
  });

  it('the entropic integral and its moments equal the 2D forms ∫Dz̃ (1 + tanh g̃) ∫Dz f(g + Ŝ − t̂) to 1e-10', () => {
    const qHat = 2.1;
    const tHat = 1.9;
    const sHat = 3.2;
    const a = tHat / Math.sqrt(ref.qHat);
    const b = Math.sqrt(qHat - a * a);
    const e2 = (f: (x: number) => number): number =>
      integrate(
        (zt) =>
          phiDensity(zt) *
          (1 + Math.tanh(Math.sqrt(ref.qHat) * zt)) *
          integrate((z) => phiDensity(z) * f(a * zt + b * z + sHat - tHat), -11, 11, opts).value,
        -10,
        10,
        opts,
      ).value;
    const out = { rest: 0, lin: 0, norm: 0, oneMinusS: 0, oneMinusQ: 0, t: 0 };
    new FranzParisiIntegrator().entropic(ref.qHat, qHat, tHat, sHat, out);
    const entropicIntegral = (sHat - tHat) * out.norm + a * out.lin + out.rest;
    expect(Math.abs(entropicIntegral - e2(logTwoCosh))).toBeLessThan(1e-10);
    expect(Math.abs(out.oneMinusS - e2((x) => 1 - Math.tanh(x)))).toBeLessThan(1e-10);
    expect(Math.abs(out.oneMinusQ - e2((x) => 1 / Math.cosh(x) ** 2))).toBeLessThan(1e-10);
  });
});

describe('Franz–Parisi saddle point: identities', () => {
  it('φ_FP(S = q̃; κ̃ = κ) = φ(α, κ): q = t = q̃, q̂ = t̂ = Ŝ = q̂̃ is a fixed point, and the maximum of φ_FP(d)', () => {
    for (const [alpha, kappa] of [[0.5, 0], [0.7, 0.2], [0.3, 0.6]] as const) {
      const typ = referenceAt(alpha, kappa);
      const reference = { q: typ.q, qHat: typ.qHat };
      const dTyp = (1 - typ.q) / 2;
      // The default start at S = q̃ is this point; the map must return it (no iteration needed). It lies on
      // the edge B² = 0 of the domain, so it is checked from there rather than approached by Newton.
      const p = solveFranzParisi({ alpha, kappa, kappaRef: kappa, d: dTyp, reference }, { tolerance: 1e-13 });
      expect(p.converged).toBe(true);
      expect(p.iterations).toBe(0);
      expect(Math.abs(p.phi - typ.phi)).toBeLessThan(1e-12);
      for (const conj of [p.qHat, p.tHat, p.sHat]) expect(Math.abs(conj - typ.qHat)).toBeLessThan(1e-10 * typ.qHat);
      expect(Math.abs(p.slope)).toBeLessThan(1e-9);
      // Nearby distances have fewer solutions, by O(δ²).
      for (const delta of [-0.02, 0.02]) {
        const q = solveFranzParisi({ alpha, kappa, kappaRef: kappa, d: dTyp + delta, reference });
        expect(q.converged).toBe(true);
        expect(q.phi).toBeLessThan(typ.phi);
        expect(typ.phi - q.phi).toBeLessThan(50 * delta * delta);
      }
    }
  });

  it('envelope theorem: the reported slope equals the central difference of φ_FP(d)', () => {
    const alpha = 0.6;
    const typ = referenceAt(alpha, 0.2);
    const reference = { q: typ.q, qHat: typ.qHat };
    for (const d of [0.005, 0.2]) {
      const at = (x: number) => solveFranzParisi({ alpha, kappa: 0, kappaRef: 0.2, d: x, reference }, { tolerance: 1e-13 });
      const h = 1e-4 * d;
      const p = at(d);
      const fd = (at(d + h).phi - at(d - h).phi) / (2 * h);
      // central-difference truncation ~ h²φ''' plus rounding ~1e-14/h
      expect(Math.abs(fd - p.slope)).toBeLessThan(1e-6 * Math.max(1, Math.abs(p.slope)));
    }
  });

  it('the maximum over d of φ_FP is the typical free entropy φ(α, κ) (all κ-solutions, whatever their distance)', () => {
    const alpha = 0.6;
    const kappaRef = 0.2;
    const typ = referenceAt(alpha, kappaRef);
    const reference = { q: typ.q, qHat: typ.qHat };
    const at = (d: number) => solveFranzParisi({ alpha, kappa: 0, kappaRef, d, reference }, { tolerance: 1e-13 });
    const peak = brent((d) => at(d).slope, 0.15, 0.45, { xtol: 1e-10 });
    expect(peak.converged).toBe(true);
    const typical = referenceAt(alpha, 0).phi;
    expect(Math.abs(at(peak.root).phi - typical)).toBeLessThan(1e-10);
  });
});

describe('Franz–Parisi: small d', () => {
  it('φ_FP ≤ log C(N, dN)/N (the binary entropy), and → it as d → 0 when κ̃ > κ', () => {
    const alpha = 0.6;
    const kappaRef = 0.25;
    const typ = referenceAt(alpha, kappaRef);
    const reference = { q: typ.q, qHat: typ.qHat };
    for (const d of [0.1, 0.01, 0.001]) {
      const p = solveFranzParisi({ alpha, kappa: 0, kappaRef, d, reference });
      expect(p.converged).toBe(true);
      expect(p.phi).toBeLessThanOrEqual(binaryEntropy(d));
      if (d === 0.001) expect(binaryEntropy(d) - p.phi).toBeLessThan(1e-3 * binaryEntropy(d));
    }
  });

  it('typical solutions are isolated: φ_FP < 0 at small d for κ̃ = κ = 0, and rises above 0 further out', () => {
    const alpha = 0.5;
    const typ = referenceAt(alpha, 0);
    const reference = { q: typ.q, qHat: typ.qHat };
    const near = solveFranzParisi({ alpha, kappa: 0, kappaRef: 0, d: 0.001, reference });
    const far = solveFranzParisi({ alpha, kappa: 0, kappaRef: 0, d: 0.01, reference });
    expect(near.converged && far.converged).toBe(true);
    expect(near.phi).toBeLessThan(0);
    expect(far.phi).toBeGreaterThan(0);
  });

  it('accuracy: doubling every quadrature rule and tightening the tolerance 100× move φ_FP by < 1e-10', () => {
    const alpha = 0.78;
    const kappaRef = 0.051;
    const typ = referenceAt(alpha, kappaRef);
    const reference = { q: typ.q, qHat: typ.qHat };
    const fine = new FranzParisiIntegrator(refinedFranzParisiQuadrature(DEFAULT_FP_QUADRATURE));
    for (const d of [0.002]) {
      const params = { alpha, kappa: 0, kappaRef, d, reference };
      const p = solveFranzParisi(params);
      const tight = solveFranzParisi(params, { tolerance: 1e-13 });
      const doubled = solveFranzParisi(params, { integrator: fine });
      expect(Math.abs(tight.phi - p.phi)).toBeLessThan(1e-10);
      expect(Math.abs(doubled.phi - p.phi)).toBeLessThan(1e-10);
      expect(Math.abs(doubled.slope - p.slope)).toBeLessThan(1e-8);
    }
  });
});

describe('Franz–Parisi: bad input', () => {
  const reference = { q: 0.3, qHat: 0.6 };
  it.each([
    ['alpha', { alpha: 0, kappa: 0, kappaRef: 0, d: 0.1, reference }],
    ['kappa', { alpha: 0.5, kappa: -0.1, kappaRef: 0, d: 0.1, reference }],
    ['kappaRef', { alpha: 0.5, kappa: 0, kappaRef: -1, d: 0.1, reference }],
    ['d', { alpha: 0.5, kappa: 0, kappaRef: 0, d: 0.6, reference }],
    ['d', { alpha: 0.5, kappa: 0, kappaRef: 0, d: 0, reference }],
  ])('names %s', (parameter, params) => {
    expect(() => solveFranzParisi(params)).toThrow(new RegExp(`invalid ${parameter} = `));
  });
});
