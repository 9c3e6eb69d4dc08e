/**
 * What every `bbp` command shares on the way out: turning a library error into a user-facing failure that
 * names the command-line option, JSON on stdout, and the files a figure writes.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { BbpFailure, invalidArgument, type BbpError } from '../errors.js';

/**
 * The value of a `Right`; a `Left` becomes a `BbpFailure` (one line `bbp: …`, exit 2). An `InvalidArgument`
 * whose library parameter (`alphaD`, or an element `etas[3]`) has a different option name in `options`
 * (`alpha-d`) is renamed so the message points at what the user typed.
 */
export function unwrap<A>(result: E.Either<BbpError, A>, options: Readonly<Record<string, string>> = {}): A {
  if (E.isRight(result)) return result.right;
  const e = result.left;
  if (e._tag === 'InvalidArgument') {
    const option = options[e.parameter] ?? options[e.parameter.replace(/\[\d+\]$/, '')];
    if (option !== undefined && option !== e.parameter) throw new BbpFailure(invalidArgument(option, e.value, e.expected));
  }
  throw new BbpFailure(e);
}

/** One JSON document on stdout, indented by two spaces; infinities print as `"inf"`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v), 2)}\n`);
}

/** JSON with two-space indentation, arrays of numbers and strings on one line. */
export function pretty(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value).replace(/,/g, ', ');
    return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The command line as typed, quoted for a POSIX shell. */
export function commandLine(cmd: Command): { argv: string[]; text: string } {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const argv = [...((root as unknown as { rawArgs?: string[] }).rawArgs ?? [])];
  const quote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return { argv, text: ['bbp', ...argv.map(quote)].join(' ') };
}

/** `fig.svg` → `fig.json`; any other name gets `.json` appended. */
export function dataPath(svgPath: string): string {
  return /\.svg$/i.test(svgPath) ? svgPath.replace(/\.svg$/i, '.json') : `${svgPath}.json`;
}

/** What a figure command writes. */
export interface FigureOutput {
  /** Figure name, also the default file name `<figure>.svg`. */
  readonly figure: string;
  /** `--out`, if given. */
  readonly out: string | undefined;
  /** The command being run, for the command line recorded beside the figure. */
  readonly cmd: Command;
  /** The SVG, or a function of the command line (put into the SVG's description). */
  readonly svg: string | ((command: string) => string);
  /** The figure's data, written beside it as JSON. */
  readonly data: object;
  /** Fields added to both the JSON file and the printed summary (model, seeds, …). */
  readonly extra?: Record<string, unknown>;
  /** `performance.now()` when the command started. */
  readonly started: number;
}

/** Write the SVG and its data (with the exact command line) beside it, and print a short summary. */
export function writeFigure(output: FigureOutput): void {
  const { figure, cmd, data, extra = {}, started } = output;
  const svgPath = resolve(output.out ?? `${figure}.svg`);
  const jsonPath = dataPath(svgPath);
  const { argv, text } = commandLine(cmd);
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, typeof output.svg === 'string' ? output.svg : output.svg(text));
  writeFileSync(jsonPath, `${JSON.stringify({ figure, command: text, argv, ...extra, data }, null, 1)}\n`);
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  process.stdout.write(`${pretty({ figure, svg: svgPath, data: jsonPath, seconds, ...extra })}\n`);
}
