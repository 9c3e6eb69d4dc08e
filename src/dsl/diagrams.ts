/**
 * Self-energy diagrams as data (THEORY §3, §5).
 *
 * The self-energy `Σ(G) = α E[A (I − G A)⁻¹]` is the sum of the one-particle-irreducible diagrams: one data
 * loop with `n + 1` vertex insertions `A` joined by `n` propagators `G`, i.e. the terms `α E[A (G A)ⁿ]`,
 * `n = 0, 1, 2, …`. The outlier equation uses the same diagrams with a signal insertion `s` in the loop
 * (`s = y`, or `t_k²` for teacher unit k): `α E[s A (G A)ⁿ]`.
 *
 * This module states those diagrams one by one ({@link selfEnergyTerm}, {@link signalTerm}), as a truncated
 * sum ({@link series}) and in closed, resummed form ({@link resummed}); each is an immutable value that
 * carries its order and prints as text or LaTeX. No numerics here: `analytic/series.ts` evaluates them on a
 * vertex law.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';
import { latexSymbol, type PrintFormat } from './print.js';

/**
 * What the signal insertion of a diagram is: the teacher output `y`, or `t_k²` for teacher unit `k`.
 * @category DSL
 * @since 0.1.0
 * @example
 * teacherUnit(2); // { _tag: 'TeacherUnit', unit: 2 }
 */
export type Insertion =
  | {
      /** The teacher output `y`. */
      readonly _tag: 'Output';
    }
  | {
      /** `t_k²` of one teacher unit. */
      readonly _tag: 'TeacherUnit';
      /** `k`, from 1. */
      readonly unit: number;
    };

/**
 * Which family a diagram belongs to: the bulk self-energy `α E[A (G A)ⁿ]`, or the same loop with a signal
 * insertion `α E[s A (G A)ⁿ]` (THEORY §5).
 * @category DSL
 * @since 0.1.0
 * @example
 * selfEnergyKind; // { _tag: 'SelfEnergy' }
 * signalKind(teacherUnit(1)); // { _tag: 'Signal', insertion: { _tag: 'TeacherUnit', unit: 1 } }
 */
export type DiagramKind =
  | {
      /** The bulk self-energy `α E[A (G A)ⁿ]`. */
      readonly _tag: 'SelfEnergy';
    }
  | {
      /** The loop with a signal insertion, `α E[s A (G A)ⁿ]`. */
      readonly _tag: 'Signal';
      /** What `s` is. */
      readonly insertion: Insertion;
    };

/**
 * A {@link DiagramKind}, or the shorthands `'selfEnergy'` and `'signal'` (signal insertion `y`).
 * @category DSL
 * @since 0.1.0
 * @example
 * series('signal', 2); // same as series(signalKind(output), 2)
 */
export type DiagramKindLike = DiagramKind | 'selfEnergy' | 'signal';

/**
 * One diagram: a data loop with `order + 1` vertex insertions and `order` propagators,
 * `α E[A (G A)^order]` (with the signal insertion for the `Signal` kind). In scalar form it is the
 * coefficient of `g^order` of the self-energy.
 * @category DSL
 * @since 0.1.0
 * @example
 * const t = selfEnergyTerm(2);
 * t.order; // 2
 * t.vertices; // 3
 */
export interface DiagramTerm {
  /** Discriminant. */
  readonly _tag: 'Term';
  /** Self-energy or signal. */
  readonly kind: DiagramKind;
  /** `n`: the power of `G` (number of propagators). */
  readonly order: number;
  /** `n + 1`: the number of vertex insertions `A` on the loop. */
  readonly vertices: number;
}

/**
 * A truncated sum `Σ_{n=0}^{order} α E[A (G A)ⁿ]` of terms of one kind (exact to `O(G^{order+1})`).
 * @category DSL
 * @since 0.1.0
 * @example
 * series('selfEnergy', 2).terms.map((t) => t.order); // [0, 1, 2]
 */
export interface DiagramSeries {
  /** Discriminant. */
  readonly _tag: 'Series';
  /** Self-energy or signal. */
  readonly kind: DiagramKind;
  /** The highest power of `G` kept. */
  readonly order: number;
  /** The terms `n = 0..order`, in order. */
  readonly terms: readonly DiagramTerm[];
}

