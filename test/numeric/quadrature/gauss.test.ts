import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  gammaGauss,
  gaussFromRecurrence,
  gaussHermite,
  gaussHermiteProbabilists,
  gaussLaguerre,
  gaussLegendre,
  type QuadratureRule,
} from '../../../src/numeric/quadrature/gauss.js';
import { logGamma } from '../../../src/numeric/special/gamma.js';
import { BbpFailure } from '../../../src/errors.js';

/** Σ w·x^k. */
function moment(rule: QuadratureRule, k: number): number {
  let s = 0;
  for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i]! * rule.nodes[i]! ** k;
  return s;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** Nodes and weights mirror exactly about 0. */
function checkSymmetric(rule: QuadratureRule): void {
  const n = rule.nodes.length;
  for (let i = 0; i < n; i++) {
    expect(rule.nodes[i]! + rule.nodes[n - 1 - i]!).toBe(0);
    expect(rule.weights[i]).toBe(rule.weights[n - 1 - i]);
  }
}

function checkShape(rule: QuadratureRule, n: number): void {
  expect(rule.nodes.length).toBe(n);
  expect(rule.weights.length).toBe(n);
  for (let i = 0; i < n; i++) {
    expect(Number.isFinite(rule.nodes[i]!)).toBe(true);
    expect(rule.weights[i]!).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(rule.nodes[i]!).toBeGreaterThan(rule.nodes[i - 1]!);
  }
}

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof BbpFailure) return `${e.error._tag}: ${e.error.message}`;
    throw e;
  }
  return 'no error';
}

describe('gaussLegendre', () => {
  it('known small rules', () => {
    const one = gaussLegendre(1);
    expect([...one.nodes]).toEqual([0]);
    expect(one.weights[0]).toBeCloseTo(2, 15);
    const two = gaussLegendre(2);
    expect(two.nodes[0]).toBeCloseTo(-1 / Math.sqrt(3), 15);
    expect(two.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(two.weights[0]).toBeCloseTo(1, 15);
    const three = gaussLegendre(3);
    expect(three.nodes[1]).toBe(0);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(3 / 5), 15);
    expect(three.weights[0]).toBeCloseTo(5 / 9, 15);
    expect(three.weights[1]).toBeCloseTo(8 / 9, 15);
  });

  it('is exact for polynomials of degree ≤ 2n − 1', () => {
    for (const n of [1, 2, 5, 10, 20, 50]) {
      const rule = gaussLegendre(n);
      checkShape(rule, n);
      checkSymmetric(rule); // odd moments vanish up to summation rounding
      for (let k = 0; k <= 2 * n - 1; k++) {
        const got = moment(rule, k);
        if (k % 2 === 1) expect(Math.abs(got)).toBeLessThan(1e-15);
        else expect(relErr(got, 2 / (k + 1))).toBeLessThan(5e-14);
      }
    }
  });

  it('integrates smooth functions to machine precision and stays accurate at n = 200', () => {
    const rule = gaussLegendre(20);
    let s = 0;
    for (let i = 0; i < 20; i++) s += rule.weights[i]! * Math.exp(rule.nodes[i]!);
    expect(relErr(s, Math.E - 1 / Math.E)).toBeLessThan(1e-15);
    const big = gaussLegendre(200);
    checkShape(big, 200);
    expect(relErr(moment(big, 0), 2)).toBeLessThan(1e-14);
    expect(relErr(moment(big, 2), 2 / 3)).toBeLessThan(1e-14);
  });
});

describe('gaussHermite', () => {
  it('matches the published 4-point rule', () => {
    const rule = gaussHermite(4);
    const nodes = [-1.6506801238857847, -0.5246476232752904, 0.5246476232752904, 1.6506801238857847];
    const weights = [0.08131283544724519, 0.8049140900055127, 0.8049140900055127, 0.08131283544724519];
    for (let i = 0; i < 4; i++) {
      expect(relErr(rule.nodes[i]!, nodes[i]!)).toBeLessThan(1e-15);
      expect(relErr(rule.weights[i]!, weights[i]!)).toBeLessThan(1e-14);
    }
  });

  it('is exact for polynomials of degree ≤ 2n − 1 (∫x^2m e^(−x²) = Γ(m + ½))', () => {
    for (const n of [1, 3, 8, 20, 40]) {
      const rule = gaussHermite(n);
      checkShape(rule, n);
      checkSymmetric(rule);
      for (let k = 0; k <= 2 * n - 1; k += 2) {
        expect(relErr(moment(rule, k), Math.exp(logGamma(k / 2 + 0.5)))).toBeLessThan(1e-13);
      }
    }
  });

  it('probabilists’ rule gives N(0, 1) moments (weights sum to 1, E[Z^2m] = (2m − 1)!!)', () => {
    for (const n of [1, 2, 6, 15, 30]) {
      const rule = gaussHermiteProbabilists(n);
      checkShape(rule, n);
      checkSymmetric(rule);
      let doubleFactorial = 1; // (k − 1)!! for even k
      for (let k = 0; k <= 2 * n - 1; k += 2) {
        expect(relErr(moment(rule, k), doubleFactorial)).toBeLessThan(1e-13);
        doubleFactorial *= k + 1;
      }
    }
    expect(gaussHermiteProbabilists(2).nodes[1]).toBeCloseTo(1, 15);
  });
});

