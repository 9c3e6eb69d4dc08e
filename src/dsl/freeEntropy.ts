/**
 * Replica free entropies as data: sums of plain expressions and (nested) Gaussian-measure integrals
 * `c · ∫Dz₁ … ∫Dz_k f(z₁, …, z_k)` over order parameters, their conjugates and fixed parameters, with `H`, `logH`,
 * `GH` (= G/H), `normpdf` (= G) and `log2cosh` as registered functions (THEORY §9). The saddle-point equations
 * `∂φ/∂x = 0` come from symbolic differentiation under the integral sign, print as text or LaTeX, and compile
 * to closures that integrate on sinh-mapped Gaussian rules; {@link solveBinaryFreeEntropy} then finds a
 * stationary point by Newton's method. A variant (another prior, activation coefficients, a margin) is a
 * different expression, not different solver code.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, notConverged, type BbpError } from '../errors.js';
import { gaussianSinhRule } from '../numeric/quadrature/sinhGaussianRule.js';
import { solveStationary, type StationaryOptions } from '../numeric/replica/newton.js';
import { compileExpr, type CompiledExpr } from './compile.js';
import { differentiate } from './derivatives.js';
import { add, call, div, freeSymbols, isNum, mul, neg, num, pow, sub, substitute, sym, type Expr, type ExprLike } from './expr.js';
import { toLatex, toText, type PrintFormat } from './print.js';

/**
 * A Gaussian-measure integral `∫Dv₁ … ∫Dv_k integrand`, outermost variable first, with an optional hint where
 * the innermost integrand has a narrow feature (`center`, `scale`: expressions in the order parameters), used to
 * place the quadrature nodes.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * gaussianIntegral('z', call('log2cosh', mul(pow(sym('qhat'), 0.5), sym('z'))));
 */
export interface GaussianIntegral {
  /** Discriminant. */
  readonly _tag: 'GaussianIntegral';
  /** Integration variables, outermost first (each with the standard normal measure). */
  readonly variables: readonly string[];
  /** The integrand, an expression in the variables, order parameters and parameters. */
  readonly integrand: Expr;
  /** Where the innermost integrand changes fastest (default 0). */
  readonly center?: Expr;
  /** Over which width it changes (default 1; capped at 1). */
  readonly scale?: Expr;
}

/**
 * `∫Dv body`: a Gaussian integral over `variable`; integrals nest (`gaussianIntegral('x', gaussianIntegral('y', f))`
 * is `∫Dx ∫Dy f`).
 * @category Free entropy
 * @since 0.2.0
 * @example
 * gaussianIntegral('z', call('logH', sym('z')), { center: num(0), scale: num(1) });
 */
export function gaussianIntegral(variable: string, body: Expr | GaussianIntegral, hint: { readonly center?: Expr; readonly scale?: Expr } = {}): GaussianIntegral {
  const inner = body._tag === 'GaussianIntegral' ? body : undefined;
  const variables = inner === undefined ? [variable] : [variable, ...inner.variables];
  if (new Set(variables).size !== variables.length) fail(invalidArgument('variable', variable, 'a variable not already integrated over'));
  const center = hint.center ?? inner?.center;
  const scale = hint.scale ?? inner?.scale;
  return {
    _tag: 'GaussianIntegral',
    variables,
    integrand: inner === undefined ? (body as Expr) : inner.integrand,
    ...(center === undefined ? {} : { center }),
    ...(scale === undefined ? {} : { scale }),
  };
}

/**
 * One term of a free entropy: `coefficient · integral` (or just `coefficient` without integral).
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const t: FreeEntropyTerm = { coefficient: sym('alpha'), integral: gaussianIntegral('z', call('logH', sym('z'))) };
 */
export interface FreeEntropyTerm {
  /** Expression in the order parameters and parameters (no integration variable). */
  readonly coefficient: Expr;
  /** The Gaussian integral it multiplies, if any. */
  readonly integral?: GaussianIntegral;
}

