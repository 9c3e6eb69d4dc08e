/**
 * Spectral density `ρ(λ) = −Im g(λ + i0⁺)/π` (THEORY §3) by complex Newton on `λ(g) = λ`, continued along
 * the grid, with an `η`-continuation start (`λ + iη`, `η → 0`) wherever Newton has nothing to continue from.
 *
 * Accuracy: the density is that of the discretized vertex law, exact up to the quadrature of the vertex.
 * In the interior of the bulk this agrees with the continuous law to about 1e-3 relative with the default
 * rule (see test/numeric/spectral/density.test.ts for the measured numbers); in exponentially small tails it is
 * only accurate in absolute terms.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt } from '../../errors.js';
import { brent } from '../roots/brent.js';
import type { SpectralSolver } from './solver.js';
import type { Vertex } from './vertex.js';

/**
 * The density on a grid, with the Stieltjes transform `g` at each point.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * const d: DensityResult = densityOnGrid(solver, 2, Float64Array.of(-1.5, 0, 1), 2);
 * d.density; // [0.04166…, 0.36444…, 0.16704…]
 */
export interface DensityResult {
  /** The grid. */
  readonly lambda: Float64Array;
  /** `ρ(λ)` at each grid point (0 below the edge). */
  readonly density: Float64Array;
  /** `Re g(λ + i0⁺)`. */
  readonly gRe: Float64Array;
  /** `Im g(λ + i0⁺)` (`≤ 0`; `ρ = −Im g/π`). */
  readonly gIm: Float64Array;
  /** Largest residual `|λ(g) − λ|` over the grid. */
  readonly maxResidual: number;
  /** Mass of the atom at λ = 0 (`1 − α·P(c ≠ 0)` when positive): not part of `density`. */
  readonly atom: number;
}

/**
 * Mass of the atom of the spectrum at λ = 0: `H` has rank at most `α·pN·P(c ≠ 0)`, so the atom is
 * `max(0, 1 − α(1 − zeroMass))`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * atomAtZero(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 0.5); // 0.5
 */
export function atomAtZero(vertex: Vertex, alpha: number): number {
  return Math.max(0, 1 - alpha * (1 - (vertex.zeroMass ?? 0)));
}

/** `[Re E h, Im E h, Re E h', Im E h']` at complex g. */
function complexSums(vertex: Vertex, gr: number, gi: number, out: Float64Array): Float64Array {
  const { size, rank, weight, eigen, multiplicity } = vertex;
  let h0r = 0;
  let h0i = 0;
  let h1r = 0;
  let h1i = 0;
  for (let i = 0; i < size; i++) {
    let a0r = 0;
    let a0i = 0;
    let a1r = 0;
    let a1i = 0;
    for (let j = 0; j < rank; j++) {
      const c = eigen[i * rank + j]!;
      // q = c / (1 − g c)
      const dr = 1 - gr * c;
      const di = -gi * c;
      const inv = 1 / (dr * dr + di * di);
      const qr = c * dr * inv;
      const qi = -c * di * inv;
      const m = multiplicity[j]!;
      a0r += m * qr;
      a0i += m * qi;
      a1r += m * (qr * qr - qi * qi);
      a1i += m * 2 * qr * qi;
    }
    const w = weight[i]!;
    h0r += w * a0r;
    h0i += w * a0i;
    h1r += w * a1r;
    h1i += w * a1i;
  }
  out[0] = h0r;
  out[1] = h0i;
  out[2] = h1r;
  out[3] = h1i;
  return out;
}

/**
 * Newton for `1/g + α E h(g) = λ + iη`, from `(gr, gi)`. Returns the solution in `state` and whether it
 * converged on the physical sheet (`Im g ≤ 0`).
 */
