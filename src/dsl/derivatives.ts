/**
 * Symbolic differentiation over the open function registry.
 *
 * Sums, products, powers and the chain rule are built in; each function application uses the
 * derivative rule registered with its function. A function without a rule is an error whose message
 * says how to register one. Non-smooth functions (`abs`, `sign`, `relu`, `heaviside`, user functions with
 * `smooth: false`) are refused unless the caller chooses a convention: `almostEverywhere: true` (use the
 * registered rule, valid away from the kinks, e.g. `relu' = heaviside`) or an explicit rule in
 * `conventions`. The result goes through the smart constructors, which is the light simplification;
 * `simplify` (nerdamer) does more.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../errors.js';
import { checkApplication, registrationHint, type DerivativeRule } from './functions.js';
import { add, call, dependsOn, isNum, mul, num, pow, type Expr } from './expr.js';

/**
 * How to differentiate what has no unique derivative.
 * @category DSL
 * @since 0.1.0
 * @example
 * differentiate(call('abs', sym('x')), 'x', { almostEverywhere: true }); // Right(sign(x))
 */
export interface DifferentiateOptions {
  /** Rules that take precedence over the registry, by function name (any function, smooth or not). */
  readonly conventions?: Readonly<Record<string, DerivativeRule>>;
  /** Use the registered almost-everywhere rules of non-smooth functions (`abs' = sign`, `relu' = heaviside`). */
  readonly almostEverywhere?: boolean;
}

function partials(name: string, args: readonly Expr[], variable: string, options: DifferentiateOptions): readonly Expr[] {
  const def = checkApplication(name, args.length);
  if (E.isLeft(def)) return fail(def.left);
  const convention = options.conventions !== undefined && Object.hasOwn(options.conventions, name) ? options.conventions[name] : undefined;
  let rule = convention;
  if (rule === undefined) {
    if (!def.right.smooth && options.almostEverywhere !== true) {
      fail(
        invalidArgument(
          'function', name,
          `a smooth function: ${name} is not differentiable everywhere; choose a convention, e.g. ` +
            `differentiate(expr, ${JSON.stringify(variable)}, { almostEverywhere: true }) or { conventions: { ${name}: (u) => … } }`,
        ),
      );
    }
    rule = def.right.derivative;
  }
  if (rule === undefined) return fail(invalidArgument('function', name, `a function with a derivative rule; ${registrationHint(name)}`));
  const out = rule(...args);
  const list: readonly Expr[] = Array.isArray(out) ? out : [out as Expr];
  if (list.length !== args.length) {
    return fail(invalidArgument(`derivative rule of ${name}`, list.length, `${args.length} partial derivative${args.length === 1 ? '' : 's'}`));
  }
  return list;
}

function derive(e: Expr, v: string, options: DifferentiateOptions, memo: WeakMap<Expr, Expr>): Expr {
  const hit = memo.get(e);
  if (hit !== undefined) return hit;
  const d = (x: Expr): Expr => derive(x, v, options, memo);
  let r: Expr;
  switch (e._tag) {
    case 'Num':
      r = num(0);
      break;
    case 'Sym':
      r = num(e.name === v ? 1 : 0);
      break;
    case 'Add':
      r = add(...e.terms.map(d));
      break;
    case 'Mul': {
      const fs = e.factors;
      r = add(
        ...fs.map((f, k) => {
          const df = d(f);
          return isNum(df, 0) ? df : mul(...fs.slice(0, k), df, ...fs.slice(k + 1));
        }),
      );
      break;
    }
    case 'Pow': {
      const { base, exponent } = e;
      if (!dependsOn(exponent, v)) {
        r = mul(exponent, pow(base, add(exponent, -1)), d(base));
      } else {
        // d(b^x) = b^x (x' log b + x b'/b)
        r = mul(e, add(mul(d(exponent), call('log', base)), mul(exponent, d(base), pow(base, -1))));
      }
      break;
    }
    case 'Call': {
      const ds = e.args.map(d);
      if (ds.every((x) => isNum(x, 0))) {
        r = num(0);
        break;
      }
      const ps = partials(e.name, e.args, v, options);
      r = add(...ps.map((p, k) => mul(p, ds[k]!)));
      break;
    }
  }
  memo.set(e, r);
  return r;
}

/**
 * `∂expr/∂variable`. Fails (naming the function) on an unregistered function, a function without a
 * derivative rule (with the `registerFunction` hint) and a non-smooth function without a convention.
 * @category DSL
 * @since 0.1.0
 * @example
 * differentiate(pow(sym('x'), 3), 'x'); // Right(3*x^2)
 * differentiate(call('relu', sym('z')), 'z', { almostEverywhere: true }); // Right(heaviside(z))
 */
export function differentiate(expr: Expr, variable: string, options: DifferentiateOptions = {}): E.Either<BbpError, Expr> {
  return attempt(() => derive(expr, variable, options, new WeakMap()));
}

/**
 * `[expr, ∂expr, ∂²expr, …]` up to order `n` in one variable.
 * @category DSL
 * @since 0.1.0
 * @example
 * derivatives(call('tanh', sym('z')), 'z', 2); // Right([tanh(z), -tanh(z)^2 + 1, -2*tanh(z)*(-tanh(z)^2 + 1)])
 */
export function derivatives(
  expr: Expr, variable: string, n: number, options: DifferentiateOptions = {},
): E.Either<BbpError, readonly Expr[]> {
  if (!(Number.isInteger(n) && n >= 0)) return E.left(invalidArgument('n', n, 'a non-negative integer'));
  return attempt(() => {
    const out = [expr];
    for (let k = 0; k < n; k++) out.push(derive(out[k]!, variable, options, new WeakMap()));
    return out;
  });
}
