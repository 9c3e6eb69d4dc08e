// `bbp binary franz-parisi|alpha-le` and `bbp plot local-entropy`, in-process through main() (same parsing and
// messages as the real command): JSON on stdout with the parameters echoed; one `bbp:` line naming the flag and
// its value, status 2, for bad input.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseXml } from '../plot/xml.js';
import { inProcess as run } from './run.js';

afterEach(() => vi.restoreAllMocks());

describe('bbp binary franz-parisi', () => {
  it('one distance: JSON with the parameters, the reference and the point', () => {
    const r = run(['binary', 'franz-parisi', '--alpha', '0.6', '--kappa', '0', '--kappa-ref', '0.2', '--d', '0.05']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ alpha: 0.6, kappa: 0, kappaRef: 0.2, monotone: true, isolated: false });
    expect(json.model).toMatch(/^binary perceptron, storage/);
    expect(json.points).toHaveLength(1);
    expect(json.points[0].d).toBe(0.05);
    expect(json.points[0].converged).toBe(true);
    expect(Number.isFinite(json.points[0].phi)).toBe(true);
    expect(json.reference.q).toBeGreaterThan(0);
  });

  it('--d-range is log-spaced; --kappa-ref max resolves kappa_max(alpha)', () => {
    const r = run(['binary', 'franz-parisi', '--alpha', '0.7', '--kappa-ref', 'max', '--d-range', '0.001:0.1:3']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    const ds: number[] = json.points.map((p: { d: number }) => p.d);
    [0.001, 0.01, 0.1].forEach((d, i) => expect(Math.abs(ds[i]! - d)).toBeLessThan(1e-15));
    expect(json.kappaRef).toBeGreaterThan(0.1);
  });

  it.each([
    [['--alpha', '0', '--d', '0.1'], /^bbp: invalid alpha = 0: /],
    [['--alpha', '0.5', '--kappa', '-1', '--d', '0.1'], /^bbp: invalid kappa = -1: /],
    [['--alpha', '0.5', '--kappa-ref', '-1', '--d', '0.1'], /^bbp: invalid kappa-ref = -1: /],
    [['--alpha', '0.5', '--d', '0.7'], /^bbp: invalid d = 0.7: /],
    [['--alpha', '0.5', '--d-range', '0:0.1:3'], /^bbp: invalid d-range = "0:0.1:3": /],
    [['--alpha', 'abc', '--d', '0.1'], /^bbp: invalid alpha = "abc": /],
  ])('bad input %j → status 2 and one line naming the flag', (args, message) => {
    const r = run(['binary', 'franz-parisi', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('bbp binary alpha-le', () => {
  it.each([
    [['--kappa', '-0.5'], /^bbp: invalid kappa = -0.5: /],
    [['--alpha-tolerance', '0'], /^bbp: invalid alpha-tolerance = 0: /],
    [['--bracket', '0.5'], /^bbp: invalid bracket = "0.5": /],
    [['--d-range', '0.1:0.01'], /^bbp: invalid d-range = /],
  ])('bad input %j → status 2 and one line naming the flag', (args, message) => {
    const r = run(['binary', 'alpha-le', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('bbp plot local-entropy', () => {
  it('writes the SVG and the JSON with the exact command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbp-le-'));
    const out = join(dir, 'le.svg');
    const r = run(['plot', 'local-entropy', '--alphas', '0.7,0.8', '--d-range', '0.002:0.1:4', '--out', out]);
    expect(r.status).toBe(0);
    const doc = parseXml(readFileSync(out, 'utf8'));
    expect(doc.name).toBe('svg');
    const json = JSON.parse(readFileSync(join(dir, 'le.json'), 'utf8'));
    expect(json.command).toContain('plot local-entropy --alphas 0.7,0.8');
    expect(json.data.curves.map((c: { alpha: number }) => c.alpha)).toEqual([0.7, 0.8]);
    expect(json.data.curves.map((c: { monotone: boolean }) => c.monotone)).toEqual([true, false]);
  });
});