/**
 * The closed, resummed form `α E[A (I − G A)⁻¹]` (with the signal insertion for the `Signal` kind): the
 * sum of every term. Its `order` is `Infinity`.
 * @category DSL
 * @since 0.1.0
 * @example
 * resummed('selfEnergy').order; // Infinity
 */
export interface ResummedDiagram {
  /** Discriminant. */
  readonly _tag: 'Resummed';
  /** Self-energy or signal. */
  readonly kind: DiagramKind;
  /** Always `Infinity`: every term is included. */
  readonly order: number;
}

/**
 * Every diagram value: a single term, a truncated series or the resummed closed form.
 * @category DSL
 * @since 0.1.0
 * @example
 * const d: Diagram = resummed('signal');
 * diagramToText(d); // 'alpha E[y A (I - G A)^(-1)]'
 */
export type Diagram = DiagramTerm | DiagramSeries | ResummedDiagram;

/**
 * The signal insertion `y` (teacher output).
 * @category DSL
 * @since 0.1.0
 * @example
 * signalTerm(0, output); // α E[y A]
 */
export const output: Insertion = Object.freeze({ _tag: 'Output' });

/**
 * The signal insertion `t_k²` of teacher unit `k` (a positive integer).
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToLatex(signalTerm(1, teacherUnit(2))); // '\\alpha\\,\\mathbb{E}\\left[t_{2}^{2} A G A\\right]'
 */
export function teacherUnit(unit: number): Insertion {
  if (!(Number.isInteger(unit) && unit >= 1)) fail(invalidArgument('unit', unit, 'a positive integer'));
  return Object.freeze({ _tag: 'TeacherUnit', unit });
}

/**
 * The kind of the bulk self-energy diagrams `α E[A (G A)ⁿ]`.
 * @category DSL
 * @since 0.1.0
 * @example
 * series(selfEnergyKind, 3);
 */
export const selfEnergyKind: DiagramKind = Object.freeze({ _tag: 'SelfEnergy' });

/**
 * The kind of the signal diagrams `α E[s A (G A)ⁿ]`, `s` = `y` (default) or `t_k²`.
 * @category DSL
 * @since 0.1.0
 * @example
 * resummed(signalKind(teacherUnit(1)));
 */
export function signalKind(insertion: Insertion = output): DiagramKind {
  return Object.freeze({ _tag: 'Signal', insertion });
}

/**
 * Resolve the shorthands of {@link DiagramKindLike}.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramKind('signal'); // { _tag: 'Signal', insertion: { _tag: 'Output' } }
 */
export function diagramKind(kind: DiagramKindLike): DiagramKind {
  if (kind === 'selfEnergy') return selfEnergyKind;
  if (kind === 'signal') return signalKind(output);
  return kind;
}

function checkOrder(order: number): number {
  if (!(Number.isInteger(order) && order >= 0)) fail(invalidArgument('order', order, 'a non-negative integer'));
  return order;
}

/**
 * The term of order `n` of a kind: `α E[A (G A)ⁿ]` or `α E[s A (G A)ⁿ]`. Fails with an `InvalidArgument` (thrown inside the library, `Left` at public boundaries) unless
 * `n` is a non-negative integer.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToText(diagramTerm('signal', 2)); // 'alpha E[y A (G A)^2]'
 */
export function diagramTerm(kind: DiagramKindLike, n: number): DiagramTerm {
  return Object.freeze({ _tag: 'Term', kind: diagramKind(kind), order: checkOrder(n), vertices: n + 1 });
}

/**
 * The self-energy term `α E[A (G A)ⁿ]`: one data loop with `n + 1` vertex insertions. In scalar form
 * (`G = g I`) it is `α gⁿ E[(1/p) tr A^{n+1}]`, `gⁿ` times the free cumulant `κ_{n+1}`.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToLatex(selfEnergyTerm(2)); // '\\alpha\\,\\mathbb{E}\\left[A (G A)^{2}\\right]'
 */
export function selfEnergyTerm(n: number): DiagramTerm {
  return diagramTerm(selfEnergyKind, n);
}

/**
 * The signal term `α E[s A (G A)ⁿ]` with `s = y` (default) or `t_k²` (THEORY §5, the outlier equation).
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToText(signalTerm(1)); // 'alpha E[y A G A]'
 */
