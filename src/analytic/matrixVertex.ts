/**
 * Compile a model that `compileModel` cannot reduce — a student of width p ≥ 2 with a non-quadratic smooth
 * activation (tanh, erf, cube, z² + z, …) — into the p×p matrix vertex law of `numeric/spectral/matrix`
 * (THEORY §3 with a matrix resolvent, in the permutation-invariant ansatz `G = g₁P₁ + g⊥P⊥`). Any student of
 * the committee form works (also quadratic ones and p = 1, which the tests use to check this path against
 * the scalar solvers). The teacher must be quadratic, `σ* = b t² + d` (any width: `y = b w + d`,
 * `w ~ χ²_{p*}/p*`, signal weight `E[t_k² | y] = w`), so that the teacher's and the student's planted
 * directions decouple (`E[t z X] = 0`).
 *
 * Expectations over `z ∈ R^p`: a tensor trapezoidal (default, step 0.2) or Gauss–Hermite rule summed over
 * sorted orbits (p ≤ 3), or randomized QMC (`qmcLaws`, any p ≤ 16) with a standard error from the shifts.
 *
 * @module
 */
import { defaultLump } from './compile.js';
import * as E from 'fp-ts/lib/Either.js';
import { attempt, invalidArgument, type BbpError } from '../errors.js';
import { toText, type Model, type ValidModel } from '../dsl/index.js';
import type { PointwiseModel } from '../numeric/montecarlo/pointwiseModel.js';
import { gammaLogRule, type GammaLogRuleOptions } from '../numeric/quadrature/gammaLogRule.js';
import { gaussHermiteProbabilists, type QuadratureRule } from '../numeric/quadrature/gauss.js';
import { gaussianTrapezoidRule } from '../numeric/quadrature/gaussianRule.js';
import { matrixVertexLaw, tensorPoints, type MatrixVertexLaw, type TeacherRule } from '../numeric/spectral/matrix/law.js';
import { shiftedHaltonNormal } from '../numeric/spectral/matrix/qmc.js';
import { modelSymbols, type SymbolOptions } from './modelSymbols.js';
import { pointwiseFromSymbols } from './pointwise.js';
import { quadraticActivation } from './vertexLaw.js';

/**
 * Quadrature of a matrix vertex law: the Gamma rule of `w` and the rule of each `z_l`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const rule: MatrixRuleOptions = { gaussianStep: 0.25 };
 */
export type MatrixRuleOptions = GammaLogRuleOptions & {
  /** Trapezoidal step of each `z_l` (default 0.2). */
  readonly gaussianStep?: number;
  /** Use the Gauss–Hermite rule with this many nodes per axis instead. */
  readonly hermiteNodes?: number;
  /** Override the searched `c_min` (scale included). */
  readonly cMin?: number;
};

/**
 * Options of {@link MatrixCompiledModel.qmcLaws}.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const options: QmcOptions = { points: 1024, replicates: 6, seed: 3 };
 * const laws = c.qmcLaws(options);
 * replicateEstimate(laws.length, (k) => [createMatrixSolver(laws[k]!).edge(30).lambda]); // [{ mean, standardError, n: 6 }]
 */
export interface QmcOptions {
  /** Points per replicate (default 4096). */
  readonly points?: number;
  /** Independent shifts (default 8). */
  readonly replicates?: number;
  /** Seed of the random shifts (reproducible error bars). */
  readonly seed?: number;
  /** Rule of the teacher variable `y` (log-trapezoidal Gamma rule). */
  readonly gamma?: GammaLogRuleOptions;
  /** Infimum of the vertex eigenvalues, when known (else searched). */
  readonly cMin?: number;
}

/**
 * A model compiled for the matrix solvers.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * c.law().size; // 210984 nodes: the pairs z₁ ≤ z₂ of the trapezoid rule, times the rule of y
 * c.pointwise.studentOutput(Float64Array.of(0.5, -1)); // ŷ = (tanh 0.5 + tanh(−1))/2
 */
