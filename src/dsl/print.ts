/**
 * Expressions as text (which `parseExpression` reads back) and as LaTeX.
 *
 * Products with negative numeric powers print as fractions (`2*x/(y + a)`, `\frac{2 x}{y + a}`); terms
 * with a negative coefficient print as subtractions.
 *
 * @module
 */
import { getFunction } from './functions.js';
import { mul, num, type Expr, type Pow } from './expr.js';

/**
 * The output formats of the printers.
 * @category DSL
 * @since 0.1.0
 * @example
 * printExpr(sym('alpha'), 'latex'); // '\\alpha'
 */
export type PrintFormat = 'text' | 'latex';

// Binding strength of what a node prints as: sums < products and quotients < powers < atoms.
const SUM = 1;
const PRODUCT = 2;
const POWER = 4;
const ATOM = 5;

/** A product split into sign, |coefficient|, numerator factors and denominator factors (positive powers). */
interface Fraction {
  readonly negative: boolean;
  readonly coefficient: number;
  readonly numerator: readonly Expr[];
  readonly denominator: readonly Expr[];
}

function isNegativePower(e: Expr): e is Pow & { exponent: { _tag: 'Num' } } {
  return e._tag === 'Pow' && e.exponent._tag === 'Num' && e.exponent.value < 0;
}

/** `base ^ (−k)` → `base ^ k` without re-canonicalizing (the printers must show the tree as it is). */
function flipPower(e: Pow & { exponent: { _tag: 'Num' } }): Expr {
  const k = -e.exponent.value;
  return k === 1 ? e.base : { _tag: 'Pow', base: e.base, exponent: num(k) };
}

function fraction(e: Expr): Fraction {
  const factors = e._tag === 'Mul' ? e.factors : [e];
  const first = factors[0];
  const c = first?._tag === 'Num' ? first.value : 1;
  const rest = first?._tag === 'Num' ? factors.slice(1) : factors;
  const numerator: Expr[] = [];
  const denominator: Expr[] = [];
  for (const f of rest) {
    if (isNegativePower(f)) denominator.push(flipPower(f));
    else numerator.push(f);
  }
  return { negative: c < 0, coefficient: Math.abs(c), numerator, denominator };
}

function isNegativeTerm(e: Expr): boolean {
  if (e._tag === 'Num') return e.value < 0;
  return e._tag === 'Mul' && e.factors[0]?._tag === 'Num' && e.factors[0].value < 0;
}