export function signalTerm(n: number, insertion: Insertion = output): DiagramTerm {
  return diagramTerm(signalKind(insertion), n);
}

/**
 * The truncated series `Σ_{n=0}^{order} α E[A (G A)ⁿ]` of a kind (`order + 1` terms).
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToText(series('selfEnergy', 2)); // 'alpha E[A] + alpha E[A G A] + alpha E[A (G A)^2]'
 */
export function series(kind: DiagramKindLike, order: number): DiagramSeries {
  const k = diagramKind(kind);
  const terms = Object.freeze(Array.from({ length: checkOrder(order) + 1 }, (_, n) => diagramTerm(k, n)));
  return Object.freeze({ _tag: 'Series', kind: k, order, terms });
}

/**
 * The resummed closed form `α E[A (I − G A)⁻¹]` (or `α E[s A (I − G A)⁻¹]`) of a kind.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToLatex(resummed('selfEnergy')); // '\\alpha\\,\\mathbb{E}\\left[A (I - G A)^{-1}\\right]'
 */
export function resummed(kind: DiagramKindLike): ResummedDiagram {
  return Object.freeze({ _tag: 'Resummed', kind: diagramKind(kind), order: Infinity });
}

// ---------------------------------------------------------------------------------------------------------
// Printing. Matrices are the single letters A, G, I; α and t_k follow the symbol conventions of print.ts.

/** The insertion `s` in front of the loop, with its trailing space ('' for the bulk self-energy). */
function insertionText(kind: DiagramKind, format: PrintFormat): string {
  if (kind._tag === 'SelfEnergy') return '';
  const s = kind.insertion;
  if (s._tag === 'Output') return 'y ';
  return format === 'latex' ? `${latexSymbol(`t_${s.unit}`)}^{2} ` : `t_${s.unit}^2 `;
}

function chain(d: DiagramTerm | ResummedDiagram, format: PrintFormat): string {
  if (d._tag === 'Resummed') return format === 'latex' ? 'A (I - G A)^{-1}' : 'A (I - G A)^(-1)';
  const n = d.order;
  if (n === 0) return 'A';
  if (n === 1) return 'A G A';
  return format === 'latex' ? `A (G A)^{${n}}` : `A (G A)^${n}`;
}

function printLoop(d: DiagramTerm | ResummedDiagram, format: PrintFormat): string {
  const inner = insertionText(d.kind, format) + chain(d, format);
  return format === 'latex' ? `${latexSymbol('alpha')}\\,\\mathbb{E}\\left[${inner}\\right]` : `alpha E[${inner}]`;
}

/** Series longer than this print as `first + second + … + last`. */
const SHOWN_TERMS = 4;

/**
 * Print a diagram as text (`alpha E[A (G A)^2]`) or LaTeX (`\alpha\,\mathbb{E}\left[A (G A)^{2}\right]`).
 * A series prints as the sum of its terms, elided in the middle (`…`, `\dots`) beyond four terms.
 * @category DSL
 * @since 0.1.0
 * @example
 * printDiagram(resummed('signal'), 'latex'); // '\\alpha\\,\\mathbb{E}\\left[y A (I - G A)^{-1}\\right]'
 */
export function printDiagram(d: Diagram, format: PrintFormat = 'text'): string {
  if (d._tag !== 'Series') return printLoop(d, format);
  const shown =
    d.terms.length <= SHOWN_TERMS
      ? d.terms.map((t) => printLoop(t, format))
      : [printLoop(d.terms[0]!, format), printLoop(d.terms[1]!, format), format === 'latex' ? '\\dots' : '...', printLoop(d.terms[d.terms.length - 1]!, format)];
  return shown.join(' + ');
}

/**
 * A diagram as text.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToText(selfEnergyTerm(3)); // 'alpha E[A (G A)^3]'
 */
export function diagramToText(d: Diagram): string {
  return printDiagram(d, 'text');
}

/**
 * A diagram as LaTeX.
 * @category DSL
 * @since 0.1.0
 * @example
 * diagramToLatex(signalTerm(2)); // '\\alpha\\,\\mathbb{E}\\left[y A (G A)^{2}\\right]'
 */
export function diagramToLatex(d: Diagram): string {
  return printDiagram(d, 'latex');
}
