/**
 * Teacher–student models (THEORY §1) as immutable data: `teacher`, `student`, a loss, parameter values and
 * an overall scale. Building a model checks nothing; {@link validateModel} is the separate step that
 * names what is wrong. The symbolic pieces the Hessian vertex needs (THEORY §2) come from
 * {@link lossDerivatives} (`ℓ'`, `ℓ''`) and {@link activationDerivatives} (`σ'`, `σ''`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, quote, type BbpError } from '../errors.js';
import { checkActivationExpr, type Activation } from './activation.js';
import { derivatives, type DifferentiateOptions } from './derivatives.js';
import { children, dependsOn, freeSymbols, mul, substitute, type Domain, type Expr } from './expr.js';
import { checkFunctions } from './functions.js';
import type { Loss } from './loss.js';
import { latexSymbol, printExpr, toLatex, toText, type PrintFormat } from './print.js';

/**
 * One side of the model: `p` (student) or `p*` (teacher) hidden units with an activation.
 * @category DSL
 * @since 0.1.0
 * @example
 * teacher({ width: 1, activation: activations.square }); // { _tag: 'Teacher', width: 1, … }
 */
export interface Network {
  /** Which side of the model. */
  readonly _tag: 'Teacher' | 'Student';
  /** Number of hidden units (`p` or `p*`; the student may be `Infinity`). */
  readonly width: number;
  /** The activation `σ` or `σ*`. */
  readonly activation: Activation;
}

/**
 * A teacher–student model. `parameters` holds the loss's defaults overridden by the values given to
 * {@link model}.
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.square,
 * });
 * m.scale; // 1
 */
export interface Model {
  /** Discriminant. */
  readonly _tag: 'Model';
  /** The teacher: `p*` units, activation `σ*`. */
  readonly teacher: Network;
  /** The student: `p` units, activation `σ`. */
  readonly student: Network;
  /** The per-sample loss `ℓ(ŷ, y)`. */
  readonly loss: Loss;
  /** Values of the loss's parameters (the loss's defaults overridden by those given to {@link model}). */
  readonly parameters: Readonly<Record<string, number>>;
  /** Factor in front of the loss: multiplies every eigenvalue, changes no threshold (0.5: the paper's convention). */
  readonly scale: number;
}

/**
 * A model that passed {@link validateModel}.
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const v = validateModel(m);
 * if (v._tag === 'Right') v.right.valid; // true
 */
export interface ValidModel extends Model {
  /** Brand: set only by {@link validateModel}. */
  readonly valid: true;
}

/**
 * What a network is built from.
 * @category DSL
 * @since 0.1.0
 * @example
 * student({ width: Infinity, activation: activations.square }); // the p → ∞ limit
 */
export interface NetworkSpec {
  /** Number of hidden units: a positive integer (the student may also be `Infinity`, the `p → ∞` limit). */
  readonly width: number;
  /** The activation (`activations.square`, `activations.tanh`, `activations.activation(name, expr)`, …). */
  readonly activation: Activation;
}

/**
 * The teacher: `y = (1/p*) Σ_k σ*(t_k)`.
 * @category DSL
 * @since 0.1.0
 * @example
 * teacher({ width: 1, activation: activations.square });
 */
export function teacher(spec: NetworkSpec): Network {
  return Object.freeze({ _tag: 'Teacher', width: spec.width, activation: spec.activation });
}

/**
 * The student: `ŷ = (1/p) Σ_l σ(z_l)`.
 * @category DSL
 * @since 0.1.0
 * @example
 * student({ width: 2, activation: activations.square });
 */
export function student(spec: NetworkSpec): Network {
  return Object.freeze({ _tag: 'Student', width: spec.width, activation: spec.activation });
}

/**
 * What a model is built from.
 * @category DSL
 * @since 0.1.0
 * @example
 * const spec: ModelSpec = {
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(),
 *   parameters: { a: 0.7 },
 *   scale: 0.5,
 * };
 * model(spec);
 */
