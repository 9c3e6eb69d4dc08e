/**
 * The open function registry: every function an expression may apply, with its numeric evaluation,
 * its derivative rule and whether it is smooth.
 *
 * Built-ins: `tanh`, `erf`, `exp`, `log`, `sqrt` (smooth) and `abs`, `sign`, `relu`, `heaviside`
 * (non-smooth: their registered rule is the almost-everywhere derivative, used only when the caller of
 * `differentiate` opts in). Users add functions with {@link registerFunction}. The registry is
 * module-global, like a symbol table: register once at start-up.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import { erf } from './special.js';
import { gaussianDensity, gaussianMillsRatio, gaussianTail, logGaussianTail, logTwoCosh } from '../numeric/special/gaussianTail.js';
import { call, children, mul, neg, num, pow, sub, type Expr } from './expr.js';

/**
 * A derivative rule: given the arguments of an application `f(u₁, …, uₙ)`, the partial derivatives
 * `∂f/∂uᵢ` evaluated there (a single expression for a function of one argument, else one per argument).
 * @category DSL
 * @since 0.1.0
 * @example
 * const rule: DerivativeRule = (u) => call('exp', u); // d/du exp(u)
 */
export type DerivativeRule = (...args: Expr[]) => Expr | readonly Expr[];

/**
 * What a user gives to {@link registerFunction}.
 * @category DSL
 * @since 0.1.0
 * @example
 * const spec: FunctionSpec = { name: 'sigmoid', evaluate: (u) => 1 / (1 + Math.exp(-u)) };
 */
export interface FunctionSpec {
  /** An identifier: a letter, then letters, digits or `_`. */
  readonly name: string;
  /** Numeric evaluation (called by compiled expressions: keep it allocation-free). */
  readonly evaluate: (...args: number[]) => number;
  /** Partial derivatives; without one, differentiating an application is an error that says so. */
  readonly derivative?: DerivativeRule;
  /** Number of arguments; defaults to `evaluate.length` (at least 1). */
  readonly arity?: number;
  /**
   * `false` for functions with kinks or jumps (default `true`). Their `derivative` is then an
   * almost-everywhere convention, used only when differentiation is asked for one.
   */
  readonly smooth?: boolean;
  /** LaTeX for the function name, e.g. `'\\operatorname{softplus}'` (the default). */
  readonly latex?: string;
}

/**
 * A registered function.
 * @category DSL
 * @since 0.1.0
 * @example
 * getFunction('relu'); // { name: 'relu', arity: 1, smooth: false, builtin: true, … }
 */
export interface FunctionDef {
  /** The name expressions use. */
  readonly name: string;
  /** Number of arguments. */
  readonly arity: number;
  /** Numeric evaluation. */
  readonly evaluate: (...args: number[]) => number;
  /** Partial derivatives, or `undefined` (differentiating an application is then an error). */
  readonly derivative: DerivativeRule | undefined;
  /** `false` for functions with kinks or jumps (their `derivative` is an almost-everywhere convention). */
  readonly smooth: boolean;
  /** LaTeX for the function name. */
  readonly latex: string;
  /** Whether it is one of the built-ins (which cannot be replaced). */
  readonly builtin: boolean;
}

const registry = new Map<string, FunctionDef>();

/**
 * Names no function may take: constants and names the text parser (nerdamer) uses for itself.
 * @category DSL
 * @since 0.1.0
 * @example
 * RESERVED_NAMES.includes('pi'); // true
 */
export const RESERVED_NAMES: readonly string[] = Object.freeze([
  'e', 'pi', 'i', 'Infinity', 'NaN', 'parens', 'vector', 'matrix', 'imatrix', 'NerdamerSet', 'expand',
]);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function define(def: Omit<FunctionDef, 'builtin' | 'arity'> & { arity?: number }): void {
  registry.set(def.name, Object.freeze({ ...def, arity: def.arity ?? 1, builtin: true }));
}

const half = num(0.5);
define({ name: 'tanh', evaluate: Math.tanh, derivative: (u) => sub(1, pow(call('tanh', u), 2)), smooth: true, latex: '\\tanh' });
define({
  name: 'erf', evaluate: erf, smooth: true, latex: '\\operatorname{erf}',
  derivative: (u) => mul(2 / Math.sqrt(Math.PI), call('exp', neg(pow(u, 2)))),
});
define({ name: 'exp', evaluate: Math.exp, derivative: (u) => call('exp', u), smooth: true, latex: '\\exp' });
define({ name: 'log', evaluate: Math.log, derivative: (u) => pow(u, -1), smooth: true, latex: '\\log' });
define({ name: 'sqrt', evaluate: Math.sqrt, derivative: (u) => mul(half, pow(call('sqrt', u), -1)), smooth: true, latex: '\\sqrt' });
define({ name: 'abs', evaluate: Math.abs, derivative: (u) => call('sign', u), smooth: false, latex: '\\operatorname{abs}' });
define({ name: 'sign', evaluate: Math.sign, derivative: () => num(0), smooth: false, latex: '\\operatorname{sign}' });
define({ name: 'relu', evaluate: (x) => (x > 0 ? x : 0), derivative: (u) => call('heaviside', u), smooth: false, latex: '\\operatorname{relu}' });
define({ name: 'heaviside', evaluate: (x) => (x > 0 ? 1 : 0), derivative: () => num(0), smooth: false, latex: '\\Theta' });
// Gaussian-tail functions of replica free entropies (THEORY §9): H(x) = ½erfc(x/√2), G the standard normal density.
define({ name: 'H', evaluate: gaussianTail, derivative: (u) => neg(call('normpdf', u)), smooth: true, latex: 'H' });
define({ name: 'logH', evaluate: logGaussianTail, derivative: (u) => neg(call('GH', u)), smooth: true, latex: '\\log H' });
define({ name: 'GH', evaluate: gaussianMillsRatio, derivative: (u) => mul(call('GH', u), sub(call('GH', u), u)), smooth: true, latex: '\\tfrac{G}{H}' });
define({ name: 'normpdf', evaluate: gaussianDensity, derivative: (u) => mul(-1, u, call('normpdf', u)), smooth: true, latex: 'G' });
define({ name: 'log2cosh', evaluate: logTwoCosh, derivative: (u) => call('tanh', u), smooth: true, latex: '\\log 2\\cosh' });

