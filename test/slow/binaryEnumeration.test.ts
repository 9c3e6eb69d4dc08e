/**
 * Mid-size enumeration against the replica-symmetric storage entropy (BBP_SLOW=1 only; ~1–3 min on 2 cores):
 * storage with ±1 patterns at α = 0.5, N = 19, 21 (64 instances) and 23 (32), in worker threads. The replica value
 * is taken at each size's own α = P/N, from the independent reference of the tests. The full study (N up to
 * 25, teacher–student and random features) is scripts/validateBinary.ts.
 */
import { describe, expect, it } from 'vitest';
import { enumerateInWorkers } from '../../src/cli/binaryWorkers.js';
import { enumerationSettings } from '../../src/numeric/binary/enumerate.js';
import { replicaStorage } from '../numeric/binary/replicaStorage.js';

describe('enumeration at N = 19, 21, 23 (storage, α = 0.5)', () => {
  it.each([
    [19, 64],
    [21, 64],
    [23, 32],
  ])('N = %i (%i instances): mean log #solutions / N = φ(P/N) within 4 SE', async (n, instances) => {
    const settings = enumerationSettings({ problem: 'storage', n, alpha: 0.5, seed: 99 }, { instances });
    const report = await enumerateInWorkers(settings);
    const phi = replicaStorage(settings.spec.p / n, 0).phi;
    expect(report.solvableFraction).toBeGreaterThan(0.95);
    expect(Math.abs(report.logCountPerN.mean - phi)).toBeLessThan(4 * report.logCountPerN.standardError);
  }, 600_000);
});
