/**
 * The Hessian vertex of THEORY §2, `A = scale·[ℓ''·(1/p²)·σ'(z)σ'(z)ᵀ + ℓ'·(1/p)·diag(σ''(z))]`, reduced by a
 * symmetry to a law of a few scalar eigenvalues over two coordinates, symbolically.
 *
 * Reductions (the solvers need a rotation-invariant law, `G = g·I`):
 * - **rotation-invariant (r, y)**: a quadratic student `σ(z) = b z² + d` of any width. Then `σ' = 2b z`,
 *   `σ'' = 2b`, so `A = scale·[(4b²ℓ''/p²) z zᵀ + (2bℓ'/p) I]`: eigenvalues
 *   `c₁ = scale·(4b² r ℓ''/p² + 2b ℓ'/p)` once (along `z`) and `c₂ = scale·2b ℓ'/p` (`p − 1` times), at
 *   `ŷ = b r/p + d`, `r = |z|² ~ χ²_p`. (`b = 1, d = 0`: `c₁ = 4rℓ''/p² + 2ℓ'/p`, `c₂ = 2ℓ'/p`; with the
 *   reference loss these are `(4/p)(3r/p − y)/(y + a)` and `(4/p)(r/p − y)/(y + a)`.)
 * - **scalar (p = 1)**: one student unit with any smooth activation: `c = scale·(ℓ''σ'(z)² + ℓ'σ''(z))` at
 *   `ŷ = σ(z)`, `z ~ N(0, 1)`.
 *
 * Teacher: a quadratic teacher `σ*(t) = b* t² + d*` of any width gives `y = b* w + d*` with
 * `w = Σt²/p* ~ χ²_{p*}/p*` and signal weight `E[t_k² | y] = w`; any other smooth teacher needs `p* = 1`:
 * `y = σ*(t)`, signal weight `t²`, `t ~ N(0, 1)`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import {
  activationDerivatives, add, evaluateExpr, mul, pow, substitute, sym, toText,
  type Activation, type DifferentiateOptions, type Expr,
} from '../dsl/index.js';
import type { ModelSymbols } from './modelSymbols.js';

/**
 * Which symmetry reduction a compiled model uses (said in results).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const r: Reduction = 'rotation-invariant (r, y)';
 */
export type Reduction = 'rotation-invariant (r, y)' | 'scalar (p = 1)';

/**
 * An activation recognised as `σ(z) = b z² + d`, `b ≠ 0`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * quadraticActivation(activations.square); // { b: 1, d: 0 }
 */
export interface QuadraticActivation {
  /** The coefficient of `z²` (non-zero). */
  readonly b: number;
  /** The constant term. */
  readonly d: number;
}

/**
 * Recognise `σ(z) = b z² + d` structurally: `σ''` is a number constant `2b ≠ 0` (so σ is a polynomial of
 * degree 2) and `σ'(0) = 0` (no linear term, which would break rotation invariance). `null` otherwise,
 * also for non-smooth activations.
 * @category Analytic
 * @since 0.1.0
 * @example
 * quadraticActivation(activations.square);                 // { b: 1, d: 0 }
 * quadraticActivation(activations.polynomial([1, 0, 3]));  // { b: 3, d: 1 }
 * quadraticActivation(activations.tanh);                   // null
 */
export function quadraticActivation(a: Activation, options: DifferentiateOptions = {}): QuadraticActivation | null {
  if (!a.smooth) return null;
  const d = activationDerivatives(a, options);
  if (E.isLeft(d)) return null;
  const { value, first, second } = d.right;
  if (second._tag !== 'Num' || second.value === 0 || !Number.isFinite(second.value)) return null;
  const slope = evaluateExpr(first, { z: 0 });
  const offset = evaluateExpr(value, { z: 0 });
  if (E.isLeft(slope) || E.isLeft(offset) || slope.right !== 0 || !Number.isFinite(offset.right)) return null;
  return { b: second.value / 2, d: offset.right };
}

