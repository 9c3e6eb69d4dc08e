// Helpers of the Monte Carlo agreement tests (default and slow): seeded samples, z-scores, estimators.
import * as E from 'fp-ts/lib/Either.js';
import { quadraticVertex, type QuadraticModelParams } from '../../src/analytic/quadraticModel.js';
import { hessianSpectrumSample, type SpectrumSample } from '../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../src/numeric/montecarlo/problem.js';
import { spectralMoments } from '../../src/numeric/spectral/moments.js';
import { createSpectralSolver, type SpectralSolver } from '../../src/numeric/spectral/solver.js';
import { meanAndStandardError, type MeanAndStandardError } from '../../src/numeric/statistics.js';
import { spectrum } from '../../src/theory.js';
import { expect } from 'vitest';

// ---------------------------------------------------------------------------------------------------------
// Helpers shared by test/montecarlo and test/slow.

export type Params = QuadraticModelParams & { readonly pstar: number };

/** Seeds `first, first + 1, …` (count of them), one dense sample each. */
export function samples(params: Params, n: number, alpha: number, first: number, count: number, k: number): SpectrumSample[] {
  const model = quadraticReferenceModel({ p: params.p, pstar: params.pstar, a: params.a });
  const out: SpectrumSample[] = [];
  for (let seed = first; seed < first + count; seed++) {
    const s = hessianSpectrumSample(sampleProblem({ n, alpha, p: params.p, pstar: params.pstar, seed }), model, { k });
    if (!s.converged) throw new Error(`eigensolver did not converge at seed ${seed}`);
    out.push(s);
  }
  return out;
}

/** Memoize a sample set, so that several `it` blocks share it (vitest runs them in order). */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const solverCache = new Map<string, SpectralSolver>();
export function solverFor(params: Params): SpectralSolver {
  const key = `${params.p}/${params.pstar}/${params.a}`;
  let s = solverCache.get(key);
  if (!s) {
    s = createSpectralSolver(quadraticVertex(params));
    solverCache.set(key, s);
  }
  return s;
}

/** An estimate with its standard error (a mean over seeds, or a combination of such means). */
export interface Estimate {
  readonly mean: number;
  readonly se: number;
  readonly n: string;
}

export const estimate = (values: ArrayLike<number>): Estimate => {
  const m: MeanAndStandardError = meanAndStandardError(values);
  return { mean: m.mean, se: m.standardError, n: `${m.n} seeds` };
};

export const fmt = (x: number): string => (Math.abs(x) >= 1e4 ? x.toExponential(4) : x.toPrecision(5));

/** `label: mean ± SE (n) vs theory, z = …`. */
export function describeZ(label: string, e: Estimate, theory: number): { z: number; text: string } {
  const z = (e.mean - theory) / e.se;
  return { z, text: `${label}: MC ${fmt(e.mean)} ± ${fmt(e.se)} (${e.n}) vs theory ${fmt(theory)}, z = ${z.toFixed(2)}` };
}

/** Assert |z| ≤ bound, with all the numbers in the message. */
export function expectZ(label: string, e: Estimate, theory: number, bound = 3): number {
  const { z, text } = describeZ(label, e, theory);
  expect(Number.isFinite(z), text).toBe(true);
  expect(Math.abs(z), `${text} (bound |z| ≤ ${bound})`).toBeLessThanOrEqual(bound);
  return z;
}

/** Per-sample `(1/pN) Tr Hᵏ` from the eigenvalues. */
export function traceMoment(s: SpectrumSample, k: number): number {
  let t = 0;
  for (const e of s.eigenvalues) t += e ** k;
  return t / s.eigenvalues.length;
}

/**
 * `2·mean(N) − mean(N/2)`: the Richardson combination that cancels the O(1/N) term of E (1/pN) Tr Hᵏ. The
 * two sets use disjoint seeds, so their errors add in quadrature.
 */
