import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  add, call, derivatives, differentiate, div, equals, mul, num, pow, registerFunction, sub, toText, type Expr,
} from '../../src/dsl/index.js';
import { left, right } from './either.js';
import { compile, exprArbitrary, finiteDifference, largestIntermediate, pointArbitrary, softplus, x, y } from './helpers.js';



describe('differentiate: symbolic derivatives agree with finite differences', () => {
  it('registers the test function', () => {
    expect(E.isRight(softplus)).toBe(true);
  });

  it('first derivatives of random expressions', () => {
    let used = 0;
    fc.assert(
      fc.property(exprArbitrary(6), pointArbitrary, (e, [px, py]) => {
        const d = right(differentiate(e, 'x'));
        const p = new Float64Array([px, py]);
        const fd = finiteDifference(compile(e), p, 0);
        if (!fd.usable || largestIntermediate(e, p) > 1e8) return;
        used++;
        const exact = compile(d)(p);
        expect(Math.abs(exact - fd.value), `${toText(e)} → ${toText(d)} at x=${px}, y=${py}`).toBeLessThanOrEqual(fd.tolerance);
      }),
      { numRuns: 400, seed: 20240601 },
    );
    expect(used).toBeGreaterThan(300);
  });

  it('second derivatives of random expressions (finite differences of the first)', () => {
    fc.assert(
      fc.property(exprArbitrary(4), pointArbitrary, (e, [px, py]) => {
        const [, d1, d2] = right(derivatives(e, 'x', 2));
        const p = new Float64Array([px, py]);
        const fd = finiteDifference(compile(d1!), p, 0);
        if (!fd.usable || largestIntermediate(d1!, p) > 1e8) return;
        expect(Math.abs(compile(d2!)(p) - fd.value), `${toText(e)} at x=${px}`).toBeLessThanOrEqual(fd.tolerance);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('partial derivatives in the second symbol', () => {
    fc.assert(
      fc.property(exprArbitrary(5), pointArbitrary, (e, [px, py]) => {
        const d = right(differentiate(e, 'y'));
        const p = new Float64Array([px, py]);
        const fd = finiteDifference(compile(e), p, 1);
        if (!fd.usable || largestIntermediate(e, p) > 1e8) return;
        expect(Math.abs(compile(d)(p) - fd.value)).toBeLessThanOrEqual(fd.tolerance);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('differentiate: rules and light simplification', () => {
  it.each<[string, Expr, Expr]>([
    ['x^3', pow(x, 3), mul(3, pow(x, 2))],
    ['constant', num(4), num(0)],
    ['other symbol', y, num(0)],
    ['tanh', call('tanh', x), sub(1, pow(call('tanh', x), 2))],
    ['exp of 2x', call('exp', mul(2, x)), mul(2, call('exp', mul(2, x)))],
    ['log', call('log', x), pow(x, -1)],
    ['quotient', div(x, y), pow(y, -1)],
    ['x^x', pow(x, x), mul(pow(x, x), add(call('log', x), 1))],
  ])('%s', (_, e, expected) => {
    const d = right(differentiate(e, 'x'));
    expect(equals(d, expected), `${toText(d)} vs ${toText(expected)}`).toBe(true);
  });

  it('does not need a rule for a function of other symbols', () => {
    expect(right(differentiate(mul(x, call('undefinedThing', y)), 'x'))).toEqual(call('undefinedThing', y));
  });

  it('derivatives() returns the expression and each order', () => {
    const ds = right(derivatives(pow(x, 4), 'x', 3));
    expect(ds.map(toText)).toEqual(['x^4', '4*x^3', '12*x^2', '24*x']);
    expect(E.isLeft(derivatives(x, 'x', -1))).toBe(true);
  });
});

describe('differentiate: error paths', () => {
  it('a function without a derivative rule names it and says how to register one', () => {
    right(registerFunction({ name: 'noRule', evaluate: (u) => u * u }));
    const err = left(differentiate(call('noRule', x), 'x'));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain('"noRule"');
    expect(err.message).toContain('registerFunction({ name: "noRule", evaluate, derivative })');
  });

  it('an unregistered function names it and says how to register it', () => {
    const err = left(differentiate(call('mystery', x), 'x'));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain('"mystery"');
    expect(err.message).toContain('registerFunction');
  });

  it('a wrong number of arguments', () => {
    const err = left(differentiate(call('tanh', x, y), 'x'));
    expect(err.message).toContain('arguments of tanh');
  });

  it.each(['abs', 'sign', 'relu', 'heaviside'])('non-smooth %s is refused without a convention', (name) => {
    const err = left(differentiate(call(name, mul(2, x)), 'x'));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain(`"${name}"`);
    expect(err.message).toContain('not differentiable');
    expect(err.message).toContain('almostEverywhere');
  });

  it('a user function flagged smooth: false is refused too', () => {
    right(registerFunction({ name: 'kink', evaluate: (u) => Math.max(u, 2 * u), derivative: (u) => add(1, call('heaviside', u)), smooth: false }));
    expect(left(differentiate(call('kink', x), 'x')).message).toContain('"kink"');
    const d = right(differentiate(call('kink', x), 'x', { almostEverywhere: true }));
    expect(toText(d)).toBe('heaviside(x) + 1');
  });

  it('conventions: almost everywhere, or explicit rules', () => {
    expect(toText(right(differentiate(call('abs', x), 'x', { almostEverywhere: true })))).toBe('sign(x)');
    expect(toText(right(differentiate(call('relu', mul(3, x)), 'x', { almostEverywhere: true })))).toBe('3*heaviside(3*x)');
    const half = right(differentiate(call('sign', x), 'x', { conventions: { sign: () => num(0) } }));
    expect(half).toEqual(num(0));
    // a convention also overrides a smooth function's rule
    expect(toText(right(differentiate(call('tanh', x), 'x', { conventions: { tanh: () => num(7) } })))).toBe('7');
  });

  it('a rule returning the wrong number of partials is reported', () => {
    right(registerFunction({ name: 'pair', arity: 2, evaluate: (u, v) => u! * v!, derivative: (u) => u }));
    expect(left(differentiate(call('pair', x, y), 'x')).message).toContain('derivative rule of pair');
  });

  it('a two-argument user function uses its partials', () => {
    right(registerFunction({ name: 'prod2', arity: 2, evaluate: (u, v) => u! * v!, derivative: (u, v) => [v!, u!] }));
    const d = right(differentiate(call('prod2', pow(x, 2), y), 'x'));
    expect(compile(d)(new Float64Array([3, 5]))).toBe(30);
  });
});
