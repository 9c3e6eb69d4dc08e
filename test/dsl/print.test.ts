import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  add, call, differentiate, div, latexSymbol, losses, mul, neg, num, pow, printExpr, sub, sym, toLatex, toText, type Expr,
} from '../../src/dsl/index.js';

const [x, y, yhat, a] = [sym('x'), sym('y'), sym('yhat'), sym('a', 'positive')];
const reference = losses.normalizedSquare('a').expr;

function right<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

describe('toText', () => {
  it.each<[string, Expr]>([
    ['(yhat - y)^2/(y + a)', reference],
    ['-x', neg(x)],
    ['x - 2*y', sub(x, mul(2, y))],
    ['x - (y + 1)', sub(x, add(y, 1))],
    ['-(x + 1)*y', neg(mul(add(x, 1), y))],
    ['y - x*(x + 1)', sub(y, mul(x, add(x, 1)))],
    ['x/(y*(x + 1))', div(x, mul(y, add(x, 1)))],
    ['1/x', pow(x, -1)],
    ['-3/x^2', mul(-3, pow(x, -2))],
    ['x^(y + 1)', pow(x, add(y, 1))],
    ['x^(-y)', pow(x, neg(y))],
    ['(x + 1)^1.5', pow(add(x, 1), 1.5)],
    ['(-2)^x', pow(-2, x)],
    ['(x^0.5)^0.5', pow(pow(x, 0.5), 0.5)],
    ['tanh(x)^2', pow(call('tanh', x), 2)],
    ['1e-7', num(1e-7)],
    ['f(x, y + 1)', call('f', x, add(y, 1))],
  ])('%s', (text, e) => {
    expect(toText(e)).toBe(text);
  });
});

describe('toLatex', () => {
  it('the reference loss', () => {
    expect(toLatex(reference)).toMatchInlineSnapshot(`"\\frac{\\left(\\hat{y} - y\\right)^{2}}{y + a}"`);
  });

  it("its ℓ' and ℓ''", () => {
    const first = right(differentiate(reference, 'yhat'));
    const second = right(differentiate(first, 'yhat'));
    expect(toLatex(first)).toMatchInlineSnapshot(`"\\frac{2 \\left(\\hat{y} - y\\right)}{y + a}"`);
    expect(toLatex(second)).toMatchInlineSnapshot(`"\\frac{2}{y + a}"`);
  });

  it('functions, roots, exponentials, powers of functions', () => {
    expect(toLatex(call('tanh', sym('z')))).toMatchInlineSnapshot(`"\\tanh\\left(z\\right)"`);
    expect(toLatex(pow(call('erf', sym('z')), 2))).toMatchInlineSnapshot(`"\\operatorname{erf}^{2}\\left(z\\right)"`);
    expect(toLatex(call('exp', neg(pow(x, 2))))).toMatchInlineSnapshot(`"e^{-x^{2}}"`);
    expect(toLatex(call('sqrt', add(1, pow(x, 2))))).toMatchInlineSnapshot(`"\\sqrt{x^{2} + 1}"`);
    expect(toLatex(div(1, call('sqrt', x)))).toMatchInlineSnapshot(`"\\frac{1}{\\sqrt{x}}"`);
    expect(toLatex(pow(add(x, 1), 0.5))).toMatchInlineSnapshot(`"\\sqrt{x + 1}"`);
    expect(toLatex(call('abs', x))).toMatchInlineSnapshot(`"\\left|x\\right|"`);
    expect(toLatex(call('heaviside', x))).toMatchInlineSnapshot(`"\\Theta\\left(x\\right)"`);
    expect(toLatex(call('softplus2', x))).toMatchInlineSnapshot(`"\\operatorname{softplus2}\\left(x\\right)"`);
  });

  it('products, signs, numbers', () => {
    expect(toLatex(mul(2, x, add(y, 1)))).toMatchInlineSnapshot(`"2 x \\left(y + 1\\right)"`);
    expect(toLatex(mul(2, pow(3, x)))).toMatchInlineSnapshot(`"2 \\cdot 3^{x}"`);
    expect(toLatex(sub(x, div(y, add(x, 1))))).toMatchInlineSnapshot(`"x - \\frac{y}{x + 1}"`);
    expect(toLatex(mul(1.5e-7, x))).toMatchInlineSnapshot(`"1.5 \\times 10^{-7} x"`);
    expect(toLatex(mul(-1, add(x, y)))).toMatchInlineSnapshot(`"-\\left(x + y\\right)"`);
  });

  it('symbol names', () => {
    expect(latexSymbol('yhat')).toBe('\\hat{y}');
    expect(latexSymbol('alpha')).toBe('\\alpha');
    expect(latexSymbol('x_1')).toBe('x_{1}');
    expect(latexSymbol('pstar')).toBe('p^{*}');
    expect(latexSymbol('sigma_hat')).toBe('\\sigma_{\\mathit{hat}}');
    expect(latexSymbol('lr')).toBe('\\mathit{lr}');
    expect(toLatex(mul(yhat, a))).toBe('\\hat{y} a');
  });

  it('printExpr picks the format', () => {
    expect(printExpr(reference)).toBe(toText(reference));
    expect(printExpr(reference, 'latex')).toBe(toLatex(reference));
  });
});
