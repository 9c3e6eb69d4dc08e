/**
 * Losses `ℓ(ŷ, y)`: expressions in `yhat`, `y` and named parameters. Import as a namespace
 * (`losses.normalizedSquare('a')`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import { add, div, freeSymbols, pow, sub, substitute, sym, type Domain, type Expr } from './expr.js';
import { parseExpression } from './nerdamer.js';

/**
 * A loss: its expression, the parameters it declares (with their domains) and default values.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.normalizedSquare(1.5); // { name: 'normalizedSquare', parameters: { a: 'positive' }, defaults: { a: 1.5 } }
 */
export interface Loss {
  /** Discriminant. */
  readonly _tag: 'Loss';
  /** Shown by `printModel` and in results (`normalizedSquare`, `square`, `custom`, …). */
  readonly name: string;
  /** `ℓ(ŷ, y)`, an expression in `yhat`, `y` and the parameters. */
  readonly expr: Expr;
  /** Declared parameters and their domains (checked against the model's values). */
  readonly parameters: Readonly<Record<string, Domain>>;
  /** Values used when the model does not give one. */
  readonly defaults: Readonly<Record<string, number>>;
}

/**
 * The student output symbol `ŷ`.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.loss(pow(sub(losses.yhat, losses.y), 4)); // Right(Loss): (yhat - y)^4
 */
export const yhat = sym('yhat');

/**
 * The teacher output symbol `y`.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.loss(mul(-1, losses.y, call('log', losses.yhat))); // Right(Loss): -y*log(yhat)
 */
export const y = sym('y');

function make(name: string, expr: Expr, parameters: Record<string, Domain>, defaults: Record<string, number>): Loss {
  return Object.freeze({ _tag: 'Loss', name, expr, parameters: Object.freeze(parameters), defaults: Object.freeze(defaults) });
}

/**
 * The reference loss `ℓ = (ŷ − y)²/(y + a)` with `a > 0` (THEORY §1). `a` is the name of the parameter
 * (default `'a'`), or a number, which becomes the default value of a parameter named `a`.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.normalizedSquare();    // a from model({ parameters: { a: 1.5 } })
 * losses.normalizedSquare(1.5); // a = 1.5 unless the model overrides it
 */
export function normalizedSquare(a: string | number = 'a'): Loss {
  const name = typeof a === 'string' ? a : 'a';
  const expr = div(pow(sub(yhat, y), 2), add(y, sym(name, 'positive')));
  return make('normalizedSquare', expr, { [name]: 'positive' }, typeof a === 'number' ? { a } : {});
}

/**
 * The plain square loss `ℓ = (ŷ − y)²` (no finite left edge: THEORY §6.6).
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.square.expr; // (yhat - y)^2
 */
export const square: Loss = make('square', pow(sub(yhat, y), 2), {}, {});

/**
 * Options of {@link loss}.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.loss('(yhat - y)^4', { name: 'quartic' });
 */
export interface LossOptions {
  /** Shown by `printModel` (default `'custom'`). */
  readonly name?: string;
  /** Declared parameters and their domains; the model must give each a value in its domain. */
  readonly parameters?: Readonly<Record<string, Domain>>;
  /** Default parameter values. */
  readonly defaults?: Readonly<Record<string, number>>;
}

/**
 * A loss from an expression or text in `yhat`, `y` and parameters. Text is parsed here (syntax errors
 * are reported now); which symbols are allowed is checked by `validateModel`, against the model's parameters.
 * @category DSL
 * @since 0.1.0
 * @example
 * losses.loss('(yhat - y)^2/(y + b)', { parameters: { b: 'positive' } }); // Right(Loss)
 */
export function loss(expr: Expr | string, options: LossOptions = {}): E.Either<BbpError, Loss> {
  const parameters = { ...(options.parameters ?? {}) };
  for (const [k, domain] of Object.entries(parameters)) {
    if (k === 'yhat' || k === 'y') return E.left(invalidArgument('parameters', k, 'names other than yhat and y'));
    if (!['real', 'positive', 'nonnegative'].includes(domain)) {
      return E.left(invalidArgument(`parameters.${k}`, domain, "a domain: 'real', 'positive' or 'nonnegative'"));
    }
  }
  const parsed = typeof expr === 'string' ? parseExpression(expr) : E.right(expr);
  return E.map((e: Expr) => {
    // give declared parameters their domains wherever they occur
    const domains = Object.fromEntries(
      freeSymbols(e).filter((s) => Object.hasOwn(parameters, s.name)).map((s) => [s.name, sym(s.name, parameters[s.name])]),
    );
    return make(options.name ?? 'custom', substitute(e, domains), parameters, { ...(options.defaults ?? {}) });
  })(parsed);
}
