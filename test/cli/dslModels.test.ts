// DSL models through the command line: --loss/--student/--teacher/--param and --model files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnBbp as bbp, type Run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'bbp-'));
const file = join(dir, 'reference.json');
writeFileSync(file, JSON.stringify({ teacher: { activation: 'square', width: 1 }, student: { activation: 'square', width: 2 }, loss: 'normalizedSquare', parameters: { a: 1.5 } }));

const runs: Record<string, Run> = {};
const cases: Record<string, string[]> = {
  reference: ['threshold', '--p', '2', '--pstar', '1', '--a', '1.5'],
  file: ['threshold', '--model', file],
  newLoss: ['threshold', '--loss', '(yhat - y)^2/(y + a)^2', '--param', 'a=1', '--student', 'square:2', '--teacher', 'square:1'],
  tanh: ['spectrum', '--student', 'tanh:1', '--teacher', 'square:1', '--a', '1', '--alpha', '100', '--grid', '0:20:3'],
  squareLoss: ['threshold', '--loss', 'square', '--p', '2', '--pstar', '1'],
  parseError: ['threshold', '--loss', '(yhat - y)^2/(y + a', '--a', '1', '--p', '2', '--pstar', '1'],
  unknownSymbol: ['threshold', '--loss', '(yhat - y)^2/(y + b)', '--a', '1', '--p', '2', '--pstar', '1'],
  badWidth: ['threshold', '--student', 'tanh:x', '--teacher', 'square:1', '--a', '1'],
};

beforeAll(async () => {
  const entries = Object.entries(cases);
  for (let i = 0; i < entries.length; i += 4) {
    const batch = entries.slice(i, i + 4);
    const done = await Promise.all(batch.map(([, args]) => bbp(args)));
    batch.forEach(([name], k) => (runs[name] = done[k]!));
  }
}, 120_000);

describe('DSL models on the command line', () => {
  it('a model file of the reference model gives the hand-written result', () => {
    const ref = JSON.parse(runs['reference']!.stdout);
    const viaFile = JSON.parse(runs['file']!.stdout);
    expect(viaFile.model.reduction).toBe('rotation-invariant (r, y)');
    expect(Math.abs(viaFile.alphaBBP / ref.alphaBBP - 1)).toBeLessThan(1e-10);
    expect(viaFile.transition).toBe(ref.transition);
  });

  it('a new loss from a string', () => {
    const r = JSON.parse(runs['newLoss']!.stdout);
    expect(r.model.model).toContain('(yhat - y)^2/(y + a)^2');
    expect(r.alphaBBP).toBeGreaterThan(0);
    expect(r.alphaC).toBeNull(); // c_min is attained (at r = 0, y = a): the edge is always sharp
    expect(r.transition).toBe('continuous');
  });

  it('a tanh student reports the spike along its own weights', () => {
    const r = JSON.parse(runs['tanh']!.stdout);
    expect(r.model.reduction).toBe('scalar (p = 1)');
    expect(r.studentOutlier.lambda).toBeLessThan(r.outlier);
    expect(r.density.rho).toHaveLength(3);
  });

  it.each([
    ['squareLoss', /^bbp: no finite left edge/],
    ['parseError', /^bbp: invalid expression = .*column/],
    ['unknownSymbol', /b/],
    ['badWidth', /^bbp: invalid student = "x"/],
  ])('%s is a one-line error with status 2', (name, pattern) => {
    const r = runs[name]!;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
