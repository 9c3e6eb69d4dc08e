/**
 * Shared test helpers: a recursive fast-check arbitrary of expressions in `x` and `y` that stay where
 * every function is defined (log and roots of `1 + u²`, …), and a Richardson-extrapolated central
 * finite difference with an error estimate.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  add, call, children, compileExpr, div, mul, neg, num, pow, registerFunction, sub, sym, type CompiledExpr, type Expr,
} from '../../src/dsl/index.js';

export const x = sym('x');
export const y = sym('y');

/** A smooth user function with a derivative rule, to exercise the registry in the properties. */
export const softplus = registerFunction({
  name: 'softplus',
  evaluate: (u) => Math.log1p(Math.exp(u)),
  derivative: (u) => div(1, add(1, call('exp', neg(u)))),
});

/** `1 + u²`: positive, so log, sqrt and real powers of it are defined. */
const onePlusSquare = (u: Expr): Expr => add(1, pow(u, 2));

const constant = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map(num),
  fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true }).map(num),
);

const leaf: fc.Arbitrary<Expr> = fc.oneof({ weight: 3, arbitrary: fc.constant(x) }, { weight: 1, arbitrary: fc.constant(y) }, { weight: 2, arbitrary: constant });

/** Random expressions over every supported construct, depth at most `maxDepth`. */
export function exprArbitrary(maxDepth = 5): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr; node: Expr }>((tie) => ({
    expr: fc.oneof({ maxDepth, depthSize: 'max', depthIdentifier: 'expr' }, { weight: 1, arbitrary: leaf }, { weight: 3, arbitrary: tie('node') }),
    node: fc.oneof(
      { depthSize: 'max' },
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => add(a, b)),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => sub(a, b)),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => mul(a, b)),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => div(a, onePlusSquare(b))),
      fc.tuple(tie('expr'), fc.integer({ min: -2, max: 4 })).map(([a, n]) => (n < 0 ? pow(onePlusSquare(a), n) : pow(a, n))),
      fc.tuple(tie('expr'), fc.double({ min: -1.5, max: 1.5, noNaN: true })).map(([a, r]) => pow(onePlusSquare(a), r)),
      tie('expr').map((a) => neg(a)),
      tie('expr').map((a) => call('tanh', a)),
      tie('expr').map((a) => call('erf', a)),
      tie('expr').map((a) => call('exp', call('tanh', a))),
      tie('expr').map((a) => call('exp', a)),
      tie('expr').map((a) => call('log', onePlusSquare(a))),
      tie('expr').map((a) => call('sqrt', onePlusSquare(a))),
      tie('expr').map((a) => call('softplus', a)),
    ),
  }));
  return expr;
}

/** A point `(x, y)` in [-1, 1]². */
export const pointArbitrary = fc.tuple(
  fc.double({ min: -1, max: 1, noNaN: true }),
  fc.double({ min: -1, max: 1, noNaN: true }),
);

export function compile(e: Expr, order: readonly string[] = ['x', 'y']): CompiledExpr {
  const f = compileExpr(e, order);
  if (E.isLeft(f)) throw new Error(f.left.message);
  return f.right;
}

export interface FiniteDifference {
  /** Richardson extrapolation of the central differences with steps h and h/2. */
  readonly value: number;
  /** Tolerance for comparing an exact derivative with `value`: truncation estimate plus rounding. */
  readonly tolerance: number;
  /** Whether the stencil stayed finite and of moderate size (otherwise the sample says nothing). */
  readonly usable: boolean;
}

/** `∂f/∂args[i]` at `args` by central differences (steps h, h/2) and Richardson extrapolation. */
export function finiteDifference(f: CompiledExpr, args: Float64Array, i: number): FiniteDifference {
  const x0 = args[i]!;
  const h = 1e-3 * Math.max(1, Math.abs(x0));
  const a = Float64Array.from(args);
  const at = (t: number): number => {
    a[i] = t;
    return f(a);
  };
  const values = [at(x0 + h), at(x0 - h), at(x0 + h / 2), at(x0 - h / 2)];
  const d1 = (values[0]! - values[1]!) / (2 * h);
  const d2 = (values[2]! - values[3]!) / h;
  const value = (4 * d2 - d1) / 3;
  const size = Math.max(...values.map(Math.abs));
  const usable = values.every(Number.isFinite) && size < 1e8;
  // |R − D(h/2)| bounds the truncation error of R generously; rounding in f is amplified by 1/h.
  const tolerance = 4 * Math.abs(value - d2) + (1e3 * Number.EPSILON * size) / h + 1e-9 * Math.abs(value) + 1e-12;
  return { value, tolerance, usable };
}

/**
 * The largest |value| of any subexpression of `e` at a point. Samples where it is huge say nothing about
 * the derivative rules (the symbolic derivative may overflow where `e` itself does not, e.g. `tiny·exp(exp(8))`).
 */
export function largestIntermediate(e: Expr, point: Float64Array, order: readonly string[] = ['x', 'y']): number {
  let largest = Math.abs(compile(e, order)(point));
  for (const c of children(e)) largest = Math.max(largest, largestIntermediate(c, point, order));
  return Number.isNaN(largest) ? Infinity : largest;
}
