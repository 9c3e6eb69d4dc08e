// Unwrap Eithers in tests: `right` expects success, `left` expects a typed error.
import * as E from 'fp-ts/lib/Either.js';

export function right<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

export function left<A>(e: E.Either<{ _tag: string; message: string }, A>): { _tag: string; message: string } {
  if (E.isRight(e)) throw new Error('expected an error');
  return e.left;
}