export interface ModelSpec {
  /** From {@link teacher}. */
  readonly teacher: Network;
  /** From {@link student}. */
  readonly student: Network;
  /** From `losses` (`losses.normalizedSquare()`, `losses.loss(text)`, …). */
  readonly loss: Loss;
  /** Values of the loss's parameters (override the loss's defaults). */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Factor in front of the loss (default 1). */
  readonly scale?: number;
}

/**
 * Assemble a model (no checks: see {@link validateModel}).
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare('a'),
 *   parameters: { a: 1.5 },
 * });
 */
export function model(spec: ModelSpec): Model {
  const parameters = Object.freeze({ ...(spec.loss?.defaults ?? {}), ...(spec.parameters ?? {}) });
  return Object.freeze({ _tag: 'Model', teacher: spec.teacher, student: spec.student, loss: spec.loss, parameters, scale: spec.scale ?? 1 });
}

const DOMAIN_TEXT: Readonly<Record<Domain, string>> = { real: 'a finite number', positive: 'a positive number', nonnegative: 'a non-negative number' };

function inDomain(v: number, d: Domain): boolean {
  if (!Number.isFinite(v)) return false;
  return d === 'positive' ? v > 0 : d === 'nonnegative' ? v >= 0 : true;
}

function finiteConstants(e: Expr, where: string): E.Either<BbpError, Expr> {
  if (e._tag === 'Num') return Number.isFinite(e.value) ? E.right(e) : E.left(invalidArgument(`constant in ${where}`, e.value, 'finite numbers only'));
  for (const c of children(e)) {
    const r = finiteConstants(c, where);
    if (E.isLeft(r)) return r;
  }
  return E.right(e);
}

function checkNetwork(n: Network | undefined, role: 'teacher' | 'student'): E.Either<BbpError, Network> {
  const tag = role === 'teacher' ? 'Teacher' : 'Student';
  if (n === null || typeof n !== 'object' || n._tag !== tag) return E.left(invalidArgument(role, n, `${role}({ width, activation })`));
  const w = n.width;
  const widthOk = Number.isInteger(w) && w >= 1;
  if (role === 'teacher' && !widthOk) return E.left(invalidArgument('teacher.width', w, 'a positive integer'));
  if (role === 'student' && !(widthOk || w === Infinity)) return E.left(invalidArgument('student.width', w, 'a positive integer or Infinity'));
  const a = n.activation;
  if (a === null || typeof a !== 'object' || a._tag !== 'Activation') {
    return E.left(invalidArgument(`${role}.activation`, a, 'an activation (activations.square, activations.activation(name, expr), …)'));
  }
  const where = `${role}.activation`;
  const checked = checkActivationExpr(a.expr, where);
  if (E.isLeft(checked)) return checked;
  if (!dependsOn(a.expr, 'z')) return E.left(invalidArgument(where, toText(a.expr), 'an expression that depends on z'));
  const finite = finiteConstants(a.expr, where);
  return E.isLeft(finite) ? finite : E.right(n);
}

