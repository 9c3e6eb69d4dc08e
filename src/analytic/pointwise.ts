/**
 * A DSL model as a {@link PointwiseModel} for the Monte Carlo Hessian: the loss, its derivatives and the
 * activations compiled once with `compileExpr` from the symbolic derivatives. Works for any widths (the
 * Monte Carlo engine needs no symmetry reduction), so it also checks models the large-N theory cannot reduce.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import { compileExpr, type CompiledExpr, type Model } from '../dsl/index.js';
import type { PointwiseModel } from '../numeric/montecarlo/pointwiseModel.js';
import { modelSymbols, type ModelSymbols, type SymbolOptions } from './modelSymbols.js';

/**
 * Compile the pieces of {@link ModelSymbols} into a `PointwiseModel` (the step shared with `compileModel`).
 * Fails (`InvalidArgument`) for an infinite student width.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const pm = orThrow(pointwiseFromSymbols(orThrow(modelSymbols(m))));
 * pm.studentOutput(Float64Array.of(1, 2)); // ŷ = (1² + 2²)/2 = 2.5
 */
export function pointwiseFromSymbols(symbols: ModelSymbols): E.Either<BbpError, PointwiseModel> {
  const m = symbols.model;
  const p = m.student.width;
  const pstar = m.teacher.width;
  if (!Number.isFinite(p)) {
    return E.left(invalidArgument('student.width', p, 'a finite width (a finite-N sample has p hidden units)'));
  }
  const ly = ['yhat', 'y'];
  const lz = ['z'];
  const compiled = E.sequenceArray([
    compileExpr(symbols.loss, ly),
    compileExpr(symbols.lossFirst, ly),
    compileExpr(symbols.lossSecond, ly),
    compileExpr(symbols.student.value, lz),
    compileExpr(symbols.student.first, lz),
    compileExpr(symbols.student.second, lz),
    compileExpr(symbols.teacher, lz),
  ]);
  if (E.isLeft(compiled)) return compiled;
  const [loss, l1, l2, s0, s1, s2, teacher] = compiled.right as readonly CompiledExpr[] as [
    CompiledExpr, CompiledExpr, CompiledExpr, CompiledExpr, CompiledExpr, CompiledExpr, CompiledExpr,
  ];
  // Argument buffers owned by the model: the methods allocate nothing.
  const pair = new Float64Array(2);
  const one = new Float64Array(1);
  const invP = 1 / p;
  const invPstar = 1 / pstar;
  return E.right(
    Object.freeze({
      p,
      pstar,
      scale: m.scale,
      teacherOutput(t: Float64Array): number {
        let s = 0;
        for (let k = 0; k < pstar; k++) {
          one[0] = t[k]!;
          s += teacher(one);
        }
        return s * invPstar;
      },
      studentOutput(z: Float64Array): number {
        let s = 0;
        for (let l = 0; l < p; l++) {
          one[0] = z[l]!;
          s += s0(one);
        }
        return s * invP;
      },
      loss(yhat: number, y: number): number {
        pair[0] = yhat;
        pair[1] = y;
        return loss(pair);
      },
      lossDerivatives(yhat: number, y: number, out: Float64Array): void {
        pair[0] = yhat;
        pair[1] = y;
        out[0] = l1(pair);
        out[1] = l2(pair);
      },
      activationDerivatives(z: number, out: Float64Array): void {
        one[0] = z;
        out[0] = s1(one);
        out[1] = s2(one);
      },
    }),
  );
}

/**
 * The Monte Carlo face of a DSL model: `ŷ = (1/p)Σσ(z_l)`, `y = (1/p*)Σσ*(t_k)`, the loss (unscaled, its
 * parameters bound) and `ℓ'`, `ℓ''`, `σ'`, `σ''` from the symbolic derivatives, with the model's scale.
 * Any finite widths; non-smooth functions need `{ differentiate: { almostEverywhere: true } }`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const pm = orThrow(pointwiseModel(m));
 * const out = new Float64Array(2);
 * pm.lossDerivatives(3, 1, out); // out = [ℓ', ℓ''] at ŷ = 3, y = 1: [2·2/2.5, 2/2.5] = [1.6, 0.8]
 */
export function pointwiseModel(m: Model, options: SymbolOptions = {}): E.Either<BbpError, PointwiseModel> {
  const symbols = modelSymbols(m, options);
  return E.isLeft(symbols) ? symbols : pointwiseFromSymbols(symbols.right);
}
