import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brent, findBracket } from '../../../src/numeric/roots/brent.js';
import { BbpFailure, type BbpError } from '../../../src/errors.js';

function errorOf(f: () => unknown): BbpError {
  try {
    f();
  } catch (e) {
    if (e instanceof BbpFailure) return e.error;
    throw e;
  }
  throw new Error('expected a BbpFailure');
}

const ulp = (x: number) => Number.EPSILON * Math.abs(x);

describe('brent', () => {
  it('finds 2^(1/3) as the root of x³ − 2 to machine precision', () => {
    const r = brent((x) => x * x * x - 2, 0, 2);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.root - 1.2599210498948732)).toBeLessThanOrEqual(2 * ulp(1.26));
    expect(r.value).toBe(r.root ** 3 - 2);
    expect(r.iterations).toBeLessThan(15);
    expect(r.bracket[0]).toBeLessThanOrEqual(r.root);
    expect(r.bracket[1]).toBeGreaterThanOrEqual(r.root);
    expect(r.bracket[1] - r.bracket[0]).toBeLessThanOrEqual(2 * (1e-300 + 4 * ulp(r.root)));
  });

  it('solves cos x = x (Dottie number), bracket in either order', () => {
    const dottie = 0.7390851332151607; // mpmath: 0.739085133215160641655…
    for (const [lo, hi] of [[0, 1], [1, 0], [-2, 3]] as const) {
      const r = brent((x) => Math.cos(x) - x, lo, hi);
      expect(r.converged).toBe(true);
      expect(Math.abs(r.root - dottie)).toBeLessThanOrEqual(2 * ulp(dottie));
      expect(r.iterations).toBeLessThan(15);
    }
  });

  it('handles a root at an end point, roots at 0, and tiny roots', () => {
    expect(brent((x) => x - 1, 1, 5)).toMatchObject({ root: 1, value: 0, iterations: 0, converged: true });
    expect(brent((x) => x - 5, 1, 5).root).toBe(5);
    expect(Math.abs(brent((x) => Math.sin(x), -1, 2).root)).toBeLessThan(1e-290);
    const tiny = brent((x) => x - 1e-200, 0, 1);
    expect(Math.abs(tiny.root - 1e-200)).toBeLessThanOrEqual(4 * ulp(1e-200));
  });

  it('is never much worse than bisection, even on awkward functions', () => {
    // Flat near the root (multiplicity 5): interpolation converges only linearly, but still converges.
    const flat = brent((x) => (x - 1 / 3) ** 5, 0, 1);
    expect(flat.converged).toBe(true);
    expect(Math.abs(flat.root - 1 / 3)).toBeLessThanOrEqual(4 * ulp(1 / 3));
    expect(flat.iterations).toBeLessThan(160);
    // A step function: only bisection helps; about one iteration per bit.
    const step = brent((x) => (x < Math.PI ? -1 : 1), 0, 10);
    expect(step.converged).toBe(true);
    expect(Math.abs(step.root - Math.PI)).toBeLessThanOrEqual(8 * ulp(Math.PI));
    expect(step.iterations).toBeLessThan(70);
  });

  it('honours xtol and reports running out of iterations', () => {
    const loose = brent((x) => x * x - 2, 0, 2, { xtol: 1e-3, rtol: 0 });
    expect(Math.abs(loose.root - Math.SQRT2)).toBeLessThan(2e-3);
    const capped = brent((x) => Math.exp(x) - 10, -50, 50, { maxIterations: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(3);
    expect(capped.bracket[0]).toBeLessThanOrEqual(Math.log(10));
    expect(capped.bracket[1]).toBeGreaterThanOrEqual(Math.log(10));
  });

  it('throws InvalidArgument naming the bracket when f does not change sign', () => {
    const e = errorOf(() => brent((x) => x * x + 1, -1, 2));
    expect(e._tag).toBe('InvalidArgument');
    expect(e.message).toBe('invalid bracket = [-1,2]: expected an interval where f changes sign');
    expect(errorOf(() => brent((x) => x, NaN, 1))._tag).toBe('InvalidArgument');
  });

  it('throws NotConverged naming the point where f returned NaN', () => {
    const e = errorOf(() => brent((x) => (x > 0.5 ? NaN : x - 1), 0, 2));
    expect(e._tag).toBe('NotConverged');
    expect(e.message).toContain('brent');
    expect(e.message).toContain('function returned NaN at x = 2');
    const mid = errorOf(() => brent((x) => (Math.abs(x - 1) < 0.6 ? NaN : x - 1), 0, 2));
    expect(mid.message).toContain('function returned NaN at x = 1');
  });

  it('property: roots of shifted cubics to a few ulps', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (c, w) => {
        const r = brent((x) => (x - c) * (1 + (x - c) * (x - c)), c - w, c + 2 * w);
        expect(r.converged).toBe(true);
        expect(Math.abs(r.root - c)).toBeLessThanOrEqual(16 * ulp(c) + 1e-300);
        // Roots near 0 are resolved down to xtol = 1e-300 in absolute terms, which takes longer.
        expect(r.iterations).toBeLessThan(Math.abs(c) > 1e-3 ? 25 : 50);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findBracket', () => {
  it('returns the first sign change met from `from`', () => {
    expect(findBracket(Math.cos, 0, 10, 10)).toEqual([1, 2]);
    // Going down from 10, the first root of cos met is 5π/2 ≈ 7.85.
    expect(findBracket(Math.cos, 10, 0, 10)).toEqual([7, 8]);
    const br = findBracket((x) => Math.sin(x), 0.5, 20, 39)!;
    expect(br[0]).toBeLessThanOrEqual(Math.PI);
    expect(br[1]).toBeGreaterThanOrEqual(Math.PI);
    expect(brent(Math.sin, br[0], br[1]).root).toBeCloseTo(Math.PI, 15);
  });

  it('accepts an exact zero at a grid point, skips NaN, returns undefined without a sign change', () => {
    expect(findBracket((x) => x - 2, 0, 4, 4)).toEqual([1, 2]);
    expect(findBracket((x) => (x < 1.5 ? NaN : x - 3.5), 0, 5, 5)).toEqual([3, 4]);
    expect(findBracket((x) => x * x + 1, -5, 5, 100)).toBeUndefined();
  });

  it('rejects bad arguments', () => {
    expect(errorOf(() => findBracket(Math.cos, 0, 1, 0)).message).toContain('steps = 0');
    expect(errorOf(() => findBracket(Math.cos, 0, Infinity, 3)).message).toContain('to = Infinity');
  });
});
