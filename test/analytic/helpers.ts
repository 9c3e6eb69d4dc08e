/**
 * Shared by the tests of src/analytic: Either unwrapping and the models compiled in several files.
 */
import { right } from '../dsl/either.js';
import { activations, losses, model, student, teacher, type Model } from '../../src/dsl/index.js';


/** The reference model of THEORY §1 stated in the DSL. */
export function referenceModel(p: number, pstar: number, a: number, scale = 1): Model {
  return model({
    teacher: teacher({ width: pstar, activation: activations.square }),
    student: student({ width: p, activation: activations.square }),
    loss: losses.normalizedSquare(a),
    scale,
  });
}

/** New model (i): quadratic network, loss `(ŷ − y)²/(y + a)²` parsed from text, p = 2, p* = 1, a = 1. */
export function squaredDenominatorModel(a = 1): Model {
  const loss = right(losses.loss('(yhat - y)^2/(y + a)^2', { name: 'squaredDenominator', parameters: { a: 'positive' } }));
  return model({
    teacher: teacher({ width: 1, activation: activations.square }),
    student: student({ width: 2, activation: activations.square }),
    loss,
    parameters: { a },
  });
}

/** New model (ii): tanh student p = 1 on a quadratic teacher p* = 1, reference loss, a = 1. */
export function tanhStudentModel(a = 1): Model {
  return model({
    teacher: teacher({ width: 1, activation: activations.square }),
    student: student({ width: 1, activation: activations.tanh }),
    loss: losses.normalizedSquare(a),
  });
}

/** |a − b| ≤ tol·max(|b|, floor). */
export function closeRel(a: number, b: number, tol: number, floor = 0): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), floor);
}

export { left, right } from '../dsl/either.js';
