/**
 * `bbp sgd ode|plateau|escape|landscape`, in-process through `main()` (same parsing and messages as the real
 * command, milliseconds each), plus one real process for the exit status.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inProcess as bbp } from './run.js';

const json = (args: readonly string[]): Record<string, any> => {
  const r = bbp(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
};

const userError = (args: readonly string[], pattern: RegExp): void => {
  const r = bbp(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^bbp: /);
  expect(r.stderr).toMatch(pattern);
};

describe('bbp sgd ode', () => {
  it('prints the trajectory with the parameters echoed, the predicted solution and the conserved drift', () => {
    const d = json(['sgd', 'ode', '--p', '3', '--pstar', '2', '--eta', '0.45', '--t-max', '300', '--points', '4', '--seed', '3', '--n', '500']);
    expect(d['model']).toEqual({ p: 3, pstar: 2, student: 'square', teacher: 'square' });
    expect(d).toMatchObject({ eta: 0.45, q0: 1, seed: 3, n: 500, tMax: 300, points: 4, r0Random: true, route: 'closed form', divergence: null });
    expect(d['t']).toEqual([0, 100, 200, 300]);
    expect(d['Q']).toHaveLength(4);
    expect(d['R'][0]).toHaveLength(6);
    expect(d['r0']).toHaveLength(3);
    expect(d['risk'][3]).toBeLessThan(1e-3);
    expect(Math.max(...(d['conservedDrift'] as number[]))).toBeLessThan(1e-8);
    expect(d['predictedSolution']['R']).toHaveLength(6);
  });

  it('takes --r0 and --q0 as JSON, DSL activations, and prints the derived equations', () => {
    const d = json(['sgd', 'ode', '--student', 'cube:2', '--teacher', 'square:1', '--eta', '0.1', '--q0', '[[0.5,0],[0,0.5]]', '--r0', '[[0.1],[0.05]]', '--t-max', '5', '--points', '2', '--equations', 'latex']);
    expect(d['route']).toBe('wick');
    expect(d['r0']).toEqual([[0.1], [0.05]]);
    expect(d['r0Random']).toBe(false);
    expect(d['seed']).toBeUndefined();
    expect(d['equations']['dR']).toHaveLength(2);
    expect(d['equations']['risk']).toContain('Q_{11}');
  });

  it('reports divergence with its time when η is too large', () => {
    const d = json(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', '5', '--t-max', '50', '--points', '6']);
    expect(d['divergence']['time']).toBeGreaterThanOrEqual(0);
    expect(d['divergence']['message']).toMatch(/too large/);
  });

  it('user errors: one line naming the option and its value, exit 2', () => {
    userError(['sgd', 'ode', '--p', '3', '--pstar', '2', '--eta', '0.5', '--r0', '[[1,2]]'], /invalid r0 = \[\[1,2\]\]: expected a 3×2 matrix/);
    userError(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', '0.5', '--q0', '[[1,2],[2,1]]'], /invalid q0 = \[\[1,2\],\[2,1\]\]: expected a positive definite matrix/);
    userError(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', '0.5', '--q0', '0'], /invalid q0 = 0/);
    userError(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', '0.5', '--r0', '[[0.1]'], /invalid r0 = "\[\[0.1\]": expected JSON/);
    userError(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', 'fast'], /invalid eta = "fast"/);
    userError(['sgd', 'ode', '--pstar', '1', '--eta', '1'], /missing --p \(or --student activation:width\)/);
    userError(['sgd', 'ode', '--p', '2', '--pstar', '1', '--eta', '1', '--t-max', '-3'], /invalid t-max = -3/);
    userError(['sgd', 'landscape', '--p', '2', '--pstar', '3', '--n', '10', '--point', 'solution'], /invalid p = 2: expected p ≥ pstar = 3/);
    userError(['sgd', 'landscape', '--p', '2', '--pstar', '1', '--n', '10', '--point', 'saddle'], /invalid point = "saddle"/);
    userError(['sgd', 'plateau', '--student', 'tanh:2', '--pstar', '1', '--eta', '1'], /invalid student = "tanh:2": expected the quadratic network/);
    userError(['sgd', 'plateau', '--p', '2', '--pstar', '1', '--eta', '10'], /invalid eta = 10: expected η ≤/);
  });
});

describe('bbp sgd plateau, escape, landscape', () => {
  it('plateau: closed form and ODE check', () => {
    const d = json(['sgd', 'plateau', '--p', '4', '--pstar', '2', '--eta', '1']);
    expect(d).toMatchObject({ p: 4, pstar: 2, eta: 1, n: 1000 });
    // p = 4, p* = 2, η = 1: F(q) ∝ 0.75q² − 2.25q + 1.5 = 0.75(q − 1)(q − 2), q* = 1; g = −(2/4)(0 + 1/2 − 1) = 1/4
    expect(d['qStar']).toBeCloseTo(1, 12);
    expect(d['growthRate']).toBeCloseTo(0.25, 12);
    expect(d['plateauRisk']).toBeCloseTo(0.5 * (0 + 2 / 4 + 1), 12);
    expect(d['numeric']['qStar']).toBeCloseTo(1, 8);
  });

  it('escape: curves per p with the optimal η and its slope', () => {
    const d = json(['sgd', 'escape', '--pstar', '1', '--p-range', '1,2', '--etas', '0.15:0.3:0.05', '--eta-per-p', '--seeds', '2']);
    expect(d['curves']).toHaveLength(2);
    expect(d['curves'][1]['points'].map((pt: { eta: number }) => pt.eta)).toEqual([0.3, 0.4, 0.5, 0.6]);
    expect(d).toMatchObject({ pstar: 1, seeds: 2, seed: 1, n: 1000, q0: 1 });
    expect(typeof d['optimalEtaSlope']).toBe('number');
  });

  it('landscape: counts and the explicit check', () => {
    const d = json(['sgd', 'landscape', '--p', '3', '--pstar', '2', '--n', '8', '--point', 'solution', '--check']);
    expect(d).toMatchObject({ negative: 0, null: 9, positive: 15, nullTangent: 3, nullNonTangent: 6 });
    expect(d['check']['agrees']).toBe(true);
  });
});

describe('the real process', () => {
  it('exits 2 with one bbp: line for a user error', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'sgd', 'ode', '--p', '3', '--pstar', '2', '--eta', '0.5', '--r0', '[[1,2]]'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^bbp: invalid r0 = \[\[1,2\]\]/);
    expect(r.stdout).toBe('');
  });
});
