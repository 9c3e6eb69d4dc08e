/**
 * The four figures, drawn from the records of `data.ts` with the chart module `svg.ts`. Each function is
 * pure: data in, a standalone SVG document out.
 *
 * @module
 */
import type { ModelEcho } from '../theory.js';
import type { DensityData, OverlapData, PhaseData, ThresholdVsPData } from './data.js';
import { Chart, PALETTE, paletteColor, type MarkerShape } from './svg.js';

/** What every figure may carry besides its data. */
export interface FigureOptions {
  /** Put into `<desc>`: e.g. the command line that made the figure. */
  readonly description?: string;
  readonly width?: number;
  readonly height?: number;
}

/** A number for a title or label: up to `digits` significant digits, no trailing zeros, true minus. */
export function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  let s = Number(v.toPrecision(digits)).toString();
  if (s.includes('e')) s = v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return s.replace('-', '\u2212');
}

/** The model in a title: `p = 2, p* = 1, a = 1.5` (rich text), or a DSL model's text on one line. */
export function modelLabel(model: ModelEcho | Record<string, unknown>, omit: readonly string[] = []): string {
  const m = model as Record<string, unknown>;
  if (typeof m['model'] === 'string') return dslLabel(m['model'] as string, omit);
  const parts: string[] = [];
  if (m['p'] !== undefined && !omit.includes('p')) parts.push(`p = ${m['p'] === 'inf' ? '∞' : num(m['p'] as number)}`);
  if (m['pstar'] !== undefined && !omit.includes('pstar')) parts.push(`p^{*} = ${num(m['pstar'] as number)}`);
  if (m['a'] !== undefined && !omit.includes('a')) parts.push(`a = ${num(m['a'] as number)}`);
  if (m['scale'] !== undefined && m['scale'] !== 1) parts.push(`scale ${num(m['scale'] as number)}`);
  return parts.join(', ');
}

/**
 * A DSL model's printed text (`printModel`) on one short line: `teacher square:1, student tanh:1, loss
 * normalizedSquare, a = 1`. Lines it does not recognize are kept as they are.
 */
function dslLabel(text: string, omit: readonly string[]): string {
  const parts: string[] = [];
  for (const line of text.split('\n')) {
    const net = /^(teacher|student): width (\d+), activation ([^:]+):/.exec(line);
    const loss = /^loss ([^:]+):\s*(.*)$/.exec(line);
    const params = /^parameters: (.*)$/.exec(line);
    const scale = /^scale: (.*)$/.exec(line);
    if (net) parts.push(`${net[1]} ${net[3]}:${net[2]}`);
    else if (loss) parts.push(`loss ${loss[1]!.length <= 24 && loss[1] !== 'custom' ? loss[1] : loss[2]}`);
    else if (params) parts.push(...params[1]!.split(', ').filter((kv) => !omit.some((o) => kv.startsWith(`${o} =`))));
    else if (scale) {
      if (scale[1] !== '1') parts.push(`scale ${scale[1]}`);
    } else if (line.trim()) parts.push(line.trim());
  }
  // Braces would read as sub/superscript markup.
  return parts.join(', ').replace(/[{}]/g, '');
}

