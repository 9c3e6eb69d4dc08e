/** The public facade of src/binary.ts: Either results, errors naming the parameter, the convergence check. */
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  binaryPhaseDiagram, binaryRandomFeatures, binaryRfCapacity, binaryRfPlateau, binaryStabilityDensity, binaryStorage,
  binaryStorageCapacity, binaryStorageKappaMax, binaryTeacherStudent, binaryTeacherStudentTransition,
} from '../../src/binary.js';
import type { BbpError } from '../../src/errors.js';

const left = <A>(r: E.Either<BbpError, A>): BbpError => {
  if (E.isRight(r)) throw new Error('expected Left');
  return r.left;
};
const right = <A>(r: E.Either<BbpError, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe('binary facade', () => {
  it('returns Left(InvalidArgument) naming the parameter and its value', () => {
    expect(left(binaryStorage({ alpha: -1 }))).toMatchObject({ _tag: 'InvalidArgument', parameter: 'alpha', value: -1 });
    expect(left(binaryStorage({ alpha: 0.5, kappa: -0.5 }))).toMatchObject({ _tag: 'InvalidArgument', parameter: 'kappa', value: -0.5 });
    expect(left(binaryStorageCapacity({ kappa: NaN }))).toMatchObject({ parameter: 'kappa' });
    expect(left(binaryStorageKappaMax({ alpha: 0 }))).toMatchObject({ parameter: 'alpha', value: 0 });
    expect(left(binaryTeacherStudent({ alpha: Infinity }))).toMatchObject({ parameter: 'alpha' });
    expect(left(binaryRandomFeatures({ alpha: 0.5, alphaD: 0 }))).toMatchObject({ parameter: 'alphaD', value: 0 });
    expect(left(binaryRfCapacity({ alphaD: -2 }))).toMatchObject({ parameter: 'alphaD', value: -2 });
    expect(left(binaryRfPlateau({ alphaD: 1, activation: 'z^2' }))).toMatchObject({ parameter: 'activation', value: 'z^2' });
    expect(left(binaryPhaseDiagram({ alphaDs: [] }))).toMatchObject({ parameter: 'alphaDs' });
    expect(left(binaryPhaseDiagram({ alphaDs: [1, -1] }))).toMatchObject({ parameter: 'alphaDs[1]', value: -1 });
    expect(left(binaryStorage({ alpha: 0.5 }, { tolerance: 0 }))).toMatchObject({ parameter: 'tolerance' });
    expect(left(binaryStorage({ alpha: 0.5 }, { quadratureStep: 5 }))).toMatchObject({ parameter: 'quadratureStep' });
  });

  it('returns Left(NotConverged) for a missing saddle point and Left(NotFound) for an infeasible κ_max, never NaN', () => {
    const nc = left(binaryStorage({ alpha: 2.5 }));
    expect(nc._tag).toBe('NotConverged');
    expect(nc.message).toMatch(/alpha = 2.5/);
    expect(left(binaryStorageKappaMax({ alpha: 0.84 }))._tag).toBe('NotFound');
  });

  it('reports the convergence check of thresholds (< 1e-7 for the known values)', () => {
    const c = right(binaryStorageCapacity({ kappa: 0 }, { check: true }));
    expect(c.check!.toleranceChange).toBeLessThan(1e-7);
    expect(c.check!.quadratureChange).toBeLessThan(1e-7);
    const t = right(binaryTeacherStudentTransition({}, { check: true }));
    expect(Math.abs(t.alphaGD - 1.245)).toBeLessThan(5e-4);
    expect(t.check!.quadratureChange).toBeLessThan(1e-7);
    expect(right(binaryStorageCapacity({ kappa: 0 })).check).toBeUndefined();
  });

  it('stability density: rejects non-finite points naming them; plateau has α = 0 and φ = log 2', () => {
    const s = right(binaryRandomFeatures({ alpha: 0.5, alphaD: 1 }));
    expect(left(binaryStabilityDensity(s, [0, NaN]))).toMatchObject({ parameter: 'deltas[1]' });
    const p = right(binaryRfPlateau({ alphaD: 1 }));
    expect(p.alpha).toBe(0);
    expect(p.phi).toBe(Math.LN2);
    expect(p.eg).toBeLessThan(s.eg); // the widest network generalizes best at fixed data
  });
});
