/**
 * The project's own symbolic expressions: an immutable tagged union with smart constructors.
 *
 * Six node kinds: numbers, symbols, sums, products, powers and applications of named functions.
 * Negation, subtraction and division are sugar (`-x = (-1)·x`, `a/b = a·b^(-1)`). The constructors do light
 * canonicalization only: numeric folding, flattening of nested sums and products, dropping `x·1`, `x + 0`,
 * `x^1`, collecting like terms (`2x + 3x = 5x`) and like factors (`x·x² = x³`). They keep the order in
 * which terms and factors first appear, so a model prints the way it was written; {@link equals} ignores
 * that order.
 *
 * Function applications are never evaluated on constants here (`tanh(0)` stays symbolic); the function
 * registry lives in `functions.ts`, the numeric evaluator in `compile.ts`.
 *
 * @module
 */

/**
 * What a symbol may range over. `real` (the default) is any finite number; parameters of a model check
 * their values against it.
 * @category DSL
 * @since 0.1.0
 * @example
 * sym('a', 'positive').domain; // 'positive'
 */
export type Domain = 'real' | 'positive' | 'nonnegative';

/**
 * A number constant (a JS double).
 * @category DSL
 * @since 0.1.0
 * @example
 * num(2); // { _tag: 'Num', value: 2 }
 */
export interface Num {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Num';
  /** The number (`-0` is stored as `0`). */
  readonly value: number;
}

/**
 * A named symbol with the domain it ranges over.
 * @category DSL
 * @since 0.1.0
 * @example
 * sym('yhat'); // { _tag: 'Sym', name: 'yhat', domain: 'real' }
 */
export interface Sym {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Sym';
  /** The name (an identifier). */
  readonly name: string;
  /** What it ranges over (`real` unless declared). */
  readonly domain: Domain;
}

/**
 * A sum of two or more terms; at most one term is a number and it comes last.
 * @category DSL
 * @since 0.1.0
 * @example
 * add(sym('x'), 1); // { _tag: 'Add', terms: [x, 1] }
 */
export interface Add {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Add';
  /** The terms, in the order they first appeared. */
  readonly terms: readonly Expr[];
}

/**
 * A product of two or more factors; at most one factor is a number and it comes first.
 * @category DSL
 * @since 0.1.0
 * @example
 * mul(2, sym('x')); // { _tag: 'Mul', factors: [2, x] }
 */
export interface Mul {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Mul';
  /** The factors, numeric coefficient first. */
  readonly factors: readonly Expr[];
}

/**
 * `base ^ exponent`; the exponent is any expression (usually a number, integer or real).
 * @category DSL
 * @since 0.1.0
 * @example
 * pow(sym('x'), 1.5); // { _tag: 'Pow', base: x, exponent: 1.5 }
 */
export interface Pow {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Pow';
  /** The base. */
  readonly base: Expr;
  /** The exponent. */
  readonly exponent: Expr;
}

/**
 * An application of a named function (`tanh`, `erf`, …, or one added with `registerFunction`).
 * @category DSL
 * @since 0.1.0
 * @example
 * call('erf', sym('z')); // { _tag: 'Call', name: 'erf', args: [z] }
 */
export interface Call {
  /** Discriminant of {@link Expr}. */
  readonly _tag: 'Call';
  /** The function's name in the registry. */
  readonly name: string;
  /** The arguments. */
  readonly args: readonly Expr[];
}

/**
 * A symbolic expression.
 * @category DSL
 * @since 0.1.0
 * @example
 * const e: Expr = div(pow(sub(sym('yhat'), sym('y')), 2), add(sym('y'), sym('a', 'positive')));
 */
export type Expr = Num | Sym | Add | Mul | Pow | Call;

/**
 * What the constructors accept: an expression, or a number as shorthand for {@link num}.
 * @category DSL
 * @since 0.1.0
 * @example
 * add(sym('x'), 1); // 1 is num(1)
 */
export type ExprLike = Expr | number;

// ---------------------------------------------------------------------------------------------------------
// Leaves

/**
 * A number constant.
 * @category DSL
 * @since 0.1.0
 * @example
 * num(1.5); // { _tag: 'Num', value: 1.5 }
 */
export function num(value: number): Num {
  return Object.freeze({ _tag: 'Num', value: value === 0 ? 0 : value });
}

