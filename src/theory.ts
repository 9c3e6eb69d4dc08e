/**
 * Large-N theory of the Hessian at initialization: the public entry points. Each validates its input,
 * runs the solvers of `numeric/spectral` on the model's vertex and returns a plain JSON-ready record,
 * wrapped in `Either<BbpError, _>`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { quadraticVertex, validateQuadraticParams, alphaBBPInfiniteWidth, type QuadraticModelParams } from './analytic/quadraticModel.js';
import { attempt, fail, invalidArgument, notFound } from './errors.js';
import type { BbpError } from './errors.js';
import { DEFAULT_STEP } from './numeric/quadrature/gammaLogRule.js';
import { DEFAULT_GAUSSIAN_STEP } from './numeric/quadrature/gaussianRule.js';
import type { CompiledModel, VertexRuleOptions } from './analytic/compile.js';
import { printModel } from './dsl/model.js';
import type { MatrixCompiledModel, QmcSettings } from './analytic/matrixVertex.js';
import { matrixDensityOnGrid, matrixSpectralMoments } from './numeric/spectral/matrix/density.js';
import type { MatrixVertexLaw } from './numeric/spectral/matrix/law.js';
import { createMatrixSolver, type MatrixOutlier, type MatrixSpectralSolver, type SpikeFamily } from './numeric/spectral/matrix/solver.js';
import { meanAndStandardError, type MeanAndStandardError } from './numeric/statistics.js';
import * as E from 'fp-ts/lib/Either.js';
import { certifyThreshold, type Certificate } from './numeric/decimal/certify.js';
import { densityOnGrid } from './numeric/spectral/density.js';
import { spectralMoments } from './numeric/spectral/moments.js';
import { createSpectralSolver, type EdgeKind, type SpectralSolver } from './numeric/spectral/solver.js';

/**
 * Quadrature options shared by every entry point.
 * @category Theory
 * @since 0.1.0
 * @example
 * threshold({ p: 2, pstar: 1, a: 1.5 }, { quadrature: { step: 0.15 }, check: true, certify: true });
 */
export interface TheoryOptions {
  /**
   * Rule for the Gamma laws of `r` and `y` (default: step {@link DEFAULT_STEP} = 0.3, cutoff 1e-15) and, for
   * DSL models, the step of the Gaussian rule in `z` or `t` (`gaussianStep`, default 0.1; 0.2 for the p×p
   * matrix reduction, whose rule is a p-fold tensor product, or `hermiteNodes`).
   */
  readonly quadrature?: VertexRuleOptions;
  /**
   * Also solve with the step halved and report the relative change (`quadratureChange`; for matrix models
   * threshold only, and not with QMC, whose error bar plays that role).
   */
  readonly check?: boolean;
  /** Threshold only: recompute in 40-digit decimal arithmetic and report a certified interval (not for matrix models). */
  readonly certify?: boolean;
}

/**
 * What the entry points accept: the parameters of the hand-written quadratic reference model, or any model
 * stated in the DSL and compiled with `compileModel`.
 * @category Theory
 * @since 0.1.0
 * @example
 * threshold({ p: Infinity, pstar: 1, a: 1.5 }); // the reference model (p → ∞ limit)
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * threshold(orThrow(compileModel(m))); // a DSL model (the same one at p = 2)
 */
export type ModelInput = QuadraticModelParams | CompiledModel | MatrixCompiledModel;

const isCompiled = (m: ModelInput): m is CompiledModel => typeof (m as CompiledModel).vertex === 'function';
const isMatrix = (m: ModelInput): m is MatrixCompiledModel => typeof (m as MatrixCompiledModel).fullLaw === 'function';

/**
 * The model as echoed in every record: the reference model's parameters, or a DSL model's text and the
 * symmetry reduction its vertex uses.
 * @category Theory
 * @since 0.1.0
 * @example
 * orThrow(threshold({ p: 2, pstar: 1, a: 1.5 })).model; // { p: 2, pstar: 1, a: 1.5, scale: 1 }
 * orThrow(threshold({ p: Infinity, pstar: 1, a: 1.5 })).model; // { p: 'inf', pstar: 1, a: 1.5, scale: 1 }
 */
