// THEORY §6.5 for the reference model: ∫ρ = 1 (with the atom at 0), ρ ≥ 0, Im g ≤ 0, and the moments of ρ equal the
// series coefficients; the density is converged in the quadrature step.
import { describe, expect, it } from 'vitest';
import { quadraticVertex } from '../../src/analytic/quadraticModel.js';
import { densityOnGrid } from '../../src/numeric/spectral/density.js';
import { spectralMoments } from '../../src/numeric/spectral/moments.js';
import { createSpectralSolver } from '../../src/numeric/spectral/solver.js';

const cases = [
  { p: 2, pstar: 1, a: 1.5, alpha: 2 },
  { p: 1, pstar: 1, a: 0.7, alpha: 4 },
  { p: 4, pstar: 2, a: 0.5, alpha: 3 },
];

/** Dense near the edge (cosine spacing over the bulk), geometric in the exponential right tail. */
function grid(edge: number, mean: number, sd: number): Float64Array {
  const top = mean + 2 * sd;
  const pts: number[] = [];
  for (let k = 0; k <= 240; k++) pts.push(edge + ((top - edge) * (1 - Math.cos((Math.PI * k) / 240))) / 2);
  for (let k = 1; k <= 120; k++) pts.push(top + sd * (Math.exp(k * 0.05) - 1));
  return Float64Array.from(pts);
}

function integrate(x: Float64Array, f: (k: number) => number): number {
  let s = 0;
  for (let k = 1; k < x.length; k++) s += ((f(k) + f(k - 1)) / 2) * (x[k]! - x[k - 1]!);
  return s;
}

describe.each(cases)('density p=$p p*=$pstar a=$a α=$alpha', ({ p, pstar, a, alpha }) => {
  const solver = createSpectralSolver(quadraticVertex({ p, pstar, a }, { step: 0.1 }));
  const m = spectralMoments(solver.vertex, alpha, 2);
  const sd = Math.sqrt(m[1]! - m[0]! ** 2);
  const edge = solver.edge(alpha).lambda;
  const x = grid(edge, m[0]!, sd);
  const d = densityOnGrid(solver, alpha, x, sd);

  it('is a density on the physical sheet', () => {
    for (let k = 0; k < x.length; k++) {
      expect(d.density[k]).toBeGreaterThanOrEqual(0);
      expect(d.gIm[k]).toBeLessThanOrEqual(0);
    }
    expect(d.maxResidual).toBeLessThan(1e-9);
  });

  it('integrates to 1 − atom, with the first moment of the series', () => {
    // Truncating the exponential tail at mean + ~400 sd and the trapezoid rule err by < 1e-3.
    const mass = integrate(x, (k) => d.density[k]!);
    expect(Math.abs(mass + d.atom - 1)).toBeLessThan(1e-3);
    const first = integrate(x, (k) => x[k]! * d.density[k]!);
    expect(Math.abs(first - m[0]!)).toBeLessThan(3e-3 * Math.abs(m[0]!) + 1e-3);
  });

  it('is converged in the quadrature step (0.1 vs 0.05) to 1e-5 in the bulk', () => {
    const fine = createSpectralSolver(quadraticVertex({ p, pstar, a }, { step: 0.05 }));
    const probe = Float64Array.from({ length: 12 }, (_, k) => edge + (m[0]! + sd - edge) * ((k + 0.5) / 12));
    const coarse = densityOnGrid(solver, alpha, probe, sd);
    const ref = densityOnGrid(fine, alpha, probe, sd);
    const peak = Math.max(...ref.density);
    probe.forEach((_, k) => expect(Math.abs(coarse.density[k]! - ref.density[k]!)).toBeLessThan(1e-5 * peak));
  });
});

describe('α < 1: an atom 1 − α at 0 next to a singular continuous part', () => {
  // ρ has an integrable singularity at λ → 0 beside the atom; neither the grid nor the discretized vertex
  // resolves it finely, so only the mass is checked, to the 1e-2 this regime reaches (measured 7e-3).
  it('p=2 p*=1 a=1.5 α=0.5', () => {
    const alpha = 0.5;
    const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }, { step: 0.1 }));
    const m = spectralMoments(solver.vertex, alpha, 2);
    const sd = Math.sqrt(m[1]! - m[0]! ** 2);
    const x = grid(solver.edge(alpha).lambda, m[0]!, sd);
    const d = densityOnGrid(solver, alpha, x, sd);
    expect(d.atom).toBe(0.5);
    expect(Math.abs(integrate(x, (k) => d.density[k]!) - alpha)).toBeLessThan(1e-2);
  });
});
