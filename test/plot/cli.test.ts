// `bbp plot …` in-process: the files written (SVG + JSON beside it), the JSON summary on stdout, the exact
// command line and seeds in the data file, and one-line `bbp:` errors with status 2 for bad input.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMcAlphas } from '../../src/cli/plot.js';
import { dataPath, pretty } from '../../src/cli/output.js';
import { inProcess, type Run } from '../cli/run.js';
import { byClass, parseXml } from './xml.js';

const dir = mkdtempSync(join(tmpdir(), 'bbp-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bbp = inProcess;

interface DataFile {
  figure: string;
  command: string;
  argv: string[];
  seeds?: number[];
  data: { figure: string };
}

function expectFigure(run: Run, figure: string, svgPath: string): DataFile {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const summary = JSON.parse(run.stdout) as { figure: string; svg: string; data: string; seconds: number };
  expect(summary.figure).toBe(figure);
  expect(summary.svg).toBe(svgPath);
  expect(summary.data).toBe(dataPath(svgPath));
  expect(summary.seconds).toBeGreaterThan(0);
  const doc = parseXml(readFileSync(svgPath, 'utf8'));
  expect(byClass(doc, 'frame')).toHaveLength(1);
  const data = JSON.parse(readFileSync(summary.data, 'utf8')) as DataFile;
  expect(data.figure).toBe(figure);
  expect(data.data.figure).toBe(figure);
  return data;
}

describe('bbp plot: files, summary, command line', () => {
  it('density: SVG + JSON with the exact command line and the seeds', () => {
    const out = join(dir, 'fig', 'd.svg');
    const args = ['plot', 'density', '--p', '2', '--pstar', '1', '--a', '1.5', '--alpha', '2', '--n', '24', '--seeds', '2', '--seed', '3', '--out', out];
    const data = expectFigure(bbp(args), 'density', out);
    expect(data.argv).toEqual(args);
    expect(data.command).toBe(`bbp ${args.join(' ')}`);
    expect(data.seeds).toEqual([3, 4]);
    expect(existsSync(join(dir, 'fig', 'd.json'))).toBe(true);
  });

  it('overlap: a list of a, chosen Monte Carlo α values', () => {
    const out = join(dir, 'o.svg');
    const data = expectFigure(
      bbp(['plot', 'overlap', '--p', '2', '--pstar', '1', '--a', '0.7,1.5', '--alpha-range', '0.5:2:0.5', '--n', '16', '--seeds', '2', '--mc-alpha', '2', '--out', out]),
      'overlap',
      out,
    );
    const d = data.data as unknown as { curves: Array<{ a: number; monteCarlo: Array<{ alpha: number; seeds: number[] }> }> };
    expect(d.curves.map((c) => c.a)).toEqual([0.7, 1.5]);
    expect(d.curves[0]!.monteCarlo.map((p) => [p.alpha, p.seeds])).toEqual([[2, [1, 2]]]);
  });

  it('threshold-vs-p and phase, with default output names in the current directory', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expectFigure(bbp(['plot', 'threshold-vs-p', '--pstar', '1', '--a', '0.5,1.5', '--p-range', '1:4']), 'threshold-vs-p', join(dir, 'threshold-vs-p.svg'));
      expectFigure(bbp(['plot', 'phase', '--p', '2', '--pstar', '1', '--a-range', '0.2:2', '--points', '6', '--alpha-max', '4']), 'phase', join(dir, 'phase.svg'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('a DSL model: the compiled model’s pointwise model makes the samples', () => {
    const out = join(dir, 'dsl.svg');
    const data = expectFigure(
      bbp(['plot', 'density', '--student', 'square:2', '--teacher', 'square:1', '--loss', 'normalizedSquare', '--a', '1.5', '--alpha', '2', '--n', '16', '--seeds', '1', '--out', out]),
      'density',
      out,
    );
    const d = data.data as unknown as { monteCarlo: { eigenvalues: number } | null };
    expect(d.monteCarlo?.eigenvalues).toBe(32);
  });
});

describe('bbp plot: bad input is one bbp: line and status 2', () => {
  const cases: Array<[string, string[], string]> = [
    ['--p in threshold-vs-p', ['plot', 'threshold-vs-p', '--p', '2', '--pstar', '1', '--a', '1'], 'p'],
    ['a bad list', ['plot', 'overlap', '--p', '2', '--pstar', '1', '--a', '0.7,x', '--alpha-range', '0.5:2:0.5', '--n', '0'], 'a'],
    ['a negative N', ['plot', 'density', '--p', '2', '--pstar', '1', '--a', '1', '--alpha', '2', '--n', '-1'], 'n'],
    ['an empty a-range', ['plot', 'phase', '--p', '2', '--pstar', '1', '--a-range', '2:1'], 'a-range'],
    ['a bad model', ['plot', 'density', '--p', '2', '--pstar', '1', '--a', '-1', '--alpha', '2', '--n', '0'], 'a'],
  ];
  for (const [name, args, parameter] of cases) {
    it(name, () => {
      const run = bbp([...args, '--out', join(dir, 'bad.svg')]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^bbp: .*${parameter}`));
    });
  }
  it('writes nothing on error', () => {
    expect(existsSync(join(dir, 'bad.svg'))).toBe(false);
  });
});

describe('helpers', () => {
  it('data file name, default Monte Carlo α values, compact JSON', () => {
    expect(dataPath('/x/fig.svg')).toBe('/x/fig.json');
    expect(dataPath('fig.SVG')).toBe('fig.json');
    expect(dataPath('fig')).toBe('fig.json');
    expect(defaultMcAlphas(0.5, 4)).toEqual([1, 2.5, 4]);
    expect(defaultMcAlphas(0, 1)).toEqual([0.2, 0.6, 1]);
    expect(defaultMcAlphas(1, 1.2)).toEqual([1.05, 1.15, 1.2]);
    expect(JSON.parse(pretty({ a: [1, 2], b: { c: 'x' } }))).toEqual({ a: [1, 2], b: { c: 'x' } });
    expect(pretty({ s: [1, 2, 3] })).toBe('{\n  "s": [1, 2, 3]\n}');
  });
});
