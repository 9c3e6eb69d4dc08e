/**
 * The adapter to nerdamer-prime, the only module that imports it. It reads expression text
 * ({@link parseExpression}) and offers heavier simplification ({@link simplify}); the rest of the
 * library sees only the project's own {@link Expr}.
 *
 * Text is first checked by `checkSyntax` (strict, with columns in messages), then parsed by nerdamer,
 * whose parser also does some algebra on the way (it orders terms, combines powers, writes `exp(x)` as
 * `e^x`, folds `exp(0) = 1`, `sqrt(x^2) = abs(x)`): the result is equal in value to the text, not
 * necessarily in form. Decimal numbers become exact fractions inside nerdamer and come back as the same
 * doubles.
 *
 * nerdamer keeps global state: functions registered with `registerFunction` are declared to it as
 * opaque functions the first time a parse needs them.
 *
 * @module
 */
import nerdamer from 'nerdamer-prime';
import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../errors.js';
import { add, call, freeSymbols, isNum, mul, num, pow, sym, type Expr, type Sym } from './expr.js';
import { checkApplication, getFunction, registeredFunctions, RESERVED_NAMES } from './functions.js';
import { toText } from './print.js';
import { checkSyntax, CONSTANTS } from './syntax.js';

// The few parts of nerdamer's core this adapter uses (its bundled typings describe the public API only).
interface NerdamerBigInt {
  toString(): string;
}
interface NerdamerFrac {
  readonly num: NerdamerBigInt;
  readonly den: NerdamerBigInt;
}
interface NerdamerSymbol {
  readonly group: number;
  readonly previousGroup?: number;
  readonly value: string;
  readonly fname?: string;
  readonly args?: readonly NerdamerSymbol[];
  readonly symbols?: Readonly<Record<string, NerdamerSymbol>>;
  readonly multiplier: NerdamerFrac;
  readonly power: NerdamerFrac | NerdamerSymbol;
}
interface NerdamerCore {
  readonly PARSER: {
    parse(text: string): NerdamerSymbol;
    symfunction(name: string, args: readonly unknown[]): unknown;
  };
  readonly Frac: abstract new (...args: never[]) => NerdamerFrac;
  readonly groups: Readonly<Record<'N' | 'P' | 'S' | 'EX' | 'FN' | 'PL' | 'CB' | 'CP', number>>;
}
interface NerdamerModule {
  getCore(): NerdamerCore;
  register(addon: { name: string; visible: boolean; numargs: number; build: () => (...args: unknown[]) => unknown }): void;
  simplify(text: string): { readonly symbol: NerdamerSymbol };
}

const lib = nerdamer as unknown as NerdamerModule;
const core = lib.getCore();
const G = core.groups;

/** Functions nerdamer already knows under the same name and meaning. */
const NATIVE = new Set(['tanh', 'erf', 'exp', 'log', 'sqrt', 'abs', 'sign']);
/** Our functions declared to nerdamer so far, with the arity declared. */
const declared = new Map<string, number>();

/** Declare every registered non-native function to nerdamer as an opaque function of its arity. */
function declareFunctions(): void {
  for (const def of registeredFunctions()) {
    if (NATIVE.has(def.name) || declared.get(def.name) === def.arity) continue;
    const { name } = def;
    lib.register({ name, visible: true, numargs: def.arity, build: () => (...args: unknown[]) => core.PARSER.symfunction(name, args) });
    declared.set(name, def.arity);
  }
}

/** Enough digits that the quotient rounds to the double the text held (nerdamer stores 1e-300 as 1/10³⁰⁰). */
const Exact = Decimal.clone({ precision: 40, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });

function fracToNumber(f: NerdamerFrac): number {
  const num = f.num.toString();
  const den = f.den.toString();
  if (den === '1' && num.length < 16) return Number(num);
  return new Exact(num).div(den).toNumber();
}

