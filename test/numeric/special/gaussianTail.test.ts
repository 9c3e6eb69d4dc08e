import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  gaussianDensity, gaussianMillsRatio, gaussianTail, logGaussianTail, logTwoCosh,
} from '../../../src/numeric/special/gaussianTail.js';

// Independent references in 50-digit decimal arithmetic: erfc(y) by the Maclaurin series of erf for y < 3
// (terms up to e^{y²} ≈ 1e4: no loss at 50 digits) and by the Laplace continued fraction
// erfc(y) = e^{−y²}/√π · 1/(y + (1/2)/(y + 1/(y + (3/2)/(y + …)))) for y ≥ 3, evaluated backward from 400 terms.
const D = Decimal.clone({ precision: 50 });
const SQRT_PI = D.acos(-1).sqrt();

function erfcRef(y: Decimal): Decimal {
  if (y.isNegative()) return new D(2).minus(erfcRef(y.neg()));
  if (y.lt(3)) {
    let term = y;
    let sum = y;
    const y2 = y.times(y);
    for (let n = 1; n < 400; n++) {
      term = term.times(y2).neg().div(n);
      const t = term.div(2 * n + 1);
      sum = sum.plus(t);
      if (t.abs().lt('1e-60')) break;
    }
    return new D(1).minus(sum.times(2).div(SQRT_PI));
  }
  let f = y;
  for (let n = 400; n >= 1; n--) f = y.plus(new D(n).div(2).div(f));
  return y.times(y).neg().exp().div(SQRT_PI).div(f);
}
const H = (x: number): Decimal => erfcRef(new D(x).div(new D(2).sqrt())).div(2);
const G = (x: number): Decimal => new D(x).pow(2).div(-2).exp().div(new D(2).times(D.acos(-1)).sqrt());

function relClose(actual: number, expected: Decimal, tol: number): void {
  const e = expected.toNumber();
  expect(Math.abs(actual - e)).toBeLessThanOrEqual(tol * Math.abs(e));
}

const GRID = [-38, -20, -8.5, -5, -3, -1.7, -1, -0.66, -0.5, -0.1, 0, 1e-9, 0.2, 0.6629, 0.663, 0.9, 1.5, 2.2, 3, 4.2, 5.6, 5.66, 7, 10, 15, 22, 30, 37.5];

describe('gaussianTail H(x) = ½ erfc(x/√2)', () => {
  it('matches 50-digit references to 1e-14 relative over [−38, 37.5] (including H ≈ 1e-308)', () => {
    for (const x of GRID) relClose(gaussianTail(x), H(x), 1e-14);
  });
  it('H(x) + H(−x) = 1 and is decreasing (property)', () => {
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
      expect(Math.abs(gaussianTail(x) + gaussianTail(-x) - 1)).toBeLessThanOrEqual(2e-16);
      expect(gaussianTail(x + 1e-3)).toBeLessThanOrEqual(gaussianTail(x));
    }));
  });
  it('NaN in, NaN out', () => {
    expect(gaussianTail(NaN)).toBeNaN();
    expect(logGaussianTail(NaN)).toBeNaN();
    expect(gaussianMillsRatio(NaN)).toBeNaN();
  });
});

describe('logGaussianTail', () => {
  it('matches log of the references to 1e-14 relative, where log H(x) of Math.log would be −∞ (x > 38.5)', () => {
    // for x < −3, log H = log1p(−H(−x)) by its series (the 50-digit log of 1 − 1e-89 would be 0)
    const logH = (x: number): Decimal => {
      if (x >= -3) return H(x).ln();
      const h = H(-x);
      return h.neg().minus(h.pow(2).div(2)).minus(h.pow(3).div(3)).minus(h.pow(4).div(4));
    };
    for (const x of [...GRID, 40, 100, 1e3]) relClose(logGaussianTail(x), logH(x), 1e-14);
  });
  it('follows the asymptotic series −x²/2 − log(x√(2π)) + log(1 − 1/x² + 3/x⁴ − 15/x⁶) for huge x', () => {
    for (const x of [1e4, 1e6, 1e8, 1e10]) {
      const ref = -0.5 * x * x - Math.log(x * Math.sqrt(2 * Math.PI)) + Math.log1p(-1 / (x * x) + 3 / x ** 4);
      expect(Math.abs(logGaussianTail(x) - ref)).toBeLessThanOrEqual(1e-15 * Math.abs(ref));
    }
  });
});

describe('gaussianMillsRatio G/H', () => {
  it('matches the references to 1e-14 relative', () => {
    for (const x of [...GRID.filter((v) => v > -30), 40, 100, 1e3]) relClose(gaussianMillsRatio(x), G(x).div(H(x)), 1e-14);
  });
  it('is −d log H/dx (central differences, property)', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 50, noNaN: true }), (x) => {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      const fd = -(logGaussianTail(x + h) - logGaussianTail(x - h)) / (2 * h);
      expect(Math.abs(fd - gaussianMillsRatio(x))).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(x)));
    }));
  });
  it('has the asymptotic branch x + 1/x − 2/x³ for large x', () => {
    for (const x of [1e3, 1e5, 1e8]) expect(Math.abs(gaussianMillsRatio(x) - (x + 1 / x - 2 / x ** 3))).toBeLessThanOrEqual(4e-16 * x);
  });
});

describe('logTwoCosh and gaussianDensity', () => {
  it('match decimal references to 1e-14 relative, without overflow', () => {
    for (const x of [-800, -30, -2, -1e-3, 0, 1e-8, 0.5, 3, 19, 700, 1e5]) {
      const d = new D(x);
      const ref = d.exp().plus(d.neg().exp()).ln();
      relClose(logTwoCosh(x), ref, 1e-14);
    }
    for (const x of [-30, -3, 0, 1.5, 8]) relClose(gaussianDensity(x), G(x), 1e-14);
  });
});