/**
 * A replica free entropy `φ(x; θ) = Σ terms`: `x` the order parameters (and conjugates) it is extremized over,
 * `θ` fixed parameters.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * binaryFreeEntropies.storage().orderParameters; // ['q', 'qhat']
 */
export interface FreeEntropy {
  /** Discriminant. */
  readonly _tag: 'FreeEntropy';
  /** A name for messages and output. */
  readonly name: string;
  /** The variables of the extremum, e.g. `['q', 'qhat']`. */
  readonly orderParameters: readonly string[];
  /** Fixed parameters, e.g. `['alpha', 'kappa']`. */
  readonly parameters: readonly string[];
  /** The terms, summed. */
  readonly terms: readonly FreeEntropyTerm[];
}

/**
 * Build and validate a free entropy: every symbol must be an order parameter, a parameter or (inside its
 * integral) an integration variable. Fails naming the offending symbol.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * freeEntropy({ name: 'toy', orderParameters: ['q'], parameters: [], terms: [pow(sym('q'), 2)] });
 */
export function freeEntropy(spec: {
  readonly name: string;
  readonly orderParameters: readonly string[];
  readonly parameters: readonly string[];
  readonly terms: ReadonlyArray<ExprLike | GaussianIntegral | FreeEntropyTerm>;
}): E.Either<BbpError, FreeEntropy> {
  return attempt(() => buildFreeEntropy(spec));
}

function buildFreeEntropy(spec: Parameters<typeof freeEntropy>[0]): FreeEntropy {
  const known = new Set([...spec.orderParameters, ...spec.parameters]);
  if (known.size !== spec.orderParameters.length + spec.parameters.length) {
    fail(invalidArgument('orderParameters', spec.orderParameters, 'names distinct from each other and from the parameters'));
  }
  if (spec.orderParameters.length === 0) fail(invalidArgument('orderParameters', spec.orderParameters, 'at least one order parameter'));
  const terms = spec.terms.map((t): FreeEntropyTerm => {
    if (typeof t === 'number') return { coefficient: num(t) };
    if ('coefficient' in t) return t;
    if (t._tag === 'GaussianIntegral') return { coefficient: num(1), integral: t };
    return { coefficient: t };
  });
  const check = (e: Expr, extra: readonly string[], where: string): void => {
    for (const s of freeSymbols(e)) {
      if (!known.has(s.name) && !extra.includes(s.name)) {
        fail(invalidArgument(`symbol in ${where}`, s.name, `an order parameter (${spec.orderParameters.join(', ')}) or a parameter (${spec.parameters.join(', ') || 'none'})`));
      }
    }
  };
  terms.forEach((t, k) => {
    check(t.coefficient, [], `terms[${k}].coefficient`);
    if (t.integral !== undefined) {
      check(t.integral.integrand, t.integral.variables, `terms[${k}].integrand`);
      if (t.integral.center) check(t.integral.center, [], `terms[${k}].center`);
      if (t.integral.scale) check(t.integral.scale, [], `terms[${k}].scale`);
      for (const v of t.integral.variables) if (known.has(v)) fail(invalidArgument(`terms[${k}].variables`, v, 'an integration variable distinct from the order parameters and parameters'));
    }
  });
  return { _tag: 'FreeEntropy', name: spec.name, orderParameters: [...spec.orderParameters], parameters: [...spec.parameters], terms };
}

/** `∂φ/∂x` as a list of terms: product rule on the coefficient, differentiation under the integral. */
function differentiateTerms(terms: readonly FreeEntropyTerm[], x: string): FreeEntropyTerm[] {
  const out: FreeEntropyTerm[] = [];
  const d = (e: Expr): Expr => {
    const r = differentiate(e, x);
    if (E.isLeft(r)) return fail(r.left);
    return r.right;
  };
  for (const t of terms) {
    const dc = d(t.coefficient);
    if (t.integral === undefined) {
      if (!isNum(dc, 0)) out.push({ coefficient: dc });
      continue;
    }
    if (!isNum(dc, 0)) out.push({ coefficient: dc, integral: t.integral });
    const di = d(t.integral.integrand);
    if (!isNum(di, 0)) out.push({ coefficient: t.coefficient, integral: { ...t.integral, integrand: di } });
  }
  return out;
}

