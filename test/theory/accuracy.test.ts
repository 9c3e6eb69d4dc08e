// α_BBP is converged to 1e-8 relative over p ∈ 1..64, p* ∈ 1..4, a ∈ [0.05, 5]: halving the quadrature
// step (≈ 4× the nodes in 2D) or the cutoff moves it by less than that, and a second algorithm agrees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadraticVertex } from '../../src/analytic/quadraticModel.js';
import { certifyThreshold } from '../../src/numeric/decimal/certify.js';
import { createSpectralSolver, type SpectralSolver } from '../../src/numeric/spectral/solver.js';

const params = fc.record({
  p: fc.integer({ min: 1, max: 64 }),
  pstar: fc.integer({ min: 1, max: 4 }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
});

/** The corners of the parameter box are always tried, besides the random draws. */
const corners = [1, 64].flatMap((p) => [1, 4].flatMap((pstar) => [0.05, 5].map((a) => [{ p, pstar, a }] as [{ p: number; pstar: number; a: number }])));

/** α_BBP from its definition: bisection on "an outlier exists at α". */
function thresholdByBisection(solver: SpectralSolver, lo: number, hi: number): number {
  while (solver.outlier(hi) === null) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (solver.outlier(mid) === null) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('α_BBP convergence', () => {
  it('halving the quadrature step changes α_BBP by < 1e-8 relative', () => {
    fc.assert(
      fc.property(params, ({ p, pstar, a }) => {
        const base = createSpectralSolver(quadraticVertex({ p, pstar, a })).threshold();
        const fine = createSpectralSolver(quadraticVertex({ p, pstar, a }, { step: 0.15 })).threshold();
        expect(fine.transition).toBe(base.transition);
        expect(Math.abs(fine.alphaBBP / base.alphaBBP - 1)).toBeLessThan(1e-8);
      }),
      { numRuns: 25, examples: corners },
    );
  });

  it('a tighter tail cutoff and no tail lumping change α_BBP by < 1e-8 relative', () => {
    fc.assert(
      fc.property(params, ({ p, pstar, a }) => {
        const base = createSpectralSolver(quadraticVertex({ p, pstar, a })).threshold();
        const tight = createSpectralSolver(quadraticVertex({ p, pstar, a }, { cutoff: 1e-20, lumpBelow: 0 })).threshold();
        expect(Math.abs(tight.alphaBBP / base.alphaBBP - 1)).toBeLessThan(1e-8);
      }),
      { numRuns: 15 },
    );
  });

  it('the closed-form route equals bisection on the existence of the outlier', () => {
    fc.assert(
      fc.property(params, ({ p, pstar, a }) => {
        const solver = createSpectralSolver(quadraticVertex({ p, pstar, a }));
        const t = solver.threshold();
        const bisected = thresholdByBisection(solver, t.alphaBBP / 4, t.alphaBBP * 1.5);
        expect(Math.abs(bisected / t.alphaBBP - 1)).toBeLessThan(1e-8);
        // At α_BBP the outlier sits on the edge: λ* = λ_- there.
        const above = solver.outlier(t.alphaBBP * (1 + 1e-6));
        expect(above).not.toBeNull();
        expect(Math.abs(above!.lambda - t.edge)).toBeLessThan(1e-3 * Math.abs(t.edge));
      }),
      { numRuns: 15 },
    );
  });

  it('the transition kind follows m²: continuous → m² → 0 at α_BBP⁺, discontinuous → m² jumps', () => {
    fc.assert(
      fc.property(params, ({ p, pstar, a }) => {
        const solver = createSpectralSolver(quadraticVertex({ p, pstar, a }));
        const t = solver.threshold();
        const m2 = solver.outlier(t.alphaBBP * (1 + 1e-7))!.m2;
        if (t.transition === 'continuous') expect(m2).toBeLessThan(1e-3);
        else expect(m2).toBeGreaterThan(1e-3);
        expect(solver.edge(t.alphaBBP).kind).toBe(t.transition === 'continuous' ? 'sharp' : 'smooth');
      }),
      { numRuns: 15 },
    );
  });
});

describe('decimal certification', () => {
  it('the certified interval holds the double result and confirms the kind', () => {
    fc.assert(
      fc.property(params, ({ p, pstar, a }) => {
        const vertex = quadraticVertex({ p, pstar, a });
        const t = createSpectralSolver(vertex).threshold();
        const c = certifyThreshold(vertex, t);
        expect(c.transitionConfirmed).toBe(true);
        // The double result carries the rounding of sums over thousands of nodes (~1e-15); the certified
        // interval must hold it up to that.
        expect(c.alphaLow).toBeLessThanOrEqual(t.alphaBBP * (1 + 1e-13));
        expect(c.alphaHigh).toBeGreaterThanOrEqual(t.alphaBBP * (1 - 1e-13));
        expect(c.digits).toBeGreaterThan(10);
      }),
      { numRuns: 4 },
    );
  });

  it('near the crossover a* ≈ 1.10876 (p = p* = 1) both kinds are certified on either side', () => {
    for (const [a, kind] of [[1.1, 'continuous'], [1.12, 'discontinuous']] as const) {
      const vertex = quadraticVertex({ p: 1, pstar: 1, a });
      const t = createSpectralSolver(vertex).threshold();
      expect(t.transition).toBe(kind);
      expect(certifyThreshold(vertex, t).transitionConfirmed).toBe(true);
    }
  });
});
