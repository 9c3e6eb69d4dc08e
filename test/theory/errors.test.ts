/**
 * Bad input through the library API: every mistake comes back as `Left(InvalidArgument)` naming the
 * parameter and quoting the value — never a throw, never a `Right` with NaN inside.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { BbpError } from '../../src/errors.js';
import { overlapCurve, spectrum, threshold, type GridSpec, type RangeSpec, type TheoryOptions } from '../../src/theory.js';
import type { QuadraticModelParams } from '../../src/analytic/quadraticModel.js';

const GOOD: QuadraticModelParams = { p: 2, pstar: 1, a: 1.5 };
/** The cheapest valid model (a one-dimensional quadrature): used where validation happens after a solve. */
const CHEAP: QuadraticModelParams = { p: Infinity, pstar: 1, a: 1.5 };

/** How a number is written in a message (independent of src/errors.ts `quote`). */
function shown(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** Assert `Left(InvalidArgument)` for `parameter`, with the value quoted in the message. */
function expectInvalid(result: E.Either<BbpError, unknown>, parameter: string, value: unknown): void {
  if (E.isRight(result)) expect.fail(`expected Left for ${parameter} = ${shown(value)}, got Right`);
  const e = result.left;
  expect(e._tag).toBe('InvalidArgument');
  if (e._tag !== 'InvalidArgument') return;
  expect(e.parameter).toBe(parameter);
  expect(Object.is(e.value, value) || (Number.isNaN(e.value as number) && Number.isNaN(value as number))).toBe(true);
  expect(e.message).toContain(`${parameter} = ${shown(value)}`);
  expect(e.expected.length).toBeGreaterThan(0);
  expect(e.message).toContain(e.expected);
}

/** All three entry points with the same model. */
const entryPoints: ReadonlyArray<[string, (m: QuadraticModelParams, o?: TheoryOptions) => E.Either<BbpError, unknown>]> = [
  ['threshold', (m, o) => threshold(m, o)],
  ['spectrum', (m, o) => spectrum(m, 2, o)],
  ['overlapCurve', (m, o) => overlapCurve(m, { from: 1, to: 2, step: 0.5 }, o)],
];

describe('model parameters', () => {
  const cases: ReadonlyArray<[keyof QuadraticModelParams, number]> = [
    ['a', 0],
    ['a', -1],
    ['a', NaN],
    ['a', Infinity],
    ['a', -Infinity],
    ['p', 0],
    ['p', 2.5],
    ['p', -1],
    ['p', NaN],
    ['p', -Infinity],
    ['pstar', 0],
    ['pstar', 1.5],
    ['pstar', Infinity],
    ['pstar', -3],
    ['pstar', NaN],
    ['scale', 0],
    ['scale', -0.5],
    ['scale', NaN],
    ['scale', Infinity],
  ];
  for (const [name, run] of entryPoints) {
    it.each(cases)(`${name}: %s = %s is rejected`, (parameter, value) => {
      expectInvalid(run({ ...GOOD, [parameter]: value }), parameter, value);
    });
  }

  it('any a ≤ 0 (or NaN, or ±Infinity) is rejected, naming a', () => {
    const bad = fc.oneof(fc.double({ max: 0 }), fc.constantFrom(NaN, Infinity, -Infinity));
    fc.assert(fc.property(bad, (a) => expectInvalid(threshold({ ...GOOD, a }), 'a', a)));
  });

  it('any non-integer or non-positive p (other than +Infinity) is rejected, naming p', () => {
    const nonInteger = fc.double().filter((v) => !Number.isInteger(v) && v !== Infinity);
    const bad = fc.oneof(nonInteger, fc.integer({ max: 0 }), fc.constant(NaN));
    fc.assert(fc.property(bad, (p) => expectInvalid(threshold({ ...GOOD, p }), 'p', p)));
  });

  it('any non-integer, infinite or non-positive pstar is rejected, naming pstar', () => {
    const bad = fc.oneof(fc.double().filter((v) => !Number.isInteger(v)), fc.integer({ max: 0 }));
    fc.assert(fc.property(bad, (pstar) => expectInvalid(spectrum({ ...GOOD, pstar }, 2), 'pstar', pstar)));
  });

  it('any scale ≤ 0 is rejected, naming scale', () => {
    fc.assert(fc.property(fc.double({ max: 0 }), (scale) => expectInvalid(overlapCurve({ ...GOOD, scale }, { from: 1, to: 2, step: 1 }), 'scale', scale)));
  });

  it('the first bad parameter is named (p, pstar, a, scale in that order)', () => {
    expectInvalid(threshold({ p: 0, pstar: 0, a: 0, scale: 0 }), 'p', 0);
    expectInvalid(threshold({ p: 2, pstar: 0, a: 0, scale: 0 }), 'pstar', 0);
    expectInvalid(threshold({ p: 2, pstar: 1, a: 0, scale: 0 }), 'a', 0);
  });

  it('values of the wrong type from JavaScript callers give Left, not a throw', () => {
    expectInvalid(threshold({ ...GOOD, a: '1' as unknown as number }), 'a', '1');
    expectInvalid(threshold({ ...GOOD, p: '2' as unknown as number }), 'p', '2');
    const r = threshold({ ...GOOD, a: undefined as unknown as number });
    expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter === 'a').toBe(true);
  });
});