export type ModelEcho =
  | {
      /** Student width (`'inf'` for the `p → ∞` limit, whose eigenvalues are rescaled by p). */
      readonly p: number | 'inf';
      /** Teacher width. */
      readonly pstar: number;
      /** Loss parameter in `(ŷ − y)²/(y + a)`. */
      readonly a: number;
      /** Factor in front of the loss (0.5: the published paper's convention). */
      readonly scale: number;
    }
  | {
      /** The model as text (`printModel`): teacher, student, loss, parameters, scale. */
      readonly model: string;
      /** The symmetry reduction of the vertex (`rotation-invariant (r, y)` or `scalar (p = 1)`). */
      readonly reduction: string;
      /** Student width. */
      readonly p: number;
      /** Teacher width. */
      readonly pstar: number;
      /** Factor in front of the loss. */
      readonly scale: number;
    };

function echo(input: ModelInput): ModelEcho {
  if (isMatrix(input)) {
    return { model: printModel(input.model), reduction: 'permutation-symmetric p×p resolvent', p: input.p, pstar: input.pstar, scale: input.model.scale };
  }
  if (isCompiled(input)) {
    return { model: printModel(input.model), reduction: input.reduction, p: input.p, pstar: input.pstar, scale: input.scale };
  }
  const v = validateQuadraticParams(input);
  return { p: v.p === Infinity ? 'inf' : v.p, pstar: v.pstar, a: v.a, scale: v.scale };
}

/** The rule of `options`, `refine` times finer (in every coordinate). */
function ruleFor(options: TheoryOptions, refine: number, gaussianStep = DEFAULT_GAUSSIAN_STEP) {
  const q = options.quadrature ?? {};
  return { ...q, step: (q.step ?? DEFAULT_STEP) / refine, gaussianStep: (q.gaussianStep ?? gaussianStep) / refine };
}

/** The matrix reduction's rule of `options` with every step halved (twice the Gauss–Hermite nodes). */
function finerMatrixRule(options: TheoryOptions) {
  const q = options.quadrature ?? {};
  return q.hermiteNodes === undefined ? ruleFor(options, 2, 0.2) : { ...q, step: (q.step ?? DEFAULT_STEP) / 2, hermiteNodes: 2 * q.hermiteNodes };
}

function solverFor(input: Exclude<ModelInput, MatrixCompiledModel>, options: TheoryOptions, refine = 1): SpectralSolver {
  const rule = ruleFor(options, refine);
  return createSpectralSolver(isCompiled(input) ? input.vertex(rule) : quadraticVertex(input as QuadraticModelParams, rule));
}

/** The laws of a matrix model: one on the tensor rule of `options`, or one per QMC replicate. */
function matrixLaws(input: MatrixCompiledModel, options: TheoryOptions): MatrixVertexLaw[] {
  const rule = options.quadrature ?? {};
  if (input.qmc === undefined) return [input.law(rule)];
  const { gaussianStep: _s, hermiteNodes: _h, ...gamma } = rule;
  return input.qmcLaws({ ...input.qmc, gamma });
}

/**
 * Means over the QMC replicates, with standard errors (`replicates − 1` degrees of freedom), for the
 * quantities a matrix model with {@link withMatrixQmc} reports.
 * @category Theory
 * @since 0.2.0
 * @example
 * // what `orThrow(spectrum(orThrow(withMatrixQmc(c, { points: 256, replicates: 4, seed: 3 })), 30)).qmc` holds, for a compiled matrix model c
 * const estimate: QmcEstimate = { points: 256, replicates: 4, seed: 3, edge: { mean: -4.76, standardError: 0.004, n: 4 } };
 */
export interface QmcEstimate extends QmcSettings {
  /** Threshold and overlap curve: `α_BBP` over the replicates. */
  readonly alphaBBP?: MeanAndStandardError;
  /** Spectrum: the left edge over the replicates. */
  readonly edge?: MeanAndStandardError;
  /** Spectrum: the bottom teacher outlier (only when every replicate has one). */
  readonly outlier?: MeanAndStandardError;
  /** Spectrum: `m²` (0 in a replicate without a teacher outlier). */
  readonly m2?: MeanAndStandardError;
  /** Spectrum: the moments `m₁..m₃`. */
  readonly moments?: MeanAndStandardError[];
  /** Spectrum: the standard error of `ρ` at each grid point. */
  readonly densityStandardError?: number[];
  /** Overlap curve: `m²` at each α of the range. */
  readonly m2Curve?: MeanAndStandardError[];
}