/**
 * How the teacher enters the vertex law: through `y` and the signal weight `s = E[t_k² | node]`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 3, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const t: TeacherLaw = orThrow(vertexLaw(orThrow(modelSymbols(m)))).teacher;
 * // { kind: 'quadratic', b: 1, d: 0, text: 'y = w, w = Σt²/p* ~ χ²_3/3, signal weight E[t_k² | y] = w' }
 */
export type TeacherLaw =
  | {
      /** `y = b·w + d`, `w = Σt²/p* ~ χ²_{p*}/p*` (Gamma rule), `s = w`. */
      readonly kind: 'quadratic';
      /** `b` of `σ*(t) = b t² + d`. */
      readonly b: number;
      /** `d` of `σ*(t) = b t² + d`. */
      readonly d: number;
      /** The law in words, for descriptions. */
      readonly text: string;
    }
  | {
      /** `p* = 1`, `y = σ*(t)`, `s = t²`, `t ~ N(0, 1)` (trapezoidal or Gauss–Hermite rule). */
      readonly kind: 'gaussian';
      /** The law in words, for descriptions. */
      readonly text: string;
    };

/**
 * One distinct eigenvalue of the vertex, symbolic in the law's variables, with its multiplicity
 * fraction (multiplicity/p).
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const eigenvalues: readonly VertexEigenvalue[] = orThrow(vertexLaw(orThrow(modelSymbols(m)))).eigenvalues;
 * eigenvalues.map((e) => [toText(e.expr), e.multiplicity]);
 * // [['2*r/(y + 1.5) + 2*(0.5*r - y)/(y + 1.5)', 0.5], ['2*(0.5*r - y)/(y + 1.5)', 0.5]]
 */
export interface VertexEigenvalue {
  /** The eigenvalue as an expression in the law's two variables (`r, y` or `z, y`), scale included. */
  readonly expr: Expr;
  /** Its multiplicity divided by `p` (the fractions of a law sum to 1). */
  readonly multiplicity: number;
}

/**
 * The reduced vertex law of a model, symbolic: eigenvalues in `(r, y)` or `(z, y)` (scale included) and
 * how student and teacher coordinates are distributed.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const law: VertexLaw = orThrow(vertexLaw(orThrow(modelSymbols(m))));
 * law.reduction; // 'rotation-invariant (r, y)'
 */
export interface VertexLaw {
  /** The symmetry reduction used. */
  readonly reduction: Reduction;
  /** `['r', 'y']` (`r = |z|² ~ χ²_p`) or `['z', 'y']` (`z ~ N(0, 1)`). */
  readonly variables: readonly [string, string];
  /** The distinct eigenvalues of the vertex, with their multiplicity fractions. */
  readonly eigenvalues: readonly VertexEigenvalue[];
  /** The student: `σ = b z² + d` (rotation-invariant reduction) or any smooth σ at `p = 1`. */
  readonly student:
    | ({
        /** A quadratic student: `r = |z|² ~ χ²_p`. */
        readonly kind: 'quadratic';
      } & QuadraticActivation)
    | {
        /** A width-1 student: `z ~ N(0, 1)`. */
        readonly kind: 'scalar';
      };
  /** How the teacher enters: `y` and the signal weight. */
  readonly teacher: TeacherLaw;
}

const r = sym('r');

function unsupported(parameter: string, value: string, expected: string): E.Either<BbpError, never> {
  return E.left(invalidArgument(parameter, value, expected));
}

/**
 * Reduce the vertex of a model (see the module comment). Errors (`InvalidArgument`, naming what is missing):
 * an infinite student width; a student that is neither quadratic nor of width 1; a non-smooth student;
 * a teacher that is neither quadratic nor of width 1, or non-smooth.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 1, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * });
 * vertexLaw(orThrow(modelSymbols(m))); // Right({ reduction: 'scalar (p = 1)', variables: ['z', 'y'], … })
 */