function strength(e: Expr): number {
  switch (e._tag) {
    case 'Num':
      return e.value < 0 ? SUM : ATOM;
    case 'Sym':
    case 'Call':
      return ATOM;
    case 'Add':
      return SUM;
    case 'Mul':
      return PRODUCT;
    case 'Pow':
      return isNegativePower(e) ? PRODUCT : POWER;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Text

function formatNumber(v: number): string {
  return String(v);
}

function textWrap(e: Expr, min: number): string {
  return strength(e) < min ? `(${toText(e)})` : toText(e);
}

function textFraction(f: Fraction): string {
  const parts = [...(f.coefficient !== 1 ? [formatNumber(f.coefficient)] : []), ...f.numerator.map((x) => textWrap(x, PRODUCT + 1))];
  const top = (f.negative ? '-' : '') + (parts.length > 0 ? parts.join('*') : '1');
  if (f.denominator.length === 0) return top;
  const bottom =
    f.denominator.length === 1 ? textWrap(f.denominator[0]!, POWER) : `(${f.denominator.map((x) => textWrap(x, PRODUCT + 1)).join('*')})`;
  return `${top}/${bottom}`;
}

/**
 * Text that `parseExpression` reads back: `+ - * / ^`, parentheses, `name(args)`, numbers as JS prints them.
 * @category DSL
 * @since 0.1.0
 * @example
 * toText(div(pow(sub(sym('yhat'), sym('y')), 2), add(sym('y'), sym('a')))); // '(yhat - y)^2/(y + a)'
 */
export function toText(e: Expr): string {
  switch (e._tag) {
    case 'Num':
      return formatNumber(e.value);
    case 'Sym':
      return e.name;
    case 'Call':
      return `${e.name}(${e.args.map(toText).join(', ')})`;
    case 'Add':
      return e.terms
        .map((t, k) => {
          if (k === 0) return toText(t);
          if (isNegativeTerm(t)) return ` - ${textWrap(mul(-1, t), PRODUCT)}`;
          return ` + ${toText(t)}`;
        })
        .join('');
    case 'Mul':
      return textFraction(fraction(e));
    case 'Pow': {
      if (isNegativePower(e)) return textFraction(fraction(e));
      const x = e.exponent;
      const exponent = (x._tag === 'Num' && x.value >= 0) || x._tag === 'Sym' || x._tag === 'Call' ? toText(x) : `(${toText(x)})`;
      return `${textWrap(e.base, ATOM)}^${exponent}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// LaTeX

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

/**
 * A symbol name in LaTeX: Greek names as letters, a `hat` suffix as an accent (`yhat` → `\hat{y}`),
 * `_` as a subscript, other multi-letter names upright-italic (`\mathit{}`).
 * @category DSL
 * @since 0.1.0
 * @example
 * latexSymbol('yhat'); // '\\hat{y}'
 * latexSymbol('x_1'); // 'x_{1}'
 */
export function latexSymbol(name: string): string {
  const underscore = name.indexOf('_');
  if (underscore > 0) return `${latexSymbol(name.slice(0, underscore))}_{${latexSymbol(name.slice(underscore + 1))}}`;
  if (GREEK.has(name)) return `\\${name}`;
  if (name.length > 3 && name.endsWith('hat')) return `\\hat{${latexSymbol(name.slice(0, -3))}}`;
  if (name.length > 4 && name.endsWith('star')) return `${latexSymbol(name.slice(0, -4))}^{*}`;
  if (name.length <= 1 || /^\d+$/.test(name)) return name;
  return `\\mathit{${name}}`;
}

function latexNumber(v: number): string {
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const mantissa = s.slice(0, e);
  const exponent = Number(s.slice(e + 1));
  return `${mantissa === '1' ? '' : `${mantissa} \\times `}10^{${exponent}}`;
}

function latexWrap(e: Expr, min: number): string {
  return strength(e) < min ? `\\left(${toLatex(e)}\\right)` : toLatex(e);
}

function latexProduct(parts: readonly string[]): string {
  return parts.reduce((acc, p, k) => (k === 0 ? p : /^[\d.]/.test(p) ? `${acc} \\cdot ${p}` : `${acc} ${p}`), '');
}

function latexFraction(f: Fraction): string {
  const sign = f.negative ? '-' : '';
  const top = (xs: readonly Expr[], alone: boolean): string[] => [
    ...(f.coefficient !== 1 ? [latexNumber(f.coefficient)] : []),
    ...xs.map((x) => (alone ? toLatex(x) : latexWrap(x, PRODUCT + 1))),
  ];
  const numeratorAlone = f.numerator.length + (f.coefficient !== 1 ? 1 : 0) <= 1 && f.denominator.length > 0;
  const numerator = latexProduct(top(f.numerator, numeratorAlone)) || '1';
  if (f.denominator.length === 0) return sign + numerator;
  const denominator =
    f.denominator.length === 1 ? toLatex(f.denominator[0]!) : latexProduct(f.denominator.map((x) => latexWrap(x, PRODUCT + 1)));
  return `${sign}\\frac{${numerator}}{${denominator}}`;
}

function latexCall(name: string, args: readonly Expr[], power?: string): string {
  const inner = args.map(toLatex).join(', ');
  const raise = (s: string): string => (power === undefined ? s : `${s}^{${power}}`);
  switch (name) {
    case 'sqrt':
      return power === undefined ? `\\sqrt{${inner}}` : `\\left(\\sqrt{${inner}}\\right)^{${power}}`;
    case 'abs':
      return raise(`\\left|${inner}\\right|`);
    case 'exp':
      return power === undefined ? `e^{${inner}}` : `\\left(e^{${inner}}\\right)^{${power}}`;
    default: {
      const op = getFunction(name)?.latex ?? `\\operatorname{${name.replaceAll('_', '\\_')}}`;
      return `${raise(op)}\\left(${inner}\\right)`;
    }
  }
}

/**
 * LaTeX: `\frac` for quotients, `^{}` for powers, `\sqrt{}`, `e^{}`, `\tanh`, `\operatorname{erf}`, …
 * @category DSL
 * @since 0.1.0
 * @example
 * toLatex(div(pow(sub(sym('yhat'), sym('y')), 2), add(sym('y'), sym('a'))));
 * // '\\frac{\\left(\\hat{y} - y\\right)^{2}}{y + a}'
 */
export function toLatex(e: Expr): string {
  switch (e._tag) {
    case 'Num':
      return latexNumber(e.value);
    case 'Sym':
      return latexSymbol(e.name);
    case 'Call':
      return latexCall(e.name, e.args);
    case 'Add':
      return e.terms
        .map((t, k) => {
          if (k === 0) return toLatex(t);
          if (isNegativeTerm(t)) return ` - ${latexWrap(mul(-1, t), PRODUCT)}`;
          return ` + ${toLatex(t)}`;
        })
        .join('');
    case 'Mul':
      return latexFraction(fraction(e));
    case 'Pow': {
      if (isNegativePower(e)) return latexFraction(fraction(e));
      if (e.exponent._tag === 'Num' && e.exponent.value === 0.5) return `\\sqrt{${toLatex(e.base)}}`;
      const exponent = toLatex(e.exponent);
      if (e.base._tag === 'Call') return latexCall(e.base.name, e.base.args, exponent);
      return `${latexWrap(e.base, ATOM)}^{${exponent}}`;
    }
  }
}

/**
 * Print in either format.
 * @category DSL
 * @since 0.1.0
 * @example
 * printExpr(sym('yhat'), 'latex'); // '\\hat{y}'
 */
export function printExpr(e: Expr, format: PrintFormat = 'text'): string {
  return format === 'latex' ? toLatex(e) : toText(e);
}
