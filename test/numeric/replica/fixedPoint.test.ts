import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveFixedPoint } from '../../../src/numeric/replica/fixedPoint.js';

describe('solveFixedPoint', () => {
  it('finds the Dottie number x = cos x to rounding, reporting Newton steps and residual', () => {
    const r = solveFixedPoint((x, out) => {
      out[0] = Math.cos(x[0]!);
    }, Float64Array.of(1));
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 0.7390851332151607)).toBeLessThanOrEqual(2e-16);
    expect(r.residual).toBeLessThanOrEqual(r.tolerance);
    expect(r.newtonSteps).toBeGreaterThan(0);
  });

  it('solves affine contractions x = A x + b exactly (property over A with spectral radius < 0.9)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 9, maxLength: 9 }),
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (a, b) => {
        const r = solveFixedPoint((x, out) => {
          for (let i = 0; i < 3; i++) out[i] = a[3 * i]! * x[0]! + a[3 * i + 1]! * x[1]! + a[3 * i + 2]! * x[2]! + b[i]!;
        }, new Float64Array(3));
        expect(r.converged).toBe(true);
        // residual of (I − A)x = b, computed independently
        for (let i = 0; i < 3; i++) {
          const lhs = r.x[i]! - (a[3 * i]! * r.x[0]! + a[3 * i + 1]! * r.x[1]! + a[3 * i + 2]! * r.x[2]!);
          expect(Math.abs(lhs - b[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i]!)));
        }
      },
    ), { numRuns: 50 });
  });

  it('reports non-convergence as data: a slow map without Newton runs out of iterations, with Newton it converges', () => {
    const slow = (x: Float64Array, out: Float64Array): void => {
      out[0] = 0.999 * x[0]! + 0.001 * Math.cos(x[0]!);
    };
    const plain = solveFixedPoint(slow, Float64Array.of(0), { newtonBelow: 0, maxIterations: 100, damping: 1 });
    expect(plain.converged).toBe(false);
    expect(plain.iterations).toBe(100);
    expect(plain.residual).toBeGreaterThan(1e-13);
    const polished = solveFixedPoint(slow, Float64Array.of(0), { damping: 1 });
    expect(polished.converged).toBe(true);
    expect(Math.abs(polished.x[0]! - 0.7390851332151607)).toBeLessThanOrEqual(1e-12);
  });

  it('backs off from points where the map is undefined (NaN) and respects project', () => {
    // x = √x + 0.5 from x = 4 with an over-relaxed step that would leave the domain x ≥ 0
    const r = solveFixedPoint((x, out) => {
      out[0] = Math.sqrt(x[0]!) + 0.5;
    }, Float64Array.of(4), { project: (x) => { x[0] = Math.max(0, x[0]!); } });
    const exact = ((1 + Math.sqrt(3)) / 2) ** 2; // root of x − √x − 0.5 = 0
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - exact)).toBeLessThanOrEqual(1e-13);
  });

  it('rejects bad options naming them', () => {
    const id = (x: Float64Array, out: Float64Array): void => out.set(x);
    expect(() => solveFixedPoint(id, Float64Array.of(0), { damping: 0 })).toThrow(/damping = 0/);
    expect(() => solveFixedPoint(id, Float64Array.of(0), { tolerance: -1 })).toThrow(/tolerance = -1/);
    expect(() => solveFixedPoint(id, Float64Array.of(0), { maxIterations: 1.5 })).toThrow(/maxIterations = 1.5/);
  });
});
