import { describe, expect, it } from 'vitest';
import { DEFAULT_SINH_STEP, gaussianSinhRule } from '../../../src/numeric/quadrature/sinhGaussianRule.js';
import { gaussianTrapezoidRule } from '../../../src/numeric/quadrature/gaussianRule.js';
import { gaussianMillsRatio, logGaussianTail } from '../../../src/numeric/special/gaussianTail.js';
import { integrate } from '../../reference/adaptiveQuadrature.js';
import type { QuadratureRule } from '../../../src/numeric/quadrature/gauss.js';

const apply = (rule: QuadratureRule, f: (z: number) => number): number => {
  let s = 0;
  for (let k = 0; k < rule.nodes.length; k++) s += rule.weights[k]! * f(rule.nodes[k]!);
  return s;
};
const density = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
/**
 * Independent reference: adaptive Gauss–Kronrod with break points at the feature `c` and at `c ± 50 s` (without
 * them the adaptive rule never samples a feature of width 1e-4 and reports 0 with 0 error estimate).
 */
const reference = (f: (z: number) => number, c: number, s = 1): number => {
  const g = (z: number): number => density(z) * f(z);
  const breaks = [...new Set([-13, c - 50 * s, c, c + 50 * s, 13].map((x) => Math.max(-13, Math.min(13, x))))];
  let sum = 0;
  for (let k = 0; k + 1 < breaks.length; k++) {
    const r = integrate(g, breaks[k]!, breaks[k + 1]!, { relTol: 1e-15 });
    expect(r.converged).toBe(true);
    sum += r.value;
  }
  return sum;
};

describe('gaussianSinhRule', () => {
  it('integrates moments E z^k (k ≤ 6) to 1e-14 for centres in [−8, 8] and scales 1 … 1e-6', () => {
    const exact = [1, 0, 1, 0, 3, 0, 15];
    for (const c of [0, 0.7, -3, 8]) {
      for (const s of [1, 0.1, 1e-3, 1e-6]) {
        const rule = gaussianSinhRule(c, s);
        for (let k = 0; k <= 6; k++) expect(Math.abs(apply(rule, (z) => z ** k) - exact[k]!)).toBeLessThanOrEqual(1e-13 * Math.max(1, exact[k]!));
      }
    }
  });

  it('resolves the storage integrands E log H(u), E (G/H)²(u), u = (κ − √q z)/√(1 − q), to 1e-13 down to 1 − q = 1e-8', () => {
    for (const kappa of [0, 1]) {
      for (const oneMinusQ of [0.5, 0.1, 1e-4, 1e-6, 1e-8]) {
        const q = 1 - oneMinusQ;
        const c = kappa / Math.sqrt(q);
        const u = (z: number): number => (kappa - Math.sqrt(q) * z) / Math.sqrt(oneMinusQ);
        const s = Math.sqrt(oneMinusQ / q);
        const rule = gaussianSinhRule(c, s);
        expect(rule.nodes.length).toBeLessThan(400);
        const l = reference((z) => logGaussianTail(u(z)), c, s);
        const g2 = reference((z) => gaussianMillsRatio(u(z)) ** 2, c, s);
        expect(Math.abs(apply(rule, (z) => logGaussianTail(u(z))) - l)).toBeLessThanOrEqual(2e-12 * Math.abs(l));
        expect(Math.abs(apply(rule, (z) => gaussianMillsRatio(u(z)) ** 2) - g2)).toBeLessThanOrEqual(2e-12 * Math.abs(g2));
      }
    }
  });

  it('is needed: at 1 − q = 1e-4 the equispaced rule of step 0.1 is off by > 1e-6 relative, the sinh rule by < 1e-14', () => {
    const oneMinusQ = 1e-4;
    const s = Math.sqrt(oneMinusQ / (1 - oneMinusQ));
    const f = (z: number): number => logGaussianTail((-Math.sqrt(1 - oneMinusQ) * z) / Math.sqrt(oneMinusQ));
    const ref = reference(f, 0, s);
    expect(Math.abs(apply(gaussianTrapezoidRule(0.1), f) - ref)).toBeGreaterThan(1e-6 * Math.abs(ref));
    expect(Math.abs(apply(gaussianSinhRule(0, s, DEFAULT_SINH_STEP), f) - ref)).toBeLessThan(1e-14 * Math.abs(ref));
  });

  it('rejects bad arguments naming them', () => {
    expect(() => gaussianSinhRule(NaN, 1)).toThrow(/center = NaN/);
    expect(() => gaussianSinhRule(0, 0)).toThrow(/scale = 0/);
    expect(() => gaussianSinhRule(0, 1, 2)).toThrow(/step = 2/);
  });
});