describe('alpha', () => {
  it.each([0, -2, NaN, Infinity, -Infinity, -0])('spectrum: alpha = %s is rejected', (alpha) => {
    expectInvalid(spectrum(GOOD, alpha), 'alpha', alpha);
  });

  it('any alpha ≤ 0 is rejected, naming alpha', () => {
    fc.assert(fc.property(fc.double({ max: 0 }), (alpha) => expectInvalid(spectrum(GOOD, alpha), 'alpha', alpha)));
  });
});

describe('ranges of alpha (overlapCurve)', () => {
  const text = (r: RangeSpec) => `${r.from}:${r.to}:${r.step}`;
  it.each<[string, RangeSpec]>([
    ['reversed', { from: 2, to: 1, step: 0.5 }],
    ['zero step', { from: 1, to: 2, step: 0 }],
    ['negative step', { from: 1, to: 2, step: -0.5 }],
    ['NaN step', { from: 1, to: 2, step: NaN }],
    ['NaN from', { from: NaN, to: 2, step: 0.5 }],
    ['infinite to', { from: 1, to: Infinity, step: 0.5 }],
    ['too many values', { from: 1, to: 2, step: 1e-6 }],
  ])('%s range is rejected', (_, range) => {
    expectInvalid(overlapCurve(GOOD, range), 'alphaRange', text(range));
  });

  it.each<[RangeSpec, number]>([
    [{ from: 0, to: 2, step: 0.5 }, 0],
    [{ from: -1, to: 2, step: 0.5 }, -1],
  ])('a range reaching alpha ≤ 0 is rejected with the bad alpha quoted', (range, bad) => {
    expectInvalid(overlapCurve(GOOD, range), 'alphaRange', bad);
  });

  it('any empty (reversed) range or non-positive step is rejected', () => {
    const reversed = fc
      .tuple(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }))
      .map(([to, gap, step]) => ({ from: to + gap, to, step }))
      .filter((r) => r.from > r.to);
    const badStep = fc
      .tuple(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ max: 0, noNaN: true }))
      .map(([from, step]) => ({ from, to: from + 1, step }));
    fc.assert(fc.property(fc.oneof(reversed, badStep), (range) => expectInvalid(overlapCurve(GOOD, range), 'alphaRange', text(range))));
  });
});

describe('density grid (spectrum)', () => {
  // Grids are validated after the edge is found: use the cheap p = inf model.
  it.each<[string, GridSpec, string, unknown]>([
    ['one point', { from: -3, to: 3, points: 1 }, 'grid.points', 1],
    ['zero points', { from: -3, to: 3, points: 0 }, 'grid.points', 0],
    ['fractional points', { from: -3, to: 3, points: 10.5 }, 'grid.points', 10.5],
    ['too many points', { from: -3, to: 3, points: 1e6 }, 'grid.points', 1e6],
    ['to = from', { from: 1, to: 1, points: 10 }, 'grid.to', 1],
    ['to < from', { from: 1, to: 0, points: 10 }, 'grid.to', 0],
    ['NaN from', { from: NaN, to: 1, points: 10 }, 'grid.from', NaN],
    ['infinite to', { from: 0, to: Infinity, points: 10 }, 'grid.to', Infinity],
  ])('%s is rejected', (_, grid, parameter, value) => {
    expectInvalid(spectrum(CHEAP, 2, { grid }), parameter, value);
  });

  it('any grid with points < 2 or to ≤ from is rejected', () => {
    const fewPoints = fc.integer({ max: 1 }).map((points) => ({ grid: { from: -1, to: 1, points }, parameter: 'grid.points', value: points as unknown }));
    const backwards = fc
      .tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }))
      .map(([from, d]) => ({ grid: { from, to: from - d, points: 11 }, parameter: 'grid.to', value: (from - d) as unknown }));
    fc.assert(
      fc.property(fc.oneof(fewPoints, backwards), ({ grid, parameter, value }) => expectInvalid(spectrum(CHEAP, 2, { grid }), parameter, value)),
      { numRuns: 20 },
    );
  });
});

