/**
 * `bbp sgd simulate` and the `bbp plot sgd-…` figures, run as the real command (`node --import tsx
 * src/cli/bin.ts`, a child process: exit status, stdout JSON, one-line stderr). Every process runs once, in
 * `beforeAll`, a few at a time; the tests inspect the recorded results.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../plot/xml.js';
import { spawnBbp as bbp, type Run } from './run.js';

const OUT = mkdtempSync(path.join(tmpdir(), 'bbp-sgd-'));

const SIM = ['sgd', 'simulate', '--p', '2', '--pstar', '1', '--n', '100', '--seeds', '3', '--t-max', '1', '--points', '3', '--eta', '0.3', '--r0', '[[0.3],[0.4]]'];
const COMMANDS: Record<string, readonly string[]> = {
  one: [...SIM, '--workers', '1'],
  two: [...SIM, '--workers', '2'],
  random: ['sgd', 'simulate', '--student', 'z+z^3:2', '--teacher', 'square:1', '--n', '80', '--seeds', '2', '--t-max', '0.5', '--points', '2', '--eta', '0.05', '--q0', '0.5', '--seed', '4', '--workers', '1'],
  badShape: [...SIM, '--r0', '[[0.3,0.1],[0.4,0]]'],
  infeasible: ['sgd', 'simulate', '--p', '1', '--pstar', '1', '--n', '50', '--r0', '[[1.5]]'],
  missingN: ['sgd', 'simulate', '--p', '2', '--pstar', '1'],
  badEta: [...SIM, '--eta', '-1'],
  plot: ['plot', 'sgd-ode-vs-sim', '--p', '2', '--pstar', '1', '--n', '60', '--seeds', '2', '--t-max', '0.5', '--points', '3', '--workers', '1', '--out', path.join(OUT, 'ovs.svg')],
  conserved: ['plot', 'sgd-conserved', '--p', '2', '--pstar', '1', '--r0', '[[0.3],[0.4]]', '--t-max', '20', '--out', path.join(OUT, 'conserved.svg')],
};
const runs = new Map<string, Run>();

beforeAll(async () => {
  const names = Object.keys(COMMANDS);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      runs.set(name, await bbp(COMMANDS[name]!));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240_000);

const ok = (name: string): Record<string, unknown> => {
  const r = runs.get(name)!;
  expect(r.stderr.replace(/npm warn.*\n/g, ''), name).toBe('');
  expect(r.status, name).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('bbp sgd simulate', () => {
  it('prints the fields of bbp sgd ode from the simulation, with standard errors and the ODE beside it', () => {
    const out = ok('one');
    expect(out['model']).toEqual({ p: 2, pstar: 1, student: 'square', teacher: 'square' });
    expect(out).toMatchObject({ eta: 0.3, n: 100, q0: 1, r0: [[0.3], [0.4]], r0Random: false, seeds: [1, 2, 3], tMax: 1, points: 3 });
    expect(out['t']).toEqual([0, 0.5, 1]);
    const Q = out['Q'] as number[][];
    const R = out['R'] as number[][];
    // The simulation starts exactly at Q(0) = I, R(0) = [[0.3], [0.4]].
    [1, 0, 0, 1].forEach((v, k) => expect(Math.abs(Q[0]![k]! - v)).toBeLessThan(1e-12));
    [0.3, 0.4].forEach((v, k) => expect(Math.abs(R[0]![k]! - v)).toBeLessThan(1e-12));
    for (const key of ['risk', 'riskStandardError', 'QStandardError', 'RStandardError', 'conservedDrift', 'distanceToSolution', 'runs']) expect(out[key], key).toHaveLength(3);
    expect(out['runs']).toEqual([3, 3, 3]);
    expect(out['divergences']).toEqual([]);
    const ode = out['ode'] as { t: number[]; risk: number[]; route: string };
    expect(ode.t).toEqual(out['t']);
    expect(ode.route).toBe('closed form');
    // Same initial point, same risk function: equal risks at t = 0.
    expect((out['risk'] as number[])[0]).toBeCloseTo(ode.risk[0]!, 12);
    expect((out['predictedSolution'] as { R: number[] }).R).toHaveLength(2);
  });

  it('the output does not depend on the number of worker threads', () => {
    expect(runs.get('two')!.stdout).toBe(runs.get('one')!.stdout);
  });

  it('a DSL activation and a random R(0) from --seed, of variance 1/N', () => {
    const out = ok('random');
    expect(out['model']).toEqual({ p: 2, pstar: 1, student: 'z+z^3', teacher: 'square' });
    expect(out['r0Random']).toBe(true);
    expect((out['ode'] as { route: string }).route).toBe('wick');
    const r0 = (out['r0'] as number[][]).flat();
    expect(r0.every((v) => Math.abs(v) < 5 / Math.sqrt(80))).toBe(true);
  });

  it('user errors: one line naming the option and the value, exit status 2', () => {
    const expectError = (name: string, pattern: RegExp) => {
      const r = runs.get(name)!;
      expect(r.status, name).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'));
      expect(lines, name).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    };
    expectError('badShape', /^bbp: invalid r0 = "\[\[0\.3,0\.1\],\[0\.4,0\]\]": expected a JSON 2×1 matrix/);
    expectError('infeasible', /^bbp: invalid R\(0\) = .*positive semi-definite/);
    expectError('missingN', /^bbp: missing --n/);
    expectError('badEta', /^bbp: invalid eta = "-1"/);
  });
});

describe('bbp plot sgd-…', () => {
  it('sgd-ode-vs-sim writes a well-formed SVG and the data with the exact command and seeds', () => {
    const summary = ok('plot');
    expect(summary['figure']).toBe('sgd-ode-vs-sim');
    expect(summary['seeds']).toEqual([1, 2]);
    parseXml(readFileSync(path.join(OUT, 'ovs.svg'), 'utf8'));
    const data = JSON.parse(readFileSync(path.join(OUT, 'ovs.json'), 'utf8')) as { command: string; data: { t: number[]; ode: object } };
    expect(data.command).toBe(`bbp ${COMMANDS['plot']!.join(' ')}`);
    expect(data.data.t).toEqual([0, 0.25, 0.5]);
  });

  it('sgd-conserved from the ODE alone: drift at integration accuracy', () => {
    const summary = ok('conserved');
    expect(summary['seeds']).toEqual([]);
    expect(summary['maxDrift'] as number).toBeLessThan(1e-6);
    parseXml(readFileSync(path.join(OUT, 'conserved.svg'), 'utf8'));
  });
});
