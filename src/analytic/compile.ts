/**
 * Compile a validated DSL model into what the numeric back-ends consume: the discretized vertex law for
 * the large-N solvers ({@link Vertex}) and the {@link PointwiseModel} for the Monte Carlo Hessian, both from
 * the same symbolic derivatives (`ℓ'`, `ℓ''`, `σ'`, `σ''`), each compiled once with `compileExpr`.
 *
 * Flow: `modelSymbols` (derive) → `vertexLaw` (reduce by symmetry, symbolic eigenvalues) →
 * `compileExpr` → `vertexInfimum` (`c_min` over the continuous law) → `vertex(rule)` (quadrature).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../errors.js';
import { compileExpr, freeSymbols, printModel, toText, type CompiledExpr, type Model, type ValidModel } from '../dsl/index.js';
import type { PointwiseModel } from '../numeric/montecarlo/pointwiseModel.js';
import { DEFAULT_STEP, gammaLogRule, type GammaLogRuleOptions } from '../numeric/quadrature/gammaLogRule.js';
import { gaussHermiteProbabilists, type QuadratureRule } from '../numeric/quadrature/gauss.js';
import { validateVertex, type Vertex } from '../numeric/spectral/vertex.js';
import { vertexInfimum, type SupportAxis, type VertexInfimum } from './cMin.js';
import { DEFAULT_GAUSSIAN_STEP, gaussianTrapezoidRule } from '../numeric/quadrature/gaussianRule.js';
import { modelSymbols, type SymbolOptions } from './modelSymbols.js';
import { pointwiseFromSymbols } from './pointwise.js';
import { vertexLaw, type Reduction, type VertexLaw } from './vertexLaw.js';

/**
 * The quadrature of {@link CompiledModel.vertex}: the log-trapezoidal Gamma rule for `r ~ χ²_p` and
 * `w ~ χ²_{p*}/p*` (`step`, `cutoff`, `lumpBelow`), and for a Gaussian coordinate (`z` of a scalar student,
 * `t` of a non-quadratic teacher) either the trapezoidal rule of step `gaussianStep` (default) or, when
 * `hermiteNodes` is given, the Gauss–Hermite rule with that many nodes (slower to converge here: see
 * {@link gaussianTrapezoidRule}).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const rule: VertexRuleOptions = { step: 0.15, gaussianStep: 0.05 };
 */
export type VertexRuleOptions = GammaLogRuleOptions & {
  /** Step of the trapezoidal rule for `N(0, 1)` coordinates (default {@link DEFAULT_GAUSSIAN_STEP}). */
  readonly gaussianStep?: number;
  /** Use the probabilists' Gauss–Hermite rule with this many nodes instead of the trapezoidal rule. */
  readonly hermiteNodes?: number;
};

/**
 * Options of {@link compileModel}.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: orThrow(losses.loss('(yhat - y)^2*(1 + abs(yhat - y))/(y + 1)^2')),
 * });
 * compileModel(m)._tag; // 'Left': abs(·) has no derivative at 0 without a convention
 * const options: CompileOptions = { differentiate: { almostEverywhere: true } };
 * compileModel(m, options)._tag; // 'Right'
 */
export type CompileOptions = SymbolOptions;

/**
 * A model compiled for the numeric back-ends.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const c: CompiledModel = orThrow(compileModel(m));
 * createSpectralSolver(c.vertex()).threshold().alphaBBP; // 1.3229376071…
 */
export interface CompiledModel {
  /** The validated DSL model. */
  readonly model: ValidModel;
  /** The model (`printModel`), the reduction, the vertex eigenvalues and `c_min`, as text. */
  readonly description: string;
  /** Which symmetry reduction the vertex law uses. */
  readonly reduction: Reduction;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Factor in front of the loss (included in the vertex eigenvalues). */
  readonly scale: number;
  /** The reduced vertex law, symbolic (eigenvalues in `(r, y)` or `(z, y)`, scale included). */
  readonly law: VertexLaw;
  /** Infimum of the vertex eigenvalues over the continuous law (`g_sing = 1/cMin`). */
  readonly cMin: number;
  /** Whether a point of the support attains `cMin` (false: only approached toward infinity). */
  readonly cMinAttained: boolean;
  /** Where and how `cMin` is reached. */
  readonly infimum: VertexInfimum;
  /**
   * The discretized vertex law for the solvers (`createSpectralSolver`). A new record per call. Throws a
   * `BbpFailure` (`InvalidArgument`) for bad rule options, like `quadraticVertex`.
   */
  vertex(rule?: VertexRuleOptions): Vertex;
  /**
   * For `p = 1` (else `null`): the same law with the signal weight `z²` of the student's own weight direction
   * `w`, which is planted in the Hessian exactly like a teacher direction (the vertex depends on
   * `z = w·x/√N`). Its `outlier(α)` is the spike along `w`; THEORY §5 lists only the teacher's. For the tanh
   * student it lies *below* the bulk (the bottom Hessian eigenvector then follows `w`, not the teacher).
   */
  readonly studentDirection: ((rule?: VertexRuleOptions) => Vertex) | null;
  /** For the Monte Carlo Hessian, from the same symbolic derivatives. */
  readonly pointwise: PointwiseModel;
}

