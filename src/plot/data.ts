/**
 * The numbers behind the four figures: large-N theory from the public entry points (`spectrum`,
 * `overlapCurve`, `threshold`) and seeded finite-N Monte Carlo Hessians. Every function returns a plain
 * JSON-ready record (the figure's data file) wrapped in `Either<BbpError, _>`; rendering is in `figures.ts`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { CompiledModel } from '../analytic/compile.js';
import type { QuadraticModelParams } from '../analytic/quadraticModel.js';
import { attempt, fail, invalidArgument, notFound, type BbpError } from '../errors.js';
import { hessianSpectrumSample } from '../numeric/montecarlo/observables.js';
import { quadraticReferenceModel, type PointwiseModel } from '../numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../numeric/montecarlo/problem.js';
import { histogram, meanAndStandardError } from '../numeric/statistics.js';
import type { EdgeKind } from '../numeric/spectral/solver.js';
import { overlapCurve, spectrum, threshold, type ModelEcho, type ModelInput, type RangeSpec, type TheoryOptions, type ThresholdReport } from '../theory.js';
import { bottomEigenpairSample } from './montecarlo.js';

/** Called after each unit of work (a seed, a threshold). */
export type Progress = (done: number, total: number, what: string) => void;

/** The finite-N runs: dimension N, how many seeds and the first one (seeds are `seed, seed + 1, …`). */
export interface MonteCarloSpec {
  readonly n: number;
  readonly seeds: number;
  readonly seed: number;
}

/** Options common to the figure data. */
export interface DataOptions {
  readonly theory?: TheoryOptions;
  readonly onProgress?: Progress;
}

/** The seeds of a run. */
export const seedList = (mc: MonteCarloSpec): number[] => Array.from({ length: mc.seeds }, (_, k) => mc.seed + k);

function unwrap<A>(e: E.Either<BbpError, A>): A {
  if (E.isLeft(e)) return fail(e.left);
  return e.right;
}

function validateMonteCarlo(mc: MonteCarloSpec): void {
  if (!(Number.isSafeInteger(mc.n) && mc.n >= 1)) fail(invalidArgument('n', mc.n, 'a positive integer'));
  if (!(Number.isSafeInteger(mc.seeds) && mc.seeds >= 1 && mc.seeds <= 10000)) fail(invalidArgument('seeds', mc.seeds, 'an integer from 1 to 10000'));
  if (!(Number.isSafeInteger(mc.seed) && mc.seed >= 0 && Number.isSafeInteger(mc.seed + mc.seeds))) {
    fail(invalidArgument('seed', mc.seed, 'a non-negative safe integer'));
  }
}

/**
 * The model's finite-N face: the reference model's pointwise model, or a compiled model's `pointwise`.
 * Null (with the reason) when there is none, i.e. for `p = inf`.
 */
export function pointwiseFor(model: ModelInput): { readonly model: PointwiseModel; readonly p: number; readonly pstar: number } | { readonly none: string } {
  // Every compiled model (scalar or matrix reduction) carries its pointwise model.
  const compiled = model as Partial<Pick<CompiledModel, 'pointwise' | 'p' | 'pstar'>>;
  if (compiled.pointwise !== undefined) return { model: compiled.pointwise, p: compiled.pointwise.p, pstar: compiled.pointwise.pstar };
  const params = model as QuadraticModelParams;
  if (params.p === Infinity) return { none: 'p = inf has no finite-N Hessian' };
  return { model: quadraticReferenceModel({ p: params.p, pstar: params.pstar, a: params.a, scale: params.scale ?? 1 }), p: params.p, pstar: params.pstar };
}

// ---------------------------------------------------------------------------------------------------------
// Figure 1: the density