/**
 * The saddle-point equations `∂φ/∂x = 0` of a free entropy, one per order parameter, as lists of terms.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const eqs = orThrow(saddlePointEquations(binaryFreeEntropies.storage()));
 * printFreeEntropyTerms(eqs['q']!); // '0.5*qhat + alpha*∫Dt [ -GH((kappa - q^0.5*t)/(-q + 1)^0.5)*(…) ]'
 */
export function saddlePointEquations(phi: FreeEntropy): E.Either<BbpError, Readonly<Record<string, readonly FreeEntropyTerm[]>>> {
  return attempt(() => Object.fromEntries(phi.orderParameters.map((x) => [x, differentiateTerms(phi.terms, x)])));
}

/**
 * Print a sum of free-entropy terms as text (`∫Dz [ … ]`) or LaTeX (`\int Dz\, …`).
 * @category Free entropy
 * @since 0.2.0
 * @example
 * printFreeEntropyTerms(binaryFreeEntropies.storage().terms, 'latex');
 */
export function printFreeEntropyTerms(terms: readonly FreeEntropyTerm[], format: PrintFormat = 'text'): string {
  if (terms.length === 0) return '0';
  const latex = format === 'latex';
  const pr = (e: Expr): string => (latex ? toLatex(e) : toText(e));
  const parts = terms.map((t) => {
    if (t.integral === undefined) return pr(t.coefficient);
    const measure = t.integral.variables.map((v) => (latex ? `\\int D${v}\\,` : `∫D${v} `)).join('');
    const body = latex ? `\\left[${pr(t.integral.integrand)}\\right]` : `[ ${pr(t.integral.integrand)} ]`;
    const c = isNum(t.coefficient, 1) ? '' : isNum(t.coefficient, -1) ? '-' : `${latex ? pr(t.coefficient) + ' ' : `${wrapText(pr(t.coefficient))}*`}`;
    return `${c}${measure}${body}`;
  });
  return parts.reduce((acc, p) => (acc === '' ? p : p.startsWith('-') ? `${acc} - ${p.slice(1)}` : `${acc} + ${p}`), '');
}

const wrapText = (s: string): string => (/^[\w.]+$/.test(s) || /^\(.*\)$/.test(s) ? s : `(${s})`);

/**
 * Print a free entropy (`phi = …`).
 * @category Free entropy
 * @since 0.2.0
 * @example
 * printFreeEntropy(binaryFreeEntropies.storage());
 * // 'phi(q, qhat) = -0.5*qhat*(-q + 1) + ∫Dz [ log2cosh(qhat^0.5*z) ] + alpha*∫Dt [ logH((kappa - q^0.5*t)/(-q + 1)^0.5) ]'
 */
