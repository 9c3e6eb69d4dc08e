/**
 * A small chart module that writes standalone SVG by hand: linear or logarithmic axes with nice ticks,
 * axis labels, a legend, lines, points with error bars, vertical and horizontal marker lines, filled
 * regions and histogram bars. No dependencies and no Node-only APIs: a chart is data, `render` returns a
 * string.
 *
 * Text is escaped; labels accept a tiny markup for subscripts and superscripts, `α_{BBP}` and `m^{2}`.
 * Fonts are generic families only (`sans-serif`), so the file renders the same way everywhere. Data layers
 * are clipped to the plot area; markers and labels are not.
 *
 * @module
 */

/** The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies, and in greyscale by order. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** A colour of {@link PALETTE}, cycling. */
export const paletteColor = (k: number): string => PALETTE[((k % PALETTE.length) + PALETTE.length) % PALETTE.length]!;

// ---------------------------------------------------------------------------------------------------------
// Text

/** Escape text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      default: {
        const c = ch.codePointAt(0)!;
        // Control characters other than tab, newline and carriage return are not allowed in XML 1.0.
        if (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) out += '\uFFFD';
        else out += ch;
      }
    }
  }
  return out;
}

/** A run of label text at the baseline, or lowered/raised. */
interface TextRun {
  readonly text: string;
  readonly shift: 'base' | 'sub' | 'sup';
}

/** Split `α_{BBP} m^{2}` into runs. A `_` or `^` not followed by `{` is literal. */
export function parseRichText(label: string): TextRun[] {
  const runs: TextRun[] = [];
  let base = '';
  let i = 0;
  while (i < label.length) {
    const ch = label[i]!;
    if ((ch === '_' || ch === '^') && label[i + 1] === '{') {
      const close = label.indexOf('}', i + 2);
      if (close > 0) {
        if (base) runs.push({ text: base, shift: 'base' });
        base = '';
        runs.push({ text: label.slice(i + 2, close), shift: ch === '_' ? 'sub' : 'sup' });
        i = close + 1;
        continue;
      }
    }
    base += ch;
    i++;
  }
  if (base) runs.push({ text: base, shift: 'base' });
  return runs;
}

const SCRIPT_SIZE = 0.72;
const SUB_DY = 0.22;
const SIGN_SUB_DY = 0.11;
const SUP_DY = -0.42;

/** The attribute that keeps the spaces between the runs of rich text. */
const RICH = 'xml:space="preserve"';

/** The label as escaped SVG text content, with `<tspan>`s for the sub- and superscripts. */
function richTextContent(label: string, fontSize: number): string {
  let out = '';
  let offset = 0; // current baseline offset in px
  for (const run of parseRichText(label)) {
    // A lone sign as subscript (λ₋) sits higher, or at small sizes it reads as an underscore.
    const subDy = /^[−+-]+$/.test(run.text) ? SIGN_SUB_DY : SUB_DY;
    const target = run.shift === 'sub' ? subDy * fontSize : run.shift === 'sup' ? SUP_DY * fontSize : 0;
    const dy = target - offset;
    offset = target;
    const size = run.shift === 'base' ? '' : ` font-size="${fmt(fontSize * SCRIPT_SIZE)}"`;
    // Spaces at the ends of a run would be dropped by SVG's default whitespace handling (even no-break
    // spaces, by librsvg): every text element that holds rich text is `xml:space="preserve"` (see RICH).
    const text = escapeXml(run.text);
    if (dy === 0 && run.shift === 'base') out += `<tspan>${text}</tspan>`;
    else out += `<tspan dy="${fmt(dy)}"${size}>${text}</tspan>`;
  }
  return out;
}

/**
 * Advance widths in em of the printable ASCII characters (from space to `~`) in DejaVu Sans, the widest of
 * the common faces behind `sans-serif` (Helvetica, Arial and Liberation Sans are narrower): estimates from
 * it are upper bounds, so boxes sized with them hold their text.
 */
const ASCII_WIDTHS = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337, // space … /
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, // 0 … ?
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, // @ … O
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, // P … _
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, // ` … o
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838, // p … ~
] as const;

/** Width in em of one character: the table for ASCII, operators and arrows wide, other letters average-plus. */
function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c <= 0x7e) return ASCII_WIDTHS[c - 0x20]!;
  if (c === 0xa0) return 0.318;
  if ((c >= 0x2190 && c <= 0x22ff) || c === 0xb1 || c === 0xd7) return 0.838; // arrows, math operators, ±, ×
  if (c >= 0x2000 && c <= 0x206f) return c === 0x2014 ? 1.0 : 0.5; // punctuation: dashes, ellipsis
  return 0.68;
}

/** An estimate of the rendered width of a label (px) in a generic sans-serif face, on the wide side. */
export function textWidth(label: string, fontSize: number): number {
  let w = 0;
  for (const run of parseRichText(label)) {
    const size = run.shift === 'base' ? fontSize : fontSize * SCRIPT_SIZE;
    for (const ch of run.text) w += size * charWidth(ch);
  }
  return w;
}

/** The label, cut with an ellipsis where needed to fit `maxWidth` px (markup kept whole). */
export function fitText(label: string, fontSize: number, maxWidth: number): string {
  if (textWidth(label, fontSize) <= maxWidth) return label;
  let cut = label;
  while (cut.length > 1 && textWidth(`${cut}…`, fontSize) > maxWidth) {
    cut = cut.slice(0, -1);
    // Never leave an unclosed _{ or ^{ behind.
    const open = Math.max(cut.lastIndexOf('_{'), cut.lastIndexOf('^{'));
    if (open >= 0 && cut.indexOf('}', open) < 0) cut = cut.slice(0, open);
  }
  return `${cut.trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers and ticks

/** A coordinate with at most two decimals (SVG files stay small and diff-able). */
export function fmt(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A "nice" step (1, 2 or 5 times a power of ten) near `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0 && Number.isFinite(rough))) return 1;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const r = rough / mag;
  const nice = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
  return nice * mag;
}

