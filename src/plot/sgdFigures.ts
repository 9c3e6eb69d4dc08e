/**
 * The figures of the SGD dynamics (THEORY §8), drawn with the chart module `svg.ts`. Each function is pure:
 * data in (the JSON records of `bbp sgd …`), a standalone SVG document out. Several panels share one
 * document as nested `<svg>` elements, each a chart of its own (`idPrefix` keeps their ids apart).
 *
 * @module
 */
import { num, type FigureOptions } from './figures.js';
import { Chart, escapeXml, paletteColor, type MarkerShape } from './svg.js';

/** Mean and standard error of a simulated quantity at each time (row-major matrices per time). */
interface Simulated {
  readonly t: readonly number[];
  readonly risk: readonly number[];
  readonly riskStandardError: readonly (number | null)[];
  readonly Q: readonly (readonly number[])[];
  readonly QStandardError: readonly (readonly (number | null)[])[];
  readonly R: readonly (readonly number[])[];
  readonly RStandardError: readonly (readonly (number | null)[])[];
}

/** An ODE trajectory (the fields of `bbp sgd ode` the figures use). */
export interface SgdOdeCurves {
  readonly t: readonly number[];
  readonly risk: readonly number[];
  readonly Q: readonly (readonly number[])[];
  readonly R: readonly (readonly number[])[];
  readonly conservedDrift?: readonly number[] | null;
  readonly distanceToSolution?: readonly number[] | null;
}

/** The record of `bbp sgd simulate` (simulation mean ± SE, the ODE beside it), as the ODE-vs-simulation figure needs it. */
export interface SgdOdeVsSimulationData extends Simulated {
  readonly model: { readonly p: number; readonly pstar: number; readonly student: string; readonly teacher: string };
  readonly eta: number;
  readonly n: number;
  readonly seeds: readonly number[];
  readonly conservedDrift?: readonly (number | null)[] | null;
  readonly distanceToSolution?: readonly number[] | null;
  readonly ode: SgdOdeCurves;
}

const PANEL_WIDTH = 470;
const PANEL_HEIGHT = 380;
const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** Panels side by side in one document; `title` as a heading above them. */
function panels(charts: readonly string[], width: number, height: number, title: string, description: string | undefined): string {
  const heading = 26;
  const total = width * charts.length;
  const body = charts
    .map((svg, k) => svg.replace('<svg xmlns="http://www.w3.org/2000/svg" ', `<svg class="panel" x="${k * width}" y="${heading}" `))
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height + heading}" viewBox="0 0 ${total} ${height + heading}" font-family="sans-serif">` +
    `<title>${escapeXml(title)}</title>${description === undefined ? '' : `<desc>${escapeXml(description)}</desc>`}` +
    `<rect x="0" y="0" width="${total}" height="${height + heading}" fill="#ffffff"/>` +
    `<text class="figure-title" x="${total / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(title)}</text>${body}</svg>`
  );
}

const finiteOr = (v: number | null | undefined): number | undefined => (v === null || v === undefined || !Number.isFinite(v) ? undefined : v);

/** Matrix entries worth drawing: `Q_ij` with `i ≤ j`, every `R_ik`; labels 1-based. */
function entries(rows: number, cols: number, symmetric: boolean): { index: number; label: string }[] {
  const out: { index: number; label: string }[] = [];
  for (let i = 0; i < rows; i++) for (let j = symmetric ? i : 0; j < cols; j++) out.push({ index: i * cols + j, label: `${i + 1}${j + 1}` });
  return out;
}

/**
 * ODE (lines) against the seed-averaged simulation (markers, ± one standard error) for the risk and every
 * entry of `Q` (`i ≤ j`) and `R`: three panels.
 */
