/**
 * Large-N theory of the Hessian at initialization: the public entry points. Each validates its input,
 * runs the solvers of `numeric/spectral` on the model's vertex and returns a plain JSON-ready record,
 * wrapped in `Either<BbpError, _>`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { quadraticVertex, validateQuadraticParams, alphaBBPInfiniteWidth, type QuadraticModelParams } from './analytic/quadraticModel.js';
import { attempt, fail, invalidArgument } from './errors.js';
import type { BbpError } from './errors.js';
import { DEFAULT_STEP } from './numeric/quadrature/gammaLogRule.js';
import { DEFAULT_GAUSSIAN_STEP } from './numeric/quadrature/gaussianRule.js';
import type { CompiledModel, VertexRuleOptions } from './analytic/compile.js';
import { printModel } from './dsl/model.js';
import { certifyThreshold, type Certificate } from './numeric/decimal/certify.js';
import { densityOnGrid } from './numeric/spectral/density.js';
import { spectralMoments } from './numeric/spectral/moments.js';
import { createSpectralSolver, type EdgeKind, type SpectralSolver } from './numeric/spectral/solver.js';

/**
 * Quadrature options shared by every entry point.
 * @category Theory
 * @since 0.1.0
 */
export interface TheoryOptions {
  /**
   * Rule for the Gamma laws of `r` and `y` (default: step {@link DEFAULT_STEP} = 0.3, cutoff 1e-15) and, for
   * DSL models, the step of the Gaussian rule in `z` or `t` (`gaussianStep`, default 0.1).
   */
  readonly quadrature?: VertexRuleOptions;
  /** Also solve with the step halved and report the relative change (`quadratureChange`). */
  readonly check?: boolean;
  /** Threshold only: recompute in 40-digit decimal arithmetic and report a certified interval. */
  readonly certify?: boolean;
}

/**
 * What the entry points accept: the parameters of the hand-written quadratic reference model, or any model
 * stated in the DSL and compiled with `compileModel`.
 * @category Theory
 * @since 0.1.0
 */
export type ModelInput = QuadraticModelParams | CompiledModel;

const isCompiled = (m: ModelInput): m is CompiledModel => typeof (m as CompiledModel).vertex === 'function';

/**
 * The model as echoed in every record: the reference model's parameters, or a DSL model's text and the
 * symmetry reduction its vertex uses.
 * @category Theory
 * @since 0.1.0
 */
export type ModelEcho =
  | { readonly p: number | 'inf'; readonly pstar: number; readonly a: number; readonly scale: number }
  | { readonly model: string; readonly reduction: string; readonly p: number; readonly pstar: number; readonly scale: number };

function echo(input: ModelInput): ModelEcho {
  if (isCompiled(input)) {
    return { model: printModel(input.model), reduction: input.reduction, p: input.p, pstar: input.pstar, scale: input.scale };
  }
  const v = validateQuadraticParams(input);
  return { p: v.p === Infinity ? 'inf' : v.p, pstar: v.pstar, a: v.a, scale: v.scale };
}

/** The rule of `options`, `refine` times finer (in every coordinate). */
function ruleFor(options: TheoryOptions, refine: number) {
  const q = options.quadrature ?? {};
  return { ...q, step: (q.step ?? DEFAULT_STEP) / refine, gaussianStep: (q.gaussianStep ?? DEFAULT_GAUSSIAN_STEP) / refine };
}

function solverFor(input: ModelInput, options: TheoryOptions, refine = 1): SpectralSolver {
  const rule = ruleFor(options, refine);
  return createSpectralSolver(isCompiled(input) ? input.vertex(rule) : quadraticVertex(input, rule));
}

/** @internal */
export function validateAlpha(alpha: number, name = 'alpha'): number {
  if (!(alpha > 0 && Number.isFinite(alpha))) fail(invalidArgument(name, alpha, 'a positive finite number'));
  return alpha;
}

/**
 * The BBP threshold and what surrounds it.
 * @category Theory
 * @since 0.1.0
 */