/** Decimals needed to print multiples of `step` exactly. */
export function stepDecimals(step: number): number {
  for (let d = 0; d <= 12; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/** Ticks of a linear axis: multiples of a nice step within `[min, max]`, about `target` of them. */
export function linearTicks(min: number, max: number, target = 6): { ticks: number[]; step: number } {
  const step = niceStep((max - min) / Math.max(1, target));
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { ticks, step };
}

/** Extend `[min, max]` outward to multiples of the nice step (the usual "nice" axis domain). */
export function niceDomain(min: number, max: number, target = 6): [number, number] {
  if (!(max > min)) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceDomain(min - pad, max + pad, target);
  }
  const step = niceStep((max - min) / Math.max(1, target));
  return [Number((Math.floor(min / step + 1e-9) * step).toPrecision(12)), Number((Math.ceil(max / step - 1e-9) * step).toPrecision(12))];
}

/**
 * Ticks of a logarithmic axis: the decades within `[min, max]`, with 2 and 5 times them labelled when the
 * axis spans fewer than three decades, and the other integer multiples as minor ticks.
 */
export function logTicks(min: number, max: number): { major: number[]; minor: number[] } {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const few = hi - lo < 3;
  const major: number[] = [];
  const minor: number[] = [];
  const inside = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  for (let d = lo; d <= hi; d++) {
    for (let m = 1; m <= 9; m++) {
      const v = Number((m * 10 ** d).toPrecision(12));
      if (!inside(v)) continue;
      if (m === 1 || (few && (m === 2 || m === 5))) major.push(v);
      else minor.push(v);
    }
  }
  return { major, minor };
}

/** A tick label: fixed decimals from the step, a true minus sign, no `-0`. */
export function tickLabel(v: number, decimals: number): string {
  const abs = Math.abs(v);
  let s: string;
  if (abs >= 1e6 || (abs !== 0 && decimals > 6 && abs >= 10 ** -decimals / 2)) s = v.toExponential(1).replace('e+', 'e');
  else s = v.toFixed(Math.min(decimals, 10));
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s.replace('-', '\u2212');
}

// ---------------------------------------------------------------------------------------------------------
// Scales

/** Data to pixels along one axis. */
export interface Scale {
  readonly log: boolean;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  map(v: number): number;
}

export function scale(domain: readonly [number, number], range: readonly [number, number], log = false): Scale {
  const f = log ? Math.log10 : (v: number) => v;
  const d0 = f(domain[0]);
  const d1 = f(domain[1]);
  const k = (range[1] - range[0]) / (d1 - d0);
  return { log, domain, range, map: (v: number) => range[0] + (f(v) - d0) * k };
}

// ---------------------------------------------------------------------------------------------------------
// Chart description

/** One axis. Unset bounds come from the data (a linear axis is then extended to nice ticks). */
export interface AxisSpec {
  /** Axis title (rich text: `α_{BBP}`). */
  readonly label: string;
  readonly min?: number;
  readonly max?: number;
  /** Logarithmic axis (all data must be positive). */
  readonly log?: boolean;
  /** Tick positions to use instead of the automatic ones (labelled). */
  readonly ticks?: readonly number[];
  /** Approximate number of ticks of a linear axis (default 6). */
  readonly tickCount?: number;
  /** Faint grid lines at the ticks (default false). */
  readonly grid?: boolean;
}

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

export interface LineStyle {
  readonly color?: string;
  readonly width?: number;
  /** `stroke-dasharray`, e.g. `'6 4'`. */
  readonly dash?: string;
  readonly opacity?: number;
}

export interface MarkerStyle {
  readonly color?: string;
  readonly shape?: MarkerShape;
  /** Marker radius in px (default 4). */
  readonly size?: number;
  /** Filled (default) or open (white inside). */
  readonly filled?: boolean;
}

export interface FillStyle {
  readonly color?: string;
  readonly opacity?: number;
  /** Outline colour (default none). */
  readonly stroke?: string;
  readonly strokeWidth?: number;
}

/** A data point with an optional symmetric error bar (in data units). */
export interface Point {
  readonly x: number;
  readonly y: number;
  readonly err?: number;
}

/** How an entry looks in the legend. */
export type Swatch =
  | { readonly kind: 'line'; readonly style: LineStyle; readonly marker?: MarkerStyle }
  | { readonly kind: 'marker'; readonly style: MarkerStyle; readonly errorBar?: boolean }
  | { readonly kind: 'box'; readonly style: FillStyle };

export interface LegendEntry {
  readonly label: string;
  readonly swatch: Swatch;
}

/** Inside the plot area at a corner, outside to the right, or `auto`: the inside corner covering the least data. */
export type LegendPosition = 'auto' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'right';

export interface ChartSpec {
  /** Size in px (also the viewBox). Default 640 × 420. */
  readonly width?: number;
  readonly height?: number;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** A short line above the plot (rich text). */
  readonly title?: string;
  /** Accessible description (`<desc>`), e.g. the command that made the figure. */
  readonly description?: string;
  readonly legend?: LegendPosition;
  readonly fontSize?: number;
  /** Prefix of the element ids (clip path), so several charts can share a document. */
  readonly idPrefix?: string;
}

type Layer =
  | { readonly kind: 'line'; readonly xs: readonly number[]; readonly ys: readonly number[]; readonly style: LineStyle; readonly marker?: MarkerStyle }
  | { readonly kind: 'points'; readonly points: readonly Point[]; readonly style: MarkerStyle }
  | { readonly kind: 'bars'; readonly edges: readonly number[]; readonly heights: readonly number[]; readonly style: FillStyle }
  | { readonly kind: 'area'; readonly xs: readonly number[]; readonly lower: readonly number[]; readonly upper: readonly number[]; readonly style: FillStyle }
  | { readonly kind: 'vline'; readonly x: number; readonly style: LineStyle; readonly text?: string; readonly side: 'left' | 'right' }
  | { readonly kind: 'hline'; readonly y: number; readonly style: LineStyle; readonly text?: string; readonly side: 'left' | 'right' | 'outside' }
  | { readonly kind: 'rug'; readonly xs: readonly number[]; readonly style: LineStyle }
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly text: string; readonly anchor: 'start' | 'middle' | 'end'; readonly color: string };

