/**
 * Figures of the replica theory of binary networks (THEORY §9): the phase diagram of the random-features
 * perceptron over the overparametrization `N/D`, and the generalization error against `1/α`.
 *
 * @module
 */
import { Chart, paletteColor, type MarkerShape } from './svg.js';
import { num, type FigureOptions } from './figures.js';

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** Data of the phase diagram. */
export interface BinaryPhaseFigureData {
  /** Margin `κ`. */
  readonly kappa: number;
  /** Feature map. */
  readonly activation: string;
  /** The interpolation line: `α_c(α_D)` and `N/D = α_D/α_c`. */
  readonly line: readonly { readonly alphaD: number; readonly alphaC: number; readonly overparametrization: number }[];
  /** The `N/D → 0` (`α_D → 0`, storage) limit of `α_c`. */
  readonly storageAlphaC: number;
  /** Further points (local-entropy transition, algorithmic thresholds) in the same plane, with their sources. */
  readonly markers: readonly { readonly overparametrization: number; readonly alpha: number; readonly label: string; readonly source: string }[];
  /** Horizontal reference lines (e.g. the storage `α_LE`), with their sources. */
  readonly levels: readonly { readonly alpha: number; readonly label: string; readonly source: string }[];
}

/**
 * `α = P/N` against `N/D` (log axis): below the interpolation line zero-error solutions exist; it tends to the
 * storage capacity as `N/D → 0` (`α_D → 0`) and rises with the overparametrization.
 */
export function binaryPhaseFigure(d: BinaryPhaseFigureData, options: FigureOptions = {}): string {
  const xs = [...d.line.map((p) => p.overparametrization), ...d.markers.map((m) => m.overparametrization)];
  const ys = [...d.line.map((p) => p.alphaC), d.storageAlphaC, ...d.markers.map((m) => m.alpha), ...d.levels.map((l) => l.alpha)];
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Binary random features (σ = ${d.activation}, κ = ${num(d.kappa)}): interpolation threshold`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'overparametrization N/D = α_{D}/α', log: true, min: Math.min(...xs) / 1.3, max: Math.max(...xs) * 1.3 },
    y: { label: 'α = P/N', min: 0, max: Math.max(...ys) * 1.12 },
    legend: 'bottom-right',
  });
  const sorted = [...d.line].sort((a, b) => a.overparametrization - b.overparametrization);
  chart.area(sorted.map((p) => p.overparametrization), sorted.map(() => 0), sorted.map((p) => p.alphaC), { color: paletteColor(0), opacity: 0.12 }, { legend: 'solutions exist (φ > 0)' });
  chart.line(sorted.map((p) => p.overparametrization), sorted.map((p) => p.alphaC), { color: paletteColor(0), width: 2 }, { legend: 'interpolation α_{c}(α_{D})' });
  chart.points(sorted.map((p) => ({ x: p.overparametrization, y: p.alphaC })), { color: paletteColor(0), size: 3 });
  chart.hline(d.storageAlphaC, { color: '#555555', dash: '6 4', width: 1.2 }, { text: `storage α_{c} = ${num(d.storageAlphaC)}`, side: 'left' });
  d.levels.forEach((l, k) => chart.hline(l.alpha, { color: paletteColor(k + 1), dash: '2 3', width: 1.2 }, { text: l.label, side: 'right' }));
  d.markers.forEach((m, k) => {
    const color = paletteColor(k + 1 + d.levels.length);
    chart.points([{ x: m.overparametrization, y: m.alpha }], { color, shape: SHAPES[(k + 1) % SHAPES.length]!, size: 5 }, { legend: m.label });
  });
  return chart.render();
}

/** Data of the generalization figure. */
export interface BinaryGeneralizationFigureData {
  /** Margin `κ`. */
  readonly kappa: number;
  /** Feature map. */
  readonly activation: string;
  /** One curve per `α_D`: `ε_g` and `ε_bary` at each `α`, and the `α → 0` plateau. */
  readonly curves: readonly {
    readonly alphaD: number;
    readonly points: readonly { readonly alpha: number; readonly eg: number; readonly ebary: number }[];
    readonly plateau: number;
  }[];
}

/** `ε_g` (solid) and `ε_bary` (dashed) against `1/α = N/P` for several `α_D`, with the `α → 0` plateaus (dotted). */
export function binaryGeneralizationFigure(d: BinaryGeneralizationFigureData, options: FigureOptions = {}): string {
  const xs = d.curves.flatMap((c) => c.points.map((p) => 1 / p.alpha));
  const ys = d.curves.flatMap((c) => [...c.points.flatMap((p) => [p.eg, p.ebary]), c.plateau]);
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Binary random features (σ = ${d.activation}, κ = ${num(d.kappa)}): generalization`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: '1/α = N/P', log: true, min: Math.min(...xs) / 1.2, max: Math.max(...xs) * 1.2 },
    y: { label: 'error', min: Math.max(0, Math.min(...ys) - 0.03), max: Math.min(0.5, Math.max(...ys) + 0.03) },
    legend: 'bottom-right',
  });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    const pts = [...c.points].sort((a, b) => a.alpha - b.alpha);
    chart.line(pts.map((p) => 1 / p.alpha), pts.map((p) => p.eg), { color, width: 2 }, { legend: `ε_{g}, α_{D} = ${num(c.alphaD)}` });
    chart.line(pts.map((p) => 1 / p.alpha), pts.map((p) => p.ebary), { color, width: 1.5, dash: '6 4' }, { legend: `ε_{bary}, α_{D} = ${num(c.alphaD)}` });
    chart.hline(c.plateau, { color, dash: '2 3', width: 1 }, { text: `plateau ${num(c.plateau)}`, side: 'right' });
  });
  return chart.render();
}
