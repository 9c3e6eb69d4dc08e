import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../../src/errors.js';
import { quadraticReferenceModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';

describe('quadraticReferenceModel', () => {
  it('computes the committee outputs (1/p)Σz² and (1/p*)Σt²', () => {
    const model = quadraticReferenceModel({ p: 2, pstar: 3, a: 1 });
    expect(model.studentOutput(Float64Array.of(1, 2))).toBe(2.5);
    expect(model.teacherOutput(Float64Array.of(1, 1, 2))).toBe(2);
    expect(model.scale).toBe(1);
    expect(quadraticReferenceModel({ p: 1, pstar: 1, a: 1, scale: 0.5 }).scale).toBe(0.5);
  });

  it('loss derivatives match central finite differences of the loss', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (yhat, y, a) => {
          const model = quadraticReferenceModel({ p: 1, pstar: 1, a });
          const out = new Float64Array(2);
          model.lossDerivatives(yhat, y, out);
          const h = 1e-4;
          const d1 = (model.loss(yhat + h, y) - model.loss(yhat - h, y)) / (2 * h);
          const d2 = (model.loss(yhat + h, y) - 2 * model.loss(yhat, y) + model.loss(yhat - h, y)) / (h * h);
          return Math.abs(out[0]! - d1) < 1e-6 * (1 + Math.abs(d1)) && Math.abs(out[1]! - d2) < 1e-4 * (1 + Math.abs(d2));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('activation derivatives of z² are 2z and 2', () => {
    const out = new Float64Array(2);
    quadraticReferenceModel({ p: 1, pstar: 1, a: 1 }).activationDerivatives(-1.5, out);
    expect(Array.from(out)).toEqual([-3, 2]);
  });

  it('names the bad parameter', () => {
    const cases: Array<[Record<string, number>, string]> = [
      [{ p: 0 }, 'p'],
      [{ pstar: 1.5 }, 'pstar'],
      [{ a: 0 }, 'a'],
      [{ a: Number.NaN }, 'a'],
      [{ scale: Number.POSITIVE_INFINITY }, 'scale'],
    ];
    for (const [change, parameter] of cases) {
      const r = attempt(() => quadraticReferenceModel({ p: 2, pstar: 1, a: 1, ...change }));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' ? r.left.parameter : 'accepted').toBe(parameter);
    }
  });
});