/**
 * A symbol; `domain` defaults to `'real'`.
 * @category DSL
 * @since 0.1.0
 * @example
 * sym('a', 'positive');
 */
export function sym(name: string, domain: Domain = 'real'): Sym {
  return Object.freeze({ _tag: 'Sym', name, domain });
}

const ZERO = num(0);
const ONE = num(1);
const MINUS_ONE = num(-1);

/** Turn a number into a {@link Num}, leave expressions alone. */
function lift(e: ExprLike): Expr {
  return typeof e === 'number' ? num(e) : e;
}

/**
 * True for a {@link Num} (optionally with a given value).
 * @category DSL
 * @since 0.1.0
 * @example
 * isNum(num(2), 2); // true
 */
export function isNum(e: Expr, value?: number): e is Num {
  return e._tag === 'Num' && (value === undefined || e.value === value);
}

// ---------------------------------------------------------------------------------------------------------
// Keys and equality

const keys = new WeakMap<Expr, string>();

/**
 * A canonical string for an expression, equal for expressions that differ only in the order of terms
 * and factors. Used for equality and for collecting like terms; cached per node.
 * @category DSL
 * @since 0.1.0
 * @example
 * exprKey(add(sym('x'), sym('y'))) === exprKey(add(sym('y'), sym('x'))); // true
 */
export function exprKey(e: Expr): string {
  const cached = keys.get(e);
  if (cached !== undefined) return cached;
  let k: string;
  switch (e._tag) {
    case 'Num':
      k = `#${e.value}`;
      break;
    case 'Sym':
      k = e.domain === 'real' ? e.name : `${e.name}:${e.domain}`;
      break;
    case 'Add':
      k = `+(${e.terms.map(exprKey).sort().join(',')})`;
      break;
    case 'Mul':
      k = `*(${e.factors.map(exprKey).sort().join(',')})`;
      break;
    case 'Pow':
      k = `^(${exprKey(e.base)},${exprKey(e.exponent)})`;
      break;
    case 'Call':
      k = `${e.name}(${e.args.map(exprKey).join(',')})`;
      break;
  }
  keys.set(e, k);
  return k;
}

/**
 * Structural equality up to the order of terms in sums and factors in products. Symbols are equal when
 * their names and domains are.
 * @category DSL
 * @since 0.1.0
 * @example
 * equals(mul(2, sym('x')), add(sym('x'), sym('x'))); // true
 */
export function equals(a: Expr, b: Expr): boolean {
  return a === b || exprKey(a) === exprKey(b);
}

// ---------------------------------------------------------------------------------------------------------
// Sums

/** Split a term into its numeric coefficient and the rest (`undefined` for a pure number). */
function splitCoefficient(t: Expr): readonly [number, Expr | undefined] {
  if (t._tag === 'Num') return [t.value, undefined];
  if (t._tag === 'Mul' && t.factors[0]?._tag === 'Num') {
    const rest = t.factors.slice(1);
    return [t.factors[0].value, rest.length === 1 ? rest[0]! : Object.freeze({ _tag: 'Mul', factors: Object.freeze(rest) })];
  }
  return [1, t];
}

/**
 * A sum. Nested sums are flattened, numbers added, like terms collected (`2x + 3x = 5x`), zeros dropped.
 * @category DSL
 * @since 0.1.0
 * @example
 * add(sym('x'), 1, sym('x')); // 2*x + 1
 */
export function add(...terms: readonly ExprLike[]): Expr {
  let constant = 0;
  const groups = new Map<string, { coefficient: number; rest: Expr }>();
  const visit = (t: Expr): void => {
    if (t._tag === 'Add') {
      t.terms.forEach(visit);
      return;
    }
    const [c, rest] = splitCoefficient(t);
    if (rest === undefined) {
      constant += c;
      return;
    }
    const k = exprKey(rest);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, { coefficient: c, rest });
    else g.coefficient += c;
  };
  terms.forEach((t) => visit(lift(t)));
  const out: Expr[] = [];
  for (const { coefficient, rest } of groups.values()) {
    if (coefficient === 0) continue;
    out.push(coefficient === 1 ? rest : mul(coefficient, rest));
  }
  if (constant !== 0) out.push(num(constant));
  if (out.length === 0) return ZERO;
  if (out.length === 1) return out[0]!;
  return Object.freeze({ _tag: 'Add', terms: Object.freeze(out) });
}