/** nerdamer's symbol tree → ours. `symbols` says which names are allowed and with what domain. */
function convert(s: NerdamerSymbol, symbols: ReadonlyMap<string, Sym> | undefined, text: string): Expr {
  const power: Expr = s.power instanceof core.Frac ? num(fracToNumber(s.power)) : convert(s.power as NerdamerSymbol, symbols, text);
  const coefficient = fracToNumber(s.multiplier);
  const group = s.group === G.EX ? s.previousGroup ?? G.S : s.group;
  let base: Expr;
  if (s.fname !== undefined && s.args !== undefined) {
    const args = s.args.map((a) => convert(a, symbols, text));
    if (s.fname === '' || s.fname === 'parens') {
      base = args.length === 1 ? args[0]! : fail(invalidArgument('expression', text, 'a single expression in parentheses'));
    } else {
      const def = checkApplication(s.fname, args.length);
      if (E.isLeft(def)) fail(def.left);
      base = call(s.fname, ...args);
    }
  } else if (group === G.N) {
    base = s.group === G.EX ? num(Number(s.value)) : num(1); // a number raised to a symbolic power keeps its base in `value`
  } else if (group === G.P) {
    base = num(Number(s.value));
  } else if (group === G.S) {
    if (Object.hasOwn(CONSTANTS, s.value)) {
      if (s.value === 'e' && !isNum(power, 1)) return mul(coefficient, isNum(power, 0) ? num(1) : call('exp', power));
      base = num(CONSTANTS[s.value]!);
    } else {
      const known = symbols?.get(s.value);
      if (symbols !== undefined && known === undefined) {
        fail(invalidArgument('symbol', s.value, `one of ${[...symbols.keys()].join(', ')} (nerdamer produced it from ${JSON.stringify(text)})`));
      }
      base = known ?? sym(s.value);
    }
  } else if (group === G.PL || group === G.CP) {
    base = add(...Object.values(s.symbols ?? {}).map((t) => convert(t, symbols, text)));
  } else if (group === G.CB) {
    base = mul(...Object.values(s.symbols ?? {}).map((t) => convert(t, symbols, text)));
  } else {
    return fail(invalidArgument('expression', text, `an expression nerdamer represents in a known form (group ${s.group})`));
  }
  return mul(coefficient, pow(base, power));
}

function symbolTable(knownSymbols: readonly (string | Sym)[]): E.Either<BbpError, Map<string, Sym>> {
  const table = new Map<string, Sym>();
  for (const k of knownSymbols) {
    const s = typeof k === 'string' ? sym(k) : k;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name)) return E.left(invalidArgument('knownSymbols', s.name, 'identifiers (a letter or _, then letters, digits or _)'));
    if (getFunction(s.name) !== undefined) return E.left(invalidArgument('knownSymbols', s.name, 'names that are not function names'));
    if (RESERVED_NAMES.includes(s.name)) return E.left(invalidArgument('knownSymbols', s.name, `names other than ${RESERVED_NAMES.join(', ')}`));
    table.set(s.name, s);
  }
  return E.right(table);
}

function nerdamerError(text: string, e: unknown): BbpError {
  const why = e instanceof Error ? e.message : String(e);
  return invalidArgument('expression', text, `an expression nerdamer can read (it says: ${why})`);
}

/**
 * Parse expression text. With `knownSymbols` (names, or {@link Sym}s to give them a domain), any other
 * identifier is an error that quotes it and its column; without, every identifier becomes a real
 * symbol. `pi` and `e` are the constants. Functions must be registered (`registerFunction`).
 * @category DSL
 * @since 0.1.0
 * @example
 * parseExpression('(yhat - y)^2/(y + a)', ['yhat', 'y', sym('a', 'positive')]); // Right(Expr)
 * parseExpression('(yhat - b)^2', ['yhat', 'y']); // Left: invalid symbol = "b": expected one of yhat, y (found at column 9 …)
 */
export function parseExpression(text: string, knownSymbols?: readonly (string | Sym)[]): E.Either<BbpError, Expr> {
  if (typeof text !== 'string') return E.left(invalidArgument('expression', text, 'a string'));
  let table: Map<string, Sym> | undefined;
  if (knownSymbols !== undefined) {
    const t = symbolTable(knownSymbols);
    if (E.isLeft(t)) return t;
    table = t.right;
  }
  const checked = checkSyntax(text, table === undefined ? undefined : new Set(table.keys()));
  if (E.isLeft(checked)) return checked;
  declareFunctions();
  let parsed: NerdamerSymbol;
  try {
    parsed = core.PARSER.parse(text);
  } catch (e) {
    return E.left(nerdamerError(text, e));
  }
  return attempt(() => convert(parsed, table, text));
}

/**
 * Heavier simplification by nerdamer (`(x² − 1)/(x − 1) → x + 1`, `2(1 − tanh²) + 2tanh² → 2`). Symbol
 * domains are kept. Slower than the constructors' light canonicalization and free to change the form.
 * @category DSL
 * @since 0.1.0
 * @example
 * simplify(orThrow(parseExpression('(x^2 - 1)/(x - 1)'))); // Right(x + 1)
 */
export function simplify(expr: Expr): E.Either<BbpError, Expr> {
  const text = toText(expr);
  const table = new Map(freeSymbols(expr).map((s) => [s.name, s] as const));
  declareFunctions();
  let simplified: NerdamerSymbol;
  try {
    simplified = lib.simplify(text).symbol;
  } catch (e) {
    return E.left(nerdamerError(text, e));
  }
  return attempt(() => convert(simplified, table, text));
}
