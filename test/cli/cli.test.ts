/**
 * The real `bbp` command, run as a child process (`node --import tsx src/cli/bin.ts`): exit status,
 * stdout (JSON only) and stderr (one `bbp:` / `error:` line, no stack trace) are the ones a user sees.
 *
 * Processes cost ~0.5 s each, so every run happens once, in `beforeAll`, a few at a time; the tests
 * then only inspect the recorded results. The full matrix of bad input also runs in-process through
 * `main()` (same parsing, same messages, milliseconds each); a representative subset (`spawn: true`)
 * runs as real processes.
 */
import { availableParallelism } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { threshold } from '../../src/theory.js';
import { inProcess, spawnBbp as bbp, type Run } from './run.js';


/** Run every command line, at most `limit` at a time; results keyed by the joined arguments. */
async function runAll(commands: ReadonlyArray<readonly string[]>, limit: number): Promise<Map<string, Run>> {
  const out = new Map<string, Run>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < commands.length) {
      const args = commands[next++]!;
      out.set(args.join(' '), await bbp(args));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  return out;
}

const MODEL = ['--p', '2', '--pstar', '1', '--a', '1.5'];
const THRESHOLD = ['threshold', ...MODEL];
const THRESHOLD_CHECK = [...THRESHOLD, '--check'];
const INFINITE = ['threshold', '--p', 'inf', '--pstar', '3', '--a', '0.7'];
const SPECTRUM = ['spectrum', ...MODEL, '--alpha', '2'];
const OVERLAP = ['overlap', ...MODEL, '--alpha-range', '0.5:3:0.5'];
const HELP = ['threshold', 'spectrum', 'overlap'].map((cmd) => [cmd, '--help']);

/** Replace (or add) one option of a command line. */
function withOption(base: readonly string[], option: string, value: string): string[] {
  const args = [...base];
  const k = args.indexOf(option);
  if (k >= 0) args[k + 1] = value;
  else args.push(option, value);
  return args;
}

/** Bad input for the library: exit 2, `bbp: invalid <parameter> = <value>: expected ...`. */
interface LibraryCase {
  readonly args: readonly string[];
  readonly parameter: string;
  /** The value as quoted in the message. */
  readonly value: string;
  /** Also run as a real process. */
  readonly spawn: boolean;
}

const cheap = ['threshold', '--p', 'inf', '--pstar', '1', '--a', '1'];
const bad = (option: string, text: string, parameter: string, value: string, base: readonly string[] = cheap, spawn = false): LibraryCase => ({
  args: withOption(base, option, text),
  parameter,
  value,
  spawn,
});
const spectrumBase = ['spectrum', '--p', 'inf', '--pstar', '1', '--a', '1', '--alpha', '2'];
const overlapBase = ['overlap', '--p', 'inf', '--pstar', '1', '--a', '1', '--alpha-range', '1:2:0.5'];

const LIBRARY_CASES: readonly LibraryCase[] = [
  bad('--a', '0', 'a', '0', cheap, true),
  bad('--a', '-1', 'a', '-1'),
  bad('--a', 'nan', 'a', 'NaN'),
  bad('--a', 'inf', 'a', 'Infinity'),
  bad('--a', 'abc', 'a', '"abc"', cheap, true),
  bad('--a', '', 'a', '""'),
  bad('--a', '1.5x', 'a', '"1.5x"'),
  bad('--p', '0', 'p', '0'),
  bad('--p', '2.5', 'p', '2.5', cheap, true),
  bad('--p', '-1', 'p', '-1'),
  bad('--p', 'nan', 'p', 'NaN'),
  bad('--p', '1e400', 'p', '"1e400"', cheap, true),
  bad('--p', '0x10', 'p', '"0x10"'),
  bad('--pstar', '0', 'pstar', '0'),
  bad('--pstar', '1.5', 'pstar', '1.5'),
  bad('--pstar', 'inf', 'pstar', 'Infinity', cheap, true),
  bad('--scale', '0', 'scale', '0'),
  bad('--scale', '-2', 'scale', '-2'),
  bad('--step', '0', 'step', '0'),
  bad('--step', '5', 'step', '5', cheap, true),
  bad('--alpha', '0', 'alpha', '0', spectrumBase),
  bad('--alpha', '-2', 'alpha', '-2', spectrumBase),
  bad('--alpha', 'nan', 'alpha', 'NaN', spectrumBase, true),
  bad('--alpha', 'inf', 'alpha', 'Infinity', spectrumBase),
  bad('--alpha', 'two', 'alpha', '"two"', spectrumBase),
  bad('--grid', '1:0:10', 'grid.to', '0', spectrumBase),
  bad('--grid', '-1:1:1', 'grid.points', '1', spectrumBase),
  bad('--grid', '0:1', 'grid', '"0:1"', spectrumBase, true),
  bad('--alpha-range', '1:2', 'alpha-range', '"1:2"', overlapBase, true),
  bad('--alpha-range', '2:1:0.5', 'alpha-range', '"2:1:0.5"', overlapBase, true),
  bad('--alpha-range', '1:2:0', 'alpha-range', '"1:2:0"', overlapBase),
  bad('--alpha-range', '1:2:-0.5', 'alpha-range', '"1:2:-0.5"', overlapBase),
  bad('--alpha-range', '0:2:0.5', 'alpha-range', '0', overlapBase),
  bad('--alpha-range', '1:x:0.5', 'alpha-range', '"x"', overlapBase),
];