export function printFreeEntropy(phi: FreeEntropy, format: PrintFormat = 'text'): string {
  const args = phi.orderParameters.map((x) => (format === 'latex' ? toLatex(sym(x)) : x)).join(', ');
  return format === 'latex' ? `\\phi(${args}) = ${printFreeEntropyTerms(phi.terms, 'latex')}` : `phi(${args}) = ${printFreeEntropyTerms(phi.terms)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Compilation

/** One compiled term. */
interface CompiledTerm {
  readonly coefficient: CompiledExpr;
  readonly integrand?: CompiledExpr;
  readonly depth: number;
  readonly center?: CompiledExpr;
  readonly scale?: CompiledExpr;
}

/**
 * A free entropy compiled for numbers: `phi(x)` and `gradient(x, out)` at order parameters `x` (in the order
 * of `orderParameters`) and fixed parameter values.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const c = orThrow(compileFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }));
 * c.phi(Float64Array.of(0.3224, 0.668)); // ≈ 0.31439
 */
export interface CompiledFreeEntropy {
  /** The free entropy it was compiled from. */
  readonly source: FreeEntropy;
  /** The parameter values bound in. */
  readonly parameters: Readonly<Record<string, number>>;
  /** `φ(x)`. */
  readonly phi: (x: Float64Array) => number;
  /** Writes `∂φ/∂x_i` into `out`. */
  readonly gradient: (x: Float64Array, out: Float64Array) => void;
}

/**
 * Options of {@link compileFreeEntropy}.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * compileFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }, { quadratureStep: 0.05 });
 */
export interface CompileFreeEntropyOptions {
  /** Step of the sinh-mapped rules in every integration variable (default 0.1). */
  readonly quadratureStep?: number;
}

function compileTerms(terms: readonly FreeEntropyTerm[], order: readonly string[]): CompiledTerm[] {
  const c = (e: Expr, extra: readonly string[]): CompiledExpr => {
    const r = compileExpr(e, [...order, ...extra]);
    if (E.isLeft(r)) return fail(r.left);
    return r.right;
  };
  return terms.map((t) => ({
    coefficient: c(t.coefficient, []),
    depth: t.integral?.variables.length ?? 0,
    ...(t.integral === undefined ? {} : { integrand: c(t.integral.integrand, t.integral.variables) }),
    ...(t.integral?.center === undefined ? {} : { center: c(t.integral.center, []) }),
    ...(t.integral?.scale === undefined ? {} : { scale: c(t.integral.scale, []) }),
  }));
}

/** Evaluate compiled terms at `args` (order parameters then parameters, then room for the variables). */
function evaluateTerms(terms: readonly CompiledTerm[], args: Float64Array, base: number, step: number): number {
  let total = 0;
  for (const t of terms) {
    const c = t.coefficient(args);
    if (t.integrand === undefined) {
      total += c;
      continue;
    }
    if (c === 0) continue;
    const center = t.center ? t.center(args) : 0;
    const scale = t.scale ? Math.min(1, t.scale(args)) : 1;
    const inner = Number.isFinite(center) && scale > 0 ? gaussianSinhRule(center, scale, step) : gaussianSinhRule(0, 1, step);
    const outer = t.depth > 1 ? gaussianSinhRule(0, 1, step) : inner;
    // nested: outer variables on the plain rule, the innermost on the hinted one
    const integrate = (level: number): number => {
      const rule = level === t.depth - 1 ? inner : outer;
      let s = 0;
      for (let k = 0; k < rule.nodes.length; k++) {
        args[base + level] = rule.nodes[k]!;
        s += rule.weights[k]! * (level === t.depth - 1 ? t.integrand!(args) : integrate(level + 1));
      }
      return s;
    };
    total += c * integrate(0);
  }
  return total;
}

/**
 * Compile a free entropy and its saddle-point equations at fixed parameter values. Fails naming a missing
 * parameter value or a non-differentiable function.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const c = orThrow(compileFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }));
 * const g = new Float64Array(2); c.gradient(Float64Array.of(0.3224, 0.668), g); // ≈ [0, 0]
 */
export function compileFreeEntropy(
  phi: FreeEntropy,
  parameters: Readonly<Record<string, number>>,
  options: CompileFreeEntropyOptions = {},
): E.Either<BbpError, CompiledFreeEntropy> {
  return attempt(() => {
    for (const p of phi.parameters) {
      const v = parameters[p];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(invalidArgument(p, v, 'a finite number (a parameter of the free entropy)'));
    }
    const step = options.quadratureStep ?? 0.1;
    const maxDepth = Math.max(0, ...phi.terms.map((t) => t.integral?.variables.length ?? 0));
    const integrationNames = Array.from({ length: maxDepth }, (_, k) => `__v${k}`);
    // rename each term's variables to the shared slots __v0, __v1, … so one argument buffer serves all
    const renamed = (terms: readonly FreeEntropyTerm[]): FreeEntropyTerm[] =>
      terms.map((t) =>
        t.integral === undefined
          ? t
          : {
              coefficient: t.coefficient,
              integral: { ...t.integral, integrand: renameVariables(t.integral.integrand, t.integral.variables), variables: integrationNames.slice(0, t.integral.variables.length) },
            },
      );
    const order = [...phi.orderParameters, ...phi.parameters];
    const compiledPhi = compileTerms(renamed(phi.terms), [...order]);
    const eqs = phi.orderParameters.map((x) => compileTerms(renamed(differentiateTerms(phi.terms, x)), [...order]));
    const args = new Float64Array(order.length + maxDepth);
    const nx = phi.orderParameters.length;
    phi.parameters.forEach((p, k) => (args[nx + k] = parameters[p]!));
    const base = order.length;
    return {
      source: phi,
      parameters: { ...parameters },
      phi: (x: Float64Array): number => {
        args.set(x.subarray(0, nx));
        return evaluateTerms(compiledPhi, args, base, step);
      },
      gradient: (x: Float64Array, out: Float64Array): void => {
        args.set(x.subarray(0, nx));
        for (let i = 0; i < nx; i++) out[i] = evaluateTerms(eqs[i]!, args, base, step);
      },
    };
  });
}

/** Rename integration variables to the shared slots `__v0…`. */
function renameVariables(e: Expr, variables: readonly string[]): Expr {
  return substitute(e, Object.fromEntries(variables.map((v, k) => [v, sym(`__v${k}`)])));
}

// ---------------------------------------------------------------------------------------------------------
// Solving

/**
 * A stationary point of a free entropy.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * orThrow(solveBinaryFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }, { q: 0.3, qhat: 0.6 })).values.q; // 0.32238…
 */
export interface FreeEntropySolution {
  /** Name of the free entropy. */
  readonly name: string;
  /** The parameter values. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The order parameters at the stationary point. */
  readonly values: Readonly<Record<string, number>>;
  /** `φ` there. */
  readonly phi: number;
  /** Newton steps. */
  readonly iterations: number;
  /** `max |∂φ/∂x|` there. */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Always true in a `Right` (non-convergence is a `NotConverged` error). */
  readonly converged: boolean;
}

/**
 * Find a stationary point of a free entropy (all saddle-point equations at once) by Newton's method from
 * `start`; the equations are the compiled symbolic derivatives. Fails with `NotConverged` (carrying the
 * residual) when Newton does not reach the tolerance, and names a missing start value.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const s = orThrow(solveBinaryFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }, { q: 0.3, qhat: 0.6 }));
 * s.phi; // 0.31439006685…
 */
export function solveBinaryFreeEntropy(
  phi: FreeEntropy,
  parameters: Readonly<Record<string, number>>,
  start: Readonly<Record<string, number>>,
  options: StationaryOptions & CompileFreeEntropyOptions = {},
): E.Either<BbpError, FreeEntropySolution> {
  return E.chain((compiled: CompiledFreeEntropy) =>
    attempt(() => {
      const x0 = Float64Array.from(phi.orderParameters, (x) => {
        const v = start[x];
        if (typeof v !== 'number' || !Number.isFinite(v)) fail(invalidArgument(`start.${x}`, v, 'a finite starting value'));
        return v;
      });
      const r = solveStationary(compiled.gradient, x0, options);
      if (!r.converged) {
        fail(notConverged(`${phi.name} saddle point`, `max |dphi/dx| = ${r.residual} > ${r.tolerance} after ${r.iterations} Newton steps`, { iterations: r.iterations, residual: r.residual }));
      }
      return {
        name: phi.name,
        parameters: { ...parameters },
        values: Object.fromEntries(phi.orderParameters.map((x, k) => [x, r.x[k]!])),
        phi: compiled.phi(r.x),
        iterations: r.iterations,
        residual: r.residual,
        tolerance: r.tolerance,
        converged: true,
      };
    }),
  )(compileFreeEntropy(phi, parameters, options));
}

// ---------------------------------------------------------------------------------------------------------
// The free entropies of THEORY §9

const q = sym('q');
const qhat = sym('qhat');
const R = sym('R');
const Rhat = sym('Rhat');
const P = sym('P');
const p = sym('p');
const alpha = sym('alpha');
const alphaD = sym('alphaD');
const kappa = sym('kappa');
const mu1 = sym('mu1');
const muStar = sym('muStar');
const z = sym('z');
const t = sym('t');
const sqrt = (x: ExprLike): Expr => pow(x, 0.5);
const half = num(0.5);

/** `∫Dz log 2cosh(√q̂ z + field)`, with the node hint of its tanh feature. */
function isingEntropy(field: ExprLike): GaussianIntegral {
  return gaussianIntegral('z', call('log2cosh', add(mul(sqrt(qhat), z), field)), { center: div(neg(field), sqrt(qhat)), scale: pow(qhat, -0.5) });
}

/** `2∫Dt H(−M t/√(Q₁ − M²)) log H((κ − √Q₁ t)/√(Q₀ − Q₁))` (without the teacher: `M = 0`, `∫Dt log H(…)`). */
function energetic(Q0: Expr, Q1: Expr, M: Expr | undefined): FreeEntropyTerm {
  const logH = call('logH', div(sub(kappa, mul(sqrt(Q1), t)), sqrt(sub(Q0, Q1))));
  const hint = { center: div(kappa, sqrt(Q1)), scale: sqrt(div(sub(Q0, Q1), Q1)) };
  if (M === undefined) return { coefficient: alpha, integral: gaussianIntegral('t', logH, hint) };
  const label = call('H', div(mul(-1, M, t), sqrt(sub(Q1, pow(M, 2)))));
  return { coefficient: mul(2, alpha), integral: gaussianIntegral('t', mul(label, logH), hint) };
}

const orThrowFE = (r: E.Either<BbpError, FreeEntropy>): FreeEntropy => {
  if (E.isLeft(r)) return fail(r.left);
  return r.right;
};

/**
 * The storage problem: `φ(q, q̂) = −½q̂(1 − q) + ∫Dz log 2cosh(√q̂ z) + α ∫Dt log H((κ − √q t)/√(1 − q))`.
 * @internal
 */
function storageFreeEntropy(): FreeEntropy {
  return orThrowFE(freeEntropy({
    name: 'storage',
    orderParameters: ['q', 'qhat'],
    parameters: ['alpha', 'kappa'],
    terms: [mul(-0.5, qhat, sub(1, q)), isingEntropy(0), energetic(num(1), q, undefined)],
  }));
}

/** The teacher–student binary perceptron, order parameters `q, qhat, R, Rhat`. @internal */
function teacherStudentFreeEntropy(): FreeEntropy {
  return orThrowFE(freeEntropy({
    name: 'teacher-student',
    orderParameters: ['q', 'qhat', 'R', 'Rhat'],
    parameters: ['alpha', 'kappa'],
    terms: [mul(-0.5, qhat, sub(1, q)), mul(-1, Rhat, R), isingEntropy(Rhat), energetic(num(1), q, R)],
  }));
}

/**
 * The random-features perceptron with the conjugates of `P, p, R` eliminated (THEORY §9), order parameters
 * `q, qhat, P, p, R`, parameters `alpha, alphaD, kappa, mu1, muStar`.
 * @internal
 */
function randomFeaturesFreeEntropy(): FreeEntropy {
  const d = sub(P, p);
  const a = sub(1, q);
  const gse = add(
    mul(half, add(call('log', d), div(sub(p, pow(R, 2)), d))),
    mul(-0.5, sub(div(P, a), div(mul(q, d), pow(a, 2)))),
    mul(-0.5, add(call('log', a), div(q, a))),
    half,
  );
  const Q0 = add(mul(pow(mu1, 2), P), pow(muStar, 2));
  const Q1 = add(mul(pow(mu1, 2), p), mul(pow(muStar, 2), q));
  return orThrowFE(freeEntropy({
    name: 'random-features',
    orderParameters: ['q', 'qhat', 'P', 'p', 'R'],
    parameters: ['alpha', 'alphaD', 'kappa', 'mu1', 'muStar'],
    terms: [mul(-0.5, qhat, sub(1, q)), isingEntropy(0), mul(div(alpha, alphaD), gse), energetic(Q0, Q1, mul(mu1, R))],
  }));
}

/**
 * The free entropies of THEORY §9 stated in the DSL: `storage()` (`q, qhat`; `alpha, kappa`),
 * `teacherStudent()` (`q, qhat, R, Rhat`; `alpha, kappa`) and `randomFeatures()` (`q, qhat, P, p, R`;
 * `alpha, alphaD, kappa, mu1, muStar`, conjugates of `P, p, R` eliminated). Start from these to state a variant.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * printFreeEntropy(binaryFreeEntropies.storage(), 'latex');
 */
export const binaryFreeEntropies: BinaryFreeEntropies = {
  storage: storageFreeEntropy,
  teacherStudent: teacherStudentFreeEntropy,
  randomFeatures: randomFeaturesFreeEntropy,
};

/**
 * The type of {@link binaryFreeEntropies}.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const fe: BinaryFreeEntropies = binaryFreeEntropies;
 */
export interface BinaryFreeEntropies {
  /** Storage: order parameters `q, qhat`; parameters `alpha, kappa`. */
  readonly storage: () => FreeEntropy;
  /** Teacher–student perceptron: `q, qhat, R, Rhat`; `alpha, kappa`. */
  readonly teacherStudent: () => FreeEntropy;
  /** Random features, conjugates of `P, p, R` eliminated: `q, qhat, P, p, R`; `alpha, alphaD, kappa, mu1, muStar`. */
  readonly randomFeatures: () => FreeEntropy;
}

/**
 * Names accepted by {@link binarySaddlePointEquations}.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * const name: BinaryFreeEntropyName = 'storage';
 */
export type BinaryFreeEntropyName = 'storage' | 'teacher-student' | 'random-features';

/**
 * A free entropy and its saddle-point equations, printed.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * orThrow(binarySaddlePointEquations('storage', 'text')).equations[0]; // { variable: 'q', equation: '… = 0' }
 */
export interface PrintedSaddlePoint {
  /** The model. */
  readonly model: string;
  /** `text` or `latex`. */
  readonly format: PrintFormat;
  /** The free entropy. */
  readonly phi: string;
  /** Its order parameters. */
  readonly variables: readonly string[];
  /** Its fixed parameters. */
  readonly parameters: readonly string[];
  /** `∂φ/∂x = 0` for each order parameter `x`. */
  readonly equations: ReadonlyArray<{
    /** The order parameter. */
    readonly variable: string;
    /** The printed equation. */
    readonly equation: string;
  }>;
}

/**
 * Print a model's free entropy and its saddle-point equations (derived symbolically) as text or LaTeX.
 * @category Free entropy
 * @since 0.2.0
 * @example
 * orThrow(binarySaddlePointEquations('teacher-student', 'latex')).equations.length; // 4
 */
export function binarySaddlePointEquations(model: BinaryFreeEntropyName, format: PrintFormat = 'text'): E.Either<BbpError, PrintedSaddlePoint> {
  const make = { storage: storageFreeEntropy, 'teacher-student': teacherStudentFreeEntropy, 'random-features': randomFeaturesFreeEntropy }[model];
  if (make === undefined) return E.left(invalidArgument('model', model, 'storage, teacher-student or random-features'));
  const phi = make();
  return E.map((eqs: Readonly<Record<string, readonly FreeEntropyTerm[]>>) => ({
    model,
    format,
    phi: printFreeEntropy(phi, format),
    variables: phi.orderParameters,
    parameters: phi.parameters,
    equations: phi.orderParameters.map((x) => ({
      variable: x,
      equation:
        format === 'latex'
          ? `\\frac{\\partial \\phi}{\\partial ${toLatex(sym(x))}} = ${printFreeEntropyTerms(eqs[x]!, 'latex')} = 0`
          : `dphi/d${x} = ${printFreeEntropyTerms(eqs[x]!)} = 0`,
    })),
  }))(saddlePointEquations(phi));
}
