/**
 * A strict lexical and structural check of expression text, run before the text reaches nerdamer, so
 * that mistakes are reported with the offending token and its column (nerdamer's own messages point
 * into a rewritten string, and it silently accepts things like `x == y` or `foo(x)` = `foo·x`).
 *
 * Accepted: numbers (`2`, `1.5`, `.5`, `1e-7`), identifiers, `+ - * / ^` (and `**` for `^`), parentheses,
 * `f(a, b)` for registered functions, implicit products only after a number (`2x`, `2(x + 1)`), between
 * `)(` and before `(` after a known symbol (`a(x + 1)`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError, type InvalidArgument } from '../errors.js';
import { checkApplication, getFunction, registrationHint } from './functions.js';

/**
 * One token of expression text; `column` is 1-based.
 * @category DSL
 * @since 0.1.0
 * @example
 * tokenize('x^2'); // Right([{ kind: 'identifier', text: 'x', column: 1 }, …])
 */
export interface Token {
  /** What the token is. */
  readonly kind: 'number' | 'identifier' | 'operator' | 'open' | 'close' | 'comma';
  /** The token as written (`**` becomes `^`). */
  readonly text: string;
  /** 1-based column of its first character. */
  readonly column: number;
}

/**
 * Names that read as constants, not symbols.
 * @category DSL
 * @since 0.1.0
 * @example
 * CONSTANTS.pi; // Math.PI
 */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;

function syntaxError(text: string, what: string): BbpError {
  return invalidArgument('expression', text, `a valid expression: ${what}`);
}

/**
 * Split text into tokens, or report the first character that belongs to none.
 * @category DSL
 * @since 0.1.0
 * @example
 * orThrow(tokenize('2*x')).map((t) => t.text); // ['2', '*', 'x']
 */