/** Options common to the layer methods: a legend label. */
export interface LayerOptions {
  /** Legend text; the layer is not in the legend without it. */
  readonly legend?: string;
}

const DEFAULT_COLOR = '#000000';

/**
 * A chart under construction: add layers in drawing order, then `render()`.
 *
 * @example
 * const c = new Chart({ x: { label: 'α' }, y: { label: 'm^{2}', min: 0, max: 1 } });
 * c.line([1, 2, 3], [0, 0.3, 0.5], { color: PALETTE[0] }, { legend: 'theory' });
 * const svg = c.render();
 */
export class Chart {
  private readonly layers: Layer[] = [];
  private readonly legendEntries: LegendEntry[] = [];

  constructor(private readonly spec: ChartSpec) {}

  /**
   * A polyline; non-finite values break it into pieces. `marker` draws a marker at every point;
   * `legendMarker` only shows one in the legend swatch (when other layers draw the markers).
   */
  line(
    xs: readonly number[],
    ys: readonly number[],
    style: LineStyle = {},
    options: LayerOptions & { readonly marker?: MarkerStyle; readonly legendMarker?: MarkerStyle } = {},
  ): this {
    if (xs.length !== ys.length) throw new Error(`line: ${xs.length} x values but ${ys.length} y values`);
    this.layers.push({ kind: 'line', xs, ys, style, ...(options.marker ? { marker: options.marker } : {}) });
    const swatchMarker = options.legendMarker ?? options.marker;
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'line', style, ...(swatchMarker ? { marker: swatchMarker } : {}) } });
    return this;
  }

  /** Markers, with vertical error bars where `err` is set. */
  points(points: readonly Point[], style: MarkerStyle = {}, options: LayerOptions = {}): this {
    this.layers.push({ kind: 'points', points, style });
    if (options.legend !== undefined) {
      this.legendEntries.push({ label: options.legend, swatch: { kind: 'marker', style, errorBar: points.some((p) => p.err !== undefined) } });
    }
    return this;
  }

  /** Histogram bars: bin `b` spans `[edges[b], edges[b+1]]` with height `heights[b]`. */
  bars(edges: readonly number[], heights: readonly number[], style: FillStyle = {}, options: LayerOptions = {}): this {
    if (edges.length !== heights.length + 1) throw new Error(`bars: ${edges.length} edges for ${heights.length} heights`);
    this.layers.push({ kind: 'bars', edges, heights, style });
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'box', style } });
    return this;
  }

  /** A filled region between `lower` and `upper` over `xs`. */
  area(xs: readonly number[], lower: readonly number[], upper: readonly number[], style: FillStyle = {}, options: LayerOptions = {}): this {
    if (xs.length !== lower.length || xs.length !== upper.length) throw new Error('area: xs, lower and upper differ in length');
    this.layers.push({ kind: 'area', xs, lower, upper, style });
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'box', style } });
    return this;
  }

  /** A vertical marker line across the plot, with an optional label at its top on the given side. */
  vline(x: number, style: LineStyle = {}, options: LayerOptions & { readonly text?: string; readonly side?: 'left' | 'right' } = {}): this {
    this.layers.push({ kind: 'vline', x, style, side: options.side ?? 'right', ...(options.text === undefined ? {} : { text: options.text }) });
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'line', style } });
    return this;
  }

  /**
   * A horizontal marker line across the plot, with an optional label above it at the given end, or
   * `outside` the frame on the right (labels there are spread apart so they do not overlap).
   */
  hline(y: number, style: LineStyle = {}, options: LayerOptions & { readonly text?: string; readonly side?: 'left' | 'right' | 'outside' } = {}): this {
    this.layers.push({ kind: 'hline', y, style, side: options.side ?? 'right', ...(options.text === undefined ? {} : { text: options.text }) });
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'line', style } });
    return this;
  }

  /** Short ticks along the bottom of the plot area at the given x values (a rug plot). */
  rug(xs: readonly number[], style: LineStyle = {}, options: LayerOptions = {}): this {
    this.layers.push({ kind: 'rug', xs, style });
    if (options.legend !== undefined) this.legendEntries.push({ label: options.legend, swatch: { kind: 'line', style } });
    return this;
  }

  /** Text at a data position. */
  text(x: number, y: number, text: string, options: { readonly anchor?: 'start' | 'middle' | 'end'; readonly color?: string } = {}): this {
    this.layers.push({ kind: 'text', x, y, text, anchor: options.anchor ?? 'start', color: options.color ?? '#333333' });
    return this;
  }

  /** A legend entry not tied to a layer (e.g. what a marker style means). */
  legendEntry(label: string, swatch: Swatch): this {
    this.legendEntries.push({ label, swatch });
    return this;
  }

  /** The standalone SVG document. */
  render(): string {
    return renderChart(this.spec, this.layers, this.legendEntries);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

interface Extent {
  min: number;
  max: number;
}

function grow(e: Extent, v: number, positiveOnly: boolean): void {
  if (!Number.isFinite(v) || (positiveOnly && !(v > 0))) return;
  if (v < e.min) e.min = v;
  if (v > e.max) e.max = v;
}

function dataExtents(layers: readonly Layer[], xLog: boolean, yLog: boolean): { x: Extent; y: Extent } {
  const x: Extent = { min: Infinity, max: -Infinity };
  const y: Extent = { min: Infinity, max: -Infinity };
  for (const l of layers) {
    switch (l.kind) {
      case 'line':
        l.xs.forEach((v, i) => {
          if (Number.isFinite(l.ys[i]!)) grow(x, v, xLog);
        });
        l.ys.forEach((v) => grow(y, v, yLog));
        break;
      case 'points':
        for (const p of l.points) {
          grow(x, p.x, xLog);
          grow(y, p.y - (p.err ?? 0), yLog);
          grow(y, p.y + (p.err ?? 0), yLog);
        }
        break;
      case 'bars':
        l.edges.forEach((v) => grow(x, v, xLog));
        l.heights.forEach((v) => grow(y, v, yLog));
        if (!yLog) grow(y, 0, false);
        break;
      case 'area':
        l.xs.forEach((v) => grow(x, v, xLog));
        l.lower.forEach((v) => grow(y, v, yLog));
        l.upper.forEach((v) => grow(y, v, yLog));
        break;
      case 'vline':
        grow(x, l.x, xLog);
        break;
      case 'hline':
        grow(y, l.y, yLog);
        break;
      case 'rug':
        l.xs.forEach((v) => grow(x, v, xLog));
        break;
      case 'text':
        break;
    }
  }
  return { x, y };
}

interface AxisLayout {
  readonly domain: [number, number];
  /** Labelled ticks. */
  readonly ticks: number[];
  readonly minor: number[];
  readonly labels: string[];
}

function axisLayout(spec: AxisSpec, extent: Extent): AxisLayout {
  const log = spec.log === true;
  let lo = spec.min ?? extent.min;
  let hi = spec.max ?? extent.max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = log ? 1 : 0;
    hi = log ? 10 : 1;
  }
  if (log) {
    if (!(lo > 0)) lo = hi > 0 ? hi / 10 : 1;
    if (!(hi > lo)) hi = lo * 10;
    const domain: [number, number] = [lo, hi];
    const auto = logTicks(lo, hi);
    // A short axis may hold fewer than two decades and 2, 5 multiples: then label the minor ticks too, or
    // failing that, use linear ticks.
    let major = auto.major;
    let autoMinor = auto.minor;
    if (major.length < 2) {
      major = [...auto.major, ...auto.minor].sort((u, v) => u - v);
      autoMinor = [];
    }
    if (major.length < 2) major = linearTicks(lo, hi, 4).ticks.filter((t) => t > 0);
    const ticks = spec.ticks ? spec.ticks.filter((t) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) : major;
    const minor = spec.ticks ? [] : autoMinor;
    const labels = ticks.map((t) => tickLabel(t, stepDecimals(t)));
    return { domain, ticks, minor, labels };
  }
  const target = spec.tickCount ?? 6;
  if (spec.min === undefined || spec.max === undefined) {
    const [nlo, nhi] = niceDomain(lo, hi, target);
    if (spec.min === undefined) lo = nlo;
    if (spec.max === undefined) hi = nhi;
  }
  if (!(hi > lo)) hi = lo + 1;
  const domain: [number, number] = [lo, hi];
  if (spec.ticks) {
    const ticks = spec.ticks.filter((t) => t >= lo - 1e-9 * (hi - lo) && t <= hi + 1e-9 * (hi - lo));
    const decimals = Math.max(0, ...ticks.map((t) => stepDecimals(Math.abs(t) || 1)));
    return { domain, ticks, minor: [], labels: ticks.map((t) => tickLabel(t, decimals)) };
  }
  const { ticks, step } = linearTicks(lo, hi, target);
  return { domain, ticks, minor: [], labels: ticks.map((t) => tickLabel(t, stepDecimals(step))) };
}

