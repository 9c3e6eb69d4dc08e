/**
 * Strict parsing of command-line numbers, shared by every command: the whole string, plain decimal, `inf`
 * allowed; errors name the option and quote what was typed.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';

/** A plain decimal number: optional sign, digits with an optional point, optional exponent (no hex, binary, octal). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/;

/** Parse a number strictly (the whole string), naming the option in the error. */
export function number(name: string, text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'inf' || t === 'infinity' || t === '+inf' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan') return NaN;
  if (!DECIMAL.test(t)) fail(invalidArgument(name, text, 'a number'));
  const v = Number(t);
  // `1e400` overflows to Infinity: never let it pass silently for `inf` (e.g. p = inf is a different model).
  if (!Number.isFinite(v)) fail(invalidArgument(name, text, 'a number within double precision range (write inf for infinity)'));
  return v;
}

/** `from:to:x` with three numbers; `shape` describes the expected form in errors. */
export function triple(name: string, text: string, shape: string): [number, number, number] {
  const parts = text.split(':');
  if (parts.length !== 3) fail(invalidArgument(name, text, `${shape} (three numbers separated by colons)`));
  return [number(name, parts[0]!), number(name, parts[1]!), number(name, parts[2]!)];
}


/** An integer option ≥ `min`, naming the option in the error. */
export function integer(name: string, text: string, min: number): number {
  const v = number(name, text);
  if (!(Number.isSafeInteger(v) && v >= min)) fail(invalidArgument(name, text, min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`));
  return v;
}

/** A positive finite number option, naming the option in the error. */
export function positive(name: string, text: string): number {
  const v = number(name, text);
  if (!(v > 0 && Number.isFinite(v))) fail(invalidArgument(name, text, 'a positive finite number'));
  return v;
}
