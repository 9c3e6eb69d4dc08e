import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logGamma } from '../../../src/numeric/special/gamma.js';

/** |a − b| ≤ tol·max(|b|, 1): relative away from the zeros of logΓ, absolute near them. */
function close(a: number, b: number, tol = 2e-15): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1));
}

describe('logGamma', () => {
  it('matches known values (references from mpmath, 30 digits)', () => {
    close(logGamma(0.5), 0.5 * Math.log(Math.PI));
    close(Math.exp(logGamma(0.5)), Math.sqrt(Math.PI));
    close(logGamma(0.1), 2.2527126517342059020062379569);
    close(logGamma(1e-10), 23.0258509298827352372657886135);
    close(logGamma(1 / 3), 0.985420646927767069187174036978);
    close(logGamma(2.5), 0.284682870472919159632494669683);
    close(logGamma(30.7), 73.6343850467696521203963802568);
    close(logGamma(100), 359.13420536957539877604401046);
    close(logGamma(1e5), 1051287.70897365689490085801825);
    // Reflection for negative arguments: log|Γ(x)|.
    close(logGamma(-0.5), 1.26551212348464539648894579713);
    close(logGamma(-2.5), -0.0562437164976740506725945300976);
  });

  it('Γ(n) = (n − 1)!', () => {
    let factorial = 1;
    for (let n = 1; n <= 170; n++) {
      close(logGamma(n), Math.log(factorial), 1e-15);
      factorial *= n;
    }
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
  });

  it('poles, infinities and NaN', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(Infinity)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
    expect(logGamma(1e300)).toBeCloseTo(1e300 * (Math.log(1e300) - 1), -290);
    expect(Number.isFinite(logGamma(1e300))).toBe(true);
  });

  it('property: recurrence logΓ(x + 1) = logΓ(x) + log x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x) => {
        close(logGamma(x + 1), logGamma(x) + Math.log(x), 4e-15);
      }),
      { numRuns: 2000 },
    );
  });
});
