/**
 * The symbolic pieces of a validated model that every back-end needs, derived once with the DSL: the loss
 * with its parameters bound and its derivatives `ℓ'`, `ℓ''` in `ŷ` (without the model's scale: the Monte
 * Carlo engine applies the scale itself), the student activation `σ` with `σ'`, `σ''`, and the teacher
 * activation `σ*`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { BbpError } from '../errors.js';
import {
  activationDerivatives, bindParameters, lossDerivatives, model as makeModel, validateModel,
  type DifferentiateOptions, type Expr, type Model, type ValidModel,
} from '../dsl/index.js';

/**
 * Options of the symbolic derivation.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: orThrow(losses.loss('(yhat - y)^2*(1 + abs(yhat - y))/(y + 1)^2')),
 * });
 * const options: SymbolOptions = { differentiate: { almostEverywhere: true } };
 * modelSymbols(m, options)._tag; // 'Right' (without options: 'Left', abs(·) needs a convention)
 */
export interface SymbolOptions {
  /**
   * Passed to `differentiate` for the loss and the student activation: conventions for non-smooth
   * functions (e.g. `{ almostEverywhere: true }`). Without one, a non-smooth function is an error.
   */
  readonly differentiate?: DifferentiateOptions;
}

/**
 * The derived expressions of a model: the loss in `yhat`, `y` with its parameters bound, the activations
 * in `z`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const s: ModelSymbols = orThrow(modelSymbols(m));
 * toText(s.lossSecond); // '2/(y + 1.5)' (unscaled ℓ'' of (yhat − y)²/(y + a) at a = 1.5)
 */
export interface ModelSymbols {
  /** The validated model the expressions come from. */
  readonly model: ValidModel;
  /** `ℓ(ŷ, y)`, parameters bound, without the scale. */
  readonly loss: Expr;
  /** `∂ℓ/∂ŷ`, parameters bound, without the scale. */
  readonly lossFirst: Expr;
  /** `∂²ℓ/∂ŷ²`, parameters bound, without the scale. */
  readonly lossSecond: Expr;
  /** Student `σ(z)`, `σ'(z)`, `σ''(z)`. */
  readonly student: {
    /** `σ(z)`. */
    readonly value: Expr;
    /** `σ'(z)`. */
    readonly first: Expr;
    /** `σ''(z)`. */
    readonly second: Expr;
  };
  /** Teacher `σ*(z)`. */
  readonly teacher: Expr;
}

/**
 * Validate a model and derive `ℓ`, `ℓ'`, `ℓ''` (parameters bound, unscaled) and `σ`, `σ'`, `σ''`
 * symbolically. Errors: the model's validation error, a non-smooth function without a convention, a
 * function without a derivative rule (with the `registerFunction` hint).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * modelSymbols(m); // Right(ModelSymbols)
 */
export function modelSymbols(m: Model, options: SymbolOptions = {}): E.Either<BbpError, ModelSymbols> {
  const valid = validateModel(m);
  if (E.isLeft(valid)) return valid;
  const v = valid.right;
  const d = options.differentiate ?? {};
  // Unscaled derivatives: the same model with scale 1 (the vertex multiplies by the scale itself).
  const unscaled = makeModel({ teacher: v.teacher, student: v.student, loss: v.loss, parameters: v.parameters, scale: 1 });
  const l = lossDerivatives(unscaled, d);
  if (E.isLeft(l)) return l;
  const s = activationDerivatives(v.student.activation, d);
  if (E.isLeft(s)) return s;
  return E.right(
    Object.freeze({
      model: v,
      loss: bindParameters(v, l.right.loss),
      lossFirst: bindParameters(v, l.right.first),
      lossSecond: bindParameters(v, l.right.second),
      student: s.right,
      teacher: v.teacher.activation.expr,
    }),
  );
}