export function sgdOdeVsSimulationFigure(d: SgdOdeVsSimulationData, options: FigureOptions = {}): string {
  const { eta, n, seeds } = d;
  const { p, pstar } = d.model;
  const width = options.width ?? PANEL_WIDTH;
  const height = options.height ?? PANEL_HEIGHT;
  const simLabel = `simulation N = ${n}, ${seeds.length} seed${seeds.length === 1 ? '' : 's'} (± SE)`;
  const common = { width, height, legend: 'auto' as const };

  const risk = new Chart({ ...common, idPrefix: 'risk', x: { label: 't' }, y: { label: 'population risk', min: 0 }, title: 'risk' });
  risk.line([...d.ode.t], [...d.ode.risk], { color: '#000000', width: 1.8 }, { legend: 'ODE' });
  risk.points(
    d.t.map((t, k) => ({ x: t, y: d.risk[k]!, ...(finiteOr(d.riskStandardError[k]) === undefined ? {} : { err: d.riskStandardError[k]! }) })),
    { color: paletteColor(1), shape: 'circle', size: 3 },
    { legend: simLabel },
  );

  const matrixPanel = (name: 'Q' | 'R', cols: number, symmetric: boolean): string => {
    const chart = new Chart({ ...common, idPrefix: name, x: { label: 't' }, y: { label: name }, title: `${name} (lines: ODE, markers: simulation)` });
    const ode = name === 'Q' ? d.ode.Q : d.ode.R;
    const sim = name === 'Q' ? d.Q : d.R;
    const se = name === 'Q' ? d.QStandardError : d.RStandardError;
    entries(p, cols, symmetric).forEach(({ index, label }, k) => {
      const color = paletteColor(k);
      const marker = { color, shape: SHAPES[k % SHAPES.length]!, size: 3 };
      chart.line(ode.map((_, m) => d.ode.t[m]!), ode.map((row) => row[index]!), { color, width: 1.5 }, { legend: `${name}_{${label}}`, legendMarker: marker });
      chart.points(
        sim.map((row, m) => ({ x: d.t[m]!, y: row[index]!, ...(finiteOr(se[m]?.[index]) === undefined ? {} : { err: se[m]![index]! }) })),
        marker,
      );
    });
    return chart.render();
  };

  const title = `One-pass SGD, ${d.model.student}:${p} learning ${d.model.teacher}:${pstar}, η = ${num(eta)}: ODE vs ${simLabel}`;
  return panels([risk.render(), matrixPanel('Q', p, true), matrixPanel('R', pstar, false)], width, height, title, options.description);
}

/** What the escape figure needs (the fields of `bbp sgd escape`). */
export interface SgdEscapeData {
  readonly pstar: number;
  readonly n: number;
  readonly seeds: number;
  readonly curves: readonly {
    readonly p: number;
    readonly points: readonly { readonly eta: number; readonly escapeTime: number | null; readonly standardError: number | null; readonly escaped: number; readonly predictedEscapeTime: number | null }[];
    readonly optimalEta: number | null;
    readonly optimalEtaGrowthRate: number;
  }[];
  readonly optimalEtaSlope: number | null;
  readonly optimalEtaGrowthRateSlope: number | null;
}

/**
 * Escape time from the plateau versus η for each p (markers ± SE over initial conditions, dashed: the
 * closed-form prediction), and the optimal η versus p with its fitted slope: two panels.
 */
export function sgdEscapeFigure(d: SgdEscapeData, options: FigureOptions = {}): string {
  const width = options.width ?? PANEL_WIDTH;
  const height = options.height ?? PANEL_HEIGHT;
  const times = new Chart({ width, height, idPrefix: 'escape', legend: 'auto', x: { label: 'η' }, y: { label: 'escape time', log: true }, title: 'escape time vs η' });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    const pts = c.points.filter((q) => q.escapeTime !== null && q.escapeTime > 0);
    const marker = { color, shape: SHAPES[k % SHAPES.length]!, size: 3.5 };
    times.line(pts.map((q) => q.eta), pts.map((q) => q.escapeTime!), { color, width: 1.3 }, { legend: `p = ${c.p}`, marker });
    times.points(pts.map((q) => ({ x: q.eta, y: q.escapeTime!, ...(finiteOr(q.standardError) === undefined ? {} : { err: q.standardError! }) })), marker);
    const predicted = c.points.filter((q) => q.predictedEscapeTime !== null && q.predictedEscapeTime > 0);
    if (predicted.length > 1) times.line(predicted.map((q) => q.eta), predicted.map((q) => q.predictedEscapeTime!), { color, width: 1, dash: '5 4' });
    if (c.optimalEta !== null) times.vline(c.optimalEta, { color, width: 0.8, dash: '2 3' });
  });
  times.legendEntry('dashed: closed-form prediction', { kind: 'line', style: { color: '#555555', dash: '5 4' } });

  const ps = d.curves.map((c) => c.p);
  const optimal = new Chart({ width, height, idPrefix: 'optimal', legend: 'auto', x: { label: 'p' }, y: { label: 'optimal η', min: 0 }, title: 'optimal η vs p' });
  const measured = d.curves.filter((c) => c.optimalEta !== null);
  optimal.points(measured.map((c) => ({ x: c.p, y: c.optimalEta! })), { color: paletteColor(0), shape: 'circle', size: 4 }, {
    legend: `from the escape times${d.optimalEtaSlope === null ? '' : `, slope ${num(d.optimalEtaSlope, 3)}`}`,
  });
  optimal.line(ps, d.curves.map((c) => c.optimalEtaGrowthRate), { color: '#000000', width: 1.5, dash: '6 4' }, {
    legend: `maximal growth rate${d.optimalEtaGrowthRateSlope === null ? '' : `, slope ${num(d.optimalEtaGrowthRateSlope, 3)}`}`,
  });
  const title = `Plateau escape, p* = ${d.pstar}, R(0) random with N = ${d.n}, ${d.seeds} initial conditions`;
  return panels([times.render(), optimal.render()], width, height, title, options.description);
}

