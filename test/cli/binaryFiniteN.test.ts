/**
 * `bbp binary enumerate|anneal|sbpi|local-energy` and `bbp plot binary-local-energy|binary-success`: real
 * processes (`node --import tsx src/cli/bin.ts`) for the outputs, run once in `beforeAll`, a few at a time;
 * bad input in-process through `main()` (the checks run before any asynchronous work).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enumerateInWorkers } from '../../src/cli/binaryWorkers.js';
import { main } from '../../src/cli/main.js';
import { orThrow } from '../../src/errors.js';
import { enumerationSettings } from '../../src/numeric/binary/enumerate.js';
import { binaryEnumerate } from '../../src/numeric/binary/index.js';
import { spawnBbp as bbp, type Run } from './run.js';

const OUT = mkdtempSync(join(tmpdir(), 'bbp-binary-'));

/** Real processes: the worker threads of a real run, and the exit status of a bad input. */
const SPAWNED = {
  enumerate: ['binary', 'enumerate', '--n', '13', '--alpha', '0.5', '--instances', '3', '--seed', '4', '--workers', '2'],
  badSpawned: ['binary', 'enumerate', '--n', '12', '--alpha', '0.5'],
} as const;

/** In-process runs through `main()` (single-threaded, `--workers 1`): the output is printed once the (already computed) promise settles. */
const IN_PROCESS = {
  teacherStudent: ['binary', 'enumerate', '--problem', 'teacher-student', '--n', '12', '--alpha', '1', '--instances', '2', '--workers', '1'],
  sbpi: ['binary', 'sbpi', '--n', '101', '--alpha', '0.2,1.5', '--instances', '2', '--max-epochs', '50', '--workers', '1'],
  localEnergy: ['binary', 'local-energy', '--n', '101', '--alpha', '0.3', '--instances', '2', '--distances', '0.02,0.05', '--samples', '5', '--workers', '1'],
  plotLocal: ['plot', 'binary-local-energy', '--n', '101', '--alpha', '0.3', '--instances', '2', '--samples', '5', '--workers', '1', '--out', join(OUT, 'le.svg')],
  plotSuccess: ['plot', 'binary-success', '--n', '101', '--alpha', '0.2,1.5', '--instances', '2', '--max-epochs', '30', '--workers', '1', '--out', join(OUT, 'success.svg')],
} as const;

type Key = keyof typeof SPAWNED | keyof typeof IN_PROCESS;
const runs = new Map<Key, Run>();