export interface ThresholdReport {
  readonly model: ModelEcho;
  /** Smallest α at which an outlier leaves the bulk. */
  readonly alphaBBP: number;
  /** `continuous` when the edge is sharp at α_BBP (m² grows from 0), `discontinuous` when smooth (m² jumps). */
  readonly transition: 'continuous' | 'discontinuous';
  /** Left edge λ_- (= outlier λ*) at α_BBP. */
  readonly edge: number;
  /** Edge kind at α_BBP. */
  readonly edgeKind: EdgeKind;
  /** Resolvent value g at the threshold (g_sing for a discontinuous transition). */
  readonly g: number;
  /** `g_sing = 1/c_min`. */
  readonly gSing: number;
  /** α where the edge changes from smooth (below) to sharp (above); null if always sharp. */
  readonly alphaC: number | null;
  /** The p → ∞ closed form p*(a + 1)/2 of the reference model, for comparison (null for DSL models). */
  readonly alphaBBPInfiniteWidth: number | null;
  /** How the threshold was found, and the size of the quadrature. */
  readonly method: string;
  readonly quadratureNodes: number;
  /** With `check`: |α_BBP(step/2) − α_BBP| / α_BBP. */
  readonly quadratureChange?: number;
  /** With `certify`: α_BBP of the discretized model bounded in decimal arithmetic, and the kind confirmed. */
  readonly certificate?: Certificate;
}

/**
 * `α_BBP`, its kind, the edge there and `α_c`, for the quadratic model.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { threshold } from 'bbpkit';
 * const r = threshold({ p: 2, pstar: 1, a: 1.5 });
 * // Right({ alphaBBP: …, transition: 'discontinuous', … })
 */
export function threshold(params: ModelInput, options: TheoryOptions = {}): Either<BbpError, ThresholdReport> {
  return attempt(() => {
    const model = echo(params);
    const solver = solverFor(params, options);
    const t = solver.threshold();
    const base: ThresholdReport = {
      model,
      alphaBBP: t.alphaBBP,
      transition: t.transition,
      edge: t.edge,
      edgeKind: t.transition === 'continuous' ? 'sharp' : 'smooth',
      g: t.g,
      gSing: solver.gSing,
      alphaC: t.alphaC,
      alphaBBPInfiniteWidth: isCompiled(params) ? null : alphaBBPInfiniteWidth(params.pstar, params.a),
      method: t.method,
      quadratureNodes: solver.vertex.size,
    };
    const certified = options.certify ? { ...base, certificate: certifyThreshold(solver.vertex, t) } : base;
    if (!options.check) return certified;
    const fine = solverFor(params, options, 2).threshold();
    return { ...certified, quadratureChange: Math.abs(fine.alphaBBP - t.alphaBBP) / t.alphaBBP };
  });
}

/**
 * A grid for the density: `points` values from `from` to `to`.
 * @category Theory
 * @since 0.1.0
 */
export interface GridSpec {
  readonly from: number;
  readonly to: number;
  readonly points: number;
}

/**
 * The spectrum at one α.
 * @category Theory
 * @since 0.1.0
 */
export interface SpectrumReport {
  readonly model: ModelEcho;
  readonly alpha: number;
  readonly edge: number;
  readonly edgeKind: EdgeKind;
  readonly edgeG: number;
  /** Bottom outlier λ*, or null below α_BBP. */
  readonly outlier: number | null;
  /** Squared overlap of the outlier eigenvectors with the teacher subspace (0 without an outlier). */
  readonly m2: number;
  /** Moments ∫λᵏρ, k = 1, 2, 3, from the self-energy series. */
  readonly moments: number[];
  readonly density: { readonly lambda: number[]; readonly rho: number[] };
  /** Mass of the atom at λ = 0 (positive when α < 1: H then has rank αpN); not included in `density`. */
  readonly atomAtZero: number;
  /**
   * Scalar (p = 1) DSL models only: the spike along the student's own weight direction (signal weight z²),
   * `{lambda, m2}` or null; it can lie below the teacher's outlier (e.g. a tanh student).
   */
  readonly studentOutlier?: { readonly lambda: number; readonly m2: number } | null;
  readonly densityMaxResidual: number;
}

/** The density uses a rule `DENSITY_REFINE` times finer than the thresholds (step 0.1 by default): near the real axis the vertex law needs it. */
const DENSITY_REFINE = 3;

/** A default grid: from just left of the edge to mean + 8 standard deviations. */
function defaultGrid(edge: number, moments: Float64Array, points: number): GridSpec {
  const sd = Math.sqrt(Math.max(0, moments[1]! - moments[0]! ** 2));
  return { from: edge - 0.05 * sd, to: moments[0]! + 8 * sd, points };
}

/** @internal */
export function validateGrid(grid: GridSpec): Float64Array {
  const { from, to, points } = grid;
  if (!Number.isFinite(from)) fail(invalidArgument('grid.from', from, 'a finite number'));
  if (!(Number.isFinite(to) && to > from)) fail(invalidArgument('grid.to', to, `a finite number above grid.from = ${from}`));
  if (!(Number.isInteger(points) && points >= 2 && points <= 100000)) fail(invalidArgument('grid.points', points, 'an integer from 2 to 100000'));
  return Float64Array.from({ length: points }, (_, k) => from + ((to - from) * k) / (points - 1));
}

