// The README's "your own model" example, run by test/docs/examples.test.ts.
import { activations, compileModel, losses, model, orThrow, student, teacher, threshold } from '../../src/index.js';

export function newLoss() {
  const m = model({
    teacher: teacher({ width: 1, activation: activations.square }),
    student: student({ width: 2, activation: activations.square }),
    loss: orThrow(losses.loss('(yhat - y)^2/(y + a)^2')),
    parameters: { a: 1 },
  });
  return orThrow(threshold(orThrow(compileModel(m))));
}