const seedsText = (seeds: readonly number[]): string => (seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds`);

// ---------------------------------------------------------------------------------------------------------

/** ρ(λ) with the Monte Carlo histogram under it, the edge λ₋ and the outlier λ* marked. */
export function densityFigure(d: DensityData, options: FigureOptions = {}): string {
  const t = d.theory;
  const mc = d.monteCarlo;
  const rhoMax = Math.max(0, ...t.rho.filter(Number.isFinite));
  const histMax = mc ? Math.max(0, ...mc.histogram.density) : 0;
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Spectral density at α = ${num(d.alpha)}: ${modelLabel(d.model)}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'λ', min: d.window[0], max: d.window[1], tickCount: 9 },
    y: { label: 'ρ(λ)', min: 0, max: niceCeil(1.08 * Math.max(rhoMax, histMax)) },
    legend: 'auto',
  });
  if (mc) {
    chart.bars(mc.histogram.edges, mc.histogram.density, { color: PALETTE[5], opacity: 0.55, stroke: '#ffffff', strokeWidth: 0.5 }, {
      legend: `Monte Carlo, N = ${mc.n}, ${seedsText(mc.seeds)}`,
    });
  }
  chart.line(t.lambda, t.rho, { color: '#000000', width: 1.8 }, { legend: 'theory ρ(λ)' });
  const edgeColor = PALETTE[2];
  const outlierColor = PALETTE[1];
  chart.vline(t.edge, { color: edgeColor, dash: '6 4', width: 1.4 }, { text: 'λ_{−}', side: 'right', legend: `edge λ_{−} = ${num(t.edge)} (${t.edgeKind})` });
  if (t.outlier !== null) {
    chart.vline(t.outlier, { color: outlierColor, dash: '2 3', width: 1.6 }, {
      text: 'λ^{*}',
      side: 'left',
      legend: `outlier λ^{*} = ${num(t.outlier)}, m^{2} = ${num(t.m2, 3)}`,
    });
  }
  if (mc && mc.bottom.length > 0 && (mc.bottom[0]?.length ?? 0) > 0) {
    const k = mc.bottom[0]!.length;
    chart.rug(mc.bottom.flat(), { color: outlierColor, width: 1.2 }, { legend: `lowest ${k === 1 ? 'eigenvalue' : `${k} eigenvalues`} of each sample` });
  }
  if (t.atomAtZero > 0) chart.legendEntry(`atom at λ = 0 of mass ${num(t.atomAtZero, 3)} not shown`, { kind: 'box', style: { color: '#ffffff', stroke: '#ffffff' } });
  return chart.render();
}

/** The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) ≥ v. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= v * (1 - 1e-12)) return Number((m * mag).toPrecision(12));
  return 10 * mag;
}

// ---------------------------------------------------------------------------------------------------------

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** m²(α) for each a, finite-N points with error bars, and α_BBP marked. */
export function overlapFigure(d: OverlapData, options: FigureOptions = {}): string {
  const first = d.curves[0];
  const common = first ? modelLabel(first.model, d.curves.length > 1 ? ['a'] : []) : '';
  const mc = d.monteCarlo;
  let yMax = 0;
  for (const c of d.curves) {
    for (const p of c.points) yMax = Math.max(yMax, p.m2);
    for (const p of c.monteCarlo) yMax = Math.max(yMax, p.mean + (Number.isFinite(p.se) ? p.se : 0));
  }
  // Curves share their α values: each curve's points are offset a little sideways so that none hides another,
  // and the axis makes room for the outermost ones.
  const dodgeStep = 0.009 * (d.range.to - d.range.from);
  const dodgeOf = (k: number) => (k - (d.curves.length - 1) / 2) * dodgeStep;
  const mcX = d.curves.flatMap((c, k) => c.monteCarlo.map((p) => p.alpha + dodgeOf(k)));
  const xMin = Math.min(d.range.from, ...mcX.map((x) => x - 2.5 * dodgeStep));
  const xMax = Math.max(d.range.to, ...mcX.map((x) => x + 2.5 * dodgeStep));
  const chart = new Chart({
    width: options.width ?? 640,
    height: options.height ?? 420,
    title: `Teacher overlap of the bottom eigenvector: ${common}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'α = M/N', min: xMin, max: xMax },
    y: { label: 'm^{2}', min: 0, max: Math.min(1, niceCeil(1.1 * Math.max(yMax, 0.05))) },
    legend: 'auto',
  });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    const shape = SHAPES[k % SHAPES.length]!;
    // The curve is 0 up to α_BBP and then follows the outlier: split it at α_BBP, and draw a jump dotted.
    const below = c.points.filter((p) => p.alpha < c.alphaBBP);
    const above = c.points.filter((p) => p.alpha > c.alphaBBP);
    const xs = [...below.map((p) => p.alpha)];
    const ys = [...below.map(() => 0)];
    const inRange = c.alphaBBP >= d.range.from && c.alphaBBP <= d.range.to;
    if (inRange) {
      xs.push(c.alphaBBP);
      ys.push(0);
    }
    const label = `${c.a === null ? 'model' : `a = ${num(c.a)}`} (${c.transition}, α_{BBP} = ${num(c.alphaBBP, 4)})`;
    if (c.transition === 'continuous' || !inRange) {
      chart.line([...xs, ...above.map((p) => p.alpha)], [...ys, ...above.map((p) => p.m2)], { color, width: 2 }, {
        legend: label,
        ...(mc ? { legendMarker: { color, shape, size: 3.5 } } : {}),
      });
    } else {
      chart.line(xs, ys, { color, width: 2 }, { legend: label, ...(mc ? { legendMarker: { color, shape, size: 3.5 } } : {}) });
      chart.line([c.alphaBBP, c.alphaBBP], [0, c.m2AtThreshold], { color, width: 1.4, dash: '2 3' });
      chart.line([c.alphaBBP, ...above.map((p) => p.alpha)], [c.m2AtThreshold, ...above.map((p) => p.m2)], { color, width: 2 });
    }
    if (inRange) chart.vline(c.alphaBBP, { color, dash: '6 4', width: 1, opacity: 0.8 }, { text: 'α_{BBP}', side: k % 2 === 0 ? 'left' : 'right' });
    if (c.monteCarlo.length > 0) {
      const dodge = dodgeOf(k);
      chart.points(
        c.monteCarlo.map((p) => ({ x: p.alpha + dodge, y: p.mean, ...(Number.isFinite(p.se) ? { err: p.se } : {}) })),
        { color, shape, size: 4 },
      );
    }
  });
  if (mc) {
    chart.legendEntry(`N = ${mc.n}, ${seedsText(mc.seeds)}: mean ± SE`, { kind: 'marker', style: { color: '#555555', shape: 'circle', size: 4 }, errorBar: true });
  }
  chart.legendEntry('α_{BBP}', { kind: 'line', style: { color: '#555555', dash: '6 4', width: 1 } });
  return chart.render();
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Integers in `[from, to]` spaced at least `minGap` apart on a log axis of the given pixel width, always
 * with both ends and both sides of every change of transition kind.
 */