const r2 = fmt;

function lineAttrs(style: LineStyle, fallbackWidth = 1.6): string {
  let s = ` stroke="${escapeXml(style.color ?? DEFAULT_COLOR)}" stroke-width="${r2(style.width ?? fallbackWidth)}"`;
  if (style.dash) s += ` stroke-dasharray="${escapeXml(style.dash)}"`;
  if (style.opacity !== undefined) s += ` stroke-opacity="${r2(style.opacity)}"`;
  return s;
}

function fillAttrs(style: FillStyle): string {
  let s = ` fill="${escapeXml(style.color ?? '#999999')}"`;
  if (style.opacity !== undefined) s += ` fill-opacity="${r2(style.opacity)}"`;
  s += style.stroke ? ` stroke="${escapeXml(style.stroke)}" stroke-width="${r2(style.strokeWidth ?? 0.6)}"` : ' stroke="none"';
  return s;
}

/** One marker at pixel position (cx, cy). */
function markerSvg(cx: number, cy: number, style: MarkerStyle, cls = 'point'): string {
  const color = escapeXml(style.color ?? DEFAULT_COLOR);
  const r = style.size ?? 4;
  const fill = style.filled === false ? '#ffffff' : color;
  const paint = ` fill="${fill}" stroke="${color}" stroke-width="1.4"`;
  switch (style.shape ?? 'circle') {
    case 'circle':
      return `<circle class="${cls}" cx="${r2(cx)}" cy="${r2(cy)}" r="${r2(r)}"${paint}/>`;
    case 'square': {
      const s = r * 0.9;
      return `<rect class="${cls}" x="${r2(cx - s)}" y="${r2(cy - s)}" width="${r2(2 * s)}" height="${r2(2 * s)}"${paint}/>`;
    }
    case 'triangle': {
      const s = r * 1.2;
      return `<path class="${cls}" d="M${r2(cx)},${r2(cy - s)}L${r2(cx + s * 0.87)},${r2(cy + s * 0.5)}L${r2(cx - s * 0.87)},${r2(cy + s * 0.5)}Z"${paint}/>`;
    }
    case 'diamond': {
      const s = r * 1.25;
      return `<path class="${cls}" d="M${r2(cx)},${r2(cy - s)}L${r2(cx + s)},${r2(cy)}L${r2(cx)},${r2(cy + s)}L${r2(cx - s)},${r2(cy)}Z"${paint}/>`;
    }
  }
}

