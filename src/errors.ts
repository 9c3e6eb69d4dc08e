/**
 * Typed errors. Every user mistake becomes a {@link BbpError}: a tagged union whose message names the
 * parameter and quotes the offending value, so neither the library nor the command line shows a stack trace.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';

/**
 * A bad argument: `parameter` names it, `value` quotes it, `expected` says what would be accepted.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidArgument {
  readonly _tag: 'InvalidArgument';
  readonly parameter: string;
  readonly value: unknown;
  readonly expected: string;
  readonly message: string;
}

/**
 * The model has no finite left edge (vertex eigenvalues unbounded below), so edges, outliers and
 * thresholds do not exist.
 * @category Errors
 * @since 0.1.0
 */
export interface NoFiniteEdge {
  readonly _tag: 'NoFiniteEdge';
  readonly message: string;
}

/**
 * A numerical method did not meet its tolerance; `details` carries its convergence record.
 * @category Errors
 * @since 0.1.0
 */
export interface NotConverged {
  readonly _tag: 'NotConverged';
  readonly method: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A quantity that does not exist for the given parameters (e.g. no BBP transition in the searched range).
 * @category Errors
 * @since 0.1.0
 */
export interface NotFound {
  readonly _tag: 'NotFound';
  readonly quantity: string;
  readonly message: string;
}

/**
 * Every error the library returns.
 * @category Errors
 * @since 0.1.0
 */
export type BbpError = InvalidArgument | NoFiniteEdge | NotConverged | NotFound;

/** Quote a value the way every message does: strings in quotes, numbers as written, NaN as NaN. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Build an {@link InvalidArgument}; the one wording used for every argument error.
 * @category Errors
 * @since 0.1.0
 * @example
 * invalidArgument('a', -1, 'a positive number').message
 * // => 'invalid a = -1: expected a positive number'
 */
export function invalidArgument(parameter: string, value: unknown, expected: string): InvalidArgument {
  return { _tag: 'InvalidArgument', parameter, value, expected, message: `invalid ${parameter} = ${quote(value)}: expected ${expected}` };
}

/** @category Errors @since 0.1.0 */
export function noFiniteEdge(why: string): NoFiniteEdge {
  return { _tag: 'NoFiniteEdge', message: `no finite left edge: ${why}` };
}

/** @category Errors @since 0.1.0 */
export function notConverged(method: string, why: string, details?: Record<string, unknown>): NotConverged {
  return details === undefined
    ? { _tag: 'NotConverged', method, message: `${method} did not converge: ${why}` }
    : { _tag: 'NotConverged', method, message: `${method} did not converge: ${why}`, details };
}

/** @category Errors @since 0.1.0 */
export function notFound(quantity: string, why: string): NotFound {
  return { _tag: 'NotFound', quantity, message: `no ${quantity}: ${why}` };
}

/**
 * Thrown only inside the library to leave deep numerical code; public functions catch it and return
 * `Left`. Never escapes a public function.
 * @internal
 */
export class BbpFailure extends Error {
  constructor(readonly error: BbpError) {
    super(error.message);
  }
}

/**
 * Run `f`, turning a thrown {@link BbpFailure} into `Left`. Other exceptions are bugs and propagate.
 * @internal
 */
export function attempt<A>(f: () => A): E.Either<BbpError, A> {
  try {
    return E.right(f());
  } catch (e) {
    if (e instanceof BbpFailure) return E.left(e.error);
    throw e;
  }
}

/** Throw a {@link BbpFailure} (internal). @internal */
export function fail(error: BbpError): never {
  throw new BbpFailure(error);
}

/**
 * Unwrap an Either, throwing an `Error` with the error's message on `Left`. For scripts and tests
 * that prefer exceptions.
 * @category Errors
 * @since 0.1.0
 */
export function orThrow<A>(value: E.Either<BbpError, A>): A {
  if (E.isLeft(value)) throw new Error(value.left.message);
  return value.right;
}
