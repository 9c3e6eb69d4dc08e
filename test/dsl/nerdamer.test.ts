import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add, call, equals, freeSymbols, mul, num, parseExpression, pow, simplify, sub, sym, toText, type Expr,
} from '../../src/dsl/index.js';
import { left, right } from './either.js';
import { compile, exprArbitrary, largestIntermediate, pointArbitrary } from './helpers.js';



const XY = ['x', 'y'];

describe('parseExpression: reads text into the project expression', () => {
  it('the reference loss, with a domain for a', () => {
    const e = right(parseExpression('(yhat - y)^2/(y + a)', ['yhat', 'y', sym('a', 'positive')]));
    expect(toText(e)).toBe('(yhat - y)^2/(y + a)');
    expect(freeSymbols(e).find((s) => s.name === 'a')?.domain).toBe('positive');
  });

  it.each<[string, Expr]>([
    ['2*x + 1', add(mul(2, sym('x')), 1)],
    ['2x', mul(2, sym('x'))],
    ['x^-2', pow(sym('x'), -2)],
    ['x**3', pow(sym('x'), 3)],
    ['x^0.5', call('sqrt', sym('x'))],
    ['exp(x)', call('exp', sym('x'))],
    ['e^(2*x)', call('exp', mul(2, sym('x')))],
    ['1.5e-3*x', mul(0.0015, sym('x'))],
    ['-(x + 1)', sub(mul(-1, sym('x')), 1)],
    ['tanh(x)^2', pow(call('tanh', sym('x')), 2)],
    ['x^y', pow(sym('x'), sym('y'))],
    ['2^x', pow(2, sym('x'))],
    ['pi', num(Math.PI)],
  ])('%s', (text, expected) => {
    const e = right(parseExpression(text, XY));
    expect(equals(e, expected), `${toText(e)} vs ${toText(expected)}`).toBe(true);
  });

  it('keeps decimal constants exactly, tiny and huge ones included', () => {
    for (const v of [0.1, 0.7071067811865476, 1 / 3, 1e-300, 5e-324, 1.7976931348623157e308, -7.734259830070384e-118]) {
      const e = right(parseExpression(`${v}*x`, XY));
      expect(e).toEqual(mul(v, sym('x')));
    }
  });

  it('registered user functions parse as applications', () => {
    const e = right(parseExpression('softplus(x) + relu(y) + heaviside(x)', XY));
    expect(toText(e)).toContain('softplus(x)');
    expect(toText(e)).toContain('relu(y)');
    expect(toText(e)).toContain('heaviside(x)');
  });

  it('without knownSymbols every identifier is a real symbol', () => {
    const e = right(parseExpression('alpha*beta + gamma_1'));
    expect(freeSymbols(e).map((s) => s.name).sort()).toEqual(['alpha', 'beta', 'gamma_1']);
  });

  it('a known symbol before a parenthesis multiplies', () => {
    expect(toText(right(parseExpression('a(x + 1)', ['a', 'x'])))).toMatch(/a\*\(x \+ 1\)|\(x \+ 1\)\*a/);
  });
});

describe('parseExpression: error paths quote the offending part', () => {
  it.each<[string, string]>([
    ['x +* y', 'unexpected "*" at column 4'],
    ['(x', 'unclosed "(" at column 1'],
    ['x)', 'unmatched ")" at column 2'],
    ['x y', 'missing operator before "y" at column 3'],
    ['x == y', 'unexpected character "=" at column 3'],
    ['x +', 'unexpected end of expression after "+" at column 3'],
    ['1.2.3', 'missing operator before ".3" at column 4'],
    ['x, y', 'unexpected "," at column 2'],
    ['tanh + 1', 'function "tanh" at column 1 needs arguments'],
    ['tanh()', 'function "tanh" at column 1 has no arguments'],
    ['()', 'unexpected ")" at column 2'],
    ['', 'a non-empty expression'],
    ['x!', 'unexpected character "!" at column 2'],
  ])('syntax: %j', (text, fragment) => {
    const err = left(parseExpression(text, XY));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain(fragment);
    expect(err.message).toContain(JSON.stringify(text));
  });

  it('an unknown symbol is named, with its column and the known ones', () => {
    const err = left(parseExpression('(yhat - b)^2', ['yhat', 'y']));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain('"b"');
    expect(err.message).toContain('column 9');
    expect(err.message).toContain('yhat, y');
  });

  it('an unknown function is named, with the registration hint', () => {
    const err = left(parseExpression('2*foo(x)', XY));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain('"foo"');
    expect(err.message).toContain('column 3');
    expect(err.message).toContain('registerFunction({ name: "foo", evaluate, derivative })');
  });

  it('nerdamer functions we do not support are unknown too', () => {
    expect(left(parseExpression('sin(x)', XY)).message).toContain('"sin"');
  });

  it('a wrong number of arguments', () => {
    expect(left(parseExpression('log(x, 2)', XY)).message).toContain('arguments of log');
  });

  it('a symbol nerdamer introduces (the imaginary unit) is reported', () => {
    expect(left(parseExpression('sqrt(-1)', XY)).message).toContain('"i"');
  });

  it('bad knownSymbols', () => {
    expect(left(parseExpression('x', ['tanh'])).message).toContain('knownSymbols');
    expect(left(parseExpression('x', ['pi'])).message).toContain('knownSymbols');
    expect(left(parseExpression('x', ['1x'])).message).toContain('knownSymbols');
  });

  it('non-string input', () => {
    expect(left(parseExpression(42 as unknown as string)).message).toContain('a string');
  });
});

describe('parse ↔ print round trips', () => {
  it.each([
    '(yhat - y)^2/(y + a)',
    '2*(yhat - y)/(y + a)',
    '2/(y + a)',
    'tanh(x)',
    'exp(-x^2)',
    'x^y',
    'log(x^2 + 1)',
    'sqrt(x^2 + 1)',
    'erf(x)^2',
    '1/(x^2 + 1)^1.5',
  ])('%s prints back to itself', (text) => {
    expect(toText(right(parseExpression(text, ['x', 'y', 'yhat', 'a'])))).toBe(text);
  });

  it('parse(print(e)) has the value of e, and printing is stable after one pass', () => {
    fc.assert(
      fc.property(exprArbitrary(5), pointArbitrary, (e, [px, py]) => {
        const once = right(parseExpression(toText(e), XY));
        const p = new Float64Array([px, py]);
        if (largestIntermediate(e, p) <= 1e8) {
          const a = compile(e)(p);
          expect(Math.abs(compile(once)(p) - a), toText(e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
        }
        const text = toText(right(parseExpression(toText(once), XY)));
        expect(toText(right(parseExpression(text, XY)))).toBe(text);
      }),
      { numRuns: 250, seed: 42 },
    );
  });
});

describe('simplify (nerdamer)', () => {
  it('does what the light canonicalization does not', () => {
    const e = right(parseExpression('(x^2 - 1)/(x - 1)', XY));
    expect(toText(right(simplify(e)))).toBe('x + 1');
    const t = add(mul(2, sub(1, pow(call('tanh', sym('x')), 2))), mul(2, pow(call('tanh', sym('x')), 2)));
    expect(right(simplify(t))).toEqual(num(2));
  });

  it('keeps symbol domains', () => {
    const a = sym('a', 'positive');
    const s = right(simplify(add(a, a)));
    expect(freeSymbols(s)[0]?.domain).toBe('positive');
  });
});
