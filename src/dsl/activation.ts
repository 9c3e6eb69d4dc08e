/**
 * Activations: expressions in the preactivation `z`. Import as a namespace (`activations.square`) —
 * the names `square`, `tanh`, `erf` also exist as losses or functions.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import { checkFunctions, getFunction } from './functions.js';
import { add, call, freeSymbols, functionsOf, mul, pow, sym, type Expr } from './expr.js';
import { parseExpression } from './nerdamer.js';

/**
 * An activation `σ(z)`; `smooth` is false when it applies a non-smooth function (e.g. `relu`).
 * @category DSL
 * @since 0.1.0
 * @example
 * const a: Activation = activations.tanh; // { name: 'tanh', expr: tanh(z), smooth: true }
 */
export interface Activation {
  /** Discriminant. */
  readonly _tag: 'Activation';
  /** Shown by `printModel` and in results. */
  readonly name: string;
  /** `σ(z)`, an expression in `z` only. */
  readonly expr: Expr;
  /** False when `expr` applies a non-smooth function (then derivatives need a convention). */
  readonly smooth: boolean;
}

/**
 * The preactivation symbol `z` every activation is written in.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.activation('cubic', add(pow(activations.z, 3), activations.z)); // Right(Activation)
 */
export const z = sym('z');

function make(name: string, expr: Expr): Activation {
  const smooth = functionsOf(expr).every((f) => getFunction(f)?.smooth !== false);
  return Object.freeze({ _tag: 'Activation', name, expr, smooth });
}

/**
 * `σ(z) = z²`, the reference activation.
 * @category DSL
 * @since 0.1.0
 * @example
 * student({ width: 2, activation: activations.square });
 */
export const square: Activation = make('square', pow(z, 2));

/**
 * `σ(z) = z³`.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.cube.expr; // z^3
 */
export const cube: Activation = make('cube', pow(z, 3));

/**
 * `σ(z) = tanh z`.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.tanh.expr; // tanh(z)
 */
export const tanh: Activation = make('tanh', call('tanh', z));

/**
 * `σ(z) = erf z`.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.erf.expr; // erf(z)
 */
export const erf: Activation = make('erf', call('erf', z));

/**
 * `σ(z) = max(0, z)`: non-smooth, so its derivatives need a convention (`{ almostEverywhere: true }`).
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.relu.smooth; // false
 */
export const relu: Activation = make('relu', call('relu', z));

/**
 * `σ(z) = c₀ + c₁ z + c₂ z² + …` from the coefficients `[c₀, c₁, c₂, …]`.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.polynomial([0, 1, 0.5]).expr; // z + 0.5*z^2
 */
export function polynomial(coefficients: readonly number[]): Activation {
  return make('polynomial', add(...coefficients.map((c, k) => mul(c, pow(z, k)))));
}

/**
 * Check that an activation is an expression in `z` only, over registered functions.
 * @internal
 * @category DSL
 * @since 0.1.0
 * @example
 * checkActivationExpr(mul(sym('w'), z), 'student.activation'); // Left: invalid symbol in student.activation = "w"
 */
export function checkActivationExpr(expr: Expr, where: string): E.Either<BbpError, Expr> {
  for (const s of freeSymbols(expr)) {
    if (s.name !== 'z') {
      return E.left(invalidArgument(`symbol in ${where}`, s.name, 'z only (an activation is a function of its preactivation z)'));
    }
  }
  return checkFunctions(expr);
}

/**
 * A named activation from an expression or text in `z`.
 * @category DSL
 * @since 0.1.0
 * @example
 * activations.activation('softsign', 'z/(1 + abs(z))'); // Right(Activation), smooth: false
 */
export function activation(name: string, expr: Expr | string): E.Either<BbpError, Activation> {
  if (typeof name !== 'string' || name.trim() === '') return E.left(invalidArgument('name', name, 'a non-empty string'));
  const parsed = typeof expr === 'string' ? parseExpression(expr, ['z']) : checkActivationExpr(expr, `activation ${name}`);
  return E.map((e: Expr) => make(name, e))(parsed);
}
