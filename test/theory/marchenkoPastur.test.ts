// THEORY §6.4: a constant vertex A = c·I gives the (scaled) Marchenko–Pastur law:
// H = c·W, W = (1/N) Σ_{μ ≤ αN} x xᵀ, ρ_W(λ) = √((λ₊ − λ)(λ − λ₋))/(2πλ), λ± = (√α ± 1)², moments α, α + α², α + 3α² + α³.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityOnGrid } from '../../src/numeric/spectral/density.js';
import { spectralMoments } from '../../src/numeric/spectral/moments.js';
import { createSpectralSolver } from '../../src/numeric/spectral/solver.js';
import { validateVertex, type Vertex } from '../../src/numeric/spectral/vertex.js';

const constantVertex = (c: number): Vertex =>
  validateVertex({
    size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(c),
    multiplicity: Float64Array.of(1), cMin: c, description: `constant vertex ${c}`,
  });

const mpDensity = (lambda: number, alpha: number, c: number): number => {
  const x = lambda / c;
  const lo = (Math.sqrt(alpha) - 1) ** 2;
  const hi = (Math.sqrt(alpha) + 1) ** 2;
  return x > lo && x < hi ? Math.sqrt((hi - x) * (x - lo)) / (2 * Math.PI * x) / Math.abs(c) : 0;
};

const cs = fc.oneof(fc.double({ min: -5, max: -0.1, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }));
const alphas = fc.double({ min: 1.2, max: 20, noNaN: true });

describe('constant vertex = Marchenko–Pastur', () => {
  it('left edge and its kind (always sharp)', () => {
    fc.assert(
      fc.property(cs, alphas, (c, alpha) => {
        const edge = createSpectralSolver(constantVertex(c)).edge(alpha);
        const expected = c < 0 ? c * (Math.sqrt(alpha) + 1) ** 2 : c * (Math.sqrt(alpha) - 1) ** 2;
        expect(edge.kind).toBe('sharp');
        expect(Math.abs(edge.lambda - expected)).toBeLessThan(1e-10 * (1 + Math.abs(expected)));
        expect(createSpectralSolver(constantVertex(c)).alphaC()).toBeNull();
      }),
      { numRuns: 50 },
    );
  });

  it('density on a grid equals the closed form', () => {
    fc.assert(
      fc.property(cs, alphas, (c, alpha) => {
        const lo = c * (Math.sqrt(alpha) - 1) ** 2;
        const hi = c * (Math.sqrt(alpha) + 1) ** 2;
        const from = Math.min(lo, hi);
        const to = Math.max(lo, hi);
        // Interior points only: at the edges ρ has a square-root zero.
        const grid = Float64Array.from({ length: 31 }, (_, k) => from + ((to - from) * (k + 0.5)) / 31);
        const d = densityOnGrid(createSpectralSolver(constantVertex(c)), alpha, grid, Math.abs(c) * Math.sqrt(alpha));
        grid.forEach((l, k) => expect(Math.abs(d.density[k]! - mpDensity(l, alpha, c))).toBeLessThan(1e-9 / Math.abs(c)));
        expect(d.atom).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('moments from the self-energy series', () => {
    fc.assert(
      fc.property(cs, fc.double({ min: 0.1, max: 20, noNaN: true }), (c, alpha) => {
        const m = spectralMoments(constantVertex(c), alpha, 3);
        const expected = [alpha * c, (alpha + alpha ** 2) * c ** 2, (alpha + 3 * alpha ** 2 + alpha ** 3) * c ** 3];
        expected.forEach((e, k) => expect(Math.abs(m[k]! - e)).toBeLessThan(1e-12 * Math.abs(e)));
      }),
    );
  });

  it('α < 1: an atom 1 − α at zero, and the continuous part carries mass α', () => {
    const alpha = 0.4;
    const c = 2;
    const lo = c * (Math.sqrt(alpha) - 1) ** 2;
    const hi = c * (Math.sqrt(alpha) + 1) ** 2;
    const n = 4001;
    const grid = Float64Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
    const d = densityOnGrid(createSpectralSolver(constantVertex(c)), alpha, grid, 1);
    expect(d.atom).toBeCloseTo(1 - alpha, 14);
    let mass = 0;
    for (let k = 1; k < n; k++) mass += ((d.density[k]! + d.density[k - 1]!) / 2) * (grid[k]! - grid[k - 1]!);
    // Trapezoid on square-root edges: error O(h^1.5).
    expect(Math.abs(mass - alpha)).toBeLessThan(1e-4);
  });
});