/**
 * Add a function to the registry (or replace a user function of the same name). Built-in and reserved
 * names are refused.
 * @category DSL
 * @since 0.1.0
 * @example
 * registerFunction({
 *   name: 'softplus',
 *   evaluate: (x) => Math.log1p(Math.exp(x)),
 *   derivative: (u) => div(1, add(1, call('exp', neg(u)))),
 * });
 */
export function registerFunction(spec: FunctionSpec): E.Either<BbpError, FunctionDef> {
  const { name } = spec;
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    return E.left(invalidArgument('name', name, 'an identifier (a letter, then letters, digits or _)'));
  }
  if (registry.get(name)?.builtin === true) return E.left(invalidArgument('name', name, 'a name that is not a built-in function'));
  if (RESERVED_NAMES.includes(name)) return E.left(invalidArgument('name', name, `a name other than ${RESERVED_NAMES.join(', ')}`));
  if (typeof spec.evaluate !== 'function') return E.left(invalidArgument('evaluate', spec.evaluate, 'a function (...args: number[]) => number'));
  if (spec.derivative !== undefined && typeof spec.derivative !== 'function') {
    return E.left(invalidArgument('derivative', spec.derivative, 'a function (...args: Expr[]) => Expr | Expr[]'));
  }
  const arity = spec.arity ?? Math.max(1, spec.evaluate.length);
  if (!(Number.isInteger(arity) && arity >= 1)) return E.left(invalidArgument('arity', arity, 'a positive integer'));
  const def: FunctionDef = Object.freeze({
    name,
    arity,
    evaluate: spec.evaluate,
    derivative: spec.derivative,
    smooth: spec.smooth ?? true,
    latex: spec.latex ?? `\\operatorname{${name.replaceAll('_', '\\_')}}`,
    builtin: false,
  });
  registry.set(name, def);
  return E.right(def);
}

/**
 * The registered function of that name, if any.
 * @category DSL
 * @since 0.1.0
 * @example
 * getFunction('tanh')?.evaluate(0); // 0
 */
export function getFunction(name: string): FunctionDef | undefined {
  return registry.get(name);
}

/**
 * Every registered function, built-ins first.
 * @category DSL
 * @since 0.1.0
 * @example
 * registeredFunctions().map((f) => f.name); // ['tanh', 'erf', 'exp', …]
 */
export function registeredFunctions(): readonly FunctionDef[] {
  return [...registry.values()];
}

/**
 * The hint every "unknown function" and "no derivative" message ends with.
 * @internal
 * @category DSL
 * @since 0.1.0
 * @example
 * registrationHint('foo'); // 'register it with registerFunction({ name: "foo", evaluate, derivative })'
 */
export function registrationHint(name: string): string {
  return `register it with registerFunction({ name: ${JSON.stringify(name)}, evaluate, derivative })`;
}

/**
 * Check that `name` is registered and takes `count` arguments.
 * @internal
 * @category DSL
 * @since 0.1.0
 * @example
 * checkApplication('tanh', 2); // Left: invalid arguments of tanh = 2: expected 1 argument
 */
export function checkApplication(name: string, count: number): E.Either<BbpError, FunctionDef> {
  const def = registry.get(name);
  if (def === undefined) return E.left(invalidArgument('function', name, `a registered function; ${registrationHint(name)}`));
  if (def.arity !== count) {
    return E.left(invalidArgument(`arguments of ${name}`, count, `${def.arity} argument${def.arity === 1 ? '' : 's'}`));
  }
  return E.right(def);
}

/**
 * Check every function application in an expression: registered, with the right number of arguments.
 * @category DSL
 * @since 0.1.0
 * @example
 * checkFunctions(call('tanh', sym('z'))); // Right(tanh(z))
 * checkFunctions(call('foo', sym('z')));  // Left: invalid function = "foo": … registerFunction(…)
 */
export function checkFunctions(expr: Expr): E.Either<BbpError, Expr> {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e._tag === 'Call') {
      const ok = checkApplication(e.name, e.args.length);
      if (E.isLeft(ok)) return ok;
    }
    stack.push(...children(e));
  }
  return E.right(expr);
}
