/**
 * `bbp binary …` (replica-symmetric commands) and `bbp plot binary-…`, run in-process through `main()`: JSON on
 * stdout with the parameters echoed, one `bbp:` line naming the option for bad input, exit status 2.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess as run, type Run } from './run.js';

const json = (r: Run): Record<string, unknown> => {
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  const parsed = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(typeof parsed['model']).toBe('string'); // every record names its model
  return parsed;
};

describe('bbp binary (replica theory)', () => {
  it('storage, capacity, kappa-max echo their parameters and give the known values', () => {
    const s = json(run(['binary', 'storage', '--alpha', '0.5', '--kappa', '0']));
    expect(s).toMatchObject({ alpha: 0.5, kappa: 0, converged: true });
    expect(Math.abs((s['phi'] as number) - 0.31439006685)).toBeLessThan(1e-10);
    const c = json(run(['binary', 'capacity', '--check']));
    expect(Math.abs((c['alphaC'] as number) - 0.833078599)).toBeLessThan(1e-9);
    expect((c['check'] as { quadratureChange: number }).quadratureChange).toBeLessThan(1e-7);
    const k = json(run(['binary', 'kappa-max', '--alpha', '0.5']));
    expect(k['alpha']).toBe(0.5);
    expect(k['kappaMax']).toBeGreaterThan(0.4);
  });

  it('teacher-student, ts-transition, rf (with stability grid), rf-capacity, rf-plateau, phase-diagram, saddle', () => {
    const t = json(run(['binary', 'teacher-student', '--alpha', '1']));
    expect(Math.abs((t['q'] as number) - (t['R'] as number))).toBeLessThan(1e-10);
    const g = json(run(['binary', 'ts-transition']));
    expect(Math.abs((g['alphaGD'] as number) - 1.245)).toBeLessThan(5e-4);
    const r = json(run(['binary', 'rf', '--alpha', '0.5', '--alpha-d', '1', '--activation', 'tanh', '--stability-grid', '0:3:7']));
    expect(r).toMatchObject({ alpha: 0.5, alphaD: 1, kappa: 0, overparametrization: 2 });
    expect((r['features'] as { activation: string }).activation).toBe('tanh');
    expect((r['stability'] as { density: number[] }).density).toHaveLength(7);
    const rc = json(run(['binary', 'rf-capacity', '--alpha-d', '1']));
    expect(rc).toMatchObject({ alphaD: 1, kappa: 0, activation: 'sign' });
    const pl = json(run(['binary', 'rf-plateau', '--alpha-d', '1']));
    expect(pl).toMatchObject({ alpha: 0, q: 0, overparametrization: 'inf' });
    const pd = json(run(['binary', 'phase-diagram', '--alpha-d-range', '0.5:2:2']));
    expect((pd['points'] as unknown[]).length).toBe(2);
    const sp = json(run(['binary', 'saddle', '--model', 'teacher-student', '--format', 'latex']));
    expect((sp['equations'] as unknown[]).length).toBe(4);
  });

  it('bad input: one line naming the option and its value, exit status 2', () => {
    const cases: [string[], RegExp][] = [
      [['binary', 'storage', '--alpha', '0'], /^bbp: invalid alpha = 0: expected a positive finite number\n$/],
      [['binary', 'storage', '--alpha', '0.5', '--kappa', '-1'], /^bbp: invalid kappa = -1: expected a finite number >= 0\n$/],
      [['binary', 'rf', '--alpha', '0.5', '--alpha-d', '0'], /^bbp: invalid alpha-d = 0: expected a positive finite number\n$/],
      [['binary', 'rf-capacity', '--alpha-d', 'x'], /^bbp: invalid alpha-d = "x": expected a number\n$/],
      [['binary', 'rf', '--alpha', '0.5', '--alpha-d', '1', '--activation', 'z^2'], /^bbp: invalid activation = "z\^2": expected a centred feature map/],
      [['binary', 'storage', '--alpha', '3'], /^bbp: storage saddle point did not converge: no replica-symmetric solution with q < 1 at alpha = 3, kappa = 0/],
      [['binary', 'kappa-max', '--alpha', '0.9'], /^bbp: no kappaMax: alpha = 0.9 is at or above the capacity/],
      [['binary', 'storage', '--alpha', '0.5', '--quadrature-step', '2'], /^bbp: invalid quadrature-step = 2: expected a number in \(0, 1\]\n$/],
      [['binary', 'saddle', '--format', 'pdf'], /^bbp: invalid format = "pdf": expected text or latex\n$/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('bbp plot binary-phase / binary-eg', () => {
  it('write the SVG and the data beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbp-binary-'));
    const phase = json(run(['plot', 'binary-phase', '--alpha-d-range', '0.1:2:3', '--alpha-le', '0.77', '--marker', '0.5:0.7:SBPI', '--out', join(dir, 'p.svg')]));
    expect(readFileSync(phase['svg'] as string, 'utf8')).toContain('<svg');
    const data = JSON.parse(readFileSync(phase['data'] as string, 'utf8')) as { data: { line: unknown[]; markers: unknown[] } };
    expect(data.data.line).toHaveLength(3);
    expect(data.data.markers).toHaveLength(1);
    const eg = json(run(['plot', 'binary-eg', '--alpha-d', '1', '--points', '3', '--out', join(dir, 'e.svg')]));
    expect(readFileSync(eg['svg'] as string, 'utf8')).toContain('plateau');
  });
});