function checkLoss(m: Model): E.Either<BbpError, Loss> {
  const l = m.loss;
  if (l === null || typeof l !== 'object' || l._tag !== 'Loss') return E.left(invalidArgument('loss', l, 'a loss (losses.normalizedSquare(a), losses.loss(expr), …)'));
  const functions = checkFunctions(l.expr);
  if (E.isLeft(functions)) return functions;
  const finite = finiteConstants(l.expr, 'loss');
  if (E.isLeft(finite)) return finite;
  if (!dependsOn(l.expr, 'yhat')) return E.left(invalidArgument('loss', toText(l.expr), 'an expression that depends on yhat'));
  const given = Object.keys(m.parameters);
  for (const name of given) {
    if (name === 'yhat' || name === 'y' || name === 'z') return E.left(invalidArgument('parameters', name, 'names other than yhat, y and z'));
  }
  // declared parameters first, so that a missing value is reported as such
  for (const [name, domain] of Object.entries(l.parameters)) {
    if (!Object.hasOwn(m.parameters, name)) {
      return E.left(invalidArgument(`parameters.${name}`, undefined, `${DOMAIN_TEXT[domain]}: the loss needs a value for ${name} (model({ parameters: { ${name}: … } }))`));
    }
  }
  for (const s of freeSymbols(l.expr)) {
    if (s.name === 'yhat' || s.name === 'y') continue;
    if (!Object.hasOwn(m.parameters, s.name)) {
      const allowed = ['yhat', 'y', ...given].join(', ');
      return E.left(invalidArgument('symbol in loss', s.name, `one of ${allowed} (declare a parameter with model({ parameters: { ${s.name}: … } }))`));
    }
  }
  for (const [name, v] of Object.entries(m.parameters)) {
    const symbol = freeSymbols(l.expr).find((s) => s.name === name);
    const domain: Domain = l.parameters[name] ?? symbol?.domain ?? 'real';
    if (typeof v !== 'number' || !inDomain(v, domain)) {
      return E.left(invalidArgument(`parameters.${name}`, v, `${DOMAIN_TEXT[domain]}${domain === 'real' ? '' : ` (the loss ${l.name} declares ${name} ${domain})`}`));
    }
  }
  return E.right(l);
}

/**
 * Check a model; the error names the first thing wrong (a width that is not a positive integer, a symbol
 * the loss or an activation may not use, a parameter without a value or outside its domain, a bad scale).
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * validateModel(m); // Right(ValidModel)
 * validateModel(model({ ...m, parameters: { a: -1 } }));
 * // Left: invalid parameters.a = -1: expected a positive number (the loss normalizedSquare declares a positive)
 */
export function validateModel(m: Model): E.Either<BbpError, ValidModel> {
  if (m === null || typeof m !== 'object' || m._tag !== 'Model') return E.left(invalidArgument('model', m, 'model({ teacher, student, loss, parameters, scale })'));
  const t = checkNetwork(m.teacher, 'teacher');
  if (E.isLeft(t)) return t;
  const s = checkNetwork(m.student, 'student');
  if (E.isLeft(s)) return s;
  const l = checkLoss(m);
  if (E.isLeft(l)) return l;
  if (!(typeof m.scale === 'number' && m.scale > 0 && Number.isFinite(m.scale))) return E.left(invalidArgument('scale', m.scale, 'a positive finite number'));
  return E.right(Object.freeze({ ...m, valid: true as const }));
}

/**
 * The loss with the model's parameter values substituted (still in `yhat` and `y`).
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * toText(bindParameters(m, m.loss.expr)); // '(yhat - y)^2/(y + 1.5)'
 */
export function bindParameters(m: Model, expr: Expr): Expr {
  return substitute(expr, m.parameters);
}

/**
 * The loss and its derivatives in `ŷ`.
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const { first, second } = orThrow(lossDerivatives(m)); // 2*(yhat - y)/(y + a), 2/(y + a)
 */
export interface LossDerivatives {
  /** `scale·ℓ`. */
  readonly loss: Expr;
  /** `ℓ' = ∂(scale·ℓ)/∂ŷ`. */
  readonly first: Expr;
  /** `ℓ'' = ∂²(scale·ℓ)/∂ŷ²`. */
  readonly second: Expr;
}

/**
 * `ℓ'` and `ℓ''` of a (validated) model's loss, including its scale, symbolic in `yhat`, `y` and the
 * parameters (see {@link bindParameters}).
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * lossDerivatives(m); // Right({ first: 2*(yhat - y)/(y + a), second: 2/(y + a), … })
 */