export interface MatrixCompiledModel {
  /** The validated DSL model. */
  readonly model: ValidModel;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** The model, the rule and the reduction, as text. */
  readonly description: string;
  /** How the teacher variable `y` and the signal weight are discretized. */
  readonly teacherText: string;
  /** The law on a tensor rule summed over sorted orbits (the solvers' input). */
  law(rule?: MatrixRuleOptions): MatrixVertexLaw;
  /** The law on the full tensor product (for the unrestricted `matrixFixedPoint`). */
  fullLaw(rule?: MatrixRuleOptions): MatrixVertexLaw;
  /** One law per QMC replicate (shifted Halton points × the teacher rule). */
  qmcLaws(options?: QmcOptions): MatrixVertexLaw[];
  /** The same model for the Monte Carlo Hessian. */
  readonly pointwise: PointwiseModel;
  /**
   * When set (by {@link withMatrixQmc}), `threshold`, `spectrum` and `overlapCurve` average over the QMC
   * replicates of `qmcLaws(qmc)` and report standard errors, instead of using the tensor rule.
   */
  readonly qmc?: QmcSettings;
}

/**
 * Validated QMC settings carried by a {@link MatrixCompiledModel} (see {@link withMatrixQmc}).
 * @category Analytic
 * @since 0.2.0
 * @example
 * const settings: QmcSettings = { points: 4096, replicates: 8, seed: 1 };
 */
export interface QmcSettings {
  /** Points per replicate. */
  readonly points: number;
  /** Independent random shifts (replicates): the standard errors have `replicates − 1` degrees of freedom. */
  readonly replicates: number;
  /** Seed of the shifts. */
  readonly seed: number;
}

/**
 * The same compiled model, with its Gaussian expectations estimated by randomized QMC (`points` Halton
 * points per replicate, `replicates` seeded shifts, default 8, seed default 1) in every theory entry point,
 * which then report means with standard errors. Errors (`InvalidArgument`): `qmc.points` not an integer in
 * [16, 10⁶], `qmc.replicates` not an integer in [2, 256], `qmc.seed` not a non-negative safe integer.
 * @category Analytic
 * @since 0.2.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 4, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const q = orThrow(withMatrixQmc(c, { points: 1024, replicates: 4, seed: 7 }));
 * q.qmc; // { points: 1024, replicates: 4, seed: 7 }
 */
export function withMatrixQmc(
  compiled: MatrixCompiledModel,
  options: { readonly points: number; readonly replicates?: number; readonly seed?: number },
): E.Either<BbpError, MatrixCompiledModel> {
  const { points, replicates = 8, seed = 1 } = options;
  if (!(Number.isInteger(points) && points >= 16 && points <= 1e6)) return E.left(invalidArgument('qmc.points', points, 'an integer from 16 to 1000000'));
  if (!(Number.isInteger(replicates) && replicates >= 2 && replicates <= 256)) {
    return E.left(invalidArgument('qmc.replicates', replicates, 'an integer from 2 to 256'));
  }
  if (!(Number.isSafeInteger(seed) && seed >= 0)) return E.left(invalidArgument('qmc.seed', seed, 'a non-negative integer'));
  return E.right(Object.freeze({ ...compiled, qmc: { points, replicates, seed } }));
}

/**
 * Compile a committee model with a quadratic teacher for the matrix solvers. Errors: the model's own, a
 * non-smooth student, a non-quadratic teacher, an infinite width (`InvalidArgument`).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * createMatrixSolver(c.law()).threshold('student').alphaBBP; // 14.916… (the spike along the student's own weights)
 */