// ---------------------------------------------------------------------------------------------------------
// Products

/**
 * A product. Nested products are flattened, numbers multiplied (a zero factor gives 0), equal bases
 * combined (`x·x^a = x^(1+a)`), ones dropped.
 * @category DSL
 * @since 0.1.0
 * @example
 * mul(2, sym('x'), sym('x'), 0.5); // x^2
 */
export function mul(...factors: readonly ExprLike[]): Expr {
  let coefficient = 1;
  const groups = new Map<string, { base: Expr; exponents: Expr[] }>();
  const visit = (f: Expr): void => {
    switch (f._tag) {
      case 'Mul':
        f.factors.forEach(visit);
        return;
      case 'Num':
        coefficient *= f.value;
        return;
      default: {
        const [base, exponent] = f._tag === 'Pow' ? [f.base, f.exponent] : [f, ONE];
        const k = exprKey(base);
        const g = groups.get(k);
        if (g === undefined) groups.set(k, { base, exponents: [exponent] });
        else g.exponents.push(exponent);
      }
    }
  };
  factors.forEach((f) => visit(lift(f)));
  if (coefficient === 0) return ZERO;
  const out: Expr[] = [];
  let again = false;
  for (const { base, exponents } of groups.values()) {
    const f = exponents.length === 1 ? pow(base, exponents[0]!) : pow(base, add(...exponents));
    if (f._tag === 'Num') coefficient *= f.value;
    else out.push(f);
    again ||= f._tag === 'Mul'; // (x·y)^a·(x·y)^b with a + b an integer: distribute and combine again
  }
  if (again) return mul(coefficient, ...out);
  if (coefficient === 0) return ZERO;
  if (out.length === 0) return num(coefficient);
  if (coefficient === 1 && out.length === 1) return out[0]!;
  if (coefficient !== 1) out.unshift(num(coefficient));
  return Object.freeze({ _tag: 'Mul', factors: Object.freeze(out) });
}

// ---------------------------------------------------------------------------------------------------------
// Powers

/**
 * `base ^ exponent`. Folds numbers when the result is exact (integer exponents, or an integer result),
 * drops `x^0 = 1` and `x^1 = x`, rewrites `(x^a)^n = x^(a·n)` and `(x·y)^n = x^n·y^n` for integer `n`.
 * @category DSL
 * @since 0.1.0
 * @example
 * pow(sym('x'), 2);       // x^2
 * pow(pow(sym('x'), 2), 3); // x^6
 */
export function pow(base: ExprLike, exponent: ExprLike): Expr {
  const b = lift(base);
  const e = lift(exponent);
  if (e._tag === 'Num') {
    const n = e.value;
    if (n === 0) return ONE;
    if (n === 1) return b;
    if (b._tag === 'Num') {
      const r = Math.pow(b.value, n);
      if (Number.isFinite(r) && (Number.isInteger(n) || Number.isInteger(r))) return num(r);
    }
    if (Number.isInteger(n)) {
      if (b._tag === 'Pow') return pow(b.base, mul(b.exponent, n));
      if (b._tag === 'Mul') return mul(...b.factors.map((f) => pow(f, n)));
    }
  }
  if (isNum(b, 1)) return ONE;
  return Object.freeze({ _tag: 'Pow', base: b, exponent: e });
}

// ---------------------------------------------------------------------------------------------------------
// Sugar

/**
 * `-x`, i.e. `(-1)·x`.
 * @category DSL
 * @since 0.1.0
 * @example
 * neg(sym('x'));
 */
export function neg(x: ExprLike): Expr {
  return mul(MINUS_ONE, x);
}

/**
 * `a - b`, i.e. `a + (-1)·b`.
 * @category DSL
 * @since 0.1.0
 * @example
 * sub(sym('yhat'), sym('y'));
 */
export function sub(a: ExprLike, b: ExprLike): Expr {
  return add(a, neg(b));
}

/**
 * `a / b`, i.e. `a · b^(-1)`.
 * @category DSL
 * @since 0.1.0
 * @example
 * div(1, add(sym('y'), sym('a')));
 */