describe('gaussLaguerre', () => {
  it('matches the published 4-point rule (alpha = 0)', () => {
    const rule = gaussLaguerre(4);
    const nodes = [0.3225476896193924, 1.7457611011583465, 4.536620296921128, 9.395070912301133];
    const weights = [6.0315410434163375e-1, 3.5741869243779956e-1, 3.8887908515005405e-2, 5.3929470556132958e-4];
    for (let i = 0; i < 4; i++) {
      expect(relErr(rule.nodes[i]!, nodes[i]!)).toBeLessThan(1e-14);
      expect(relErr(rule.weights[i]!, weights[i]!)).toBeLessThan(1e-13);
    }
  });

  it('is exact for degree ≤ 2n − 1 with non-integer alpha (∫x^k x^α e^(−x) = Γ(k + α + 1))', () => {
    for (const alpha of [0, -0.5, 0.3, 2.75, 10]) {
      for (const n of [1, 2, 5, 12]) {
        const rule = gaussLaguerre(n, alpha);
        checkShape(rule, n);
        for (let k = 0; k <= 2 * n - 1; k++) {
          expect(relErr(moment(rule, k), Math.exp(logGamma(k + alpha + 1)))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('works for n = 200: tiny weights underflow to 0, never NaN', () => {
    for (const alpha of [0, 0.5, 100]) {
      const rule = gaussLaguerre(200, alpha);
      checkShape(rule, 200);
      expect(relErr(moment(rule, 0), Math.exp(logGamma(alpha + 1)))).toBeLessThan(1e-12);
      expect(relErr(moment(rule, 1), (alpha + 1) * Math.exp(logGamma(alpha + 1)))).toBeLessThan(1e-12);
    }
    expect(gaussLaguerre(200).weights[199]).toBe(0);
  });

  it('property: low moments for random alpha and n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: -0.99, max: 50, noNaN: true }), (n, alpha) => {
        const rule = gaussLaguerre(n, alpha);
        const mass = Math.exp(logGamma(alpha + 1));
        expect(relErr(moment(rule, 0), mass)).toBeLessThan(1e-12);
        expect(relErr(moment(rule, 1), (alpha + 1) * mass)).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('gammaGauss', () => {
  it('gives Gamma(shape, scale) moments E[X^k] = scale^k Γ(shape + k)/Γ(shape)', () => {
    for (const [shape, scale] of [[0.5, 2], [1, 1], [2.5, 0.3], [7, 10], [0.05, 1]] as const) {
      for (const n of [1, 4, 10]) {
        const rule = gammaGauss(n, shape, scale);
        checkShape(rule, n);
        for (let k = 0; k <= 2 * n - 1; k++) {
          const exact = Math.exp(k * Math.log(scale) + logGamma(shape + k) - logGamma(shape));
          expect(relErr(moment(rule, k), exact)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('chi-squared_k = Gamma(k/2, 2): mean k, variance 2k', () => {
    const k = 3;
    const rule = gammaGauss(6, k / 2, 2);
    const mean = moment(rule, 1);
    expect(mean).toBeCloseTo(k, 13);
    expect(moment(rule, 2) - mean * mean).toBeCloseTo(2 * k, 12);
  });
});

describe('gaussFromRecurrence', () => {
  it('reproduces Gauss–Legendre from its recurrence', () => {
    const rule = gaussFromRecurrence(Float64Array.of(0, 0), Float64Array.of(2, 1 / 3), 2);
    expect(rule.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(rule.weights[0]).toBeCloseTo(1, 15);
  });

  it('Gauss–Chebyshev (first kind): nodes cos((2i − 1)π/2n), equal weights π/n', () => {
    const n = 7;
    const a = new Float64Array(n);
    const b = Float64Array.from({ length: n }, (_, k) => (k === 0 ? Math.PI : k === 1 ? 0.5 : 0.25));
    const rule = gaussFromRecurrence(a, b, Math.PI);
    for (let i = 0; i < n; i++) {
      expect(rule.nodes[i]).toBeCloseTo(-Math.cos(((2 * i + 1) * Math.PI) / (2 * n)), 14);
      expect(rule.weights[i]).toBeCloseTo(Math.PI / n, 14);
    }
  });
});

describe('validation', () => {
  it('rejects bad counts and parameters with InvalidArgument naming the value', () => {
    expect(failure(() => gaussLegendre(0))).toBe('InvalidArgument: invalid n = 0: expected a positive integer');
    expect(failure(() => gaussHermite(2.5))).toContain('invalid n = 2.5');
    expect(failure(() => gaussHermiteProbabilists(NaN))).toContain('invalid n = NaN');
    expect(failure(() => gaussLaguerre(3, -1))).toContain('invalid alpha = -1');
    expect(failure(() => gammaGauss(3, 0, 1))).toContain('invalid shape = 0');
    expect(failure(() => gammaGauss(3, 1, -2))).toContain('invalid scale = -2');
    expect(failure(() => gaussFromRecurrence(Float64Array.of(0, 0), Float64Array.of(1, -1), 1))).toContain('invalid b[1] = -1');
    expect(failure(() => gaussFromRecurrence(Float64Array.of(0, 0), Float64Array.of(1), 1))).toContain('invalid b.length = 1');
    expect(failure(() => gaussFromRecurrence(Float64Array.of(0), Float64Array.of(1), 0))).toContain('invalid mu0 = 0');
  });
});