export function tokenize(text: string): E.Either<BbpError, readonly Token[]> {
  const tokens: Token[] = [];
  let k = 0;
  while (k < text.length) {
    const ch = text[k]!;
    const rest = text.slice(k);
    const column = k + 1;
    if (/\s/.test(ch)) {
      k++;
      continue;
    }
    const n = NUMBER.exec(rest);
    if (n !== null) {
      tokens.push({ kind: 'number', text: n[0], column });
      k += n[0].length;
      continue;
    }
    const id = IDENTIFIER.exec(rest);
    if (id !== null) {
      tokens.push({ kind: 'identifier', text: id[0], column });
      k += id[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      tokens.push({ kind: 'operator', text: '^', column });
      k += 2;
      continue;
    }
    if ('+-*/^'.includes(ch)) tokens.push({ kind: 'operator', text: ch, column });
    else if (ch === '(') tokens.push({ kind: 'open', text: ch, column });
    else if (ch === ')') tokens.push({ kind: 'close', text: ch, column });
    else if (ch === ',') tokens.push({ kind: 'comma', text: ch, column });
    else return E.left(syntaxError(text, `unexpected character ${JSON.stringify(ch)} at column ${column}`));
    k++;
  }
  return E.right(tokens);
}

/**
 * Check the structure of expression text against the registered functions and, when given, the known
 * symbols (`undefined`: any identifier is a symbol). Every error quotes the offending token and column.
 * Returns the tokens.
 * @category DSL
 * @since 0.1.0
 * @example
 * checkSyntax('x +* y', new Set(['x', 'y']))._tag; // 'Left': unexpected "*" at column 4
 */
export function checkSyntax(text: string, knownSymbols: ReadonlySet<string> | undefined): E.Either<BbpError, readonly Token[]> {
  if (text.trim() === '') return E.left(syntaxError(text, 'a non-empty expression'));
  const lexed = tokenize(text);
  if (E.isLeft(lexed)) return lexed;
  const tokens = [...lexed.right];
  const where = (t: Token): string => `${JSON.stringify(t.text)} at column ${t.column}`;
  const open: { column: number; call: string | undefined; callColumn: number; args: number }[] = [];
  let expectOperand = true;
  for (const [k, t] of tokens.entries()) {
    const next = tokens[k + 1];
    const prev = tokens[k - 1];
    if (expectOperand) {
      switch (t.kind) {
        case 'number':
          expectOperand = false;
          break;
        case 'identifier': {
          const applied = next?.kind === 'open';
          const isFunction = getFunction(t.text) !== undefined;
          const isKnown = knownSymbols === undefined ? !applied : knownSymbols.has(t.text);
          if (applied && !isFunction && !isKnown) {
            return E.left(
              invalidArgument('function', t.text, `a registered function (found at column ${t.column} of ${JSON.stringify(text)}); ${registrationHint(t.text)}`),
            );
          }
          if (!applied && isFunction) return E.left(syntaxError(text, `function ${where(t)} needs arguments in parentheses`));
          if (!applied && !isKnown && !Object.hasOwn(CONSTANTS, t.text)) {
            const known = knownSymbols === undefined ? [] : [...knownSymbols];
            return E.left(
              invalidArgument(
                'symbol', t.text,
                `${known.length > 0 ? `one of ${known.join(', ')}` : 'no symbol'} (found at column ${t.column} of ${JSON.stringify(text)})`,
              ),
            );
          }
          if (applied && isFunction) {
            open.push({ column: next!.column, call: t.text, callColumn: t.column, args: 1 });
            if (tokens[k + 2]?.kind === 'close') return E.left(syntaxError(text, `function ${where(t)} has no arguments`));
            // the "(" is consumed here; still expecting an operand
            tokens.splice(k + 1, 1);
            continue;
          }
          expectOperand = false;
          break;
        }
        case 'open':
          open.push({ column: t.column, call: undefined, callColumn: t.column, args: 1 });
          break;
        case 'operator':
          if (t.text !== '+' && t.text !== '-') return E.left(syntaxError(text, `unexpected ${where(t)}${prev ? ` after ${JSON.stringify(prev.text)}` : ''}`));
          break;
        default:
          return E.left(syntaxError(text, `unexpected ${where(t)}${prev ? ` after ${JSON.stringify(prev.text)}` : ''}`));
      }
      continue;
    }
    // expecting an operator, a closing parenthesis, a comma or an implicit product
    switch (t.kind) {
      case 'operator':
        expectOperand = true;
        break;
      case 'close': {
        const o = open.pop();
        if (o === undefined) return E.left(syntaxError(text, `unmatched ${where(t)}`));
        if (o.call !== undefined) {
          const arity = checkApplication(o.call, o.args);
          if (E.isLeft(arity)) {
            const { parameter, value, expected } = arity.left as InvalidArgument;
            return E.left(invalidArgument(parameter, value, `${expected} (the call at column ${o.callColumn} of ${JSON.stringify(text)})`));
          }
        }
        break;
      }
      case 'comma': {
        const o = open[open.length - 1];
        if (o?.call === undefined) return E.left(syntaxError(text, `unexpected ${where(t)} outside a function's arguments`));
        o.args++;
        expectOperand = true;
        break;
      }
      case 'identifier':
      case 'open':
        if (prev?.kind === 'number' || (prev?.kind === 'close' && t.kind === 'open') || (prev?.kind === 'identifier' && t.kind === 'open')) {
          expectOperand = true;
          tokens.splice(k, 0, { kind: 'operator', text: '*', column: t.column });
          continue;
        }
        return E.left(syntaxError(text, `missing operator before ${where(t)}`));
      case 'number':
        return E.left(syntaxError(text, `missing operator before ${where(t)}`));
    }
  }
  if (expectOperand) {
    const last = tokens[tokens.length - 1];
    return E.left(syntaxError(text, `unexpected end of expression${last ? ` after ${where(last)}` : ''}`));
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return E.left(syntaxError(text, `unclosed "(" at column ${unclosed.column}`));
  return E.right(lexed.right);
}
