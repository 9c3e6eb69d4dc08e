/**
 * `bbp simulate`, `bbp sweep`, `bbp sweep merge`: the real command as child processes (worker threads,
 * files, a kill mid-run) and, for bad input, in-process through `main()` (same parsing, same messages).
 * Every run happens once, in `beforeAll`; the tests inspect the recorded results.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTasks } from '../../src/cli/simulateWorkers.js';
import { orThrow, sweepRunTask, sweepTasks, type SweepRecord } from '../../src/index.js';
import { inProcess, spawnBbp as bbp, type Run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'bbp-sweep-test-'));
const file = (name: string): string => join(dir, name);

/** The records of a results file, sorted by key. */
function records(path: string): SweepRecord[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  return lines.map((l) => JSON.parse(l) as SweepRecord).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const lineCount = (path: string): number => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').length : 0);

const MODEL = ['--p', '2', '--pstar', '1', '--a', '1.5'];
// 12 tasks: N = 30 (dense) and N = 100 (Lanczos), α below and above α_BBP = 1.32.
const SWEEP = ['sweep', ...MODEL, '--alphas', '1,3', '--n', '30,100', '--seeds', '3'];
const TASKS = 12;
const SIMULATE = ['simulate', ...MODEL, '--alpha', '3', '--n', '40', '--seeds', '4'];

const runs = new Map<string, Run>();
let linesAtKill = -1;

beforeAll(async () => {
  // Real processes where they matter (worker threads, a kill); the rest in-process (one worker: synchronous).
  const spawned = Promise.all(
    ([
      ['full2', [...SWEEP, '--out', file('full2.jsonl'), '--workers', '2']],
      ['sim2', [...SIMULATE, '--workers', '2']],
    ] as const).map(async ([name, args]) => runs.set(name, await bbp(args))),
  );
  runs.set('full1', inProcess([...SWEEP, '--out', file('full1.jsonl')]));
  for (const i of [1, 2, 3]) runs.set(`shard${i}`, inProcess([...SWEEP, '--out', file(`s${i}.jsonl`), '--shard', `${i}/3`]));
  runs.set('sim1', inProcess(SIMULATE));
  runs.set('merge', inProcess(['sweep', 'merge', file('s1.jsonl'), file('s2.jsonl'), file('s3.jsonl')]));
  runs.set('summarize', inProcess(['summarize', file('full1.jsonl')]));
  // A run cut inside a line (a write interrupted by a kill): the complete lines but the last 5, and half
  // of the next one.
  const full = readFileSync(file('full1.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  const cut = full[full.length - 5]!;
  writeFileSync(file('truncated.jsonl'), `${full.slice(0, full.length - 5).join('\n')}\n${cut.slice(0, cut.length >> 1)}`);
  runs.set('truncated', inProcess([...SWEEP, '--out', file('truncated.jsonl')]));
  await spawned;
  // Killed as soon as the first record is on disk, then resumed.
  let poll: ReturnType<typeof setInterval> | undefined;
  const killed = await bbp([...SWEEP, '--out', file('killed.jsonl')], (kill) => {
    poll = setInterval(() => {
      if (lineCount(file('killed.jsonl')) >= 1) {
        clearInterval(poll);
        kill();
        linesAtKill = lineCount(file('killed.jsonl'));
      }
    }, 5);
  });
  clearInterval(poll);
  expect(killed.status).toBeNull(); // ended by the signal
  runs.set('resumed', inProcess([...SWEEP, '--out', file('killed.jsonl')]));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (name: string): Run => runs.get(name)!;
const json = (name: string): Record<string, unknown> => JSON.parse(run(name).stdout) as Record<string, unknown>;
/** The summary proper: without the fields that say which file or run it came from. */
const summaryOf = (name: string): unknown => {
  const { out, files, shard, tasks, computed, resumed, ...rest } = json(name);
  return rest;
};

describe('bbp sweep (real processes)', () => {
  it('every run exits 0 with JSON on stdout and nothing on stderr (not a TTY: no progress bar)', () => {
    for (const [name, r] of runs) {
      expect(r.stderr, name).toBe('');
      expect(r.status, name).toBe(0);
      expect(() => JSON.parse(r.stdout), name).not.toThrow();
    }
  });

  it('gives the same records with 1 and 2 worker threads', () => {
    const one = records(file('full1.jsonl'));
    expect(one.length).toBe(TASKS);
    expect(records(file('full2.jsonl'))).toEqual(one);
    expect(summaryOf('full2')).toEqual(summaryOf('full1'));
  });

  it('shards 1/3, 2/3, 3/3 partition the tasks, and merged equal the unsharded run', () => {
    const parts = ['s1', 's2', 's3'].map((s) => records(file(`${s}.jsonl`)));
    expect(parts.map((p) => p.length)).toEqual([4, 4, 4]);
    expect(parts.flat().sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(records(file('full1.jsonl')));
    expect(summaryOf('merge')).toEqual(summaryOf('full1'));
    expect(summaryOf('summarize')).toEqual(summaryOf('full1'));
    expect(json('shard2')).toMatchObject({ shard: '2/3', tasks: 4, computed: 4, resumed: 0 });
  });

  it('a run killed mid-sweep loses no finished record and, resumed, ends identical to an uninterrupted one', () => {
    expect(linesAtKill).toBeGreaterThanOrEqual(1);
    expect(linesAtKill, 'killed before the end').toBeLessThan(TASKS);
    expect(records(file('killed.jsonl'))).toEqual(records(file('full1.jsonl')));
    const r = json('resumed');
    expect(r['computed']).toBeLessThanOrEqual(TASKS - linesAtKill);
    expect((r['resumed'] as number) + (r['computed'] as number)).toBe(TASKS);
    expect(summaryOf('resumed')).toEqual(summaryOf('full1'));
  });

  it('a truncated last line is cut off and its task run again', () => {
    expect(json('truncated')).toMatchObject({ tasks: TASKS, computed: 5, resumed: 7 });
    expect(records(file('truncated.jsonl'))).toEqual(records(file('full1.jsonl')));
    expect(readFileSync(file('truncated.jsonl'), 'utf8')).toMatch(/\}\n$/);
  });

  it('the summary carries the theory beside the simulation for every (α, N)', () => {
    const s = json('full1') as { model: unknown; rows: Array<{ alpha: number; n: number; samples: number; theory: { outlier: number | null }; bottom: { theory: number } }> };
    expect(s.model).toEqual({ p: 2, pstar: 1, a: 1.5, scale: 1 });
    expect(s.rows.map((r) => [r.alpha, r.n, r.samples])).toEqual([[1, 30, 3], [1, 100, 3], [3, 30, 3], [3, 100, 3]]);
    expect(s.rows[0]!.theory.outlier).toBeNull();
    expect(s.rows[2]!.bottom.theory).toBe(s.rows[2]!.theory.outlier);
  });
});

describe('bbp simulate (real processes)', () => {
  it('prints the same summary with 1 and 2 worker threads', () => {
    const { seconds: _a, workers: w1, ...one } = json('sim1');
    const { seconds: _b, workers: w2, ...two } = json('sim2');
    expect([w1, w2]).toEqual([1, 2]);
    expect(two).toEqual(one);
    expect(one).toMatchObject({ model: { p: 2, pstar: 1, a: 1.5, scale: 1 }, alpha: 3, n: 40, m: 120, seeds: 4, seed: 1, k: 4, samples: 4 });
  });
});

describe('worker threads started from the TypeScript sources inside vitest', () => {
  it('return the records of the same tasks run in this thread', async () => {
    const model = { p: 2, pstar: 1, a: 1.5 };
    const tasks = orThrow(sweepTasks(model, { alphas: [2], ns: [30, 100], seeds: 2 }));
    const got: SweepRecord[] = [];
    await runTasks(tasks, { p: '2', pstar: '1', a: '1.5', scale: '1', param: [] }, 2, (r) => got.push(r));
    expect(got.sort((a, b) => a.key.localeCompare(b.key))).toEqual(tasks.map((t) => orThrow(sweepRunTask(model, t))).sort((a, b) => a.key.localeCompare(b.key)));
  }, 120_000);

  it('reject with the message of a task that fails in a worker', async () => {
    const tasks = orThrow(sweepTasks({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [30], seeds: 1 }));
    // A model the worker cannot build (a < 0): the error comes back as a one-line message.
    await expect(runTasks(tasks, { p: '2', pstar: '1', a: '-1', scale: '1', param: [] }, 2, () => undefined)).rejects.toThrow(/^invalid a = -1/);
  }, 120_000);
});

describe('bad input: one line `bbp: …` naming the parameter and value, exit 2', () => {
  beforeAll(() => {
    // A results file of another sweep (a = 0.7) for the --out check.
    expect(inProcess(['sweep', '--p', '2', '--pstar', '1', '--a', '0.7', '--alphas', '2', '--n', '10', '--seeds', '1', '--out', file('other.jsonl')]).status).toBe(0);
    writeFileSync(file('garbage.jsonl'), '{"not": "a record"}\n');
  });

  const RUN = [...MODEL, '--seeds', '2'];
  const cases: Array<[string, string[], RegExp]> = [
    ['k ≥ N·p', ['simulate', ...RUN, '--alpha', '2', '--n', '10', '--k', '20'], /^bbp: invalid k = 20: expected an integer with 1 ≤ k < N·p = 20/],
    ['k < 1', ['simulate', ...RUN, '--alpha', '2', '--n', '10', '--k', '0'], /^bbp: invalid k = 0:/],
    ['α·N < 1', ['simulate', ...RUN, '--alpha', '0.04', '--n', '10'], /^bbp: invalid alpha = 0\.04: expected α·N ≥ 1/],
    ['N not an integer', ['simulate', ...RUN, '--alpha', '2', '--n', '10.5'], /^bbp: invalid n = 10\.5: expected an integer ≥ 2/],
    ['N < 2', ['simulate', ...RUN, '--alpha', '2', '--n', '1'], /^bbp: invalid n = 1: expected an integer ≥ 2/],
    ['N not a number', ['simulate', ...RUN, '--alpha', '2', '--n', 'ten'], /^bbp: invalid n = "ten": expected a number/],
    ['seeds < 1', ['simulate', ...MODEL, '--seeds', '0', '--alpha', '2', '--n', '10'], /^bbp: invalid seeds = 0: expected an integer ≥ 1/],
    ['missing --seeds', ['simulate', ...MODEL, '--alpha', '2', '--n', '10'], /^bbp: missing --seeds/],
    ['workers < 1', ['simulate', ...RUN, '--alpha', '2', '--n', '10', '--workers', '0'], /^bbp: invalid workers = "0"/],
    ['p = inf', ['simulate', '--p', 'inf', '--pstar', '1', '--a', '1', '--seeds', '2', '--alpha', '2', '--n', '10'], /^bbp: invalid p = "inf": expected a finite student width/],
    ['shard 0/2', ['sweep', ...RUN, '--alphas', '2', '--n', '10', '--out', file('x.jsonl'), '--shard', '0/2'], /^bbp: invalid shard = "0\/2"/],
    ['shard 3/2', ['sweep', ...RUN, '--alphas', '2', '--n', '10', '--out', file('x.jsonl'), '--shard', '3/2'], /^bbp: invalid shard = "3\/2"/],
    ['shard a/b', ['sweep', ...RUN, '--alphas', '2', '--n', '10', '--out', file('x.jsonl'), '--shard', 'a/b'], /^bbp: invalid shard = "a\/b"/],
    ['both alpha lists', ['sweep', ...RUN, '--alphas', '2', '--alpha-range', '1:2:0.5', '--n', '10', '--out', file('x.jsonl')], /^bbp: invalid alpha-range = "1:2:0.5": expected either --alphas or --alpha-range/],
    ['no alphas', ['sweep', ...RUN, '--n', '10', '--out', file('x.jsonl')], /^bbp: missing --alphas/],
    ['missing --out', ['sweep', ...RUN, '--alphas', '2', '--n', '10'], /^bbp: missing --out/],
    ['bad alpha-range', ['sweep', ...RUN, '--alpha-range', '2:1:0.5', '--n', '10', '--out', file('x.jsonl')], /^bbp: invalid alpha-range = "2:1:0.5"/],
    ['--out of another sweep', ['sweep', ...RUN, '--alphas', '2', '--n', '10', '--out', file('other.jsonl')], /^bbp: invalid out = ".*other\.jsonl": expected a results file of this sweep or a new file/],
    ['--out not a results file', ['sweep', ...RUN, '--alphas', '2', '--n', '10', '--out', file('garbage.jsonl')], /^bbp: invalid out = ".*garbage\.jsonl": expected a results file of bbp sweep \(line 1: format/],
    ['merge of two sweeps', ['sweep', 'merge', file('other.jsonl'), file('full1.jsonl')], /^bbp: invalid file = .*: expected files of one sweep/],
    ['merge of a missing file', ['sweep', 'merge', file('nope.jsonl')], /^bbp: invalid file = ".*nope\.jsonl": expected a readable file/],
    ['non-convergence', ['simulate', ...RUN, '--alpha', '2', '--n', '10', '--tolerance', '1e-30'], /^bbp: dense eigensolver did not converge: seed 1: residuals .* against tolerance 1e-30/],
  ];

  it.each(cases)('%s', (_, args, message) => {
    const before = existsSync(file('other.jsonl')) ? statSync(file('other.jsonl')).size : -1;
    const r = inProcess(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bbp: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    // a refused --out file is left as it was
    expect(statSync(file('other.jsonl')).size).toBe(before);
  });

  it('creates no output file when the input is refused', () => {
    expect(existsSync(file('x.jsonl'))).toBe(false);
  });
});