export function compileMatrixModel(model: Model | ValidModel, options: SymbolOptions = {}): E.Either<BbpError, MatrixCompiledModel> {
  const symbols = modelSymbols(model, options);
  if (E.isLeft(symbols)) return symbols;
  const m = symbols.right.model;
  const pw = pointwiseFromSymbols(symbols.right);
  if (E.isLeft(pw)) return pw;
  const pointwise = pw.right;
  const p = m.student.width;
  const pstar = m.teacher.width;
  if (!m.student.activation.smooth) {
    return E.left(invalidArgument('student.activation', m.student.activation.name, 'a smooth activation (the rules in z do not resolve kinks)'));
  }
  if (p > 16) return E.left(invalidArgument('student.width', p, 'at most 16 (QMC dimensions)'));
  const tq = quadraticActivation(m.teacher.activation, options.differentiate);
  if (tq === null) {
    return E.left(
      invalidArgument(
        'teacher', `${m.teacher.activation.name} with width ${pstar}`,
        'a quadratic teacher σ*(t) = b·t² + d (then the teacher and student planted directions decouple, E[t·z·X] = 0); other teachers are not supported by the matrix solvers yet',
      ),
    );
  }
  const lump = defaultLump(m);
  const teacherRule = (g: GammaLogRuleOptions): TeacherRule => {
    const r = gammaLogRule(pstar / 2, 2 / pstar, { lumpBelow: lump, ...g });
    return { y: Float64Array.from(r.nodes, (w) => tq.b * w + tq.d), weights: r.weights, signal: r.nodes };
  };
  const teacherText = `y = ${tq.b}·w + ${tq.d}, w ~ χ²_${pstar}/${pstar}, signal weight w`;
  const description = `student ${m.student.activation.name} p=${p} "${toText(m.student.activation.expr)}", teacher ${m.teacher.activation.name} p*=${pstar}, loss ${m.loss.name} "${toText(m.loss.expr)}", scale=${m.scale}`;
  const zRule = (rule: MatrixRuleOptions): { q: QuadratureRule; text: string } =>
    rule.hermiteNodes !== undefined
      ? { q: gaussHermiteProbabilists(rule.hermiteNodes), text: `gauss-hermite n=${rule.hermiteNodes}` }
      : { q: gaussianTrapezoidRule(rule.gaussianStep ?? 0.2), text: `trapezoid step=${rule.gaussianStep ?? 0.2}` };
  const split = (rule: MatrixRuleOptions): { gamma: GammaLogRuleOptions; cMin: number | undefined } => {
    const { gaussianStep: _s, hermiteNodes: _h, cMin, ...gamma } = rule;
    return { gamma, cMin };
  };
  const law = (rule: MatrixRuleOptions = {}): MatrixVertexLaw => {
    const { q, text } = zRule(rule);
    const { gamma, cMin } = split(rule);
    return matrixVertexLaw(pointwise, teacherRule(gamma), {
      rule: q, ...(cMin !== undefined ? { cMin } : {}), description: `${description}; ${text} (sorted orbits)`,
    });
  };
  const fullLaw = (rule: MatrixRuleOptions = {}): MatrixVertexLaw => {
    const { q, text } = zRule(rule);
    const { gamma, cMin } = split(rule);
    const { points, pointWeights } = tensorPoints(q, p);
    return matrixVertexLaw(pointwise, teacherRule(gamma), {
      points, pointWeights, ...(cMin !== undefined ? { cMin } : {}), description: `${description}; ${text} (full tensor)`,
    });
  };
  const qmcLaws = (o: QmcOptions = {}): MatrixVertexLaw[] => {
    const count = o.points ?? 4096;
    const reps = o.replicates ?? 8;
    const seed = o.seed ?? 1;
    const tr = teacherRule(o.gamma ?? {});
    const laws: MatrixVertexLaw[] = [];
    for (let k = 0; k < reps; k++) {
      laws.push(matrixVertexLaw(pointwise, tr, {
        points: shiftedHaltonNormal(p, count, seed, k), ...(o.cMin !== undefined ? { cMin: o.cMin } : {}),
        description: `${description}; QMC Halton ${count} points, shift ${k} of seed ${seed}`,
      }));
    }
    // one c_min (the smallest found) for all replicates, so that they share the domain g₁, g⊥ > 1/c_min
    const cMin = Math.min(...laws.map((l) => l.cMin));
    return laws.map((l) => ({ ...l, cMin, cMinAttained: l.cMinAttained && l.cMin === cMin }));
  };
  const check = attempt(() => law({ gaussianStep: 1, step: 1 }));
  if (E.isLeft(check) && p <= 3) return check;
  return E.right(Object.freeze({ model: m, p, pstar, description, teacherText, law, fullLaw, qmcLaws, pointwise }));
}