export function richardson(full: number[], half: number[]): Estimate {
  const a = meanAndStandardError(full);
  const b = meanAndStandardError(half);
  return {
    mean: 2 * a.mean - b.mean,
    se: Math.sqrt(4 * a.standardError ** 2 + b.standardError ** 2),
    n: `2·[${a.n} seeds at N] − [${b.n} seeds at N/2]`,
  };
}

/** Mean over the `count` bottom eigenpairs of a sample (the finite-N image of a degenerate outlier). */
export const clusterMean = (values: readonly number[], count: number): number =>
  values.slice(0, count).reduce((x, y) => x + y, 0) / count;

/**
 * Theory mass of ρ in equal bins over the bulk interior: from two bin widths above the edge λ_- to
 * m₁ + σ (σ² = m₂ − m₁²), Simpson on `sub` intervals per bin. The two skipped widths keep the square-root
 * edge and its finite-N smoothing (N^{-2/3}) out; the cut at m₁ + σ leaves out the sparse heavy right tail.
 */
export function bulkBins(params: Params, alpha: number, bins: number, sub = 20): { edges: number[]; mass: number[] } {
  const solver = solverFor(params);
  const edge = solver.edge(alpha).lambda;
  const [m1, m2] = spectralMoments(solver.vertex, alpha, 2);
  const upper = m1! + Math.sqrt(m2! - m1! ** 2);
  const width = (upper - edge) / (bins + 2);
  const lower = upper - bins * width;
  const r = spectrum(params, alpha, { grid: { from: lower, to: upper, points: bins * sub + 1 } });
  if (E.isLeft(r)) throw new Error(r.left.message);
  const rho = r.right.density.rho;
  const h = width / sub;
  const edges: number[] = [];
  const mass: number[] = [];
  for (let b = 0; b <= bins; b++) edges.push(lower + b * width);
  for (let b = 0; b < bins; b++) {
    let s = 0;
    for (let j = 0; j <= sub; j++) s += rho[b * sub + j]! * (j === 0 || j === sub ? 1 : j % 2 === 1 ? 4 : 2);
    mass.push((s * h) / 3);
  }
  return { edges, mass };
}

/**
 * Per bin: the fraction of each sample's eigenvalues in the bin, mean ± SE over samples, against the
 * theory mass (|z| ≤ 4 per bin), and Σ z² ≤ bins + 5·√(2·bins) (a χ²-like summary over all bins).
 */
export function expectBulk(label: string, data: SpectrumSample[], params: Params, alpha: number, bins = 15): void {
  const { edges, mass } = bulkBins(params, alpha, bins);
  let chi2 = 0;
  const lines: string[] = [];
  const failures: string[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = edges[b]!;
    const hi = edges[b + 1]!;
    const fractions = data.map((s) => {
      let c = 0;
      for (const e of s.eigenvalues) if (e >= lo && e < hi) c++;
      return c / s.eigenvalues.length;
    });
    const { z, text } = describeZ(`${label} bin [${lo.toFixed(3)}, ${hi.toFixed(3)})`, estimate(fractions), mass[b]!);
    chi2 += z * z;
    lines.push(text);
    if (!(Math.abs(z) <= 4)) failures.push(text);
  }
  const limit = bins + 5 * Math.sqrt(2 * bins);
  expect(failures, `bins beyond 4 SE:\n${failures.join('\n')}`).toEqual([]);
  expect(chi2, `${label}: Σz² = ${chi2.toFixed(2)} over ${bins} bins (limit ${limit.toFixed(1)})\n${lines.join('\n')}`).toBeLessThanOrEqual(limit);
}

// ---------------------------------------------------------------------------------------------------------
// Sample sets. Seeds are fixed; sets that are compared with each other use disjoint seed ranges.

/** p = 2, p* = 1, a = 1.5: discontinuous BBP at α ≈ 1.323; at α = 4 the edge is sharp, λ* ≈ −2.048. */