export function div(a: ExprLike, b: ExprLike): Expr {
  return mul(a, pow(b, MINUS_ONE));
}

/**
 * An application of a named function. The name is not checked here: compiling, differentiating and
 * validating a model report unknown functions.
 * @category DSL
 * @since 0.1.0
 * @example
 * call('tanh', sym('z'));
 */
export function call(name: string, ...args: readonly ExprLike[]): Call {
  return Object.freeze({ _tag: 'Call', name, args: Object.freeze(args.map(lift)) });
}

// ---------------------------------------------------------------------------------------------------------
// Traversals

/**
 * Rebuild an expression bottom-up through the smart constructors, replacing nodes with `f` first.
 * `f` returns a replacement or `undefined` to keep descending.
 */
function rebuild(e: Expr, f: (e: Expr) => Expr | undefined): Expr {
  const r = f(e);
  if (r !== undefined) return r;
  switch (e._tag) {
    case 'Num':
    case 'Sym':
      return e;
    case 'Add':
      return add(...e.terms.map((t) => rebuild(t, f)));
    case 'Mul':
      return mul(...e.factors.map((t) => rebuild(t, f)));
    case 'Pow':
      return pow(rebuild(e.base, f), rebuild(e.exponent, f));
    case 'Call':
      return call(e.name, ...e.args.map((t) => rebuild(t, f)));
  }
}

/**
 * The direct children of a node.
 * @category DSL
 * @since 0.1.0
 * @example
 * children(add(sym('x'), 1)).length; // 2
 */
export function children(e: Expr): readonly Expr[] {
  switch (e._tag) {
    case 'Num':
    case 'Sym':
      return [];
    case 'Add':
      return e.terms;
    case 'Mul':
      return e.factors;
    case 'Pow':
      return [e.base, e.exponent];
    case 'Call':
      return e.args;
  }
}

/** Visit every node, parents before children. */
function walk(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const c of children(e)) walk(c, f);
}

/**
 * The symbols an expression depends on, each once (by name, first occurrence wins), in order of
 * first appearance.
 * @category DSL
 * @since 0.1.0
 * @example
 * freeSymbols(add(sym('y'), sym('a'))).map((s) => s.name); // ['y', 'a']
 */
export function freeSymbols(e: Expr): readonly Sym[] {
  const seen = new Map<string, Sym>();
  walk(e, (n) => {
    if (n._tag === 'Sym' && !seen.has(n.name)) seen.set(n.name, n);
  });
  return [...seen.values()];
}

/**
 * The names of the functions an expression applies, each once, in order of first appearance.
 * @category DSL
 * @since 0.1.0
 * @example
 * functionsOf(call('tanh', call('erf', sym('z')))); // ['tanh', 'erf']
 */
export function functionsOf(e: Expr): readonly string[] {
  const seen = new Set<string>();
  walk(e, (n) => {
    if (n._tag === 'Call') seen.add(n.name);
  });
  return [...seen];
}

/**
 * Whether `e` depends on the symbol `name`.
 * @category DSL
 * @since 0.1.0
 * @example
 * dependsOn(mul(2, sym('x')), 'x'); // true
 */
export function dependsOn(e: Expr, name: string): boolean {
  switch (e._tag) {
    case 'Num':
      return false;
    case 'Sym':
      return e.name === name;
    default:
      return children(e).some((c) => dependsOn(c, name));
  }
}

/**
 * Replace symbols by expressions (or numbers), matching by name, and re-canonicalize.
 * @category DSL
 * @since 0.1.0
 * @example
 * substitute(add(sym('y'), sym('a')), { a: 1.5 }); // y + 1.5
 */
export function substitute(e: Expr, bindings: Readonly<Record<string, ExprLike>>): Expr {
  return rebuild(e, (n) => {
    if (n._tag !== 'Sym' || !Object.hasOwn(bindings, n.name)) return undefined;
    return lift(bindings[n.name]!);
  });
}

/**
 * The number of nodes (a size measure for tests and simplification heuristics).
 * @category DSL
 * @since 0.1.0
 * @example
 * exprSize(add(sym('x'), 1)); // 3
 */
export function exprSize(e: Expr): number {
  let n = 0;
  walk(e, () => {
    n++;
  });
  return n;
}