describe('quadrature options', () => {
  for (const [name, run] of entryPoints) {
    it.each([0, -0.1, 1.5, 2, NaN, Infinity])(`${name}: step = %s is rejected`, (step) => {
      expectInvalid(run(GOOD, { quadrature: { step } }), 'step', step);
    });
  }

  it('cutoff and lumpBelow out of range are rejected', () => {
    expectInvalid(threshold(GOOD, { quadrature: { cutoff: 0.5 } }), 'cutoff', 0.5);
    expectInvalid(threshold(GOOD, { quadrature: { cutoff: 0 } }), 'cutoff', 0);
    expectInvalid(threshold(GOOD, { quadrature: { lumpBelow: -1 } }), 'lumpBelow', -1);
  });

  it('any step outside (0, 1] is rejected', () => {
    const bad = fc.oneof(fc.double({ max: 0 }), fc.double({ min: 1, minExcluded: true }));
    fc.assert(fc.property(bad, (step) => expectInvalid(threshold(CHEAP, { quadrature: { step } }), 'step', step)));
  });
});

describe('good input gives Right with finite numbers', () => {
  function finite(x: unknown): boolean {
    return typeof x === 'number' && Number.isFinite(x);
  }

  it('threshold for integer p in 1..64, pstar in 1..4, a in [0.05, 5]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.05, max: 5, noNaN: true }), (p, pstar, a) => {
        const r = threshold({ p, pstar, a });
        if (E.isLeft(r)) expect.fail(`threshold p=${p} pstar=${pstar} a=${a}: ${r.left.message}`);
        const t = r.right;
        expect(t.model).toEqual({ p, pstar, a, scale: 1 });
        for (const x of [t.alphaBBP, t.edge, t.g, t.gSing, t.alphaBBPInfiniteWidth]) expect(finite(x)).toBe(true);
        expect(t.alphaBBP).toBeGreaterThan(0);
        expect(t.alphaC === null || finite(t.alphaC)).toBe(true);
        expect(t.edgeKind).toBe(t.transition === 'continuous' ? 'sharp' : 'smooth');
        expect(Number.isInteger(t.quadratureNodes) && t.quadratureNodes > 0).toBe(true);
      }),
      { numRuns: 12 },
    );
  });

  it('p = inf: alphaBBP = pstar (a + 1) / 2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.double({ min: 0.05, max: 5, noNaN: true }), (pstar, a) => {
        const r = threshold({ p: Infinity, pstar, a });
        if (E.isLeft(r)) expect.fail(r.left.message);
        expect(r.right.model.p).toBe('inf');
        expect(Math.abs(r.right.alphaBBP - (pstar * (a + 1)) / 2)).toBeLessThan(1e-9 * r.right.alphaBBP);
      }),
      { numRuns: 30 },
    );
  });

  it('spectrum and overlapCurve on a valid model', () => {
    const s = spectrum(CHEAP, 2, { grid: { from: -4, to: 4, points: 9 } });
    if (E.isLeft(s)) expect.fail(s.left.message);
    expect(s.right.density.lambda).toHaveLength(9);
    expect(s.right.density.rho).toHaveLength(9);
    expect([...s.right.density.rho, s.right.m2, s.right.edge, ...s.right.moments].every(finite)).toBe(true);

    const o = overlapCurve(CHEAP, { from: 0.5, to: 3, step: 0.5 });
    if (E.isLeft(o)) expect.fail(o.left.message);
    expect(o.right.points.map((q) => q.alpha)).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    for (const q of o.right.points) {
      expect(q.m2).toBeGreaterThanOrEqual(0);
      expect(q.m2).toBeLessThanOrEqual(1);
    }
  });
});
