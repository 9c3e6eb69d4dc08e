import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveStationary } from '../../../src/numeric/replica/newton.js';

describe('solveStationary', () => {
  it('finds the saddle of an indefinite quadratic exactly (property over its coefficients)', () => {
    // φ = a x² − b y² + c x y − d x − e y: ∇φ = 0 is linear, solved here by Cramer's rule
    fc.assert(fc.property(
      fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }),
      (a, b, c, d, e) => {
        const r = solveStationary((x, g) => {
          g[0] = 2 * a * x[0]! + c * x[1]! - d;
          g[1] = -2 * b * x[1]! + c * x[0]! - e;
        }, Float64Array.of(0, 0));
        const det = -4 * a * b - c * c;
        expect(r.converged).toBe(true);
        expect(Math.abs(r.x[0]! - (-2 * b * d - c * e) / det)).toBeLessThan(1e-9);
        expect(Math.abs(r.x[1]! - (2 * a * e - c * d) / det)).toBeLessThan(1e-9);
      },
    ), { numRuns: 30 });
  });

  it('converges quadratically on a nonlinear saddle (φ = cosh x − cosh y + x y/2 … stationary at 0)', () => {
    const r = solveStationary((x, g) => {
      g[0] = Math.sinh(x[0]!) + 0.5 * x[1]!;
      g[1] = -Math.sinh(x[1]!) + 0.5 * x[0]!;
    }, Float64Array.of(0.7, -0.4));
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(10);
    expect(Math.abs(r.x[0]!) + Math.abs(r.x[1]!)).toBeLessThan(1e-11);
  });

  it('reports failure as data: no stationary point (∇φ = (1 + x², 1)) is not converged', () => {
    const r = solveStationary((x, g) => {
      g[0] = 1 + x[0]! * x[0]!;
      g[1] = 1;
    }, Float64Array.of(0, 0));
    expect(r.converged).toBe(false);
    expect(r.residual).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad options naming them', () => {
    const g0 = (_x: Float64Array, g: Float64Array): void => {
      g.fill(0);
    };
    expect(() => solveStationary(g0, Float64Array.of(0), { tolerance: 0 })).toThrow(/tolerance = 0/);
    expect(() => solveStationary(g0, Float64Array.of(0), { maxIterations: -1 })).toThrow(/maxIterations = -1/);
  });
});