/** Data of the density figure. */
export interface DensityData {
  readonly figure: 'density';
  readonly model: ModelEcho;
  readonly alpha: number;
  readonly theory: {
    readonly edge: number;
    readonly edgeKind: EdgeKind;
    readonly outlier: number | null;
    readonly m2: number;
    readonly atomAtZero: number;
    readonly lambda: number[];
    readonly rho: number[];
  };
  /** The λ range shown. */
  readonly window: readonly [number, number];
  /** Null when there are no finite-N samples (`n = 0`, or p = inf). */
  readonly monteCarlo: {
    readonly n: number;
    readonly p: number;
    readonly pstar: number;
    readonly seeds: number[];
    /** Eigenvalues pooled over seeds (p·n per seed). */
    readonly eigenvalues: number;
    /** Normalized like ρ: count per bin / (all eigenvalues · width); the atom at 0 (α < 1) is in no bin. */
    readonly histogram: { readonly edges: number[]; readonly density: number[] };
    /** Fraction of the pooled eigenvalues counted as the atom at λ = 0 (|λ| < 1e-9 max|λ|, only for α < 1). */
    readonly atomFraction: number;
    /** Fraction of the pooled eigenvalues (atom excluded) outside the window. */
    readonly outsideWindow: number;
    /** The p·p* smallest eigenvalues of each seed (the finite-N image of the outlier). */
    readonly bottom: number[][];
  } | null;
  /** Why there is no Monte Carlo, when there is none. */
  readonly monteCarloSkipped?: string;
}

/** The λ where the cumulative mass of ρ (trapezoid on the grid) reaches `q` of its total. */
function massQuantile(lambda: readonly number[], rho: readonly number[], q: number): number {
  let total = 0;
  const cum = [0];
  for (let i = 1; i < lambda.length; i++) {
    total += ((rho[i]! + rho[i - 1]!) / 2) * (lambda[i]! - lambda[i - 1]!);
    cum.push(total);
  }
  const target = q * total;
  for (let i = 1; i < cum.length; i++) if (cum[i]! >= target) return lambda[i]!;
  return lambda[lambda.length - 1]!;
}

/**
 * ρ(λ) at one α, with the histogram of the pooled eigenvalues of seeded dense Hessians (`sampleProblem` +
 * `hessianSpectrumSample` with the model's pointwise model). The window runs from just below the outlier
 * (or the edge, or the lowest sampled eigenvalue) to the λ below which 95 % of ρ's mass lies, unless given.
 */