/** A quantity over time from the ODE and, optionally, the simulation. */
export interface SgdTimeSeriesData {
  /** Shown in the title, e.g. `square:3 learning square:2, η = 0.5`. */
  readonly label: string;
  readonly ode: { readonly t: readonly number[]; readonly values: readonly number[] };
  readonly simulation: { readonly t: readonly number[]; readonly values: readonly (number | null)[]; readonly n: number; readonly seeds: number } | null;
}

/**
 * One quantity over time on a log axis. Values below `floor` (exact zeros included) are drawn at `floor`, said in
 * the legend; the axis labels decades from 1e−9 (the chart module prints ticks of 1e−12 and below as 0).
 */
function timeSeriesFigure(d: SgdTimeSeriesData, yLabel: string, title: string, floor: number, options: FigureOptions): string {
  // Zeros (exact conservation at t = 0) cannot sit on a log axis: they are drawn at the floor.
  const lift = (v: number | null) => (v === null || !Number.isFinite(v) ? Number.NaN : Math.max(v, floor));
  const odeValues = d.ode.values.map(lift);
  const simValues = d.simulation ? d.simulation.values.map((v) => lift(v ?? null)) : [];
  const all = [...odeValues, ...simValues].filter(Number.isFinite);
  const low = Math.min(...all);
  const high = Math.max(...all);
  // Below 1e−6 the automatic log ticks would reach labels the chart module prints as 0: label every 3rd decade.
  const ticks: number[] = [];
  if (low < 1e-6) for (let e = Math.floor(Math.log10(low) / 3) * 3; 10 ** (e - 3) < high; e += 3) if (e >= -9) ticks.push(10 ** e);
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    legend: 'auto',
    title,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 't' },
    y: { label: yLabel, log: true, ...(ticks.length >= 2 ? { ticks, min: Math.min(low, ticks[0]!), max: Math.max(high, ticks[ticks.length - 1]!) } : {}) },
  });
  chart.line([...d.ode.t], odeValues, { color: '#000000', width: 1.8 }, { legend: 'ODE' });
  if (d.simulation) {
    const s = d.simulation;
    chart.points(
      s.t.map((t, k) => ({ x: t, y: simValues[k]! })).filter((q) => Number.isFinite(q.y)),
      { color: paletteColor(1), shape: 'circle', size: 3 },
      { legend: `simulation N = ${s.n}, ${s.seeds} seeds (seed mean)` },
    );
  }
  if (low <= floor) chart.legendEntry(`values below ${num(floor)} drawn at ${num(floor)}`, { kind: 'box', style: { color: '#ffffff', stroke: '#ffffff' } });
  return chart.render();
}

/** Distance per √N of the weights from the predicted solution (the closest zero-error point) over time. */
export function sgdDistanceFigure(d: SgdTimeSeriesData, options: FigureOptions = {}): string {
  return timeSeriesFigure(d, 'distance to the predicted solution', `Distance to the predicted solution: ${d.label}`, 1e-10, options);
}

/** The conserved quantity: drift `‖O(t) − O(0)‖_F` of the polar factor of `R(t)` over time (log axis). */
export function sgdConservedFigure(d: SgdTimeSeriesData, options: FigureOptions = {}): string {
  return timeSeriesFigure(d, '‖O(t) − O(0)‖_{F}', `Polar factor O of R (conserved by the ODE): ${d.label}`, 1e-10, options);
}