function markerSubset(points: ThresholdVsPData['curves'][number]['points'], widthPx: number, minGap = 9): number[] {
  if (points.length === 0) return [];
  const lo = Math.log10(points[0]!.p);
  const hi = Math.log10(points[points.length - 1]!.p);
  const px = (p: number) => (hi > lo ? ((Math.log10(p) - lo) / (hi - lo)) * widthPx : 0);
  const keep = new Set<number>();
  let last = -Infinity;
  for (const pt of points) {
    if (px(pt.p) - last >= minGap) {
      keep.add(pt.p);
      last = px(pt.p);
    }
  }
  keep.add(points[points.length - 1]!.p);
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.transition !== points[i - 1]!.transition) {
      keep.add(points[i - 1]!.p);
      keep.add(points[i]!.p);
    }
  }
  return [...keep].sort((x, y) => x - y);
}

/** α_BBP against p (log x), with the p → ∞ limits, marker style telling continuous from discontinuous. */
export function thresholdVsPFigure(d: ThresholdVsPData, options: FigureOptions = {}): string {
  const width = options.width ?? 640;
  const allP = d.curves.flatMap((c) => c.points.map((p) => p.p));
  const pMin = Math.min(...allP);
  const pMax = Math.max(...allP);
  const ticks: number[] = [];
  for (let t = 1; t <= pMax * 1.0001; t *= 2) if (t >= pMin * 0.9999) ticks.push(t);
  const logX = pMax > pMin;
  const chart = new Chart({
    width,
    height: options.height ?? 440,
    title: `BBP threshold against the student width p: p^{*} = ${num(d.pstar)}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    // A little room beyond the end points, so that their markers are not cut by the frame.
    x: { label: 'student width p', log: logX, min: logX ? pMin / 1.06 : pMin - 0.5, max: logX ? pMax * 1.06 : pMax + 0.5, ...(logX && ticks.length >= 2 ? { ticks } : {}) },
    y: { label: 'α_{BBP}', grid: true },
    legend: 'auto',
  });
  // Limits first (drawn under the curves), labelled by their values outside the frame; legend after the curves.
  if (d.smallALimit !== null) chart.hline(d.smallALimit, { color: '#000000', dash: '1.5 3', width: 1.4 }, { text: num(d.smallALimit), side: 'outside' });
  d.curves.forEach((c, k) => {
    if (c.infiniteWidth !== null) chart.hline(c.infiniteWidth, { color: paletteColor(k), dash: '6 4', width: 1.2 }, { text: num(c.infiniteWidth), side: 'outside' });
  });
  d.curves.forEach((c, k) => {
    const color = paletteColor(k);
    chart.line(
      c.points.map((p) => p.p),
      c.points.map((p) => p.alphaBBP ?? Number.NaN),
      { color, width: 1.8 },
      { legend: `a = ${num(c.a)}`, legendMarker: { color, shape: 'circle', size: 3.5 } },
    );
    // Markers at a subset of p (every integer would crowd the right end of the log axis), filled or open by kind.
    const keep = new Set(markerSubset(c.points, width - 120));
    const shown = c.points.filter((p) => keep.has(p.p));
    const cont = shown.filter((p) => p.transition === 'continuous').map((p) => ({ x: p.p, y: p.alphaBBP! }));
    const disc = shown.filter((p) => p.transition === 'discontinuous').map((p) => ({ x: p.p, y: p.alphaBBP! }));
    if (cont.length) chart.points(cont, { color, shape: 'circle', size: 3.5, filled: true });
    if (disc.length) chart.points(disc, { color, shape: 'circle', size: 3.5, filled: false });
  });
  if (d.curves.some((c) => c.infiniteWidth !== null)) chart.legendEntry('p → ∞: p^{*}(a + 1)/2', { kind: 'line', style: { color: '#555555', dash: '6 4', width: 1.2 } });
  if (d.smallALimit !== null) chart.legendEntry('p → ∞, then a → 0: p^{*}/2', { kind: 'line', style: { color: '#000000', dash: '1.5 3', width: 1.4 } });
  chart.legendEntry('continuous (sharp edge)', { kind: 'marker', style: { color: '#333333', shape: 'circle', size: 3.5, filled: true } });
  chart.legendEntry('discontinuous (smooth edge)', { kind: 'marker', style: { color: '#333333', shape: 'circle', size: 3.5, filled: false } });
  if (d.curves.some((c) => c.points.some((p) => p.alphaBBP === null))) {
    chart.legendEntry('no curve: no BBP transition at that p', { kind: 'box', style: { color: '#ffffff', stroke: '#ffffff' } });
  }
  return chart.render();
}

// ---------------------------------------------------------------------------------------------------------

/** Region colours of the phase diagram: light, distinguishable, and ordered in lightness. */
export const PHASE_COLORS = {
  uninformativeSmooth: '#ececec',
  uninformativeSharp: '#c9d7e8',
  informativeSmooth: '#f8d9b4',
  informativeSharp: '#bfe3cc',
} as const;

/** The (a, α) phase diagram: the regions, α_BBP and α_c. */
export function phaseFigure(d: PhaseData, options: FigureOptions = {}): string {
  const pts = d.points;
  const top = d.alphaMax;
  // α_c = null means the edge is sharp at every α: the smooth region is empty (α_c = 0). Where there is no
  // BBP transition at all, both are NaN and the regions leave a gap.
  const bbpOf = (p: PhaseData['points'][number]) => p.alphaBBP ?? Number.NaN;
  const acOf = (p: PhaseData['points'][number]) => (p.alphaBBP === null ? Number.NaN : (p.alphaC ?? 0));
  const xs: number[] = [];
  const bbp: number[] = [];
  const ac: number[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const c = acOf(p);
    if (i > 0) {
      // Insert the crossing of the two curves, so that each region ends exactly there.
      const q = pts[i - 1]!;
      const d0 = bbpOf(q) - acOf(q);
      const d1 = bbpOf(p) - c;
      if ((d0 < 0 && d1 > 0) || (d0 > 0 && d1 < 0)) {
        const s = d0 / (d0 - d1);
        xs.push(q.a + s * (p.a - q.a));
        const y = bbpOf(q) + s * (bbpOf(p) - bbpOf(q));
        bbp.push(y);
        ac.push(y);
      }
    }
    xs.push(p.a);
    bbp.push(bbpOf(p));
    ac.push(c);
  }
  const cap = (v: number) => Math.min(top, Math.max(0, v));
  const lo = xs.map((_, i) => cap(Math.min(bbp[i]!, ac[i]!)));
  const hi = xs.map((_, i) => cap(Math.max(bbp[i]!, ac[i]!)));
  const zero = xs.map(() => 0);
  const ceiling = xs.map(() => top);
  const chart = new Chart({
    width: options.width ?? 720,
    height: options.height ?? 440,
    title: `Phase diagram: ${modelLabel(d.model, ['a'])}`,
    ...(options.description === undefined ? {} : { description: options.description }),
    x: { label: 'a', min: pts[0]!.a, max: pts[pts.length - 1]!.a },
    y: { label: 'α = M/N', min: 0, max: top },
    legend: 'right',
  });
  const mid = (keep: (i: number) => boolean) => xs.map((_, i) => (keep(i) ? 1 : Number.NaN));
  const uSharp = mid((i) => bbp[i]! >= ac[i]!);
  const iSmooth = mid((i) => bbp[i]! <= ac[i]!);
  const regions: Array<[string, string, number[], number[]]> = [
    ['uninformative, smooth edge', PHASE_COLORS.uninformativeSmooth, zero, lo],
    ['uninformative, sharp edge', PHASE_COLORS.uninformativeSharp, lo.map((v, i) => v * uSharp[i]!), hi.map((v, i) => v * uSharp[i]!)],
    ['informative, smooth edge', PHASE_COLORS.informativeSmooth, lo.map((v, i) => v * iSmooth[i]!), hi.map((v, i) => v * iSmooth[i]!)],
    ['informative, sharp edge', PHASE_COLORS.informativeSharp, hi, ceiling],
  ];
  // Only the regions that show get a legend entry.
  for (const [label, color, lower, upper] of regions) {
    const shows = lower.some((v, i) => upper[i]! - v > 1e-9 * top);
    chart.area(xs, lower, upper, { color }, shows ? { legend: label } : {});
  }
  if (pts.some((p) => p.alphaBBP === null)) chart.legendEntry('blank: no BBP transition', { kind: 'box', style: { color: '#ffffff' } });
  const hasC = pts.some((p) => p.alphaC !== null);
  if (hasC) {
    chart.line(
      pts.map((p) => p.a),
      pts.map((p) => p.alphaC ?? Number.NaN),
      { color: '#555555', width: 1.6, dash: '6 4' },
      { legend: 'α_{c}: edge turns sharp' },
    );
  }
  // α_BBP as one solid curve: the kind of transition shows in the region it borders (sharp edge above α_c:
  // continuous) and in the two labels below.
  chart.line(
    pts.map((p) => p.a),
    pts.map(bbpOf),
    { color: '#000000', width: 2.2 },
    { legend: 'α_{BBP}' },
  );
  // Name the two kinds of transition along the α_BBP curve, once each: beside the middle of each run, on the
  // side the curve bends away from (above a falling stretch, below a rising one), kept inside the frame.
  const span = pts[pts.length - 1]!.a - pts[0]!.a;
  const plotWidthPx = (options.width ?? 720) - 330; // the plot area, roughly (legend outside on the right)
  for (const kind of ['continuous', 'discontinuous'] as const) {
    const run = pts.filter((p) => p.transition === kind);
    if (run.length < Math.max(3, pts.length / 12)) continue;
    const text = `${kind} BBP`;
    const widthA = ((text.length * 0.62 * 13) / plotWidthPx) * span;
    const first = run[0]!.a;
    const last = run[run.length - 1]!.a;
    let x0 = Math.max(pts[0]!.a + 0.02 * span, (first + last) / 2 - widthA / 2);
    x0 = Math.min(x0, pts[pts.length - 1]!.a - widthA - 0.02 * span);
    const near = (a: number) => run.reduce((b, p) => (Math.abs(p.a - a) < Math.abs(b.a - a) ? p : b), run[0]!);
    const y0 = near(x0).alphaBBP!;
    const y1 = near(x0 + widthA).alphaBBP!;
    const offset = 0.06 * top;
    const y = y1 > y0 ? Math.min(y0, y1) - offset - 0.02 * top : Math.max(y0, y1) + offset;
    if (y > 0.04 * top && y < 0.96 * top) chart.text(x0, y, text, { anchor: 'start', color: '#000000' });
  }
  return chart.render();
}
