// BBP_SLOW: a mid-size version of `npm run validate:sgd` (scripts/validateSgd.ts, same code): the seed-averaged
// finite-N SGD simulation against the ODE for the quadratic network (p = 3, p* = 2) and σ = σ* = z + z³, at
// N = 500 and 2000 with 16 seeds each on two worker threads (a few minutes on a busy machine).
import { describe, expect, it } from 'vitest';
import { MODELS, validateModel } from '../../scripts/validateSgd.js';

describe.each(MODELS.map((m) => [m.name, m] as const))('%s: simulation → ODE as N grows', (_name, model) => {
  it('within 6 standard errors at N = 2000 (every entry, every time) and the distance shrinking from N = 500', async () => {
    const { distances } = await validateModel(model, [500, 2000], [16, 16], 2);
    const [small, large] = distances as [(typeof distances)[0], (typeof distances)[0]];
    expect(small.divergences + large.divergences).toBe(0);
    expect(large.maxAbsZ, JSON.stringify(large)).toBeLessThan(6);
    // The noise of the mean alone halves from N = 500 to 2000.
    expect(large.distance, JSON.stringify(distances)).toBeLessThan(small.distance);
  }, 900_000);
});