/** The teacher families of a width-p student (no complement of 1 when p = 1). */
const teacherFamilies = (p: number): SpikeFamily[] => (p === 1 ? ['teacher-1'] : ['teacher-1', 'teacher-perp']);

/** α_BBP on one law: the lower of the teacher families (along 1 and its complement). */
function lawThreshold(solver: MatrixSpectralSolver, description: string) {
  const found = teacherFamilies(solver.law.p).flatMap((family) => {
    const t = attempt(() => solver.threshold(family));
    return E.isRight(t) ? [t.right] : [];
  });
  if (found.length === 0) fail(notFound('BBP transition', `no teacher outlier appears below the bulk for alpha up to 1e6 (${description})`));
  return found.reduce((x, y) => (y.alphaBBP < x.alphaBBP ? y : x));
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** α_BBP of a matrix model (the mean over the QMC replicates, with its standard error, when set). */
function matrixThreshold(input: MatrixCompiledModel, options: TheoryOptions): ThresholdReport {
  if (options.certify) fail(invalidArgument('certify', true, 'false for a p×p matrix model (the decimal certificate covers the scalar solvers only)'));
  if (options.check && input.qmc !== undefined) fail(invalidArgument('check', true, 'false with QMC (the standard errors measure the integration error)'));
  const solvers = matrixLaws(input, options).map(createMatrixSolver);
  const ts = solvers.map((s) => lawThreshold(s, input.description));
  const t = ts[0]!;
  const alphas = ts.map((x) => x.alphaBBP);
  return {
    model: echo(input), alphaBBP: mean(alphas), transition: t.transition, edge: mean(ts.map((x) => x.edge)),
    edgeKind: t.transition === 'continuous' ? 'sharp' : 'smooth', g: null, gSing: solvers[0]!.gSing, alphaC: null,
    alphaBBPInfiniteWidth: null, method: `matrix resolvent, teacher family ${t.family}`, quadratureNodes: solvers[0]!.law.size,
    ...(input.qmc === undefined ? {} : { qmc: { ...input.qmc, alphaBBP: meanAndStandardError(alphas), edge: meanAndStandardError(ts.map((x) => x.edge)) } }),
    ...(options.check ? { quadratureChange: Math.abs(lawThreshold(createMatrixSolver(input.law(finerMatrixRule(options))), input.description).alphaBBP - t.alphaBBP) / t.alphaBBP } : {}),
  };
}

/**
 * Check that α is positive and finite (throws a `BbpFailure` naming `name`).
 * @internal
 */
export function validateAlpha(alpha: number, name = 'alpha'): number {
  if (!(alpha > 0 && Number.isFinite(alpha))) fail(invalidArgument(name, alpha, 'a positive finite number'));
  return alpha;
}

/**
 * The BBP threshold and what surrounds it: the record {@link threshold} returns and `bbp threshold` prints.
 * @category Theory
 * @since 0.1.0
 * @example
 * const t = orThrow(threshold({ p: 2, pstar: 1, a: 1.5 }));
 * [t.alphaBBP, t.transition, t.alphaC]; // [1.3229376071…, 'discontinuous', 1.9806948317…]
 */
export interface ThresholdReport {
  /** The model the numbers belong to. */
  readonly model: ModelEcho;
  /** Smallest α at which an outlier leaves the bulk. */
  readonly alphaBBP: number;
  /** `continuous` when the edge is sharp at α_BBP (m² grows from 0), `discontinuous` when smooth (m² jumps). */
  readonly transition: 'continuous' | 'discontinuous';
  /** Left edge λ_- (= outlier λ*) at α_BBP. */
  readonly edge: number;
  /** Edge kind at α_BBP. */
  readonly edgeKind: EdgeKind;
  /** Resolvent value g at the threshold (g_sing for a discontinuous transition; null for the matrix reduction). */
  readonly g: number | null;
  /** `g_sing = 1/c_min`. */
  readonly gSing: number;
  /** α where the edge changes from smooth (below) to sharp (above); null if always sharp (or not computed: matrix reduction). */
  readonly alphaC: number | null;
  /** The p → ∞ closed form p*(a + 1)/2 of the reference model, for comparison (null for DSL models). */
  readonly alphaBBPInfiniteWidth: number | null;
  /** How the threshold was found: `closed form at g_sing` (discontinuous) or `edge-outlier crossing` (continuous). */
  readonly method: string;
  /** Number of nodes of the discretized vertex law (the size of the quadrature). */
  readonly quadratureNodes: number;
  /** With `check`: |α_BBP(step/2) − α_BBP| / α_BBP. */
  readonly quadratureChange?: number;
  /**
   * With `certify`: α_BBP of the discretized model bounded in 40-digit decimal arithmetic,
   * `{ alphaLow, alphaHigh, digits, transitionConfirmed }` (`digits = −log10((alphaHigh − alphaLow)/α)`;
   * `transitionConfirmed`: the smooth/sharp comparison gives the same kind in decimal arithmetic).
   */
  readonly certificate?: Certificate;
  /** Matrix models with QMC ({@link withMatrixQmc}): `alphaBBP` and `edge` are means over the replicates; here their standard errors. */
  readonly qmc?: QmcEstimate;
}

/**
 * `α_BBP`, its kind, the edge there and `α_c`, for the quadratic reference model (`{ p, pstar, a }`) or a
 * compiled DSL model. Errors: `InvalidArgument` naming a bad parameter; `NotFound` when no outlier ever
 * leaves the bulk.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { threshold, orThrow } from 'bbpkit';
 * const t = orThrow(threshold({ p: 2, pstar: 1, a: 1.5 }));
 * t.alphaBBP;   // 1.3229376071…
 * t.transition; // 'discontinuous' (smooth edge at α_BBP; α_c = 1.98069…)
 * orThrow(threshold({ p: Infinity, pstar: 1, a: 1.5 })).alphaBBP; // 1.25 = p*(a + 1)/2
 */
export function threshold(params: ModelInput, options: TheoryOptions = {}): Either<BbpError, ThresholdReport> {
  return attempt(() => {
    if (isMatrix(params)) return matrixThreshold(params, options);
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
      alphaBBPInfiniteWidth: isCompiled(params) ? null : alphaBBPInfiniteWidth((params as QuadraticModelParams).pstar, (params as QuadraticModelParams).a),
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
 * @example
 * spectrum({ p: 2, pstar: 1, a: 1.5 }, 2, { grid: { from: -2, to: 10, points: 13 } });
 */
export interface GridSpec {
  /** First λ (finite). */
  readonly from: number;
  /** Last λ (above `from`). */
  readonly to: number;
  /** Number of equispaced points, 2 to 100000. */
  readonly points: number;
}

/**
 * The spectrum at one α: the record {@link spectrum} returns and `bbp spectrum` prints.
 * @category Theory
 * @since 0.1.0
 * @example
 * const s = orThrow(spectrum({ p: 2, pstar: 1, a: 1.5 }, 2));
 * [s.edge, s.edgeKind, s.outlier, s.m2]; // [-1.7795…, 'sharp', -1.9007…, 0.2719…]
 */
export interface SpectrumReport {
  /** The model the numbers belong to. */
  readonly model: ModelEcho;
  /** The sample ratio `α = M/N`. */
  readonly alpha: number;
  /** Left edge `λ_-` of the bulk. */
  readonly edge: number;
  /** `sharp` (square-root edge) or `smooth` (at `g_sing`, density vanishing faster than any power). */
  readonly edgeKind: EdgeKind;
  /** The resolvent `g` at the edge (`g_-`, or `g_sing` for a smooth edge). */
  readonly edgeG: number;
  /** Bottom outlier λ*, or null below α_BBP. */
  readonly outlier: number | null;
  /** Squared overlap of the outlier eigenvectors with the teacher subspace (0 without an outlier). */
  readonly m2: number;
  /** Moments ∫λᵏρ, k = 1, 2, 3, from the self-energy series. */
  readonly moments: number[];
  /** The density `ρ(λ) = −Im g(λ + i0⁺)/π` on the grid. */
  readonly density: {
    /** The grid. */
    readonly lambda: number[];
    /** `ρ` at each grid point (0 below the edge). */
    readonly rho: number[];
  };
  /** Mass of the atom at λ = 0 (positive when α < 1: H then has rank αpN); not included in `density`. */
  readonly atomAtZero: number;
  /**
   * Scalar (p = 1) DSL models and matrix models only: the bottom spike along the student's own weight
   * directions (signal weight z², THEORY §5a), `{lambda, m2}` or null; it can lie below the teacher's outlier
   * (e.g. a tanh student).
   */
  readonly studentOutlier?: {
    /** The spike's eigenvalue. */
    readonly lambda: number;
    /** Squared overlap of its eigenvector with the student's weight direction `w`. */
    readonly m2: number;
  } | null;
  /** Largest residual `|λ(g) − λ|` of the density solve over the grid. */
  readonly densityMaxResidual: number;
  /**
   * Matrix models only: every outlier below the bulk, bottom first — teacher along `1` (`teacher-1`), teacher
   * on its complement (`teacher-perp`) and the student's own directions (`student`) — each with its `m²` to
   * the planted subspace of its family and its multiplicity (from the first replicate under QMC).
   */
  readonly outliers?: ReadonlyArray<Pick<MatrixOutlier, 'family' | 'lambda' | 'm2' | 'multiplicity'>>;
  /** Matrix models with QMC ({@link withMatrixQmc}): the reported numbers are means; here their standard errors. */
  readonly qmc?: QmcEstimate;
}

/** The density uses a rule `DENSITY_REFINE` times finer than the thresholds (step 0.1 by default): near the real axis the vertex law needs it. */
const DENSITY_REFINE = 3;

/** A default grid: from just left of the edge to mean + 8 standard deviations. */
function defaultGrid(edge: number, moments: Float64Array, points: number): GridSpec {
  const sd = Math.sqrt(Math.max(0, moments[1]! - moments[0]! ** 2));
  return { from: edge - 0.05 * sd, to: moments[0]! + 8 * sd, points };
}

/**
 * Check a grid and return its points (throws a `BbpFailure` naming `grid.from`, `grid.to` or `grid.points`).
 * @internal
 */
export function validateGrid(grid: GridSpec): Float64Array {
  const { from, to, points } = grid;
  if (!Number.isFinite(from)) fail(invalidArgument('grid.from', from, 'a finite number'));
  if (!(Number.isFinite(to) && to > from)) fail(invalidArgument('grid.to', to, `a finite number above grid.from = ${from}`));
  if (!(Number.isInteger(points) && points >= 2 && points <= 100000)) fail(invalidArgument('grid.points', points, 'an integer from 2 to 100000'));
  return Float64Array.from({ length: points }, (_, k) => from + ((to - from) * k) / (points - 1));
}

/** Edge, outliers and moments of one matrix law at α. */
function matrixParts(solver: MatrixSpectralSolver, alpha: number) {
  const edge = solver.edge(alpha);
  const families: SpikeFamily[] = [...teacherFamilies(solver.law.p), 'student'];
  const outliers = families.flatMap((f) => solver.outliers(alpha, f)).sort((x, y) => x.lambda - y.lambda);
  const teacher = outliers.find((o) => o.family !== 'student') ?? null;
  const student = outliers.find((o) => o.family === 'student') ?? null;
  return { edge, outliers, teacher, student, moments: matrixSpectralMoments(solver.law, alpha, 3) };
}

/** The spectrum of a matrix model: one law, or the mean over the QMC replicates with standard errors. */
function matrixSpectrum(input: MatrixCompiledModel, alpha: number, options: SpectrumOptions): SpectrumReport {
  const solvers = matrixLaws(input, options).map(createMatrixSolver);
  const parts = solvers.map((s) => matrixParts(s, alpha));
  const first = parts[0]!;
  const moments = Float64Array.from([0, 1, 2], (k) => mean(parts.map((x) => x.moments[k]!)));
  const edge = mean(parts.map((x) => x.edge.lambda));
  const grid = validateGrid(options.grid ?? defaultGrid(edge, moments, options.points ?? 201));
  const sd = Math.sqrt(Math.max(0, moments[1]! - moments[0]! ** 2));
  const densities = solvers.map((s) => matrixDensityOnGrid(s, alpha, grid, sd));
  const rho = Array.from(grid, (_, k) => mean(densities.map((d) => d.density[k]!)));
  const m2s = parts.map((x) => x.teacher?.m2 ?? 0);
  const outlier = parts.every((x) => x.teacher !== null) ? mean(parts.map((x) => x.teacher!.lambda)) : null;
  const student = first.student && { lambda: mean(parts.map((x) => x.student?.lambda ?? NaN)), m2: mean(parts.map((x) => x.student?.m2 ?? NaN)) };
  const qmc: QmcEstimate | undefined = input.qmc && {
    ...input.qmc,
    edge: meanAndStandardError(parts.map((x) => x.edge.lambda)),
    ...(outlier === null ? {} : { outlier: meanAndStandardError(parts.map((x) => x.teacher!.lambda)) }),
    m2: meanAndStandardError(m2s),
    moments: [0, 1, 2].map((k) => meanAndStandardError(parts.map((x) => x.moments[k]!))),
    densityStandardError: Array.from(grid, (_, k) => meanAndStandardError(densities.map((d) => d.density[k]!)).standardError),
  };
  return {
    model: echo(input),
    alpha,
    studentOutlier: student === null || Number.isNaN(student.lambda) ? null : student,
    edge,
    edgeKind: first.edge.kind,
    edgeG: mean(parts.map((x) => x.edge.g)),
    outlier,
    m2: mean(m2s),
    moments: Array.from(moments),
    density: { lambda: Array.from(grid), rho },
    atomAtZero: densities[0]!.atom,
    densityMaxResidual: Math.max(...densities.map((d) => d.maxResidual)),
    outliers: first.outliers.map(({ family, lambda, m2, multiplicity }) => ({ family, lambda, m2, multiplicity })),
    ...(qmc === undefined ? {} : { qmc }),
  };
}

/**
 * Options of {@link spectrum}: the quadrature, and the density grid (explicit, or the number of points of the default one).
 * @category Theory
 * @since 0.2.0
 * @example
 * const options: SpectrumOptions = { grid: { from: -2, to: 10, points: 13 } };
 * spectrum({ p: 2, pstar: 1, a: 1.5 }, 2, options);
 */
export type SpectrumOptions = TheoryOptions & {
  /** The density grid (default: from just left of the edge to the mean + 8 sd). */
  readonly grid?: GridSpec;
  /** Points of the default grid (default 201). */
  readonly points?: number;
};

/**
 * Edge, edge kind, outlier, `m²`, moments and the density on a grid, at one α. Without `grid` the density is
 * computed on `points` (default 201) values from just left of the edge to the mean plus 8 standard deviations.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { spectrum, orThrow } from 'bbpkit';
 * const s = orThrow(spectrum({ p: 2, pstar: 1, a: 1.5 }, 2));
 * s.edge;    // -1.7795… (sharp)
 * s.outlier; // -1.9007…, below the edge: α = 2 is above α_BBP = 1.3229…
 * s.m2;      // 0.2719…
 * s.moments; // [2.6928…, 25.5139…, 343.144…]
 */
export function spectrum(
  params: ModelInput,
  alpha: number,
  options: SpectrumOptions = {},
): Either<BbpError, SpectrumReport> {
  return attempt(() => {
    const model = echo(params);
    validateAlpha(alpha);
    if (isMatrix(params)) return matrixSpectrum(params, alpha, options);
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
 * @example
 * const range: RangeSpec = { from: 0.5, to: 3, step: 0.05 }; // 51 values
 */
export interface RangeSpec {
  /** First α. */
  readonly from: number;
  /** Last α (included when `from + k·step` reaches it up to rounding). */
  readonly to: number;
  /** Positive step; at most 100000 values in all. */
  readonly step: number;
}

/**
 * The values of a range (throws a `BbpFailure` naming `name`).
 * @internal
 */
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
 * The overlap curve `m²(α)` with the outlier and edge at each α: the record {@link overlapCurve} returns and
 * `bbp overlap` prints.
 * @category Theory
 * @since 0.1.0
 * @example
 * const o = orThrow(overlapCurve({ p: 2, pstar: 1, a: 1.5 }, { from: 1, to: 2, step: 0.5 }));
 * o.points.map((q) => q.m2); // [0, 0.1558…, 0.2719…]: m² jumps at α_BBP = 1.3229… (discontinuous)
 */
export interface OverlapReport {
  /** The model the numbers belong to. */
  readonly model: ModelEcho;
  /** As in {@link ThresholdReport.alphaBBP}. */
  readonly alphaBBP: number;
  /** As in {@link ThresholdReport.transition}. */
  readonly transition: 'continuous' | 'discontinuous';
  /** One record per α of the range, in order. */
  readonly points: ReadonlyArray<{
    /** The sample ratio. */
    readonly alpha: number;
    /** Squared overlap of the outlier eigenvectors with the teacher subspace (0 without an outlier). */
    readonly m2: number;
    /** Bottom outlier `λ*`, or `null` when there is none. */
    readonly outlier: number | null;
    /** Left edge `λ_-` of the bulk. */
    readonly edge: number;
    /** `sharp` or `smooth`. */
    readonly edgeKind: EdgeKind;
  }>;
  /** Matrix models with QMC ({@link withMatrixQmc}): the reported numbers are means; `alphaBBP` and `m2Curve` give their standard errors. */
  readonly qmc?: QmcEstimate;
}

/** The overlap curve of a matrix model: the bottom teacher outlier at each α (means over QMC replicates). */
function matrixOverlapCurve(input: MatrixCompiledModel, alphas: readonly number[], options: TheoryOptions): OverlapReport {
  const solvers = matrixLaws(input, options).map(createMatrixSolver);
  const ts = solvers.map((s) => lawThreshold(s, input.description));
  const rows = alphas.map((alpha) =>
    solvers.map((s) => {
      const edge = s.edge(alpha);
      const out = teacherFamilies(s.law.p).flatMap((f) => s.outliers(alpha, f)).sort((x, y) => x.lambda - y.lambda)[0];
      return { m2: out?.m2 ?? 0, outlier: out?.lambda ?? null, edge };
    }),
  );
  const points = alphas.map((alpha, k) => {
    const r = rows[k]!;
    const outlier = r.every((x) => x.outlier !== null) ? mean(r.map((x) => x.outlier!)) : null;
    return { alpha, m2: mean(r.map((x) => x.m2)), outlier, edge: mean(r.map((x) => x.edge.lambda)), edgeKind: r[0]!.edge.kind };
  });
  const alphaBBPs = ts.map((t) => t.alphaBBP);
  return {
    model: echo(input), alphaBBP: mean(alphaBBPs), transition: ts[0]!.transition, points,
    ...(input.qmc === undefined ? {} : {
      qmc: { ...input.qmc, alphaBBP: meanAndStandardError(alphaBBPs), m2Curve: rows.map((r) => meanAndStandardError(r.map((x) => x.m2))) },
    }),
  };
}

/**
 * `m²(α)` over a range, with α_BBP for reference. One scan of the vertex serves every α.
 * @category Theory
 * @since 0.1.0
 * @example
 * import { overlapCurve, orThrow } from 'bbpkit';
 * const o = orThrow(overlapCurve({ p: 2, pstar: 1, a: 1.5 }, { from: 1, to: 2, step: 0.5 }));
 * o.points.map((q) => [q.alpha, q.m2, q.edgeKind]);
 * // [[1, 0, 'smooth'], [1.5, 0.1558…, 'smooth'], [2, 0.2719…, 'sharp']]
 */
export function overlapCurve(params: ModelInput, range: RangeSpec, options: TheoryOptions = {}): Either<BbpError, OverlapReport> {
  return attempt(() => {
    const model = echo(params);
    const alphas = rangeValues(range, 'alphaRange');
    alphas.forEach((a) => validateAlpha(a, 'alphaRange'));
    if (isMatrix(params)) return matrixOverlapCurve(params, alphas, options);
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
