import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { orThrow } from '../../../src/errors.js';
import { binaryInstance, binaryLocalEnergy, binarySolve, binaryTrainingError, type BinaryInstanceSpec } from '../../../src/numeric/binary/index.js';
import { annealInstance, annealSettings } from '../../../src/numeric/binary/anneal.js';
import { sbpiInstance, sbpiSettings } from '../../../src/numeric/binary/sbpi.js';

const storage = (n: number, alpha: number, seed = 7): BinaryInstanceSpec => ({ problem: 'storage', n, alpha, seed });

describe('instances', () => {
  it('are reproducible from (seed, index) and differ between indices', () => {
    const a = orThrow(binaryInstance(storage(101, 0.5), 3));
    const b = orThrow(binaryInstance(storage(101, 0.5), 3));
    const c = orThrow(binaryInstance(storage(101, 0.5), 4));
    expect(Array.from(a.z)).toEqual(Array.from(b.z));
    expect(Array.from(a.z)).not.toEqual(Array.from(c.z));
    expect(a.p).toBe(51);
  });

  it('label teacher–student patterns by the teacher, so the teacher is a solution with positive stabilities', () => {
    const spec: BinaryInstanceSpec = { problem: 'teacher-student', n: 50, alpha: 2, seed: 1 };
    const inst = orThrow(binaryInstance(spec, 0));
    expect(binaryTrainingError(inst, inst.teacher!, 0)).toBe(0);
    expect(binaryTrainingError(inst, inst.teacher!.map((t) => -t), 0)).toBe(1);
  });
});

describe('simulated annealing and SBPI', () => {
  it('find solutions at low α, with zero training error', () => {
    for (const [solver, alpha] of [['anneal', 0.3], ['sbpi', 0.4]] as const) {
      const r = orThrow(binarySolve(storage(301, alpha), { solver, instances: 4 }));
      expect(r.successRate.mean).toBe(1);
      for (const run of r.instances) expect(run.trainingError).toBe(0);
    }
  });

  it('return weights that are solutions when they say so (checked from scratch)', () => {
    const inst = orThrow(binaryInstance(storage(201, 0.3), 0));
    const a = annealInstance(inst, 0, annealSettings(), 3);
    const s = sbpiInstance(inst, 0, sbpiSettings(), 3);
    for (const run of [a, s]) {
      expect(run.solved).toBe(true);
      expect(binaryTrainingError(inst, run.weights, 0)).toBe(0);
    }
    // Margin: a solution at κ = 0.3 has every stability ≥ 0.3.
    const m = sbpiInstance(inst, 0.3, sbpiSettings(), 3);
    expect(m.solved).toBe(true);
    expect(binaryTrainingError(inst, m.weights, 0.3)).toBe(0);
  });

  it('fail far above the capacity α_c ≈ 0.833', () => {
    const anneal = orThrow(binarySolve(storage(301, 1.5), { solver: 'anneal', instances: 2, anneal: { sweeps: 100 } }));
    const sbpi = orThrow(binarySolve(storage(301, 1.5), { solver: 'sbpi', instances: 2, sbpi: { maxEpochs: 100 } }));
    for (const r of [anneal, sbpi]) {
      expect(r.successRate.mean).toBe(0);
      for (const run of r.instances) expect(run.trainingError).toBeGreaterThan(0);
    }
  });
});

describe('local energy', () => {
  it('flipping every weight gives the training error of −w exactly', () => {
    const inst = orThrow(binaryInstance(storage(101, 0.7), 0));
    const w = new Int8Array(101).map((_, i) => (i % 3 === 0 ? -1 : 1));
    const profile = orThrow(binaryLocalEnergy(inst, w, { distances: [1], samples: 3 }));
    expect(profile.mean[0]).toBeCloseTo(binaryTrainingError(inst, w.map((x) => -x), 0), 15);
    expect(profile.standardError[0]).toBe(0);
  });

  it('averages the training error of random flips (checked against direct recomputation on the same draws)', () => {
    // One flip (d = 1/N): the mean over many draws must approach the average over all N single flips.
    const n = 51;
    const inst = orThrow(binaryInstance(storage(n, 0.6), 1));
    const w = new Int8Array(n).fill(1);
    let exact = 0;
    for (let i = 0; i < n; i++) {
      const v = w.slice();
      v[i] = -1;
      exact += binaryTrainingError(inst, v, 0) / n;
    }
    const p = orThrow(binaryLocalEnergy(inst, w, { distances: [1 / n], samples: 4000, seed: 2 }));
    expect(Math.abs(p.mean[0]! - exact)).toBeLessThan(4 * p.standardError[0]!);
  });

  it('is flat for SBPI solutions and sharp for annealing ones (mean ± SE over instances)', () => {
    const localEnergy = { distances: [0.01, 0.03], samples: 20 };
    const sa = orThrow(binarySolve(storage(401, 0.4), { solver: 'anneal', instances: 5, localEnergy }));
    const sbpi = orThrow(binarySolve(storage(401, 0.4), { solver: 'sbpi', instances: 5, localEnergy }));
    expect(sa.successRate.mean).toBe(1);
    expect(sbpi.successRate.mean).toBe(1);
    for (let k = 0; k < 2; k++) {
      const gap = sa.localEnergy!.mean[k]! - sbpi.localEnergy!.mean[k]!;
      const se = Math.hypot(sa.localEnergy!.standardError[k]!, sbpi.localEnergy!.standardError[k]!);
      // Measured (seed 7): gap ≈ 0.05 with se ≈ 0.004.
      expect(gap).toBeGreaterThan(4 * se);
    }
  });
});

describe('bad input', () => {
  it('names the parameter and value', () => {
    const left = (r: E.Either<{ parameter?: string; message: string }, unknown>) => (E.isLeft(r) ? r.left : null);
    expect(left(binarySolve(storage(101, 0), { solver: 'sbpi' }))).toMatchObject({ parameter: 'alpha', value: 0 });
    expect(left(binarySolve(storage(101, 0.5), { solver: 'sbpi', kappa: -1 }))).toMatchObject({ parameter: 'kappa', value: -1 });
    expect(left(binarySolve(storage(101, 0.5), { solver: 'anneal', anneal: { temperatureEnd: 5 } }))).toMatchObject({ parameter: 'temperatureEnd' });
    expect(left(binarySolve(storage(101, 0.5), { solver: 'sbpi', sbpi: { hiddenMax: 4 } }))).toMatchObject({ parameter: 'hiddenMax', value: 4 });
    expect(left(binarySolve(storage(101, 0.5), { solver: 'sbpi', localEnergy: { distances: [0.001] } }))?.message).toMatch(/round\(d·N\) ≥ 1/);
    const inst = orThrow(binaryInstance(storage(11, 0.5), 0));
    expect(left(binaryLocalEnergy(inst, new Int8Array(10).fill(1)))).toMatchObject({ parameter: 'weights.length', value: 10 });
    expect(left(binaryLocalEnergy(inst, new Int8Array(11)))).toMatchObject({ parameter: 'weights[0]', value: 0 });
  });
});
