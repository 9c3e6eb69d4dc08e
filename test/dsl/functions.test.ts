import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  call, checkFunctions, compileExpr, differentiate, getFunction, parseExpression, registerFunction, registeredFunctions, sym, toLatex,
  toText, type FunctionSpec,
} from '../../src/dsl/index.js';
import { left, right } from './either.js';



const x = sym('x');

describe('the function registry', () => {
  it('built-ins carry evaluation, derivative rule and smoothness', () => {
    const names = registeredFunctions().map((f) => f.name);
    expect(names.slice(0, 9)).toEqual(['tanh', 'erf', 'exp', 'log', 'sqrt', 'abs', 'sign', 'relu', 'heaviside']);
    for (const f of registeredFunctions()) {
      expect(f.builtin).toBe(true);
      expect(f.derivative).toBeTypeOf('function');
    }
    expect(getFunction('relu')?.smooth).toBe(false);
    expect(getFunction('erf')?.evaluate(0)).toBe(0);
  });

  it('registering a user function: evaluate, differentiate, parse, print', () => {
    const def = right(
      registerFunction({ name: 'cosh2', evaluate: (u) => Math.cosh(u) ** 2, derivative: (u) => call('sinh2x', u), latex: '\\cosh^2' }),
    );
    expect(def).toMatchObject({ name: 'cosh2', arity: 1, smooth: true, builtin: false });
    right(registerFunction({ name: 'sinh2x', evaluate: (u) => Math.sinh(2 * u), derivative: (u) => call('cosh2', u) }));
    expect(right(compileExpr(call('cosh2', x), ['x']))(new Float64Array([0]))).toBe(1);
    expect(toText(right(differentiate(call('cosh2', x), 'x')))).toBe('sinh2x(x)');
    expect(toText(right(parseExpression('cosh2(2*x) + 1', ['x'])))).toBe('cosh2(2*x) + 1');
    expect(toLatex(call('cosh2', x))).toBe('\\cosh^2\\left(x\\right)');
    expect(toLatex(call('sinh2x', x))).toBe('\\operatorname{sinh2x}\\left(x\\right)');
  });

  it('re-registering a user function replaces it, for the parser too', () => {
    right(registerFunction({ name: 'g', evaluate: (u) => u }));
    expect(E.isRight(parseExpression('g(x)', ['x', 'y']))).toBe(true);
    right(registerFunction({ name: 'g', arity: 2, evaluate: (u, v) => u! + v! }));
    expect(toText(right(parseExpression('g(x, y)', ['x', 'y'])))).toBe('g(x, y)');
    expect(left(parseExpression('g(x)', ['x', 'y'])).message).toContain('arguments of g');
  });

  it.each<[string, FunctionSpec, string]>([
    ['a built-in name', { name: 'tanh', evaluate: Math.tanh }, 'not a built-in'],
    ['a reserved name', { name: 'pi', evaluate: Math.tanh }, 'other than'],
    ['a parser name', { name: 'parens', evaluate: Math.tanh }, 'other than'],
    ['not an identifier', { name: '2f', evaluate: Math.tanh }, 'identifier'],
    ['an empty name', { name: '', evaluate: Math.tanh }, 'identifier'],
    ['no evaluate', { name: 'h', evaluate: undefined as unknown as () => number }, 'invalid evaluate'],
    ['a bad arity', { name: 'h', evaluate: Math.tanh, arity: 0 }, 'invalid arity = 0'],
    ['a bad derivative', { name: 'h', evaluate: Math.tanh, derivative: 3 as unknown as FunctionSpec['derivative'] }, 'invalid derivative'],
  ])('refuses %s', (_, spec, fragment) => {
    const err = left(registerFunction(spec));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain(fragment);
  });

  it('checkFunctions finds unregistered functions and wrong arities anywhere in a tree', () => {
    expect(E.isRight(checkFunctions(call('tanh', call('erf', x))))).toBe(true);
    expect(left(checkFunctions(call('tanh', call('zeta', x)))).message).toContain('"zeta"');
    expect(left(checkFunctions(call('exp', x, x))).message).toContain('arguments of exp');
  });
});
