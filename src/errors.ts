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
 * @example
 * invalidArgument('a', -1, 'a positive finite number');
 * // { _tag: 'InvalidArgument', parameter: 'a', value: -1, expected: 'a positive finite number',
 * //   message: 'invalid a = -1: expected a positive finite number' }
 */
export interface InvalidArgument {
  /** Discriminant of {@link BbpError}. */
  readonly _tag: 'InvalidArgument';
  /** The parameter, as the caller knows it (`a`, `grid.points`, `alpha-range`, `student.activation`, …). */
  readonly parameter: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What would have been accepted, in words. */
  readonly expected: string;
  /** `invalid <parameter> = <value>: expected <expected>`: one line, ready to show. */
  readonly message: string;
}

/**
 * The model has no finite left edge (vertex eigenvalues unbounded below), so edges, outliers and
 * thresholds do not exist.
 * @category Errors
 * @since 0.1.0
 * @example
 * // the plain square loss: c → −∞ as y → ∞
 * compileModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.square,
 * }));
 * // Left({ _tag: 'NoFiniteEdge', message: 'no finite left edge: the vertex eigenvalues of loss square … are unbounded below as y → +∞: …' })
 */
export interface NoFiniteEdge {
  /** Discriminant of {@link BbpError}. */
  readonly _tag: 'NoFiniteEdge';
  /** `no finite left edge: <why>`, naming the model and where its vertex is unbounded below. */
  readonly message: string;
}

/**
 * A numerical method did not meet its tolerance; `details` carries its convergence record.
 * @category Errors
 * @since 0.1.0
 * @example
 * notConverged('brent', 'no sign change').message; // 'brent did not converge: no sign change'
 */
export interface NotConverged {
  /** Discriminant of {@link BbpError}. */
  readonly _tag: 'NotConverged';
  /** The numerical method that failed. */
  readonly method: string;
  /** `<method> did not converge: <why>`. */
  readonly message: string;
  /** The method's convergence record (iterations, residual, bracket, …), when it has one. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A quantity that does not exist for the given parameters (e.g. no BBP transition in the searched range).
 * @category Errors
 * @since 0.1.0
 * @example
 * notFound('BBP transition', 'no outlier below the bulk').message; // 'no BBP transition: no outlier below the bulk'
 */
export interface NotFound {
  /** Discriminant of {@link BbpError}. */
  readonly _tag: 'NotFound';
  /** What does not exist (`BBP transition`, `left edge`, …). */
  readonly quantity: string;
  /** `no <quantity>: <why>`. */
  readonly message: string;
}

/**
 * Every error the library returns: a tagged union on `_tag`. Public functions return it as the `Left` of
 * an fp-ts `Either`; the command line prints its `message` as `bbp: <message>` and exits with status 2.
 * @category Errors
 * @since 0.1.0
 * @example
 * const r = threshold({ p: 0, pstar: 1, a: 1 });
 * if (r._tag === 'Left') console.log(r.left._tag, r.left.message); // InvalidArgument invalid p = 0: expected a positive integer or inf
 */
export type BbpError = InvalidArgument | NoFiniteEdge | NotConverged | NotFound;

/**
 * Quote a value the way every message does: strings in quotes, numbers as written, NaN as NaN.
 * @internal
 */
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

/**
 * Build a {@link NoFiniteEdge}: the model's vertex eigenvalues are unbounded below.
 * @category Errors
 * @since 0.1.0
 * @example
 * noFiniteEdge('c → −∞ as y → ∞').message; // 'no finite left edge: c → −∞ as y → ∞'
 */
export function noFiniteEdge(why: string): NoFiniteEdge {
  return { _tag: 'NoFiniteEdge', message: `no finite left edge: ${why}` };
}

/**
 * Build a {@link NotConverged}, with the method's convergence record in `details` when given.
 * @category Errors
 * @since 0.1.0
 * @example
 * notConverged('brent', 'no sign change', { iterations: 100 }).message; // 'brent did not converge: no sign change'
 */
export function notConverged(method: string, why: string, details?: Record<string, unknown>): NotConverged {
  return details === undefined
    ? { _tag: 'NotConverged', method, message: `${method} did not converge: ${why}` }
    : { _tag: 'NotConverged', method, message: `${method} did not converge: ${why}`, details };
}

/**
 * Build a {@link NotFound}: a quantity that does not exist for the given parameters.
 * @category Errors
 * @since 0.1.0
 * @example
 * notFound('BBP transition', 'no outlier below the bulk').message; // 'no BBP transition: no outlier below the bulk'
 */
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
 * @example
 * const t = orThrow(threshold({ p: 2, pstar: 1, a: 1.5 })); // a ThresholdReport, or throws
 * try {
 *   orThrow(threshold({ p: 0, pstar: 1, a: 1 }));
 * } catch (e) {
 *   (e as Error).message; // 'invalid p = 0: expected a positive integer or inf'
 * }
 */
export function orThrow<A>(value: E.Either<BbpError, A>): A {
  if (E.isLeft(value)) throw new Error(value.left.message);
  return value.right;
}