/** Path data of a polyline, broken where a value is not finite. */
function polylinePath(xs: readonly number[], ys: readonly number[], sx: Scale, sy: Scale): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const ok = Number.isFinite(x) && Number.isFinite(y) && (!sx.log || x > 0) && (!sy.log || y > 0);
    if (!ok) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r2(sx.map(x))},${r2(sy.map(y))}`;
    pen = true;
  }
  return d;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const LEGEND_ROW = 1.45; // row height in em
const LEGEND_SWATCH = 26; // px
const LEGEND_PAD = 8; // px

function legendSize(entries: readonly LegendEntry[], fontSize: number): { w: number; h: number } {
  const textW = Math.max(0, ...entries.map((e) => textWidth(e.label, fontSize)));
  return { w: LEGEND_PAD * 2 + LEGEND_SWATCH + 6 + textW, h: LEGEND_PAD * 2 + entries.length * LEGEND_ROW * fontSize - 0.3 * fontSize };
}

function swatchSvg(swatch: Swatch, x: number, cy: number): string {
  const x0 = x + 2;
  const x1 = x + LEGEND_SWATCH - 2;
  const xm = (x0 + x1) / 2;
  switch (swatch.kind) {
    case 'line':
      return (
        `<line x1="${r2(x0)}" y1="${r2(cy)}" x2="${r2(x1)}" y2="${r2(cy)}"${lineAttrs(swatch.style)} fill="none"/>` +
        (swatch.marker ? markerSvg(xm, cy, swatch.marker, 'legend-marker') : '')
      );
    case 'marker': {
      const bar = swatch.errorBar ? `<line x1="${r2(xm)}" y1="${r2(cy - 6)}" x2="${r2(xm)}" y2="${r2(cy + 6)}" stroke="${escapeXml(swatch.style.color ?? DEFAULT_COLOR)}" stroke-width="1.2"/>` : '';
      return bar + markerSvg(xm, cy, swatch.style, 'legend-marker');
    }
    case 'box':
      return `<rect x="${r2(x0)}" y="${r2(cy - 6)}" width="${r2(x1 - x0)}" height="12"${fillAttrs({ ...swatch.style, stroke: swatch.style.stroke ?? '#666666', strokeWidth: 0.6 })}/>`;
  }
}

function legendSvg(entries: readonly LegendEntry[], box: Box, fontSize: number): string {
  let s = `<g class="legend">`;
  s += `<rect class="legend-box" x="${r2(box.x)}" y="${r2(box.y)}" width="${r2(box.w)}" height="${r2(box.h)}" fill="#ffffff" fill-opacity="0.9" stroke="#bbbbbb" stroke-width="0.8" rx="3"/>`;
  entries.forEach((e, k) => {
    const cy = box.y + LEGEND_PAD + (k + 0.5) * LEGEND_ROW * fontSize - 0.15 * fontSize;
    s += swatchSvg(e.swatch, box.x + LEGEND_PAD, cy);
    s += `<text ${RICH} class="legend-text" x="${r2(box.x + LEGEND_PAD + LEGEND_SWATCH + 6)}" y="${r2(cy + 0.35 * fontSize)}">${richTextContent(e.label, fontSize)}</text>`;
  });
  return `${s}</g>`;
}

/** Pixel samples of what the data layers draw, to place the legend where it hides least. */
function occupancy(layers: readonly Layer[], sx: Scale, sy: Scale, plot: Box): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  const push = (x: number, y: number) => {
    if (Number.isFinite(x) && Number.isFinite(y)) pts.push([x, y]);
  };
  const inY = (y: number) => Math.min(plot.y + plot.h, Math.max(plot.y, y));
  for (const l of layers) {
    if (l.kind === 'line') {
      for (let i = 0; i < l.xs.length; i++) {
        const x = sx.map(l.xs[i]!);
        const y = sy.map(l.ys[i]!);
        push(x, y);
        if (i + 1 < l.xs.length) {
          const x2 = sx.map(l.xs[i + 1]!);
          const y2 = sy.map(l.ys[i + 1]!);
          const steps = Math.min(50, Math.ceil(Math.hypot(x2 - x, y2 - y) / 4));
          for (let k = 1; k < steps; k++) push(x + ((x2 - x) * k) / steps, y + ((y2 - y) * k) / steps);
        }
      }
    } else if (l.kind === 'points') {
      for (const p of l.points) for (let k = 0; k < 6; k++) push(sx.map(p.x) + (k % 3) - 1, sy.map(p.y) + (k < 3 ? -3 : 3));
    } else if (l.kind === 'bars') {
      for (let b = 0; b < l.heights.length; b++) {
        const x0 = sx.map(l.edges[b]!);
        const x1 = sx.map(l.edges[b + 1]!);
        const top = inY(sy.map(l.heights[b]!));
        const bottom = inY(sy.map(sy.log ? sy.domain[0] : 0));
        for (let y = top; y <= bottom; y += 6) for (let x = x0; x <= x1; x += 4) push(x, y);
      }
    } else if (l.kind === 'vline') {
      for (let y = plot.y; y <= plot.y + plot.h; y += 6) push(sx.map(l.x), y);
    } else if (l.kind === 'hline') {
      for (let x = plot.x; x <= plot.x + plot.w; x += 6) push(x, sy.map(l.y));
    }
  }
  return pts;
}

function chooseLegendBox(position: LegendPosition, size: { w: number; h: number }, plot: Box, layers: readonly Layer[], sx: Scale, sy: Scale): Box {
  const inset = 8;
  const corners: Record<Exclude<LegendPosition, 'auto' | 'right'>, Box> = {
    'top-right': { x: plot.x + plot.w - size.w - inset, y: plot.y + inset, w: size.w, h: size.h },
    'top-left': { x: plot.x + inset, y: plot.y + inset, w: size.w, h: size.h },
    'bottom-right': { x: plot.x + plot.w - size.w - inset, y: plot.y + plot.h - size.h - inset, w: size.w, h: size.h },
    'bottom-left': { x: plot.x + inset, y: plot.y + plot.h - size.h - inset, w: size.w, h: size.h },
  };
  if (position !== 'auto' && position !== 'right') return corners[position];
  const pts = occupancy(layers, sx, sy, plot);
  let best: Box = corners['top-right'];
  let bestCount = Infinity;
  for (const key of ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const) {
    const b = corners[key];
    let count = 0;
    for (const [x, y] of pts) if (x >= b.x - 4 && x <= b.x + b.w + 4 && y >= b.y - 4 && y <= b.y + b.h + 4) count++;
    if (count < bestCount) {
      bestCount = count;
      best = b;
    }
  }
  return best;
}

function renderChart(spec: ChartSpec, layers: readonly Layer[], legend: readonly LegendEntry[]): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 420;
  const fs = spec.fontSize ?? 13;
  const tickFs = fs * 0.92;
  const id = spec.idPrefix ?? 'bbp';
  const xLog = spec.x.log === true;
  const yLog = spec.y.log === true;
  const ext = dataExtents(layers, xLog, yLog);
  const xa = axisLayout(spec.x, ext.x);
  const ya = axisLayout(spec.y, ext.y);

  // Margins from the text they hold.
  const tickLen = 5;
  const yTickW = Math.max(0, ...ya.labels.map((l) => textWidth(l, tickFs)));
  const left = Math.ceil(12 + fs * 1.2 + 8 + yTickW + tickLen + 4);
  const bottom = Math.ceil(tickLen + 4 + tickFs * 1.1 + 8 + fs * 1.2 + 8);
  const top = Math.ceil(spec.title ? fs * 2.4 : fs * 0.9);
  const legendOutside = spec.legend === 'right' && legend.length > 0;
  const lsize = legendSize(legend, fs);
  const lastXLabel = xa.labels.length > 0 ? textWidth(xa.labels[xa.labels.length - 1]!, tickFs) / 2 : 0;
  const outsideLabels = layers.flatMap((l) => (l.kind === 'hline' && l.side === 'outside' && l.text !== undefined && Number.isFinite(l.y) ? [l] : []));
  const outsideW = outsideLabels.length ? Math.max(...outsideLabels.map((l) => textWidth(l.text!, tickFs))) + 8 : 0;
  const right = Math.ceil(outsideW + (legendOutside ? lsize.w + 24 : Math.max(outsideW > 0 ? 8 : 16, lastXLabel + 6 - outsideW)));
  const plot: Box = { x: left, y: top, w: width - left - right, h: height - top - bottom };
  const sx = scale(xa.domain, [plot.x, plot.x + plot.w], xLog);
  const sy = scale(ya.domain, [plot.y + plot.h, plot.y], yLog);
  const px = (v: number) => r2(sx.map(v));
  const py = (v: number) => r2(sy.map(v));
  const inX = (v: number) => Number.isFinite(v) && (!xLog || v > 0) && v >= Math.min(...xa.domain) - 1e-12 && v <= Math.max(...xa.domain) + 1e-12;
  const inY = (v: number) => Number.isFinite(v) && (!yLog || v > 0) && v >= Math.min(...ya.domain) - 1e-12 && v <= Math.max(...ya.domain) + 1e-12;
  const clip = `url(#${escapeXml(id)}-clip)`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="sans-serif" font-size="${r2(fs)}" fill="#222222">`,
  );
  if (spec.title) out.push(`<title>${escapeXml(spec.title.replace(/[_^]\{([^}]*)\}/g, '$1'))}</title>`);
  if (spec.description) out.push(`<desc>${escapeXml(spec.description)}</desc>`);
  out.push(`<defs><clipPath id="${escapeXml(id)}-clip"><rect x="${r2(plot.x)}" y="${r2(plot.y)}" width="${r2(plot.w)}" height="${r2(plot.h)}"/></clipPath></defs>`);
  out.push(`<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);

  // Grid.
  const grid: string[] = [];
  if (spec.x.grid) for (const t of xa.ticks) grid.push(`<line x1="${px(t)}" y1="${r2(plot.y)}" x2="${px(t)}" y2="${r2(plot.y + plot.h)}"/>`);
  if (spec.y.grid) for (const t of ya.ticks) grid.push(`<line x1="${r2(plot.x)}" y1="${py(t)}" x2="${r2(plot.x + plot.w)}" y2="${py(t)}"/>`);
  if (grid.length) out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="0.8">${grid.join('')}</g>`);

  // Data layers, in order.
  const labels: string[] = [];
  for (const l of layers) {
    switch (l.kind) {
      case 'area': {
        // Each maximal run of finite values is its own polygon.
        let run: number[] = [];
        const flush = () => {
          if (run.length >= 2) {
            const upper = run.map((i) => `${px(l.xs[i]!)},${py(l.upper[i]!)}`);
            const lower = run.map((i) => `${px(l.xs[i]!)},${py(l.lower[i]!)}`).reverse();
            out.push(`<path class="region" clip-path="${clip}" d="M${upper.join('L')}L${lower.join('L')}Z"${fillAttrs(l.style)}/>`);
          }
          run = [];
        };
        for (let i = 0; i < l.xs.length; i++) {
          if (Number.isFinite(l.xs[i]!) && Number.isFinite(l.lower[i]!) && Number.isFinite(l.upper[i]!)) run.push(i);
          else flush();
        }
        flush();
        break;
      }
      case 'bars': {
        const base = yLog ? ya.domain[0] : Math.max(ya.domain[0], Math.min(ya.domain[1], 0));
        const rects: string[] = [];
        for (let b = 0; b < l.heights.length; b++) {
          const h = l.heights[b]!;
          if (!Number.isFinite(h) || h === 0 || (yLog && !(h > 0))) continue;
          const x0 = sx.map(l.edges[b]!);
          const x1 = sx.map(l.edges[b + 1]!);
          const y0 = sy.map(base);
          const y1 = sy.map(h);
          rects.push(`<rect class="bar" x="${r2(x0)}" y="${r2(Math.min(y0, y1))}" width="${r2(x1 - x0)}" height="${r2(Math.abs(y1 - y0))}"/>`);
        }
        out.push(`<g class="bars" clip-path="${clip}"${fillAttrs(l.style)}>${rects.join('')}</g>`);
        break;
      }
      case 'line': {
        const d = polylinePath(l.xs, l.ys, sx, sy);
        if (d) out.push(`<path class="curve" clip-path="${clip}" d="${d}" fill="none"${lineAttrs(l.style)} stroke-linejoin="round" stroke-linecap="round"/>`);
        if (l.marker) {
          const m = l.marker;
          l.xs.forEach((x, i) => {
            const y = l.ys[i]!;
            if (inX(x) && inY(y)) out.push(markerSvg(sx.map(x), sy.map(y), m));
          });
        }
        break;
      }
      case 'points': {
        const color = escapeXml(l.style.color ?? DEFAULT_COLOR);
        const bars: string[] = [];
        const marks: string[] = [];
        for (const p of l.points) {
          if (!inX(p.x) || !Number.isFinite(p.y)) continue;
          const cx = sx.map(p.x);
          if (p.err !== undefined && Number.isFinite(p.err) && p.err > 0) {
            const clampY = (v: number) => Math.min(plot.y + plot.h, Math.max(plot.y, sy.map(v)));
            const y0 = clampY(p.y - p.err);
            const y1 = clampY(p.y + p.err);
            bars.push(
              `<path class="errorbar" d="M${r2(cx)},${r2(y0)}V${r2(y1)}M${r2(cx - 3.5)},${r2(y0)}H${r2(cx + 3.5)}M${r2(cx - 3.5)},${r2(y1)}H${r2(cx + 3.5)}"/>`,
            );
          }
          if (inY(p.y)) marks.push(markerSvg(cx, sy.map(p.y), l.style));
        }
        out.push(`<g class="points"><g stroke="${color}" stroke-width="1.2" fill="none">${bars.join('')}</g>${marks.join('')}</g>`);
        break;
      }
      case 'vline': {
        if (!inX(l.x)) break;
        const x = sx.map(l.x);
        out.push(`<line class="marker-line" x1="${r2(x)}" y1="${r2(plot.y)}" x2="${r2(x)}" y2="${r2(plot.y + plot.h)}"${lineAttrs(l.style, 1.2)}/>`);
        if (l.text) {
          const tx = l.side === 'left' ? x - 4 : x + 4;
          labels.push(
            `<text ${RICH} class="marker-label" x="${r2(tx)}" y="${r2(plot.y + fs * 1.1)}" text-anchor="${l.side === 'left' ? 'end' : 'start'}" ` +
              `fill="${escapeXml(l.style.color ?? DEFAULT_COLOR)}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${richTextContent(l.text, fs)}</text>`,
          );
        }
        break;
      }
      case 'hline': {
        if (!inY(l.y)) break;
        const y = sy.map(l.y);
        out.push(`<line class="marker-line" x1="${r2(plot.x)}" y1="${r2(y)}" x2="${r2(plot.x + plot.w)}" y2="${r2(y)}"${lineAttrs(l.style, 1.2)}/>`);
        if (l.text && l.side !== 'outside') {
          const tx = l.side === 'left' ? plot.x + 6 : plot.x + plot.w - 6;
          labels.push(
            `<text ${RICH} class="marker-label" x="${r2(tx)}" y="${r2(y - 4)}" text-anchor="${l.side === 'left' ? 'start' : 'end'}" ` +
              `fill="${escapeXml(l.style.color ?? DEFAULT_COLOR)}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${richTextContent(l.text, fs)}</text>`,
          );
        }
        break;
      }
      case 'rug': {
        const ticks = l.xs.filter(inX).map((v) => `M${px(v)},${r2(plot.y + plot.h)}v${r2(-9)}`);
        if (ticks.length) out.push(`<path class="rug" d="${ticks.join('')}" fill="none"${lineAttrs(l.style, 1)}/>`);
        break;
      }
      case 'text':
        if (inX(l.x) && inY(l.y)) {
          labels.push(
            `<text ${RICH} class="annotation" x="${px(l.x)}" y="${py(l.y)}" text-anchor="${l.anchor}" fill="${escapeXml(l.color)}">${richTextContent(l.text, fs)}</text>`,
          );
        }
        break;
    }
  }

  // Frame, ticks and tick labels.
  const ax: string[] = [];
  ax.push(`<rect class="frame" x="${r2(plot.x)}" y="${r2(plot.y)}" width="${r2(plot.w)}" height="${r2(plot.h)}" fill="none" stroke="#222222" stroke-width="1"/>`);
  const xb = plot.y + plot.h;
  let xt = '';
  for (const t of xa.ticks) xt += `M${px(t)},${r2(xb)}v${tickLen}`;
  for (const t of xa.minor) xt += `M${px(t)},${r2(xb)}v${tickLen * 0.6}`;
  let yt = '';
  for (const t of ya.ticks) yt += `M${r2(plot.x)},${py(t)}h${-tickLen}`;
  for (const t of ya.minor) yt += `M${r2(plot.x)},${py(t)}h${-tickLen * 0.6}`;
  ax.push(`<path class="axis x ticks" d="${xt}" stroke="#222222" stroke-width="1" fill="none"/>`);
  ax.push(`<path class="axis y ticks" d="${yt}" stroke="#222222" stroke-width="1" fill="none"/>`);
  ax.push(
    `<g class="axis x tick-labels" font-size="${r2(tickFs)}" text-anchor="middle">` +
      xa.ticks.map((t, k) => `<text x="${px(t)}" y="${r2(xb + tickLen + 3 + tickFs * 0.9)}">${escapeXml(xa.labels[k]!)}</text>`).join('') +
      `</g>`,
  );
  ax.push(
    `<g class="axis y tick-labels" font-size="${r2(tickFs)}" text-anchor="end">` +
      ya.ticks.map((t, k) => `<text x="${r2(plot.x - tickLen - 3)}" y="${r2(sy.map(t) + tickFs * 0.35)}">${escapeXml(ya.labels[k]!)}</text>`).join('') +
      `</g>`,
  );
  const xlY = height - 10;
  ax.push(`<text ${RICH} class="axis x label" x="${r2(plot.x + plot.w / 2)}" y="${r2(xlY)}" text-anchor="middle">${richTextContent(spec.x.label, fs)}</text>`);
  const ylX = 12 + fs * 0.9;
  const ylY = plot.y + plot.h / 2;
  ax.push(
    `<text ${RICH} class="axis y label" x="${r2(ylX)}" y="${r2(ylY)}" text-anchor="middle" transform="rotate(-90 ${r2(ylX)} ${r2(ylY)})">${richTextContent(spec.y.label, fs)}</text>`,
  );
  // Labels of horizontal lines outside the frame: at their line's height, spread at least a line apart.
  if (outsideLabels.length) {
    const placed = outsideLabels
      .filter((l) => inY(l.y))
      .map((l) => ({ l, y: sy.map(l.y) }))
      .sort((p, q) => p.y - q.y);
    const gap = tickFs * 1.05;
    for (let i = 1; i < placed.length; i++) placed[i]!.y = Math.max(placed[i]!.y, placed[i - 1]!.y + gap);
    const overflow = placed.length ? placed[placed.length - 1]!.y - (plot.y + plot.h + tickFs * 0.3) : 0;
    if (overflow > 0) for (const p of placed) p.y -= overflow;
    for (let i = placed.length - 2; i >= 0; i--) placed[i]!.y = Math.min(placed[i]!.y, placed[i + 1]!.y - gap);
    ax.push(
      `<g class="marker-label outside" font-size="${r2(tickFs)}">` +
        placed
          .map((p) => `<text ${RICH} x="${r2(plot.x + plot.w + 5)}" y="${r2(p.y + tickFs * 0.35)}" fill="${escapeXml(p.l.style.color ?? DEFAULT_COLOR)}">${richTextContent(p.l.text!, tickFs)}</text>`)
          .join('') +
        `</g>`,
    );
  }
  out.push(`<g class="axes">${ax.join('')}</g>`);
  if (labels.length) out.push(`<g class="labels">${labels.join('')}</g>`);

  if (spec.title) {
    const title = fitText(spec.title, fs, width - plot.x - 8);
    out.push(`<text ${RICH} class="title" x="${r2(plot.x)}" y="${r2(fs * 1.4)}" font-size="${r2(fs)}">${richTextContent(title, fs)}</text>`);
  }

  if (legend.length > 0) {
    const box = legendOutside
      ? { x: plot.x + plot.w + outsideW + 14, y: plot.y, w: lsize.w, h: lsize.h }
      : chooseLegendBox(spec.legend ?? 'auto', lsize, plot, layers, sx, sy);
    out.push(legendSvg(legend, box, fs));
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
