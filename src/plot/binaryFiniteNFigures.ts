/**
 * Figures of the finite-N binary experiments: local-energy profiles of the solutions found by simulated
 * annealing and by SBPI, and solver success rates versus `α` with the local-entropy and capacity markers.
 *
 * @module
 */
import type { BinaryLocalEnergyProfile } from '../numeric/binary/solvers.js';
import { Chart, paletteColor, type MarkerShape } from './svg.js';
import { num, type FigureOptions } from './figures.js';

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** Data of the local-energy figure: one mean profile (± SE over solutions) per solver. */
export interface LocalEnergyFigureData {
  /** Number of weights `N`. */
  readonly n: number;
  /** Load `α`. */
  readonly alpha: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** One curve per solver. */
  readonly curves: readonly { readonly solver: string; readonly solved: number; readonly instances: number; readonly profile: BinaryLocalEnergyProfile | null }[];
}

/** Training error after flipping a fraction `d` of the weights, per solver, mean ± SE over solutions. */
export function localEnergyFigure(d: LocalEnergyFigureData, options: FigureOptions = {}): string {
  let yMax = 0;
  let xMax = 0;
  for (const c of d.curves) {
    if (c.profile === null) continue;
    c.profile.mean.forEach((m, k) => (yMax = Math.max(yMax, m + (Number.isFinite(c.profile!.standardError[k]!) ? c.profile!.standardError[k]! : 0))));
    xMax = Math.max(xMax, ...c.profile.distances);
  }
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Local energy of solutions: N = ${d.n}, α = ${num(d.alpha)}, κ = ${num(d.kappa)}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'fraction of flipped weights d', min: 0, max: xMax > 0 ? xMax : 1 },
    y: { label: 'training error after the flips', min: 0, max: yMax > 0 ? yMax * 1.1 : 1 },
    legend: 'top-left',
  });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    const shape = SHAPES[k % SHAPES.length]!;
    const label = `${c.solver} (${c.solved}/${c.instances} solved)`;
    if (c.profile === null) {
      chart.legendEntry(`${label}: no solution`, { kind: 'line', style: { color, dash: '2 3' } });
      return;
    }
    const p = c.profile;
    chart.line([0, ...p.distances], [0, ...p.mean], { color, width: 2 }, { legend: label, legendMarker: { color, shape, size: 3.5 } });
    chart.points(
      p.distances.map((x, j) => ({ x, y: p.mean[j]!, ...(Number.isFinite(p.standardError[j]!) ? { err: p.standardError[j]! } : {}) })),
      { color, shape, size: 4 },
    );
  });
  return chart.render();
}

/** Data of the success-rate figure. */
export interface SuccessFigureData {
  /** Number of weights `N`. */
  readonly n: number;
  /** Margin `κ`. */
  readonly kappa: number;
  /** One curve per solver: success rate ± binomial SE at each `α`. */
  readonly curves: readonly { readonly solver: string; readonly points: readonly { readonly alpha: number; readonly rate: number; readonly standardError: number; readonly instances: number }[] }[];
  /** Vertical markers (e.g. `α_LE`, `α_c`) with their labels and sources. */
  readonly markers: readonly { readonly alpha: number; readonly label: string; readonly source: string }[];
}

/** Success rate of each solver against `α`, with the `α_LE` and `α_c` markers. */
export function successFigure(d: SuccessFigureData, options: FigureOptions = {}): string {
  const alphas = [...d.curves.flatMap((c) => c.points.map((p) => p.alpha)), ...d.markers.map((m) => m.alpha)];
  const lo = Math.min(...alphas);
  const hi = Math.max(...alphas);
  const pad = 0.04 * (hi - lo || 1);
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Solver success rate: N = ${d.n}, κ = ${num(d.kappa)}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'α = P/N', min: lo - pad, max: hi + pad },
    y: { label: 'fraction of instances solved', min: 0, max: 1.05 },
    legend: 'bottom-left',
  });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    const shape = SHAPES[k % SHAPES.length]!;
    chart.line(c.points.map((p) => p.alpha), c.points.map((p) => p.rate), { color, width: 2 }, { legend: c.solver, legendMarker: { color, shape, size: 3.5 } });
    chart.points(c.points.map((p) => ({ x: p.alpha, y: p.rate, err: p.standardError })), { color, shape, size: 4 });
  });
  d.markers.forEach((m, k) => {
    chart.vline(m.alpha, { color: '#555555', dash: k === 0 ? '6 4' : '2 3', width: 1.2 }, { text: m.label, side: k % 2 === 0 ? 'left' : 'right' });
  });
  return chart.render();
}

/** Data of the finite-size figure: an enumerated quantity against `1/N`, with the replica value(s). */
export interface EnumerationTrendFigureData {
  /** Title of the figure. */
  readonly title: string;
  /** Label of the y axis (rich text). */
  readonly yLabel: string;
  /** One series per quantity: finite-N means ± SE and the replica value at each point's own `α = P/N` (or null). */
  readonly series: readonly {
    readonly label: string;
    readonly points: readonly { readonly n: number; readonly mean: number; readonly standardError: number; readonly replica: number | null }[];
  }[];
}

/** Enumerated means ± SE against `1/N` (open markers: the replica prediction at the same `P/N`). */
export function enumerationTrendFigure(d: EnumerationTrendFigureData, options: FigureOptions = {}): string {
  const xs = d.series.flatMap((s) => s.points.map((p) => 1 / p.n));
  const ys = d.series.flatMap((s) => s.points.flatMap((p) => [p.mean - p.standardError, p.mean + p.standardError, ...(p.replica === null ? [] : [p.replica])]));
  const xMax = Math.max(...xs) * 1.08;
  const yLo = Math.min(...ys);
  const yHi = Math.max(...ys);
  const pad = 0.08 * (yHi - yLo || 1);
  const chart = new Chart({
    width: options.width ?? 820, // room for the legend on the right
    height: options.height ?? 420,
    title: d.title,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: '1/N', min: 0, max: xMax },
    y: { label: d.yLabel, min: yLo - pad, max: yHi + pad },
    legend: 'right',
  });
  d.series.forEach((s, k) => {
    const color = paletteColor(k);
    const shape = SHAPES[k % SHAPES.length]!;
    chart.points(s.points.map((p) => ({ x: 1 / p.n, y: p.mean, err: p.standardError })), { color, shape, size: 4 }, { legend: `${s.label}: enumeration` });
    const rep = s.points.filter((p) => p.replica !== null);
    if (rep.length > 0) chart.points(rep.map((p) => ({ x: 1 / p.n, y: p.replica! })), { color, shape, size: 4, filled: false }, { legend: `${s.label}: replica at α = P/N` });
  });
  return chart.render();
}