export function densityData(
  input: ModelInput,
  alpha: number,
  mc: MonteCarloSpec | null,
  options: DataOptions & { readonly bins?: number; readonly window?: readonly [number, number]; readonly points?: number } = {},
): E.Either<BbpError, DensityData> {
  return attempt(() => {
    const theoryOptions = options.theory ?? {};
    // A coarse grid only places the window (its 95 % mass quantile); the curve comes from a second, finer grid.
    const coarse = unwrap(spectrum(input, alpha, { ...theoryOptions, points: 121 }));
    const face = mc === null ? { none: 'no Monte Carlo requested (n = 0)' } : pointwiseFor(input);
    let samples: Float64Array[] = [];
    let mcInfo: { n: number; p: number; pstar: number; seeds: number[] } | null = null;
    if (mc !== null && 'model' in face) {
      validateMonteCarlo(mc);
      const seeds = seedList(mc);
      samples = seeds.map((seed, k) => {
        const s = hessianSpectrumSample(sampleProblem({ n: mc.n, alpha, p: face.p, pstar: face.pstar, seed }), face.model, { k: 0 });
        if (!s.converged) fail(invalidArgument('seed', seed, 'a seed whose Hessian the eigensolver diagonalizes (QL did not converge)'));
        options.onProgress?.(k + 1, seeds.length, `seed ${seed}`);
        return s.eigenvalues;
      });
      mcInfo = { n: mc.n, p: face.p, pstar: face.pstar, seeds };
    }
    const cluster = mcInfo ? mcInfo.p * mcInfo.pstar : 0;
    const bottom = samples.map((ev) => Array.from(ev.subarray(0, cluster)));

    let window = options.window;
    if (window === undefined) {
      const upper = massQuantile(coarse.density.lambda, coarse.density.rho, 0.95);
      let lower = Math.min(coarse.edge, coarse.outlier ?? coarse.edge);
      for (const b of bottom) if (b.length > 0) lower = Math.min(lower, b[0]!);
      const pad = 0.04 * (upper - lower);
      window = [lower - pad, upper];
    }
    const [from, to] = window;
    if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) fail(invalidArgument('window', `${from}:${to}`, 'finite from < to'));
    const fine = unwrap(spectrum(input, alpha, { ...theoryOptions, grid: { from, to, points: options.points ?? 300 } }));

    let monteCarlo: DensityData['monteCarlo'] = null;
    if (mcInfo) {
      const pooled: number[] = [];
      let scaleMax = 0;
      for (const ev of samples) scaleMax = Math.max(scaleMax, Math.abs(ev[0]!), Math.abs(ev[ev.length - 1]!));
      let atom = 0;
      let outside = 0;
      for (const ev of samples) {
        for (const v of ev) {
          // The zero eigenvalues of a rank-deficient H (α < 1) are the atom, which ρ leaves out: they count in
          // the normalization but in no bin (NaN), like values outside the window.
          if (alpha < 1 && Math.abs(v) < 1e-9 * scaleMax) {
            atom++;
            pooled.push(Number.NaN);
          } else {
            if (v < from || v > to) outside++;
            pooled.push(v);
          }
        }
      }
      const bins = options.bins ?? Math.round(Math.min(80, Math.max(20, Math.sqrt(pooled.length) * 1.2)));
      if (!(Number.isSafeInteger(bins) && bins >= 1 && bins <= 10000)) fail(invalidArgument('bins', bins, 'an integer from 1 to 10000'));
      const edges = Array.from({ length: bins + 1 }, (_, b) => from + ((to - from) * b) / bins);
      const density = Array.from(histogram(pooled, edges));
      monteCarlo = {
        ...mcInfo,
        eigenvalues: pooled.length,
        histogram: { edges, density },
        atomFraction: atom / pooled.length,
        outsideWindow: outside / Math.max(1, pooled.length - atom),
        bottom,
      };
    }
    return {
      figure: 'density' as const,
      model: coarse.model,
      alpha,
      theory: {
        edge: coarse.edge,
        edgeKind: coarse.edgeKind,
        outlier: coarse.outlier,
        m2: coarse.m2,
        atomAtZero: coarse.atomAtZero,
        lambda: fine.density.lambda,
        rho: fine.density.rho,
      },
      window: [from, to] as const,
      monteCarlo,
      ...(monteCarlo === null && 'none' in face ? { monteCarloSkipped: face.none } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Figure 2: the overlap

/** One finite-N point: the bottom-eigenvector overlap, mean ± SE over seeds. */
export interface OverlapSamplePoint {
  readonly alpha: number;
  readonly mean: number;
  readonly se: number;
  readonly seeds: number[];
  readonly values: number[];
  /** Bottom eigenvalue of each seed. */
  readonly bottom: number[];
}

/** One curve of the overlap figure. */
export interface OverlapCurveData {
  /** The value of `a` the curve was asked for (null when the model came whole from a file). */
  readonly a: number | null;
  readonly model: ModelEcho;
  readonly alphaBBP: number;
  readonly transition: 'continuous' | 'discontinuous';
  readonly points: ReadonlyArray<{ readonly alpha: number; readonly m2: number; readonly outlier: number | null; readonly edge: number; readonly edgeKind: EdgeKind }>;
  /** m² just above α_BBP (the height of the jump; 0 for a continuous transition). */
  readonly m2AtThreshold: number;
  readonly monteCarlo: OverlapSamplePoint[];
}

export interface OverlapData {
  readonly figure: 'overlap';
  readonly range: RangeSpec;
  readonly curves: OverlapCurveData[];
  readonly monteCarlo: { readonly n: number; readonly seeds: number[]; readonly alphas: number[] } | null;
  readonly monteCarloSkipped?: string;
}

/**
 * m²(α) from `overlapCurve` for each model, and at the α values `mc.alphas` the overlap of the bottom
 * Hessian eigenvector with the teacher subspace, mean ± SE over seeds.
 */
export function overlapData(
  curves: ReadonlyArray<{ readonly a: number | null; readonly model: ModelInput }>,
  range: RangeSpec,
  mc: (MonteCarloSpec & { readonly alphas: readonly number[] }) | null,
  options: DataOptions = {},
): E.Either<BbpError, OverlapData> {
  return attempt(() => {
    const theoryOptions = options.theory ?? {};
    if (mc !== null) {
      validateMonteCarlo(mc);
      for (const alpha of mc.alphas) if (!(alpha > 0 && Number.isFinite(alpha))) fail(invalidArgument('mc-alpha', alpha, 'positive finite numbers'));
    }
    const faces = curves.map((c) => pointwiseFor(c.model));
    const skipped = faces.find((f): f is { none: string } => 'none' in f);
    const runMc = mc !== null && mc.alphas.length > 0 && skipped === undefined ? mc : null;
    const seeds = runMc ? seedList(runMc) : [];
    const total = curves.length * (runMc ? runMc.alphas.length * seeds.length : 0);
    let done = 0;
    const out = curves.map((c, k): OverlapCurveData => {
      const r = unwrap(overlapCurve(c.model, range, theoryOptions));
      // m² right above the threshold: the jump of a discontinuous transition.
      const above = r.alphaBBP * (1 + 1e-9);
      const at = unwrap(overlapCurve(c.model, { from: above, to: above, step: 1 }, theoryOptions)).points[0]!;
      const face = faces[k]!;
      const monteCarlo: OverlapSamplePoint[] = [];
      if (runMc && 'model' in face) {
        for (const alpha of runMc.alphas) {
          const values: number[] = [];
          const bottom: number[] = [];
          for (const seed of seeds) {
            const s = bottomEigenpairSample(sampleProblem({ n: runMc.n, alpha, p: face.p, pstar: face.pstar, seed }), face.model);
            values.push(s.overlap);
            bottom.push(s.bottom);
            options.onProgress?.(++done, total, `a = ${c.a ?? '(model)'}, α = ${alpha}, seed ${seed}`);
          }
          const m = meanAndStandardError(values);
          monteCarlo.push({ alpha, mean: m.mean, se: m.standardError, seeds, values, bottom });
        }
      }
      return {
        a: c.a,
        model: r.model,
        alphaBBP: r.alphaBBP,
        transition: r.transition,
        points: r.points,
        m2AtThreshold: r.transition === 'continuous' ? 0 : at.m2,
        monteCarlo,
      };
    });
    return {
      figure: 'overlap' as const,
      range,
      curves: out,
      monteCarlo: runMc ? { n: runMc.n, seeds, alphas: [...runMc.alphas] } : null,
      ...(mc !== null && skipped ? { monteCarloSkipped: skipped.none } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Figure 3: α_BBP against p

/** α_BBP at one p; null (with the reason) where the model has no BBP transition at all. */
export interface ThresholdPoint {
  readonly p: number;
  readonly alphaBBP: number | null;
  readonly transition: 'continuous' | 'discontinuous' | null;
  readonly alphaC: number | null;
  readonly noTransition?: string;
}

/** `threshold`, with "there is no BBP transition" (`NotFound`) as a value rather than an error. */
function thresholdOrNone(model: ModelInput, options: TheoryOptions): ThresholdReport | { readonly none: string } {
  const r = threshold(model, options);
  if (E.isLeft(r) && r.left._tag === 'NotFound') return { none: r.left.message };
  return unwrap(r);
}

export interface ThresholdVsPData {
  readonly figure: 'threshold-vs-p';
  readonly pstar: number;
  readonly curves: ReadonlyArray<{
    readonly a: number;
    readonly points: ThresholdPoint[];
    /** p → ∞: p*(a + 1)/2 (null for DSL models). */
    readonly infiniteWidth: number | null;
  }>;
  /** a → 0 after p → ∞: pstar/2 (null for DSL models). */
  readonly smallALimit: number | null;
}

/** α_BBP for every integer p in `[pFrom, pTo]` and each a; `modelFor(p, a)` builds the model. */
export function thresholdVsPData(
  modelFor: (p: number, a: number) => ModelInput,
  pstar: number,
  as: readonly number[],
  pRange: readonly [number, number],
  options: DataOptions = {},
): E.Either<BbpError, ThresholdVsPData> {
  return attempt(() => {
    const [from, to] = pRange;
    if (!(Number.isSafeInteger(from) && from >= 1 && Number.isSafeInteger(to) && to >= from && to - from <= 10000)) {
      fail(invalidArgument('p-range', `${from}:${to}`, 'integers 1 ≤ from ≤ to, at most 10000 apart'));
    }
    if (as.length === 0) fail(invalidArgument('a', '', 'at least one value'));
    const total = as.length * (to - from + 1);
    let done = 0;
    let smallALimit: number | null = null;
    const curves = as.map((a) => {
      const points: ThresholdPoint[] = [];
      let infiniteWidth: number | null = null;
      for (let p = from; p <= to; p++) {
        const t = thresholdOrNone(modelFor(p, a), options.theory ?? {});
        if ('none' in t) points.push({ p, alphaBBP: null, transition: null, alphaC: null, noTransition: t.none });
        else {
          points.push({ p, alphaBBP: t.alphaBBP, transition: t.transition, alphaC: t.alphaC });
          infiniteWidth = t.alphaBBPInfiniteWidth;
        }
        options.onProgress?.(++done, total, `a = ${a}, p = ${p}`);
      }
      if (infiniteWidth !== null) smallALimit = pstar / 2;
      return { a, points, infiniteWidth };
    });
    return { figure: 'threshold-vs-p' as const, pstar, curves, smallALimit };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Figure 4: the phase diagram

export interface PhaseData {
  readonly figure: 'phase';
  /** The model at the first a, without `a` for the reference model (a is what varies). */
  readonly model: ModelEcho | Omit<Extract<ModelEcho, { a: number }>, 'a'>;
  readonly varied: 'a';
  readonly alphaMax: number;
  /** Where the model has no BBP transition, `alphaBBP` and `transition` are null and `noTransition` says why. */
  readonly points: ReadonlyArray<{
    readonly a: number;
    readonly alphaBBP: number | null;
    readonly alphaC: number | null;
    readonly transition: 'continuous' | 'discontinuous' | null;
    readonly noTransition?: string;
  }>;
}

/** α_BBP and α_c (from `threshold`) at each a; `modelFor(a)` builds the model. */
export function phaseData(modelFor: (a: number) => ModelInput, as: readonly number[], alphaMax: number, options: DataOptions = {}): E.Either<BbpError, PhaseData> {
  return attempt(() => {
    if (!(alphaMax > 0 && Number.isFinite(alphaMax))) fail(invalidArgument('alpha-max', alphaMax, 'a positive finite number'));
    if (as.length < 2) fail(invalidArgument('a-range', as.length, 'at least two values of a'));
    let model: ModelEcho | undefined;
    const points = as.map((a, k) => {
      const t = thresholdOrNone(modelFor(a), options.theory ?? {});
      options.onProgress?.(k + 1, as.length, `a = ${a}`);
      if ('none' in t) return { a, alphaBBP: null, alphaC: null, transition: null, noTransition: t.none };
      model ??= t.model;
      return { a, alphaBBP: t.alphaBBP, alphaC: t.alphaC, transition: t.transition };
    });
    if (model === undefined) fail(notFound('BBP transition', `at none of the ${as.length} values of a (${points[0]!.noTransition})`));
    const echo = model!;
    const withoutA = 'a' in echo ? (({ a: _a, ...rest }) => rest)(echo) : echo;
    return { figure: 'phase' as const, model: withoutA, varied: 'a' as const, alphaMax, points };
  });
}