/** Mistakes caught by commander (`error: ...`) or missing model options (`bbp: missing --x`), mentioning `mention`. */
const COMMANDER_CASES: ReadonlyArray<{ readonly args: readonly string[]; readonly mention: string; readonly spawn: boolean }> = [
  { args: ['threshold', '--p', '2', '--pstar', '1'], mention: '--a', spawn: true },
  { args: ['threshold', '--pstar', '1', '--a', '1'], mention: '--p', spawn: false },
  { args: ['spectrum', ...MODEL], mention: '--alpha', spawn: false },
  { args: ['overlap', ...MODEL], mention: '--alpha-range', spawn: false },
  { args: [...THRESHOLD, '--bogus', '3'], mention: '--bogus', spawn: true },
  { args: [...THRESHOLD, 'extra'], mention: 'threshold', spawn: false },
  { args: ['thresh', ...MODEL], mention: 'thresh', spawn: true },
];

let runs: Map<string, Run>;
const result = (args: readonly string[]): Run => {
  const r = runs.get(args.join(' '));
  if (!r) throw new Error(`not run: ${args.join(' ')}`);
  return r;
};
const json = (args: readonly string[]): Record<string, unknown> => JSON.parse(result(args).stdout) as Record<string, unknown>;

beforeAll(async () => {
  const commands = [
    THRESHOLD,
    THRESHOLD_CHECK,
    INFINITE,
    SPECTRUM,
    OVERLAP,
    ...HELP,
    ...[...LIBRARY_CASES, ...COMMANDER_CASES].filter((c) => c.spawn).map((c) => c.args),
  ];
  runs = await runAll(commands, Math.min(4, availableParallelism()));
}, 120_000);

/** Paths of every null / non-finite-looking value in parsed JSON. */
function nullPaths(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, k) => nullPaths(v, `${path}[${k}]`));
  if (typeof value === 'object') return Object.entries(value as object).flatMap(([k, v]) => nullPaths(v, path ? `${path}.${k}` : k));
  return [];
}

const STACK_FRAME = /^\s+at\s/m;

describe('successful runs: exit 0, JSON on stdout, nothing on stderr', () => {
  it.each([THRESHOLD, THRESHOLD_CHECK, INFINITE, SPECTRUM, OVERLAP])('%j', (...args) => {
    const r = result(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout.endsWith('\n')).toBe(true);
  });

  it('threshold: the documented fields, and the same numbers as the library', () => {
    const t = json(THRESHOLD);
    expect(t.model).toEqual({ p: 2, pstar: 1, a: 1.5, scale: 1 });
    expect(typeof t.alphaBBP).toBe('number');
    expect(['continuous', 'discontinuous']).toContain(t.transition);
    expect(typeof t.edge).toBe('number');
    expect(t.edgeKind).toBe(t.transition === 'continuous' ? 'sharp' : 'smooth');
    expect(t.alphaC === null || typeof t.alphaC === 'number').toBe(true);
    expect(t).not.toHaveProperty('quadratureChange');
    // A null must be a documented null, not a NaN or Infinity that JSON.stringify turned into null.
    expect(nullPaths(t).every((p) => p === 'alphaC')).toBe(true);

    const lib = threshold({ p: 2, pstar: 1, a: 1.5 });
    if (E.isLeft(lib)) expect.fail(lib.left.message);
    expect(t).toEqual(JSON.parse(JSON.stringify(lib.right)));

    const c = json(THRESHOLD_CHECK);
    expect(typeof c.quadratureChange).toBe('number');
    expect(c.quadratureChange as number).toBeLessThan(1e-6);
    expect(c.alphaBBP).toBe(t.alphaBBP);
  });

  it('threshold --p inf: alphaBBP = pstar (a + 1) / 2', () => {
    const t = json(INFINITE);
    expect(t.model).toEqual({ p: 'inf', pstar: 3, a: 0.7, scale: 1 });
    expect(Math.abs((t.alphaBBP as number) - (3 * 1.7) / 2)).toBeLessThan(1e-9);
    expect(t.alphaBBPInfiniteWidth).toBeCloseTo(2.55, 12);
  });

  it('spectrum: density arrays of equal length, m2 in [0, 1]', () => {
    const s = json(SPECTRUM);
    expect(s.alpha).toBe(2);
    const density = s.density as { lambda: number[]; rho: number[] };
    expect(density.lambda.length).toBe(201);
    expect(density.rho.length).toBe(density.lambda.length);
    expect([...density.lambda, ...density.rho].every(Number.isFinite)).toBe(true);
    expect(density.rho.every((r) => r >= -1e-12)).toBe(true);
    expect(density.lambda.every((x, k) => k === 0 || x > density.lambda[k - 1]!)).toBe(true);
    expect(typeof s.m2).toBe('number');
    expect(s.m2 as number).toBeGreaterThanOrEqual(0);
    expect(s.m2 as number).toBeLessThanOrEqual(1);
    expect(s.moments as number[]).toHaveLength(3);
    expect(nullPaths(s).every((p) => p === 'outlier')).toBe(true);
  });

  it('overlap: 6 points for 0.5:3:0.5, outliers exactly above alphaBBP', () => {
    const o = json(OVERLAP);
    const points = o.points as Array<{ alpha: number; m2: number; outlier: number | null; edge: number; edgeKind: string }>;
    expect(points.map((q) => q.alpha)).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    const alphaBBP = o.alphaBBP as number;
    for (const q of points) {
      expect(q.m2).toBeGreaterThanOrEqual(0);
      expect(q.m2).toBeLessThanOrEqual(1);
      expect(['sharp', 'smooth']).toContain(q.edgeKind);
      if (q.alpha < alphaBBP) expect(q.outlier).toBeNull();
      else {
        expect(q.outlier).not.toBeNull();
        expect(q.outlier!).toBeLessThan(q.edge);
      }
    }
    expect(o.alphaBBP).toBe(json(THRESHOLD).alphaBBP);
  });
});