/** `main(args)` with stdout and stderr captured, after the command's promise has settled. */
async function inProcess(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const status = main([...args]);
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  const spawned = Promise.all((Object.keys(SPAWNED) as (keyof typeof SPAWNED)[]).map(async (key) => runs.set(key, await bbp(SPAWNED[key]))));
  for (const key of Object.keys(IN_PROCESS) as (keyof typeof IN_PROCESS)[]) runs.set(key, await inProcess(IN_PROCESS[key]));
  await spawned;
}, 180_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const json = (key: Key): Record<string, unknown> => {
  const run = runs.get(key)!;
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

describe('bbp binary enumerate', () => {
  it('prints the library report, computed in worker threads, with parameters and seeds', () => {
    const { model, ...out } = json('enumerate');
    const expected = orThrow(binaryEnumerate({ problem: 'storage', n: 13, alpha: 0.5, seed: 4 }, { instances: 3 }));
    expect(out).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(model).toBe('storage: ±1 patterns, random labels; N = 13, P = 7, kappa = 0');
    expect(out['parameters']).toMatchObject({ problem: 'storage', n: 13, alpha: 0.5, p: 7, kappa: 0, seed: 4, indices: [0, 1, 2] });
  });

  it('reports eg and the barycenter error for teacher–student (even N allowed with Gaussian inputs)', () => {
    const out = json('teacherStudent') as { eg: { mean: number }; egBarycenter: { mean: number } };
    expect(out.eg.mean).toBeGreaterThan(0);
    expect(out.eg.mean).toBeLessThan(0.5);
    expect(out.egBarycenter.mean).toBeLessThanOrEqual(out.eg.mean);
  });
});

describe('bbp binary sbpi / local-energy', () => {
  it('gives the success rate at each alpha', () => {
    const out = json('sbpi') as { alphas: number[]; points: { successRate: { mean: number }; parameters: { alpha: number; seed: number } }[] };
    expect(out.alphas).toEqual([0.2, 1.5]);
    expect(out.points.map((p) => p.successRate.mean)).toEqual([1, 0]);
    expect(out.points[0]!.parameters.seed).toBe(1);
  });

  it('gives a profile per solver', () => {
    const out = json('localEnergy') as { profiles: { parameters: { solver: string }; localEnergy: { distances: number[]; mean: number[] } }[] };
    expect(out.profiles.map((p) => p.parameters.solver)).toEqual(['anneal', 'sbpi']);
    for (const p of out.profiles) {
      expect(p.localEnergy.distances).toEqual([0.02, 0.05]);
      expect(p.localEnergy.mean[0]).toBeLessThan(p.localEnergy.mean[1]!);
    }
  });
});

describe('bbp plot binary-*', () => {
  it('writes the SVG and its data', () => {
    for (const [key, file] of [['plotLocal', 'le'], ['plotSuccess', 'success']] as const) {
      const out = json(key);
      expect(out['svg']).toBe(join(OUT, `${file}.svg`));
      expect(existsSync(join(OUT, `${file}.svg`))).toBe(true);
      expect(readFileSync(join(OUT, `${file}.svg`), 'utf8')).toMatch(/^<svg/);
      const data = JSON.parse(readFileSync(join(OUT, `${file}.json`), 'utf8')) as { seed: number; command: string; data: unknown };
      expect(data.seed).toBe(1);
      expect(data.command).toBe(['bbp', ...IN_PROCESS[key]].join(' '));
    }
  });
});

describe('worker threads from the TypeScript source', () => {
  it('give the same results as the calling thread', async () => {
    const settings = enumerationSettings({ problem: 'random-features', n: 11, alpha: 0.6, seed: 3 }, { instances: 3 });
    expect(await enumerateInWorkers(settings, { workers: 2 })).toEqual(await enumerateInWorkers(settings, { workers: 1 }));
  });
});

describe('bad input', () => {
  const run = (args: string[]): { status: number; stderr: string } => {
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      stderr += String(s);
      return true;
    });
    try {
      return { status: main(args), stderr };
    } finally {
      spy.mockRestore();
    }
  };

  it.each([
    [['binary', 'enumerate', '--n', '12', '--alpha', '0.5'], 'bbp: invalid n = 12: expected an odd number with sign features (so that no stability is exactly 0)'],
    [['binary', 'enumerate', '--n', '31', '--alpha', '0.5'], 'bbp: invalid n = 31: expected at most 30 for exhaustive enumeration (2^n vectors)'],
    [['binary', 'enumerate', '--n', '11', '--alpha', '0.5', '--kappa', '-0.5'], 'bbp: invalid kappa = -0.5: expected a finite margin ≥ 0'],
    [['binary', 'enumerate', '--n', '11', '--alpha', '0'], 'bbp: invalid alpha = 0: expected a finite number > 0'],
    [['binary', 'sbpi', '--alpha', '0.5,-1'], 'bbp: invalid alpha = -1: expected a finite number > 0'],
    [['binary', 'anneal', '--alpha', '0.5', '--t-end', '2'], 'bbp: invalid t-end = 2: expected a number in (0, temperatureStart = 0.1]'],
    [['binary', 'enumerate', '--problem', 'random-features', '--n', '11', '--alpha', '0.5', '--alpha-d', '0'], 'bbp: invalid alpha-d = 0: expected a finite number > 0'],
    [['binary', 'enumerate', '--problem', 'nope', '--alpha', '0.5'], 'bbp: invalid problem = "nope": expected one of storage, teacher-student, random-features'],
    [['binary', 'local-energy', '--alpha', '0.5', '--solvers', 'sa'], 'bbp: invalid solvers = "sa": expected one of anneal, sbpi'],
  ])('%j → exit 2, one line naming the parameter', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('as a real process: exit status 2, no stack trace', () => {
    const r = runs.get('badSpawned')!;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bbp: invalid n = 12: expected an odd number with sign features (so that no stability is exactly 0)\n');
  });
});