/**
 * Edge, edge kind, outlier, `m²`, moments and the density on a grid, at one α.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { spectrum } from 'bbpkit';
 * const s = spectrum({ p: 2, pstar: 1, a: 1.5 }, 2);
 */
export function spectrum(
  params: ModelInput,
  alpha: number,
  options: TheoryOptions & { readonly grid?: GridSpec; readonly points?: number } = {},
): Either<BbpError, SpectrumReport> {
  return attempt(() => {
    const model = echo(params);
    validateAlpha(alpha);
    const solver = solverFor(params, options);
    const edge = solver.edge(alpha);
    const out = solver.outlier(alpha);
    const moments = spectralMoments(solver.vertex, alpha, 3);
    const grid = validateGrid(options.grid ?? defaultGrid(edge.lambda, moments, options.points ?? 201));
    const sd = Math.sqrt(Math.max(0, moments[1]! - moments[0]! ** 2));
    // The density sees the vertex law near the real axis, where a finer rule is needed than for thresholds.
    const d = densityOnGrid(solverFor(params, options, DENSITY_REFINE), alpha, grid, sd);
    const studentDirection = isCompiled(params) ? params.studentDirection : null;
    const student = studentDirection ? createSpectralSolver(studentDirection(ruleFor(options, 1))).outlier(alpha) : undefined;
    return {
      model,
      alpha,
      ...(student === undefined ? {} : { studentOutlier: student && { lambda: student.lambda, m2: student.m2 } }),
      edge: edge.lambda,
      edgeKind: edge.kind,
      edgeG: edge.g,
      outlier: out ? out.lambda : null,
      m2: out ? out.m2 : 0,
      moments: Array.from(moments),
      density: { lambda: Array.from(d.lambda), rho: Array.from(d.density) },
      atomAtZero: d.atom,
      densityMaxResidual: d.maxResidual,
    };
  });
}

/**
 * A range `from:to:step` of α values (inclusive of `to` up to rounding).
 * @category Theory
 * @since 0.1.0
 */
export interface RangeSpec {
  readonly from: number;
  readonly to: number;
  readonly step: number;
}

/** @internal */
export function rangeValues(range: RangeSpec, name: string): number[] {
  const { from, to, step } = range;
  if (!(Number.isFinite(from) && Number.isFinite(to) && Number.isFinite(step))) {
    fail(invalidArgument(name, `${from}:${to}:${step}`, 'finite from:to:step'));
  }
  if (!(step > 0) || to < from) fail(invalidArgument(name, `${from}:${to}:${step}`, 'a non-empty range from ≤ to with step > 0'));
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > 100000) fail(invalidArgument(name, `${from}:${to}:${step}`, 'at most 100000 values'));
  return Array.from({ length: n }, (_, k) => from + k * step);
}

/**
 * The overlap curve `m²(α)` with the outlier and edge at each α.
 * @category Theory
 * @since 0.1.0
 */
export interface OverlapReport {
  readonly model: ModelEcho;
  readonly alphaBBP: number;
  readonly transition: 'continuous' | 'discontinuous';
  readonly points: ReadonlyArray<{
    readonly alpha: number;
    readonly m2: number;
    readonly outlier: number | null;
    readonly edge: number;
    readonly edgeKind: EdgeKind;
  }>;
}

/**
 * `m²(α)` over a range, with α_BBP for reference. One scan of the vertex serves every α.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { overlapCurve } from 'bbpkit';
 * overlapCurve({ p: 2, pstar: 1, a: 1.5 }, { from: 0.5, to: 3, step: 0.05 });
 */
export function overlapCurve(params: ModelInput, range: RangeSpec, options: TheoryOptions = {}): Either<BbpError, OverlapReport> {
  return attempt(() => {
    const model = echo(params);
    const alphas = rangeValues(range, 'alphaRange');
    alphas.forEach((a) => validateAlpha(a, 'alphaRange'));
    const solver = solverFor(params, options);
    const t = solver.threshold();
    const points = alphas.map((alpha) => {
      const edge = solver.edge(alpha);
      const out = solver.outlier(alpha);
      return { alpha, m2: out ? out.m2 : 0, outlier: out ? out.lambda : null, edge: edge.lambda, edgeKind: edge.kind };
    });
    return { model, alphaBBP: t.alphaBBP, transition: t.transition, points };
  });
}
