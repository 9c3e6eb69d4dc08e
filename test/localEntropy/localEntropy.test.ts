import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alphaLE, franzParisi } from '../../src/localEntropy.js';
import { binaryStorageKappaMax } from '../../src/binary.js';

const right = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

describe('franzParisi (facade)', () => {
  it("κ_max references: monotone φ_FP(d) at α = 0.65 < α_LE, non-monotone at α = 0.8 > α_LE (κ = 0)", () => {
    const dGrid = [0.001, 0.003, 0.01, 0.03, 0.1];
    const below = right(franzParisi({ alpha: 0.65, kappa: 0, kappaRef: 'max', dGrid }));
    const above = right(franzParisi({ alpha: 0.8, kappa: 0, kappaRef: 'max', dGrid }));
    // the reference is the storage solver's κ_max(α)
    expect(Math.abs(below.kappaRef - right(binaryStorageKappaMax({ alpha: 0.65 })).kappaMax)).toBeLessThan(1e-12);
    expect(below.monotone).toBe(true);
    expect(below.points.every((p) => p.slope > 0)).toBe(true);
    expect(above.monotone).toBe(false);
    expect(Math.min(...above.points.map((p) => p.slope))).toBeLessThan(0);
    expect(below.points.map((p) => p.d)).toEqual(dGrid);
  });

  it('typical references (κ̃ = κ = 0) are isolated: φ_FP < 0 at the smallest d', () => {
    const r = right(franzParisi({ alpha: 0.5, kappa: 0, dGrid: [0.001, 0.02] }));
    expect(r.kappaRef).toBe(0);
    expect(r.isolated).toBe(true);
    expect(r.points[0]!.phi).toBeLessThan(0);
    expect(r.points[1]!.phi).toBeGreaterThan(0);
  });

  it('check: doubled quadrature and tolerance / 100 move φ_FP by < 1e-10', () => {
    const r = right(franzParisi({ alpha: 0.7, kappa: 0, kappaRef: 0.1, d: 0.01 }, { check: true }));
    expect(r.check!.quadratureChange).toBeLessThan(1e-10);
    expect(r.check!.toleranceChange).toBeLessThan(1e-10);
  });

  it('a saddle point that runs to q → 1 is NotConverged naming d (or dropped with skipUnconverged)', () => {
    const bad = franzParisi({ alpha: 0.5, kappa: 0, d: 0.0002 });
    expect(E.isLeft(bad) && bad.left._tag).toBe('NotConverged');
    expect(E.isLeft(bad) && bad.left.message).toMatch(/runs to q -> 1 .* at d = 0.0002/);
    const skipped = right(franzParisi({ alpha: 0.5, kappa: 0, dGrid: [0.0002, 0.01] }, { skipUnconverged: true }));
    expect(skipped.unconverged).toEqual([0.0002]);
    expect(skipped.points.map((p) => p.d)).toEqual([0.01]);
  });

  it.each([
    [{ alpha: 0, kappa: 0, d: 0.1 }, 'alpha'],
    [{ alpha: -1, kappa: 0, d: 0.1 }, 'alpha'],
    [{ alpha: 0.5, kappa: -0.1, d: 0.1 }, 'kappa'],
    [{ alpha: 0.5, kappa: 0, kappaRef: -0.2, d: 0.1 }, 'kappaRef'],
    [{ alpha: 0.5, kappa: 0, d: 0.7 }, 'd'],
    [{ alpha: 0.5, kappa: 0, d: 0 }, 'd'],
    [{ alpha: 0.5, kappa: 0, dGrid: [0.1, 0.51] }, 'dGrid[1]'],
    [{ alpha: 0.5, kappa: 0 }, 'd'],
    [{ alpha: 0.5, kappa: Number.NaN, d: 0.1 }, 'kappa'],
  ])('bad input %j → InvalidArgument naming %s', (input, parameter) => {
    const r = franzParisi(input as never);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left._tag).toBe('InvalidArgument');
      expect(r.left.message.startsWith(`invalid ${parameter} = `)).toBe(true);
    }
  });

  it("kappaRef: 'max' beyond the capacity is NotFound", () => {
    const r = franzParisi({ alpha: 0.9, kappa: 0, kappaRef: 'max', d: 0.1 });
    expect(E.isLeft(r) && r.left._tag).toBe('NotFound');
  });
});

describe('alphaLE (facade): bad input', () => {
  it.each([
    [-0.1, {}, 'kappa'],
    [0, { alphaTolerance: 0 }, 'alphaTolerance'],
    [0, { dRange: [0.1, 0.01] as const }, 'dRange'],
    [0, { bracket: [0.5, 0.9] as const }, 'bracket'],
    [0, { scanPoints: 2 }, 'scanPoints'],
  ])('kappa = %s, %j → InvalidArgument naming %s', (kappa, options, parameter) => {
    const r = alphaLE(kappa, options);
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidArgument');
    expect(E.isLeft(r) && r.left.message.startsWith(`invalid ${parameter} = `)).toBe(true);
  });

  it('a bracket on which the criterion does not change sign is NotFound', () => {
    const r = alphaLE(0, { bracket: [0.6, 0.65], scanPoints: 4, alphaTolerance: 0.01 });
    expect(E.isLeft(r) && r.left._tag).toBe('NotFound');
  });
});
