import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../src/errors.js';
import { histogram, meanAndStandardError } from '../../src/numeric/statistics.js';

describe('meanAndStandardError', () => {
  it('gives the mean and s/√n', () => {
    const r = meanAndStandardError([1, 2, 3, 4]);
    expect(r.n).toBe(4);
    expect(r.mean).toBe(2.5);
    expect(r.standardError).toBeCloseTo(Math.sqrt(5 / 3 / 4), 14);
  });

  it('does not lose precision to a large offset', () => {
    const r = meanAndStandardError(Float64Array.of(1e9 + 1, 1e9 + 2, 1e9 + 3));
    expect(r.mean).toBe(1e9 + 2);
    expect(r.standardError).toBeCloseTo(1 / Math.sqrt(3), 9);
  });

  it('is NaN where undefined', () => {
    expect(Number.isNaN(meanAndStandardError([]).mean)).toBe(true);
    const one = meanAndStandardError([7]);
    expect(one.mean).toBe(7);
    expect(Number.isNaN(one.standardError)).toBe(true);
  });
});

describe('histogram', () => {
  it('normalizes counts by total and bin width', () => {
    expect(Array.from(histogram([0.1, 0.2, 0.7], [0, 0.5, 1]))).toEqual([4 / 3, 2 / 3]);
    // Unequal widths; the right edge belongs to the last bin; outside values and NaN count only in the total.
    const d = histogram([0, 1, 1.5, 3, 3, -1, 4, Number.NaN], [0, 1, 3]);
    expect(d[0]).toBeCloseTo(1 / 8, 15);
    expect(d[1]).toBeCloseTo(4 / (8 * 2), 15);
  });

  it('integrates to the fraction of values inside the edges', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 200 }),
        // Edges on a grid of quarters: distinct and well separated (a subnormal width would overflow the density).
        fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 12 }),
        (values, rawEdges) => {
          const edges = Float64Array.from(rawEdges, (e) => e / 4).sort();
          const d = histogram(values, edges);
          let integral = 0;
          for (let b = 0; b < d.length; b++) integral += d[b]! * (edges[b + 1]! - edges[b]!);
          const inside = values.filter((v) => v >= edges[0]! && v <= edges[edges.length - 1]!).length;
          return Math.abs(integral - inside / values.length) < 1e-9;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects bad edges, naming them', () => {
    for (const [edges, parameter] of [
      [[1], 'edges.length'],
      [[0, 1, 1], 'edges[2]'],
      [[0, Number.NaN], 'edges[1]'],
    ] as const) {
      const r = attempt(() => histogram([0.5], edges));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' && r.left.parameter).toBe(parameter);
    }
  });
});