function newton(vertex: Vertex, alpha: number, lambda: number, eta: number, state: Float64Array, sums: Float64Array): boolean {
  let gr = state[0]!;
  let gi = state[1]!;
  let resid = Infinity;
  for (let it = 0; it < 60; it++) {
    complexSums(vertex, gr, gi, sums);
    const n2 = gr * gr + gi * gi;
    // F = 1/g + α h − (λ + iη)
    const fr = gr / n2 + alpha * sums[0]! - lambda;
    const fi = -gi / n2 + alpha * sums[1]! - eta;
    const r = Math.hypot(fr, fi);
    if (r > resid && it > 0) {
      // Not decreasing: halve the previous step.
      gr = (gr + state[0]!) / 2;
      gi = (gi + state[1]!) / 2;
      if (Math.hypot(gr - state[0]!, gi - state[1]!) < 1e-15) break;
      continue;
    }
    state[0] = gr;
    state[1] = gi;
    resid = r;
    if (r < 1e-13 * (1 + Math.abs(lambda))) break;
    // F' = −1/g² + α h'
    const inv2r = (gr * gr - gi * gi) / (n2 * n2);
    const inv2i = (-2 * gr * gi) / (n2 * n2);
    const dr = -inv2r + alpha * sums[2]!;
    const di = -inv2i + alpha * sums[3]!;
    const dn = dr * dr + di * di;
    let sr = (fr * dr + fi * di) / dn;
    let si = (fi * dr - fr * di) / dn;
    // Stay on the physical sheet: never step into Im g > 0.
    let t = 1;
    while (gi - t * si > 0 && t > 1e-6) t /= 2;
    sr *= t;
    si *= t;
    gr -= sr;
    gi -= si;
  }
  state[2] = resid;
  if (!(resid < 1e-10 * (1 + Math.abs(lambda)) && state[1]! <= 0)) return false;
  // A real root is physical only where g decreases with λ, i.e. λ'(g) < 0 (outside the support).
  if (eta === 0 && -state[1]! < 1e-12 * Math.hypot(state[0]!, state[1]!)) {
    const g = state[0]!;
    complexSums(vertex, g, 0, sums);
    if (-1 / (g * g) + alpha * sums[2]! >= 0) return false;
  }
  return true;
}

/** Start from the free value and lower η geometrically, polishing with Newton at each stage. */
function etaContinuation(vertex: Vertex, alpha: number, lambda: number, width: number, state: Float64Array, sums: Float64Array): boolean {
  let eta = width;
  state[0] = lambda / (lambda * lambda + eta * eta);
  state[1] = -eta / (lambda * lambda + eta * eta);
  for (let stage = 0; stage < 40; stage++) {
    newton(vertex, alpha, lambda, eta, state, sums);
    eta /= 4;
    if (eta < 1e-10 * width) break;
  }
  return newton(vertex, alpha, lambda, 0, state, sums);
}

/**
 * Density on a grid. Points below the left edge get `ρ = 0` and the real `g` there. `width` is the scale
 * of the spectrum (its standard deviation): it sets where the `η`-continuation starts.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const solver = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }));
 * densityOnGrid(solver, 2, Float64Array.of(-1.5, 0, 1), 2).density; // [0.04166…, 0.36444…, 0.16704…]
 */
export function densityOnGrid(solver: SpectralSolver, alpha: number, grid: Float64Array, width: number): DensityResult {
  const { vertex } = solver;
  const n = grid.length;
  const density = new Float64Array(n);
  const gRe = new Float64Array(n);
  const gIm = new Float64Array(n);
  // With an atom at 0 and a non-negative vertex (cMin ≥ 0, α p-rank deficient) there is no left edge on
  // the negative g axis: then every point goes through Newton, which finds the real g in gaps itself.
  const found = attempt(() => solver.edge(alpha));
  const edge = E.isRight(found) ? found.right : { lambda: -Infinity, g: 0, kind: 'sharp' as const };
  const sums = new Float64Array(4);
  const state = new Float64Array(3);
  let maxResidual = 0;
  const atom = atomAtZero(vertex, alpha);
  let have = false;
  for (let k = 0; k < n; k++) {
    // At an atom g has a pole: evaluate the continuous part just beside it.
    const lambda = atom > 0 && grid[k] === 0 ? 1e-9 * width : grid[k]!;
    if (lambda <= edge.lambda) {
      // Below the spectrum: g is real, in (g_-, 0), where λ(g) is monotone.
      let hi = edge.g;
      while (solver.lambdaOfG(alpha, hi) >= lambda) hi /= 2;
      const root = lambda === edge.lambda ? edge.g : brent((g) => solver.lambdaOfG(alpha, g) - lambda, edge.g, hi).root;
      gRe[k] = root;
      have = false;
      continue;
    }
    let ok: boolean = have && newton(vertex, alpha, lambda, 0, state, sums);
    if (!ok) ok = etaContinuation(vertex, alpha, lambda, width, state, sums);
    have = ok;
    maxResidual = Math.max(maxResidual, state[2]!);
    gRe[k] = state[0]!;
    gIm[k] = state[1]!;
    density[k] = Math.max(0, -state[1]! / Math.PI);
  }
  return { lambda: grid, density, gRe, gIm, maxResidual, atom };
}
