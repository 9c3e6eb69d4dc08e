/**
 * The local-entropy figure (THEORY §9): Franz–Parisi curves `φ_FP(d)` around maximal-margin references at
 * several loads, on both sides of the local-entropy transition `α_LE`.
 *
 * @module
 */
import { Chart, paletteColor } from './svg.js';
import { num, type FigureOptions } from './figures.js';

/** Data of {@link localEntropyFigure}. */
export interface LocalEntropyFigureData {
  /** Margin `κ` of the counted solutions. */
  readonly kappa: number;
  /** One curve per load. */
  readonly curves: readonly {
    /** Load `α`. */
    readonly alpha: number;
    /** Reference margin `κ̃` (`κ_max(α)` by default). */
    readonly kappaRef: number;
    /** Whether `φ_FP(d)` is monotone on the grid. */
    readonly monotone: boolean;
    /** `(d, φ_FP, dφ_FP/dd)` by increasing `d`. */
    readonly points: readonly { readonly d: number; readonly phi: number; readonly slope: number }[];
  }[];
  /** `α_LE(κ)`, when known (shown in the title). */
  readonly alphaLE?: number;
}

/**
 * `φ_FP` against `d` (log axis), one line per `α`: solid where the curve is monotone (a wide, dense region
 * around the reference), dashed where it is not; the zero line marks where the count of neighbours vanishes.
 */
export function localEntropyFigure(data: LocalEntropyFigureData, options: FigureOptions = {}): string {
  const ds = data.curves.flatMap((c) => c.points.map((p) => p.d));
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Local entropy around κ_{max} references (κ = ${num(data.kappa)}${data.alphaLE === undefined ? '' : `, α_{LE} = ${num(data.alphaLE)}`})`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'distance d to the reference', log: true, min: Math.min(...ds), max: Math.max(...ds) },
    y: { label: 'φ_{FP}(d)', grid: true },
    legend: 'top-left',
  });
  chart.hline(0, { color: '#888888', width: 1 });
  data.curves.forEach((c, k) => {
    const style = { color: paletteColor(k), width: 2, ...(c.monotone ? {} : { dash: '6 4' }) };
    chart.line(
      c.points.map((p) => p.d),
      c.points.map((p) => p.phi),
      style,
      { legend: `α = ${num(c.alpha)}, κ̃ = ${num(c.kappaRef)} (${c.monotone ? 'monotone' : 'non-monotone'})`, marker: { color: paletteColor(k), size: 2.5 } },
    );
  });
  return chart.render();
}