describe('bad input: non-zero exit, one line on stderr naming the parameter, nothing on stdout', () => {
  /** The checks shared by every bad input; `firstLine` must match the one (first) line of stderr. */
  function expectUserError(r: Run, firstLine: RegExp, mention: string, maxLines = 1): void {
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(maxLines);
    expect(lines[0]).toMatch(firstLine);
    expect(lines[0]).toContain(mention);
  }
  const libraryLine = (c: LibraryCase) => `invalid ${c.parameter} = ${c.value}: expected `;
  // Commander may add a second line `(Did you mean threshold?)` to an unknown command.
  const commanderLines = (c: (typeof COMMANDER_CASES)[number]) => (c.args[0] === 'thresh' ? 2 : 1);

  describe('in-process main()', () => {
    it.each(LIBRARY_CASES.map((c) => [c.args.join(' '), c] as const))('%s', (_, c) => {
      const r = inProcess(c.args);
      expectUserError(r, /^bbp: invalid /, libraryLine(c));
      expect(r.status).toBe(2);
    });
    it.each(COMMANDER_CASES.map((c) => [c.args.join(' '), c] as const))('%s', (_, c) => {
      expectUserError(inProcess(c.args), /^(error: |bbp: missing )/, c.mention, commanderLines(c));
    });
  });

  describe('real process', () => {
    it.each(LIBRARY_CASES.filter((c) => c.spawn).map((c) => [c.args.join(' '), c] as const))('%s', (_, c) => {
      expectUserError(result(c.args), /^bbp: invalid /, libraryLine(c));
    });
    it.each(COMMANDER_CASES.filter((c) => c.spawn).map((c) => [c.args.join(' '), c] as const))('%s', (_, c) => {
      expectUserError(result(c.args), /^(error: |bbp: missing )/, c.mention, commanderLines(c));
    });
    it('the exit status is that of main() (2)', () => {
      for (const c of [...LIBRARY_CASES, ...COMMANDER_CASES].filter((k) => k.spawn)) expect(result(c.args).status).toBe(2);
    });
  });
});

describe('--help documents every output field', () => {
  /** The "Output (JSON):" section of a help text. */
  function outputSection(cmd: string): string {
    const r = result([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const k = r.stdout.indexOf('Output (JSON):');
    expect(k).toBeGreaterThan(0);
    return r.stdout.slice(k);
  }
  const mentions = (text: string, field: string) => new RegExp(`(^|[^A-Za-z0-9_])${field}($|[^A-Za-z0-9_])`).test(text);
  const undocumented = (text: string, fields: Iterable<string>) => [...fields].filter((f) => !mentions(text, f));

  it('threshold (every key of a --check run, and the model echo)', () => {
    const text = outputSection('threshold');
    const out = json(THRESHOLD_CHECK);
    expect(undocumented(text, Object.keys(out))).toEqual([]);
    expect(undocumented(text, Object.keys(out.model as object))).toEqual([]);
  });

  it('spectrum (top-level keys and density.lambda / density.rho)', () => {
    const text = outputSection('spectrum');
    const out = json(SPECTRUM);
    expect(undocumented(text, Object.keys(out))).toEqual([]);
    expect(undocumented(text, Object.keys(out.density as object))).toEqual([]);
  });

  it('overlap (top-level keys and the keys of each point)', () => {
    const text = outputSection('overlap');
    const out = json(OVERLAP);
    expect(undocumented(text, Object.keys(out))).toEqual([]);
    const first = (out.points as object[])[0]!;
    expect(undocumented(text, Object.keys(first))).toEqual([]);
  });
});
