import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  add, call, compileExpr, dependsOn, div, equals, erf, evaluateExpr, exprSize, freeSymbols, functionsOf, mul, neg, num, pow,
  registerFunction, sub, substitute, sym, toText,
} from '../../src/dsl/index.js';
import { exprArbitrary, x, y } from './helpers.js';

function right<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

describe('smart constructors: light canonicalization', () => {
  it('folds numbers and drops identities', () => {
    expect(add(1, 2)).toEqual(num(3));
    expect(mul(2, 3)).toEqual(num(6));
    expect(add(x, 0)).toBe(x);
    expect(mul(x, 1)).toBe(x);
    expect(mul(x, 0)).toEqual(num(0));
    expect(pow(x, 1)).toBe(x);
    expect(pow(x, 0)).toEqual(num(1));
    expect(pow(1, x)).toEqual(num(1));
    expect(pow(2, 10)).toEqual(num(1024));
    expect(pow(2, -1)).toEqual(num(0.5));
    expect(pow(4, 0.5)).toEqual(num(2));
  });

  it('keeps inexact or undefined numeric powers symbolic', () => {
    expect(pow(2, 0.5)._tag).toBe('Pow');
    expect(pow(-8, 1 / 3)._tag).toBe('Pow');
    expect(pow(0, -1)._tag).toBe('Pow');
  });

  it('flattens, collects like terms and like factors', () => {
    expect(toText(add(x, add(y, x)))).toBe('2*x + y');
    expect(toText(add(mul(2, x, y), mul(3, y, x)))).toBe('5*x*y');
    expect(add(x, neg(x))).toEqual(num(0));
    expect(toText(mul(x, mul(x, y), pow(x, 2)))).toBe('x^4*y');
    expect(mul(x, div(1, x))).toEqual(num(1));
    expect(toText(mul(pow(x, 0.5), pow(x, 0.5)))).toBe('x');
  });

  it('rewrites integer powers of powers and of products', () => {
    expect(pow(pow(x, 2), 3)).toEqual(pow(x, 6));
    expect(toText(pow(mul(2, x), 2))).toBe('4*x^2');
    expect(pow(neg(x), 2)).toEqual(pow(x, 2));
    // not for real exponents: (x²)^½ = |x|
    expect(pow(pow(x, 2), 0.5)._tag).toBe('Pow');
  });

  it('keeps the order in which terms first appear, constants last in sums and first in products', () => {
    expect(toText(add(3, sym('yhat'), neg(y)))).toBe('yhat - y + 3');
    expect(toText(mul(y, 3, x))).toBe('3*y*x');
  });

  it('sugar: neg, sub, div', () => {
    expect(toText(sub(x, y))).toBe('x - y');
    expect(toText(div(x, y))).toBe('x/y');
    expect(neg(neg(x))).toBe(x);
  });

  it('nodes are frozen', () => {
    const e = add(x, mul(2, y));
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e._tag === 'Add' ? e.terms : null)).toBe(true);
    expect(Object.isFrozen(x)).toBe(true);
  });

  it('canonicalization is idempotent (rebuilding changes nothing)', () => {
    fc.assert(
      fc.property(exprArbitrary(5), (e) => {
        expect(toText(substitute(e, {}))).toBe(toText(e));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('equality, free symbols, substitution', () => {
  it('equality ignores the order of terms and factors, not the tree', () => {
    expect(equals(add(x, y), add(y, x))).toBe(true);
    expect(equals(mul(x, call('tanh', y)), mul(call('tanh', y), x))).toBe(true);
    expect(equals(sub(x, y), sub(y, x))).toBe(false);
    expect(equals(call('f', x, y), call('f', y, x))).toBe(false);
    expect(equals(sym('a'), sym('a', 'positive'))).toBe(false);
  });

  it('free symbols, functions, dependence, size', () => {
    const e = add(call('tanh', mul(sym('a'), x)), pow(y, x));
    expect(freeSymbols(e).map((s) => s.name)).toEqual(['a', 'x', 'y']);
    expect(functionsOf(e)).toEqual(['tanh']);
    expect(dependsOn(e, 'y')).toBe(true);
    expect(dependsOn(e, 'z')).toBe(false);
    expect(exprSize(add(x, 1))).toBe(3);
  });

  it('substitution re-canonicalizes', () => {
    const loss = div(pow(sub(sym('yhat'), y), 2), add(y, sym('a')));
    expect(toText(substitute(loss, { a: 1.5 }))).toBe('(yhat - y)^2/(y + 1.5)');
    expect(substitute(loss, { yhat: y })).toEqual(num(0));
    expect(toText(substitute(add(x, y), { x: mul(2, y) }))).toBe('3*y');
  });
});

describe('compileExpr: a closure over a fixed symbol order', () => {
  const order = ['yhat', 'y', 'a'];
  const loss = div(pow(sub(sym('yhat'), sym('y')), 2), add(sym('y'), sym('a')));

  it('evaluates the reference loss', () => {
    const f = right(compileExpr(loss, order));
    expect(f(new Float64Array([2, 1, 1]))).toBe(0.5);
    expect(f(new Float64Array([0, 3, 1.5]))).toBeCloseTo(9 / 4.5, 15);
  });

  it('agrees with a direct evaluation on every specialized node', () => {
    const e = add(
      pow(x, 2), pow(x, 3), pow(x, -1), pow(x, -2), pow(x, 0.5), pow(x, 1.7), pow(x, y),
      call('tanh', x), call('erf', x), call('exp', y), call('log', x), call('sqrt', x), call('abs', neg(y)), call('sign', neg(y)),
      call('relu', y), call('heaviside', x), mul(x, y, 3), add(x, y, 1),
    );
    const [vx, vy] = [0.7, -0.3];
    const direct =
      vx ** 2 + vx ** 3 + 1 / vx + 1 / vx ** 2 + Math.sqrt(vx) + vx ** 1.7 + vx ** vy + Math.tanh(vx) + erf(vx) + Math.exp(vy) +
      Math.log(vx) + Math.sqrt(vx) + Math.abs(-vy) + Math.sign(-vy) + 0 + 1 + 3 * vx * vy + (vx + vy + 1);
    expect(right(compileExpr(e, ['x', 'y']))(new Float64Array([vx, vy]))).toBeCloseTo(direct, 13);
  });

  it('functions of four or more arguments', () => {
    right(registerFunction({ name: 'sum4', arity: 4, evaluate: (a, b, c, d) => a! + 2 * b! + 3 * c! + 4 * d! }));
    const f = right(compileExpr(call('sum4', x, y, 1, 2), ['x', 'y']));
    expect(f(new Float64Array([1, 1]))).toBe(1 + 2 + 3 + 8);
    expect(f(new Float64Array([0, 0]))).toBe(11);
  });

  it('errors name the missing symbol, the unknown function, the duplicate', () => {
    const missing = compileExpr(loss, ['yhat', 'y']);
    expect(E.isLeft(missing) && missing.left.message).toContain('"a"');
    const unknown = compileExpr(call('nope', x), ['x']);
    expect(E.isLeft(unknown) && unknown.left.message).toContain('"nope"');
    const twice = compileExpr(x, ['x', 'x']);
    expect(E.isLeft(twice) && twice.left.message).toContain('"x" appears twice');
  });

  it('evaluateExpr: the convenient slow path', () => {
    expect(right(evaluateExpr(loss, { yhat: 2, y: 1, a: 1 }))).toBe(0.5);
  });
});

describe('erf', () => {
  it.each([
    [0, 0], [1e-10, 1.1283791670955126e-10], [0.1, 0.1124629160182849], [0.46875, 0.4926134732179379],
    [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3, 0.9999779095030014],
    [4.5, 0.9999999998033839], [-1.5, -0.9661051464753108], [30, 1],
  ])('erf(%d)', (v, expected) => {
    expect(Math.abs(erf(v) - expected)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(expected));
  });

  it('is odd and NaN-preserving', () => {
    expect(erf(-0.3)).toBe(-erf(0.3));
    expect(erf(NaN)).toBeNaN();
  });
});