export function vertexLaw(symbols: ModelSymbols, options: DifferentiateOptions = {}): E.Either<BbpError, VertexLaw> {
  const m = symbols.model;
  const p = m.student.width;
  const pstar = m.teacher.width;
  const sa = m.student.activation;
  const ta = m.teacher.activation;
  if (!Number.isFinite(p)) {
    return unsupported(
      'student.width', String(p),
      'a finite width: compileModel discretizes the finite-p vertex (for the p → ∞ limit of the quadratic reference model use quadraticVertex({ p: Infinity, … }))',
    );
  }

  // Teacher law
  let teacher: TeacherLaw;
  const tq = quadraticActivation(ta, options);
  if (tq !== null) {
    const y = tq.b === 1 && tq.d === 0 ? 'y = w' : `y = ${tq.b}·w + ${tq.d}`;
    teacher = { kind: 'quadratic', b: tq.b, d: tq.d, text: `${y}, w = Σt²/p* ~ χ²_${pstar}/${pstar}, signal weight E[t_k² | y] = w` };
  } else if (!ta.smooth) {
    return unsupported(
      'teacher.activation', `${ta.name}: ${toText(ta.expr)}`,
      'a smooth teacher activation: the rules in t converge geometrically only for smooth integrands, and kinks are not resolved (not supported yet)',
    );
  } else if (pstar !== 1) {
    return unsupported(
      'teacher', `${ta.name} with width ${pstar}`,
      'σ*(z) = b·z² + d for a teacher of width p* > 1 (then y = b·χ²_{p*}/p* + d and E[t_k² | y] = (y − d)/b); ' +
        'any other teacher activation needs width 1 (y = σ*(t), signal weight t²): width > 1 would need the joint law of (y, t_k²) in p* dimensions',
    );
  } else {
    teacher = { kind: 'gaussian', text: `p* = 1, y = ${toText(substitute(ta.expr, { z: sym('t') }))}, signal t², t ~ N(0, 1)` };
  }

  const scale = m.scale;
  const { lossFirst: l1, lossSecond: l2 } = symbols;
  const sq = quadraticActivation(sa, options);
  if (sq !== null) {
    const { b, d } = sq;
    const at = { yhat: add(mul(b / p, r), d) };
    const l1r = substitute(l1, at);
    const l2r = substitute(l2, at);
    const c2 = mul(scale, (2 * b) / p, l1r);
    const c1 = add(mul(scale, (4 * b * b) / (p * p), r, l2r), c2);
    const eigenvalues: VertexEigenvalue[] = p === 1 ? [{ expr: c1, multiplicity: 1 }] : [{ expr: c1, multiplicity: 1 / p }, { expr: c2, multiplicity: (p - 1) / p }];
    return E.right({ reduction: 'rotation-invariant (r, y)', variables: ['r', 'y'], eigenvalues, student: { kind: 'quadratic', b, d }, teacher });
  }
  if (!sa.smooth) {
    return unsupported(
      'student.activation', `${sa.name}: ${toText(sa.expr)}`,
      'a smooth student activation: with kinks the vertex law has atoms (e.g. σ\'\' = σ\' = 0 on a half-line for relu) and the rules in z do not resolve kinks (not supported)',
    );
  }
  if (p !== 1) {
    return unsupported(
      'student', `${sa.name} with width ${p}`,
      'a rotation-invariant vertex: σ(z) = b·z² + d (any width) or width 1 (any smooth activation). For width > 1 the p×p vertex ' +
        'ℓ\'\'σ\'σ\'ᵀ/p² + ℓ\'·diag(σ\'\')/p of a non-quadratic activation is not rotation invariant (G is not g·I), which compileModel does not reduce; ' +
        'use compileMatrixModel and createMatrixSolver (the p×p resolvent, permutation-symmetric) for it',
    );
  }
  const { value, first, second } = symbols.student;
  const at = { yhat: value };
  const c = mul(scale, add(mul(substitute(l2, at), pow(first, 2)), mul(substitute(l1, at), second)));
  return E.right({ reduction: 'scalar (p = 1)', variables: ['z', 'y'], eigenvalues: [{ expr: c, multiplicity: 1 }], student: { kind: 'scalar' }, teacher });
}