/** The lump threshold of the Gamma rules: that of `quadraticVertex`, with `a` the smallest positive loss parameter. */
/** @internal The lump threshold of the Gamma rules for a DSL model (shared with the matrix reduction). */
export function defaultLump(m: ValidModel): number {
  let a = 1;
  for (const s of freeSymbols(m.loss.expr)) {
    const v = m.parameters[s.name];
    if (v !== undefined && v > 0) a = Math.min(a, v);
  }
  return 1e-6 * a * a;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * Compile a model: derive `ℓ'`, `ℓ''`, `σ'`, `σ''`, reduce the vertex by symmetry, compile the eigenvalues,
 * find `c_min` over the continuous law, and check the default discretization once.
 *
 * Errors: the model's validation error; a function without a derivative rule or a non-smooth one without
 * a convention; `InvalidArgument` naming what is missing when the model fits no reduction (a non-quadratic
 * student of width > 1, a non-quadratic teacher of width > 1, non-smooth activations, infinite width);
 * `NoFiniteEdge` naming the loss when the vertex eigenvalues are unbounded below (e.g. the plain square
 * loss with a quadratic network).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const c = orThrow(compileModel(orThrow(validateModel(m))));
 * c.cMin; // -2 (= −4/p), c.cMinAttained: false (approached as y → ∞)
 * orThrow(threshold(c)).alphaBBP; // 1.3229376071…, the same as threshold({ p: 2, pstar: 1, a: 1.5 })
 */
export function compileModel(model: ValidModel | Model, options: CompileOptions = {}): E.Either<BbpError, CompiledModel> {
  const symbols = modelSymbols(model, options);
  if (E.isLeft(symbols)) return symbols;
  const m = symbols.right.model;
  const lawE = vertexLaw(symbols.right, options.differentiate);
  if (E.isLeft(lawE)) return lawE;
  const law = lawE.right;
  const pointwise = pointwiseFromSymbols(symbols.right);
  if (E.isLeft(pointwise)) return pointwise;

  const [uName, yName] = law.variables;
  const compiled = E.sequenceArray(law.eigenvalues.map((e) => compileExpr(e.expr, [uName, yName])));
  if (E.isLeft(compiled)) return compiled;
  const eigenFns: readonly CompiledExpr[] = compiled.right;
  const rank = eigenFns.length;
  const multiplicity = Float64Array.from(law.eigenvalues, (e) => e.multiplicity);
  const sigmaStar = compileExpr(symbols.right.teacher, ['z']);
  if (E.isLeft(sigmaStar)) return sigmaStar;
  const teacherFn = sigmaStar.right;

  const p = m.student.width;
  const pstar = m.teacher.width;
  const teacher = law.teacher;
  const what = `loss ${m.loss.name} "${toText(m.loss.expr)}" (student ${m.student.activation.name} p=${p}, teacher ${m.teacher.activation.name} p*=${pstar})`;

  // y from the teacher coordinate: w = Σt²/p* (quadratic teacher) or t (p* = 1).
  const tArg = new Float64Array(1);
  const yOf =
    teacher.kind === 'quadratic'
      ? ((b: number, d: number) => (w: number): number => b * w + d)(teacher.b, teacher.d)
      : (t: number): number => {
          tArg[0] = t;
          return teacherFn(tArg);
        };

  // c_min over the continuous law
  const args = new Float64Array(2);
  const smallest = (u: number, v: number): number => {
    args[0] = u;
    args[1] = yOf(v);
    let c = Infinity;
    for (let j = 0; j < rank; j++) {
      if (multiplicity[j]! > 0) {
        const x = eigenFns[j]!(args);
        c = Number.isNaN(x) || Number.isNaN(c) ? NaN : Math.min(c, x);
      }
    }
    return c;
  };
  const axes: readonly [SupportAxis, SupportAxis] = [
    { name: uName, domain: law.student.kind === 'quadratic' ? 'half-line' : 'real-line' },
    // the teacher coordinate: y itself for σ* = z² (y = w), else w = Σt²/p* or t
    { name: teacher.kind === 'quadratic' ? (teacher.b === 1 && teacher.d === 0 ? 'y' : 'w') : 't', domain: teacher.kind === 'quadratic' ? 'half-line' : 'real-line' },
  ];
  const report = (x: Float64Array): Readonly<Record<string, number>> =>
    teacher.kind === 'quadratic' ? { [uName]: x[0]!, y: yOf(x[1]!) } : { [uName]: x[0]!, t: x[1]!, y: yOf(x[1]!) };
  const inf = vertexInfimum(smallest, axes, what, report);
  if (E.isLeft(inf)) return inf;
  const infimum = inf.right;

  const lump = defaultLump(m);
  const params = Object.entries(m.parameters).map(([k, v]) => `${k}=${v}`).join(',');
  const baseDescription =
    `${m.loss.name} loss ${toText(m.loss.expr)}${params ? ` [${params}]` : ''}, student ${m.student.activation.name} p=${p}, ` +
    `teacher ${m.teacher.activation.name} p*=${pstar}, scale=${m.scale}; ${law.reduction}`;

  /** The rules of the two coordinates, their nodes mapped to the vertex variables. */
  const rules = (rule: VertexRuleOptions) => {
    const { hermiteNodes, gaussianStep, ...gammaOptions } = rule;
    if (hermiteNodes !== undefined && !(Number.isInteger(hermiteNodes) && hermiteNodes >= 2 && hermiteNodes <= 2000)) {
      fail(invalidArgument('hermiteNodes', hermiteNodes, 'an integer in [2, 2000]'));
    }
    const gamma: GammaLogRuleOptions = { lumpBelow: lump, ...gammaOptions };
    const gaussian = (): QuadratureRule =>
      hermiteNodes !== undefined ? gaussHermiteProbabilists(hermiteNodes) : gaussianTrapezoidRule(gaussianStep ?? DEFAULT_GAUSSIAN_STEP);
    const su: QuadratureRule = law.student.kind === 'quadratic' ? gammaLogRule(p / 2, 2, gamma) : gaussian();
    const tv: QuadratureRule = teacher.kind === 'quadratic' ? gammaLogRule(pstar / 2, 2 / pstar, gamma) : gaussian();
    const ruleText = [
      law.student.kind === 'quadratic' || teacher.kind === 'quadratic' ? `gamma step=${gamma.step ?? DEFAULT_STEP}` : '',
      law.student.kind === 'scalar' || teacher.kind === 'gaussian'
        ? hermiteNodes !== undefined ? `gauss-hermite n=${hermiteNodes}` : `gaussian trapezoid step=${gaussianStep ?? DEFAULT_GAUSSIAN_STEP}`
        : '',
    ].filter((x) => x !== '').join(', ');
    return { su, tv, ys: Float64Array.from(tv.nodes, (v) => yOf(v)), ruleText };
  };

  /**
   * The discretized law. `direction` chooses the signal weight: `teacher` (`s = E[t_k² | y]`, the planted
   * teacher directions of THEORY §5) or `student` (p = 1: `s = z²`, the student's own weight direction).
   */
  const build = (rule: VertexRuleOptions, direction: 'teacher' | 'student'): Vertex => {
    const { su, tv, ys, ruleText } = rules(rule);
    const nu = su.nodes.length;
    const nv = tv.nodes.length;
    const sv = teacher.kind === 'quadratic' ? tv.nodes : Float64Array.from(tv.nodes, (t) => t * t);
    // z² of the student node: r itself (quadratic student, p = 1) or z²
    const su2 = law.student.kind === 'quadratic' ? su.nodes : Float64Array.from(su.nodes, (z) => z * z);
    const size = nu * nv;
    const weight = new Float64Array(size);
    const signal = new Float64Array(size);
    const eigen = new Float64Array(size * rank);
    const a = new Float64Array(2);
    let lowest = Infinity;
    for (let i = 0; i < nu; i++) {
      a[0] = su.nodes[i]!;
      for (let k = 0; k < nv; k++) {
        a[1] = ys[k]!;
        const node = i * nv + k;
        weight[node] = su.weights[i]! * tv.weights[k]!;
        signal[node] = direction === 'teacher' ? sv[k]! : su2[i]!;
        for (let j = 0; j < rank; j++) {
          const c = eigenFns[j]!(a);
          if (!Number.isFinite(c)) {
            fail(invalidArgument('model', what, `finite vertex eigenvalues at every node of the rule (c${j + 1} = ${c} at ${uName} = ${a[0]}, y = ${a[1]})`));
          }
          eigen[node * rank + j] = c;
          if (multiplicity[j]! > 0 && c < lowest) lowest = c;
        }
      }
    }
    const signalText = direction === 'teacher' ? '' : '; signal z² (student direction)';
    return validateVertex({
      size, rank, weight, signal, eigen, multiplicity: Float64Array.from(multiplicity),
      cMin: Math.min(infimum.value, lowest), cMinAttained: infimum.attained, description: `${baseDescription}; rule ${ruleText}${signalText}`,
    });
  };
  const vertex = (rule: VertexRuleOptions = {}): Vertex => build(rule, 'teacher');
  const studentDirection = p === 1 ? (rule: VertexRuleOptions = {}): Vertex => build(rule, 'student') : null;

  // Check the default discretization once, so that compileModel reports what vertex() would throw.
  const check = attempt(() => vertex());
  if (E.isLeft(check)) return check;

  // A scalar student with a Gaussian teacher: the student direction (z) and the teacher direction (t) are
  // both planted; they decouple only if E[z t h(g)] = 0 for all g (true when c is even in z or y even in t).
  if (law.student.kind === 'scalar' && teacher.kind === 'gaussian') {
    const coupling = attempt(() => spikeCoupling(rules({}), eigenFns[0]!));
    if (E.isLeft(coupling)) return coupling;
    if (coupling.right > 1e-9) {
      return E.left(
        invalidArgument(
          'model', what,
          'decoupled planted directions: the vertex depends on both z = w·x/√N (student) and t = w*·x/√N (teacher), and here ' +
            `E[z·t·c^k] ≠ 0 (relative size ${coupling.right.toExponential(2)}), so the spikes along w and w* mix and the outlier ` +
            'is an eigenvalue of a 2×2 matrix, which the scalar solvers do not handle. Supported: a teacher even in t (e.g. σ* = b·z² + d) ' +
            'or a student vertex even in z',
        ),
      );
    }
  }

  const where = Object.entries(infimum.at).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  const description = [
    printModel(m, 'text'),
    `reduction: ${law.reduction}`,
    `teacher law: ${teacher.text}`,
    ...law.eigenvalues.map((e, j) => `vertex eigenvalue c${j + 1}(${uName}, y) = ${toText(e.expr)} (multiplicity ${fmt(e.multiplicity)}·p)`),
    `c_min = ${fmt(infimum.value)}, ${infimum.attained ? `attained at ${where}` : `approached as ${infimum.toward.join(', ')} (not attained)`}`,
  ].join('\n');

  return E.right(
    Object.freeze({
      model: m, description, reduction: law.reduction, p, pstar, scale: m.scale, law,
      cMin: infimum.value, cMinAttained: infimum.attained, infimum, vertex, studentDirection, pointwise: pointwise.right,
    }),
  );
}

/**
 * `max_k |E[z t c^k]| / E[|z t| |c|^k]`, k = 1..4, on the product rule (scalar student z, Gaussian teacher t):
 * the coupling of the two planted directions (0 when c is even in z or y even in t).
 */
function spikeCoupling(r: { su: QuadratureRule; tv: QuadratureRule; ys: Float64Array }, c: CompiledExpr): number {
  const a = new Float64Array(2);
  const num = [0, 0, 0, 0];
  const den = [0, 0, 0, 0];
  for (let i = 0; i < r.su.nodes.length; i++) {
    const z = r.su.nodes[i]!;
    a[0] = z;
    for (let k = 0; k < r.tv.nodes.length; k++) {
      const t = r.tv.nodes[k]!;
      a[1] = r.ys[k]!;
      const w = r.su.weights[i]! * r.tv.weights[k]! * z * t;
      const v = c(a);
      let ck = 1;
      for (let q = 0; q < 4; q++) {
        ck *= v;
        num[q] = num[q]! + w * ck;
        den[q] = den[q]! + Math.abs(w * ck);
      }
    }
  }
  let worst = 0;
  for (let q = 0; q < 4; q++) if (den[q]! > 0) worst = Math.max(worst, Math.abs(num[q]!) / den[q]!);
  return worst;
}
