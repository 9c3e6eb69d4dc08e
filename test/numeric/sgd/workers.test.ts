// Several seeds on worker threads (src/cli/sgdWorkers.ts): the same runs, in seed order, for any number of
// workers, and the same as running each seed alone in this thread.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { sgdRunSeeds, type SgdSeedsTask } from '../../../src/cli/sgdWorkers.js';
import { activations } from '../../../src/dsl/index.js';
import { sgdSimulate } from '../../../src/numeric/sgd/index.js';

const TASK: SgdSeedsTask = {
  options: {
    student: activations.polynomial([0, 1, 0, 1]),
    teacher: activations.square,
    initial: { p: 2, pstar: 1, Q: Float64Array.of(0.5, 0.1, 0.1, 0.5), R: Float64Array.of(0.2, -0.1) },
    n: 120,
    eta: 0.05,
    times: [0, 0.5, 1],
  },
  seeds: [5, 6, 7, 8, 9],
  risk: true,
};

describe('seeds on worker threads', () => {
  it('1, 2 and 3 workers give identical runs, in seed order, equal to single runs', async () => {
    const one = await sgdRunSeeds(TASK, 1);
    const two = await sgdRunSeeds(TASK, 2);
    const three = await sgdRunSeeds(TASK, 3);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(one.map((r) => r.seed)).toEqual(TASK.seeds);
    const alone = sgdSimulate({ ...TASK.options, seed: 7 });
    if (E.isLeft(alone)) throw new Error(alone.left.message);
    expect(one[2]!.Q).toEqual(alone.right.Q);
    // The risk was recorded (by the ODE side's compiled risk) at every time.
    expect(one.every((r) => r.risk.length === 3 && r.risk.every(Number.isFinite))).toBe(true);
  });

  it('a bad input in a worker rejects with the typed error, not a crash', async () => {
    const bad: SgdSeedsTask = { ...TASK, options: { ...TASK.options, initial: { ...TASK.options.initial, R: Float64Array.of(2, 0) } } };
    await expect(sgdRunSeeds(bad, 2)).rejects.toThrow(/invalid R0 = \[2,0\]/);
  });
});
