/**
 * The fast numeric evaluator: an expression becomes a JS closure over a fixed order of symbols,
 * built once, with no allocation per call.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../errors.js';
import { checkApplication } from './functions.js';
import type { Expr } from './expr.js';

/**
 * A compiled expression: reads the symbol values at the positions given at compile time.
 * @category DSL
 * @since 0.1.0
 * @example
 * const f: CompiledExpr = orThrow(compileExpr(sym('x'), ['x'])); f(new Float64Array([2])); // 2
 */
export type CompiledExpr = (args: Float64Array) => number;

type F = CompiledExpr;

function compilePow(base: F, exponent: Expr, compiledExponent: () => F): F {
  if (exponent._tag === 'Num') {
    const n = exponent.value;
    switch (n) {
      case 2:
        return (a) => {
          const x = base(a);
          return x * x;
        };
      case 3:
        return (a) => {
          const x = base(a);
          return x * x * x;
        };
      case -1:
        return (a) => 1 / base(a);
      case -2:
        return (a) => {
          const x = base(a);
          return 1 / (x * x);
        };
      case 0.5:
        return (a) => Math.sqrt(base(a));
      default:
        return (a) => Math.pow(base(a), n);
    }
  }
  const e = compiledExponent();
  return (a) => Math.pow(base(a), e(a));
}

function build(e: Expr, index: ReadonlyMap<string, number>, order: readonly string[]): F {
  switch (e._tag) {
    case 'Num': {
      const v = e.value;
      return () => v;
    }
    case 'Sym': {
      const i = index.get(e.name);
      if (i === undefined) {
        return fail(invalidArgument('symbol', e.name, `one of the compiled symbols [${order.join(', ')}]`));
      }
      return (a) => a[i]!;
    }
    case 'Add': {
      const fs = e.terms.map((t) => build(t, index, order));
      if (fs.length === 2) {
        const [f, g] = fs as [F, F];
        return (a) => f(a) + g(a);
      }
      const n = fs.length;
      return (a) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += fs[k]!(a);
        return s;
      };
    }
    case 'Mul': {
      const fs = e.factors.map((t) => build(t, index, order));
      if (fs.length === 2) {
        const [f, g] = fs as [F, F];
        return (a) => f(a) * g(a);
      }
      const n = fs.length;
      return (a) => {
        let s = 1;
        for (let k = 0; k < n; k++) s *= fs[k]!(a);
        return s;
      };
    }
    case 'Pow':
      return compilePow(build(e.base, index, order), e.exponent, () => build(e.exponent, index, order));
    case 'Call': {
      const def = checkApplication(e.name, e.args.length);
      if (E.isLeft(def)) return fail(def.left);
      const f = def.right.evaluate;
      const args = e.args.map((t) => build(t, index, order));
      switch (args.length) {
        case 1: {
          const [u] = args as [F];
          return (a) => f(u(a));
        }
        case 2: {
          const [u, v] = args as [F, F];
          return (a) => f(u(a), v(a));
        }
        case 3: {
          const [u, v, w] = args as [F, F, F];
          return (a) => f(u(a), v(a), w(a));
        }
        default: {
          const buffer = new Array<number>(args.length).fill(0);
          return (a) => {
            for (let k = 0; k < args.length; k++) buffer[k] = args[k]!(a);
            return f.apply(undefined, buffer);
          };
        }
      }
    }
  }
}

/**
 * Compile an expression to a closure over the symbols in `order`: `args[k]` is the value of `order[k]`.
 * Fails (naming it) on a symbol missing from `order`, an unregistered function or a wrong number of
 * arguments. The closure allocates nothing per call (functions of four or more arguments reuse one buffer).
 * @category DSL
 * @since 0.1.0
 * @example
 * const f = orThrow(compileExpr(losses.normalizedSquare().expr, ['yhat', 'y', 'a']));
 * f(new Float64Array([2, 1, 1])); // (2 − 1)²/(1 + 1) = 0.5
 */
export function compileExpr(expr: Expr, order: readonly string[]): E.Either<BbpError, CompiledExpr> {
  const index = new Map<string, number>();
  for (const [k, name] of order.entries()) {
    if (index.has(name)) return E.left(invalidArgument('order', order, `distinct symbol names ("${name}" appears twice)`));
    index.set(name, k);
  }
  return attempt(() => build(expr, index, order));
}

/**
 * Evaluate once at named values (the slow, convenient path: compiles every time).
 * @category DSL
 * @since 0.1.0
 * @example
 * evaluateExpr(add(sym('y'), sym('a')), { y: 1, a: 1.5 }); // Right(2.5)
 */
export function evaluateExpr(expr: Expr, values: Readonly<Record<string, number>>): E.Either<BbpError, number> {
  const order = Object.keys(values);
  return E.map((f: CompiledExpr) => f(Float64Array.from(order, (k) => values[k]!)))(compileExpr(expr, order));
}
