// The experiment core and its public facade: task lists, shards, records, summaries, errors, and a seeded
// statistical check of `simulate` against the large-N theory.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { BbpError } from '../../src/errors.js';
import {
  activations,
  compileModel,
  losses,
  model,
  orThrow,
  simulate,
  spectrum,
  student,
  sweepParseShard,
  sweepRun,
  sweepRunTask,
  sweepSummarize,
  sweepTasks,
  teacher,
  type SweepRecord,
  type SweepSpec,
} from '../../src/index.js';

const MODEL = { p: 2, pstar: 1, a: 1.5 };

function left<A>(r: E.Either<BbpError, A>): BbpError {
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
}

/** Mean and standard error computed here, independently of the library's statistics. */
function meanSe(xs: readonly number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

const byKey = (rs: readonly SweepRecord[]) => [...rs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

describe('sweep tasks', () => {
  const spec: SweepSpec = { alphas: [1, 2.5], ns: [20, 30], seeds: 3, seed: 5 };
  const tasks = orThrow(sweepTasks(MODEL, spec));

  it('are α × N × seeds in a fixed order with stable keys and every parameter', () => {
    expect(tasks.map((t) => t.key)).toEqual([
      ...[20, 30].flatMap((n) => [5, 6, 7].map((s) => `alpha=1,n=${n},seed=${s}`)),
      ...[20, 30].flatMap((n) => [5, 6, 7].map((s) => `alpha=2.5,n=${n},seed=${s}`)),
    ]);
    expect(tasks.map((t) => t.index)).toEqual(tasks.map((_, i) => i));
    expect(tasks[0]).toMatchObject({ alpha: 1, n: 20, seed: 5, p: 2, pstar: 1, k: 4, tolerance: 1e-8, model: { p: 2, pstar: 1, a: 1.5, scale: 1 } });
    expect(orThrow(sweepTasks(MODEL, spec))).toEqual(tasks);
  });

  it('shards i/3 partition the list (disjoint, complete, round-robin)', () => {
    const shards = [1, 2, 3].map((index) => orThrow(sweepTasks(MODEL, spec, { shard: { index, count: 3 } })));
    const keys = shards.flatMap((s) => s.map((t) => t.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(tasks.map((t) => t.key).sort());
    shards.forEach((s, i) => expect(s.map((t) => t.index % 3)).toEqual(s.map(() => i)));
  });

  it('parse i/n and reject 0/2, 3/2, a/b and other malformed specs, naming shard', () => {
    expect(sweepParseShard('2/8')).toEqual(E.right({ index: 2, count: 8 }));
    expect(sweepParseShard(' 1 / 1 ')).toEqual(E.right({ index: 1, count: 1 }));
    for (const bad of ['0/2', '3/2', 'a/b', '1/0', '1', '1/2/3', '-1/2', '1.5/2', '']) {
      const e = left(sweepParseShard(bad));
      expect(e._tag === 'InvalidArgument' && e.parameter, bad).toBe('shard');
      expect(e.message).toContain(JSON.stringify(bad));
    }
    const e = left(sweepTasks(MODEL, spec, { shard: { index: 0, count: 2 } }));
    expect(e._tag === 'InvalidArgument' && e.parameter).toBe('shard');
  });

  it.each([
    ['k ≥ N·p', { k: 40 }, 'k', 40],
    ['k < 1', { k: 0 }, 'k', 0],
    ['k not an integer', { k: 1.5 }, 'k', 1.5],
    ['α·N < 1', { alphas: [0.01] }, 'alpha', 0.01],
    ['α ≤ 0', { alphas: [-1] }, 'alpha', -1],
    ['N not an integer', { ns: [20.5] }, 'n', 20.5],
    ['N < 2', { ns: [1] }, 'n', 1],
    ['seeds < 1', { seeds: 0 }, 'seeds', 0],
    ['seeds not an integer', { seeds: 2.5 }, 'seeds', 2.5],
    ['seed < 0', { seed: -1 }, 'seed', -1],
    ['tolerance ≤ 0', { tolerance: 0 }, 'tolerance', 0],
  ] as const)('rejects %s, naming the parameter and its value', (_, patch, parameter, value) => {
    const e = left(sweepTasks(MODEL, { ...spec, ns: [20], ...patch } as SweepSpec));
    expect(e._tag).toBe('InvalidArgument');
    if (e._tag !== 'InvalidArgument') return;
    expect(e.parameter).toBe(parameter);
    expect(e.value).toBe(value);
    // simulate reports the same errors
    const s = left(simulate(MODEL, { alpha: (patch as { alphas?: number[] }).alphas?.[0] ?? 1, n: (patch as { ns?: number[] }).ns?.[0] ?? 20, seeds: 2, ...patch }));
    expect(s._tag === 'InvalidArgument' && s.parameter).toBe(parameter);
  });

  it('rejects p = inf (no finite-N Hessian)', () => {
    const e = left(sweepTasks({ p: Infinity, pstar: 1, a: 1 }, spec));
    expect(e._tag === 'InvalidArgument' && e.parameter).toBe('p');
  });
});

describe('records and summaries', () => {
  const spec: SweepSpec = { alphas: [1, 3], ns: [40, 100], seeds: 3 };
  const full = orThrow(sweepRun(MODEL, spec));

  it('every record carries its parameters, seed, model, theory and convergence, and is plain JSON', () => {
    expect(full.records.length).toBe(12);
    for (const r of full.records) {
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      expect(r).toMatchObject({ format: 'bbpkit-sweep/1', p: 2, pstar: 1, k: 4, model: { p: 2, pstar: 1, a: 1.5, scale: 1 }, converged: true });
      expect(r.m).toBe(Math.round(r.alpha * r.n));
      expect(r.method).toBe(2 * r.n >= 200 ? 'lanczos' : 'dense');
      expect(r.bottom.length).toBe(4);
      for (const x of r.residuals) expect(x).toBeLessThanOrEqual(1e-8);
    }
  });

  it('the summary theory fields equal spectrum() at each α (λ_- without outlier, λ* with one)', () => {
    const rows = full.summary!.rows;
    expect(rows.map((r) => [r.alpha, r.n])).toEqual([[1, 40], [1, 100], [3, 40], [3, 100]]);
    const theory = new Map([1, 3].map((alpha) => [alpha, orThrow(spectrum(MODEL, alpha))]));
    for (const row of rows) {
      const s = theory.get(row.alpha)!;
      expect(row.theory).toEqual({ edge: s.edge, edgeKind: s.edgeKind, outlier: s.outlier, m2: s.m2 });
      expect(row.bottom.theory).toBe(s.outlier ?? s.edge);
      expect(row.overlap.theory).toBe(s.m2);
    }
    // α = 1 is below α_BBP = 1.32 (no outlier), α = 3 above.
    expect(rows[0]!.theory).toMatchObject({ outlier: null, m2: 0 });
    expect(rows[2]!.bottom.theory).toBeLessThan((rows[2]!.theory as { edge: number }).edge);
  });

  it('the statistics are the means ± standard errors of the records (recomputed here)', () => {
    for (const row of full.summary!.rows) {
      const rs = full.records.filter((r) => r.alpha === row.alpha && r.n === row.n);
      const edge = (row.theory as { edge: number }).edge;
      const check = (est: { mean: number; standardError: number; n: number }, xs: number[]) => {
        const [m, se] = meanSe(xs);
        expect(est.mean).toBeCloseTo(m, 12);
        expect(est.standardError).toBeCloseTo(se, 12);
        expect(est.n).toBe(xs.length);
      };
      check(row.bottom, rs.map((r) => r.bottom[0]!));
      check(row.overlap, rs.map((r) => r.overlaps[0]!));
      check(row.cluster.bottom, rs.map((r) => (r.bottom[0]! + r.bottom[1]!) / 2));
      check(row.cluster.overlap, rs.map((r) => (r.overlaps[0]! + r.overlaps[1]!) / 2));
      check(row.gap!, rs.map((r) => row.n ** (2 / 3) * (r.bottom[0]! - edge)));
      check(row.phi, rs.map((r) => r.phi));
      expect(row.bottom.z).toBeCloseTo((row.bottom.mean - row.bottom.theory!) / row.bottom.standardError, 12);
      expect(row.samples).toBe(3);
      expect(row.unconverged).toEqual([]);
    }
  });

  it('shards 1/3, 2/3, 3/3 merged give the records and summary of the unsharded run', () => {
    const parts = [1, 2, 3].map((index) => orThrow(sweepRun(MODEL, spec, { shard: { index, count: 3 } })).records);
    const merged = parts.flat();
    expect(byKey(merged)).toEqual(byKey(full.records));
    // any order, shard files overlapping (a record twice) still summarize the same
    expect(orThrow(sweepSummarize([...parts[2]!, ...parts[0]!, ...parts[1]!, ...parts[0]!]))).toEqual(full.summary);
  });

  it('a task re-run alone gives the same record (no dependence on the rest of the run)', () => {
    const tasks = orThrow(sweepTasks(MODEL, spec));
    expect(orThrow(sweepRunTask(MODEL, tasks[7]!))).toEqual(full.records[7]);
  });

  it('skips done keys and reports each finished record', () => {
    const seen: string[] = [];
    const skip = new Set(full.records.slice(0, 5).map((r) => r.key));
    const rest = orThrow(sweepRun(MODEL, spec, { skip, onRecord: (r, done, total) => seen.push(`${r.key} ${done}/${total}`) }));
    expect(rest.records).toEqual(full.records.slice(5));
    expect(seen.at(-1)).toBe(`${full.records.at(-1)!.key} 7/7`);
  });

  it('refuses records of different sweeps, conflicting records under one key, and no records', () => {
    const other = orThrow(sweepRun({ ...MODEL, a: 0.7 }, { ...spec, ns: [40], seeds: 1 })).records;
    let e = left(sweepSummarize([...full.records, ...other]));
    expect(e._tag === 'InvalidArgument' && e.parameter).toBe('records');
    const forged = { ...full.records[0]!, bottom: [0, 0, 0, 0] };
    e = left(sweepSummarize([...full.records, forged]));
    expect(e._tag === 'InvalidArgument' && e.parameter).toBe('records');
    expect(e.message).toContain(forged.key);
    e = left(sweepSummarize([]));
    expect(e._tag === 'InvalidArgument' && e.parameter).toBe('records');
  });
});

describe('non-convergence', () => {
  // A residual bound below rounding (‖H‖·ε ≈ 1e-15 here) cannot be met: the dense path (p·N < 200) then
  // reports converged: false at once.
  const spec: SweepSpec = { alphas: [2], ns: [30], seeds: 2, tolerance: 1e-30 };

  it('is recorded in the record and left out of the summary statistics', () => {
    const { records, summary } = orThrow(sweepRun(MODEL, spec));
    expect(records.map((r) => r.converged)).toEqual([false, false]);
    expect(summary!.rows[0]).toMatchObject({ samples: 0, unconverged: [1, 2] });
  });

  it('is an error from simulate, naming the seed', () => {
    const e = left(simulate(MODEL, { alpha: 2, n: 30, seeds: 2, tolerance: 1e-30 }));
    expect(e._tag).toBe('NotConverged');
    expect(e.message).toMatch(/seed 1/);
  });

  // Lanczos spends its 1000 restarts first (≈ 10 s): in the slow run only.
  it.runIf(process.env['BBP_SLOW'])('of Lanczos (p·N ≥ 200) is an error from simulate too', () => {
    const e = left(simulate(MODEL, { alpha: 0.05, n: 100, seeds: 1, tolerance: 1e-30 }));
    expect(e._tag === 'NotConverged' && e.method).toBe('Lanczos');
  }, 60_000);
});

describe('simulate against the theory (seeded; tolerance from the measured standard error)', () => {
  // p = 2, p* = 1, a = 1.5, α = 3 > α_BBP = 1.32: a 2-fold outlier λ* with overlap m². At finite N the pair
  // splits; its mean is unbiased, while the bottom member alone is biased low (and its overlap high):
  // test/montecarlo/README.md. Asserted: |z| ≤ 3 for the pair means and the bottom eigenvalue.
  const r = orThrow(simulate(MODEL, { alpha: 3, n: 150, seeds: 16, seed: 101 }));
  const s = orThrow(spectrum(MODEL, 3));

  it('is converged, with parameters echoed', () => {
    expect(r).toMatchObject({ alpha: 3, n: 150, m: 450, p: 2, pstar: 1, k: 4, samples: 16, unconverged: [] });
    expect(r.seeds).toEqual(Array.from({ length: 16 }, (_, i) => 101 + i));
    expect(r.records.length).toBe(16);
  });

  it('pair means of eigenvalue and overlap agree with λ* and m²', () => {
    expect(r.cluster.size).toBe(2);
    expect(r.cluster.bottom.theory).toBe(s.outlier);
    expect(r.cluster.overlap.theory).toBe(s.m2);
    expect(Math.abs(r.cluster.bottom.z!), JSON.stringify(r.cluster.bottom)).toBeLessThanOrEqual(3);
    expect(Math.abs(r.cluster.overlap.z!), JSON.stringify(r.cluster.overlap)).toBeLessThanOrEqual(3);
    expect(Math.abs(r.bottom.z!), JSON.stringify(r.bottom)).toBeLessThanOrEqual(3);
  });

  it('the N-scaled gap agrees with N^{2/3}(λ* − λ_-) < 0: the outlier sits below the edge', () => {
    const expected = 150 ** (2 / 3) * (s.outlier! - s.edge);
    expect(expected).toBeLessThan(0);
    expect(Math.abs(r.gap!.mean - expected)).toBeLessThanOrEqual(3 * r.gap!.standardError);
  });
});

describe('the shard files kept as fixtures (used by the guide)', () => {
  // Written by `bbp sweep --p 2 --pstar 1 --a 1.5 --alphas 1,3 --n 40 --seeds 3 --shard i/2`.
  const read = (i: number): SweepRecord[] =>
    readFileSync(new URL(`./fixtures/shard-${i}.jsonl`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as SweepRecord);

  it('are the two shards of that sweep, and recomputing their tasks gives the same records', () => {
    const spec: SweepSpec = { alphas: [1, 3], ns: [40], seeds: 3 };
    const tasks = orThrow(sweepTasks(MODEL, spec));
    const stored = [...read(1), ...read(2)];
    expect(stored.map((r) => r.key).sort()).toEqual(tasks.map((t) => t.key).sort());
    for (const r of stored) {
      const again = orThrow(sweepRunTask(MODEL, tasks.find((t) => t.key === r.key)!));
      // Same code, same seed: equal up to rounding of another Node/V8 version's Math.log.
      expect(Math.max(...again.bottom.map((x, j) => Math.abs(x - r.bottom[j]!)))).toBeLessThan(1e-9);
      expect(Math.max(...again.overlaps.map((x, j) => Math.abs(x - r.overlaps[j]!)))).toBeLessThan(1e-9);
      expect({ ...again, bottom: 0, overlaps: 0, residuals: 0, iterations: 0 }).toEqual({ ...r, bottom: 0, overlaps: 0, residuals: 0, iterations: 0 });
    }
    expect(orThrow(sweepSummarize(stored)).records).toBe(6);
  });
});

describe('simulate: a student spike at the bottom', () => {
  it('reports the teacher comparison as unavailable instead of a misleading z (tanh student, p = 1)', () => {
    const tanhModel = orThrow(compileModel(model({
      teacher: teacher({ width: 1, activation: activations.square }),
      student: student({ width: 1, activation: activations.tanh }),
      loss: losses.normalizedSquare(1),
    })));
    const spike = orThrow(spectrum(tanhModel, 30, { points: 2 })).studentOutlier!.lambda;
    const r = orThrow(simulate(tanhModel, { alpha: 30, n: 60, seeds: 2 }));
    expect('unavailable' in r.theory && r.theory.unavailable).toMatch(/student's own weights/);
    expect(r.bottom.theory).toBeNull();
    // The sampled bottom eigenvalue is indeed near the spike, far below the bulk edge.
    expect(Math.abs(r.bottom.mean - spike)).toBeLessThan(0.25 * Math.abs(spike));
  });
});