export function lossDerivatives(m: Model, options: DifferentiateOptions = {}): E.Either<BbpError, LossDerivatives> {
  const valid = validateModel(m);
  if (E.isLeft(valid)) return valid;
  return E.map(([loss, first, second]: readonly Expr[]) => Object.freeze({ loss: loss!, first: first!, second: second! }))(
    derivatives(mul(m.scale, m.loss.expr), 'yhat', 2, options),
  );
}

/**
 * An activation and its derivatives in `z`.
 * @category DSL
 * @since 0.1.0
 * @example
 * const { first } = orThrow(activationDerivatives(activations.cube)); // 3*z^2
 */
export interface ActivationDerivatives {
  /** `σ(z)`. */
  readonly value: Expr;
  /** `σ'(z)`. */
  readonly first: Expr;
  /** `σ''(z)`. */
  readonly second: Expr;
}

/**
 * `σ'` and `σ''` of an activation; non-smooth activations need a convention (`{ almostEverywhere: true }`).
 * @category DSL
 * @since 0.1.0
 * @example
 * activationDerivatives(activations.tanh); // Right({ first: -tanh(z)^2 + 1, second: -2*tanh(z)*(-tanh(z)^2 + 1) })
 * activationDerivatives(activations.relu, { almostEverywhere: true }); // Right({ first: heaviside(z), second: 0 })
 */
export function activationDerivatives(a: Activation, options: DifferentiateOptions = {}): E.Either<BbpError, ActivationDerivatives> {
  const checked = checkActivationExpr(a.expr, `activation ${a.name}`);
  if (E.isLeft(checked)) return checked;
  return E.map(([value, first, second]: readonly Expr[]) => Object.freeze({ value: value!, first: first!, second: second! }))(
    derivatives(a.expr, 'z', 2, options),
  );
}

function widthText(w: number): string {
  return w === Infinity ? 'inf' : String(w);
}

/**
 * The model as text or as a LaTeX `aligned` block.
 * @category DSL
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * printModel(m, 'text');
 * // teacher: width 1, activation square: z^2
 * // student: width 2, activation square: z^2
 * // loss normalizedSquare: (yhat - y)^2/(y + a)
 * // parameters: a = 1.5
 * // scale: 1
 */
export function printModel(m: Model, format: PrintFormat = 'text'): string {
  const params = Object.entries(m.parameters);
  if (format === 'text') {
    const net = (n: Network): string =>
      `${n._tag.toLowerCase()}: width ${widthText(n.width)}, activation ${n.activation.name}: ${printExpr(n.activation.expr)}`;
    return [
      net(m.teacher),
      net(m.student),
      `loss ${m.loss.name}: ${printExpr(m.loss.expr)}`,
      `parameters: ${params.length === 0 ? 'none' : params.map(([k, v]) => `${k} = ${quote(v)}`).join(', ')}`,
      `scale: ${quote(m.scale)}`,
    ].join('\n');
  }
  const width = (w: number): string => (w === Infinity ? '\\infty' : String(w));
  const scale = m.scale === 1 ? '' : `${m.scale} `;
  const lines = [
    `y &= \\frac{1}{p^{*}} \\sum_{k=1}^{p^{*}} \\sigma^{*}(t_k), & \\sigma^{*}(z) &= ${toLatex(m.teacher.activation.expr)}, & p^{*} &= ${width(m.teacher.width)}`,
    `\\hat{y} &= \\frac{1}{p} \\sum_{l=1}^{p} \\sigma(z_l), & \\sigma(z) &= ${toLatex(m.student.activation.expr)}, & p &= ${width(m.student.width)}`,
    `L &= ${scale}\\sum_{\\mu} \\ell(\\hat{y}_\\mu, y_\\mu), & \\ell(\\hat{y}, y) &= ${toLatex(m.loss.expr)}` +
      params.map(([k, v]) => `, & ${latexSymbol(k)} &= ${v}`).join(''),
  ];
  return `\\begin{aligned}\n${lines.join(' \\\\\n')}\n\\end{aligned}`;
}
