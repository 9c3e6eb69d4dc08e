/**
 * The infimum `c_min` of the vertex eigenvalues over the continuous law (THEORY §3): it fixes
 * `g_sing = 1/c_min`, so it must be the infimum over the whole support, not the minimum over the nodes of a
 * quadrature rule (those only bound it from above).
 *
 * The eigenvalues are functions of two coordinates, one of the student (`r = |z|² ≥ 0` or `z ∈ ℝ`) and one
 * of the teacher (`y` through `w = Σt²/p* ≥ 0`, or `t ∈ ℝ`). The search:
 * 1. a product grid on each axis (0, a linear part up to 20, a logarithmic part out to `1e12`, both signs on
 *    a line); `−∞` anywhere is unbounded;
 * 2. the best point strictly inside the grid, refined by nested zooming grids (a refined value far below
 *    the grid's is a pole inside the support: unbounded);
 * 3. every ray to infinity (one coordinate → ±∞ with the other re-minimized, or both): the minimum at
 *    distance `1e6`, `1e9`, `1e12`. Decrements that do not shrink geometrically mean *unbounded below*
 *    (no finite left edge); otherwise Aitken's Δ² extrapolation of the three values is the ray's limit;
 * 4. the infimum is *attained* when the refined interior minimum lies below every ray's limit (by more than
 *    1e-9 relative), and otherwise *approached toward infinity* (its value is then the smallest limit).
 *
 * Heuristic by nature (a dip narrower than the grid can be missed), but every step is checked by the tests
 * against closed forms (reference model: `−4/p·scale`, approached as `y → ∞`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, noFiniteEdge, type BbpError } from '../errors.js';

/**
 * One coordinate of the vertex law: its name and whether it ranges over `[0, ∞)` or `ℝ`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const r: SupportAxis = { name: 'r', domain: 'half-line' };
 */
export interface SupportAxis {
  /** The coordinate's name, used in results and messages (`r`, `z`, `y`, `w`, `t`). */
  readonly name: string;
  /** `half-line` for `[0, ∞)` (e.g. `r = |z|²`), `real-line` for `ℝ` (e.g. `z`). */
  readonly domain: 'half-line' | 'real-line';
}

/**
 * Where and how the infimum of the vertex eigenvalues is reached.
 * @category Analytic
 * @since 0.1.0
 * @example
 * const m = model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare(1.5),
 * });
 * const inf: VertexInfimum = orThrow(compileModel(m)).infimum;
 * // { value: -2 (to rounding), attained: false, toward: ['y → +∞'], at: { r: 0, y: 1e12 }, … }
 */
export interface VertexInfimum {
  /** `c_min` (the model's scale included). */
  readonly value: number;
  /**
   * True when a point of the support reaches it; false when it is only approached along a ray to infinity
   * (then the left edge can be smooth: the eigenvalues come close to `c_min` only through rare events).
   */
  readonly attained: boolean;
  /** The minimizer (attained) or the last point evaluated on the ray, in the search coordinates. */
  readonly at: Readonly<Record<string, number>>;
  /** The coordinates that go to infinity (empty when attained), e.g. `['y → +∞']`. */
  readonly toward: readonly string[];
  /** Number of evaluations of the eigenvalue function. */
  readonly evaluations: number;
}

/** Largest magnitude on each grid; the far points of the ray test. */
const FAR = 1e12;
const RAYS = [1e6, 1e9, 1e12] as const;
/** A refined minimum this far below the grid minimum (relative) is a pole, not a smooth minimum. */
const POLE_FACTOR = 1e6;
/** Ratio of successive decrements along the ray above which the decrease is not geometric: unbounded. */
const UNBOUNDED_RATIO = 0.5;

/** The non-negative grid values: 0, a linear part up to 20, a logarithmic part from 1e-8 to 1e12. */
function halfLine(): number[] {
  const v = new Set<number>([0]);
  for (let k = 1; k <= 80; k++) v.add(k * 0.25);
  for (let e = -8 * 6; e <= 12 * 6; e++) v.add(10 ** (e / 6));
  v.add(FAR);
  return [...v].filter((x) => x <= FAR).sort((a, b) => a - b);
}

/** Axis grid, ordered by magnitude (so that ties in the minimum resolve toward small coordinates). */
function axisGrid(axis: SupportAxis): Float64Array {
  const h = halfLine();
  if (axis.domain === 'half-line') return Float64Array.from(h);
  const out: number[] = [0];
  for (const x of h) if (x > 0) out.push(-x, x);
  return Float64Array.from(out);
}

/** Sorted copy of the grid values (for neighbours). */
function sorted(grid: Float64Array): Float64Array {
  return Float64Array.from(grid).sort();
}

/** Neighbours of `x` on the sorted grid, clamped to the axis domain. */
function bracket(sortedGrid: Float64Array, x: number, axis: SupportAxis): [number, number] {
  let i = 0;
  while (i < sortedGrid.length && sortedGrid[i]! < x) i++;
  const lo = i > 0 ? sortedGrid[i - 1]! : x;
  const hi = i + 1 < sortedGrid.length ? sortedGrid[i + 1]! : x;
  return [axis.domain === 'half-line' ? Math.max(0, lo) : lo, hi];
}

/** NaN (outside the domain of the loss) counts as +∞ for the minimum. */
const clean = (v: number): number => (Number.isNaN(v) ? Infinity : v);

interface Counter {
  n: number;
}

/**
 * Minimize `f` over the box `[lo, hi]` (one or two free coordinates; the others fixed in `x`) by nested
 * 11-point grids, each one around the best point of the last, until the box is at rounding size.
 */
function zoom(f: (x: Float64Array) => number, x: Float64Array, free: readonly number[], lo: number[], hi: number[], count: Counter): number {
  const pts = 11;
  let best = clean(f(x));
  count.n++;
  const trial = Float64Array.from(x);
  for (let iter = 0; iter < 80; iter++) {
    const steps = free.map((_, q) => (hi[q]! - lo[q]!) / (pts - 1));
    const total = pts ** free.length;
    const bestX = Float64Array.from(x);
    for (let k = 0; k < total; k++) {
      let rest = k;
      for (let q = 0; q < free.length; q++) {
        const idx = rest % pts;
        rest = Math.floor(rest / pts);
        trial[free[q]!] = idx === pts - 1 ? hi[q]! : lo[q]! + idx * steps[q]!;
      }
      const v = clean(f(trial));
      count.n++;
      if (v < best) {
        best = v;
        bestX.set(trial);
      }
    }
    x.set(bestX);
    let done = true;
    for (let q = 0; q < free.length; q++) {
      const c = free[q]!;
      const s = steps[q]!;
      lo[q] = Math.max(lo[q]!, x[c]! - s);
      hi[q] = Math.min(hi[q]!, x[c]! + s);
      if (hi[q]! - lo[q]! > 1e-15 * Math.max(1, Math.abs(x[c]!))) done = false;
    }
    if (done || best === -Infinity) break;
  }
  return best;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : String(Number(x.toPrecision(6)));
}

/**
 * The infimum over the support of a function of two coordinates (the smallest vertex eigenvalue), with
 * whether it is attained. `what` names the model in the errors: `NoFiniteEdge` when the function is
 * unbounded below (along a ray to infinity, at a pole inside the support, or `−∞` at a point),
 * `InvalidArgument` when it is undefined (NaN) on the whole grid.
 * @category Analytic
 * @since 0.1.0
 * @example
 * // c = −y/(y + 1) on r, y ≥ 0: infimum −1, approached as y → ∞
 * vertexInfimum((r, y) => -y / (y + 1), [{ name: 'r', domain: 'half-line' }, { name: 'y', domain: 'half-line' }], 'example');
 * // Right({ value: -1, attained: false, toward: ['y → +∞'], … })
 */
export function vertexInfimum(
  f: (u: number, v: number) => number,
  axes: readonly [SupportAxis, SupportAxis],
  what: string,
  /** Map search coordinates to the reported ones (e.g. `w ↦ y`); identity by default. */
  report: (x: Float64Array) => Readonly<Record<string, number>> = (x) => ({ [axes[0].name]: x[0]!, [axes[1].name]: x[1]! }),
): E.Either<BbpError, VertexInfimum> {
  const count: Counter = { n: 0 };
  const F = (x: Float64Array): number => f(x[0]!, x[1]!);
  const grids = [axisGrid(axes[0]), axisGrid(axes[1])] as const;
  const sortedGrids = [sorted(grids[0]), sorted(grids[1])] as const;

  // 1. grid scan: −∞ anywhere is unbounded; the best point strictly inside the grid is the candidate for an
  //    attained minimum (points at the outermost magnitude belong to the rays of step 3)
  let any = false;
  let b = Infinity;
  let iu = NaN;
  let iv = NaN;
  for (const u of grids[0]) {
    for (const v of grids[1]) {
      const c = f(u, v);
      count.n++;
      if (c === -Infinity) {
        return E.left(noFiniteEdge(`the vertex eigenvalues of ${what} are unbounded below: −∞ at ${where(report, u, v)}`));
      }
      const cc = clean(c);
      if (cc < Infinity) any = true;
      if (cc < b && Math.abs(u) !== FAR && Math.abs(v) !== FAR) {
        b = cc;
        iu = u;
        iv = v;
      }
    }
  }
  if (!any) {
    return E.left(invalidArgument('model', what, 'vertex eigenvalues defined (not NaN) somewhere on the support of the law'));
  }

  // 2. refine the interior candidate; a value far below the grid's is a pole inside the support
  let interior: { value: number; x: Float64Array } | null = null;
  if (b < Infinity) {
    const x = Float64Array.of(iu, iv);
    const [lu, hu] = bracket(sortedGrids[0], iu, axes[0]);
    const [lv, hv] = bracket(sortedGrids[1], iv, axes[1]);
    const value = zoom(F, x, [0, 1], [lu, lv], [hu, hv], count);
    if (value === -Infinity || value < b - POLE_FACTOR * (1 + Math.abs(b))) {
      return E.left(
        noFiniteEdge(
          `the vertex eigenvalues of ${what} are unbounded below near ${where(report, x[0]!, x[1]!)} ` +
            `(${fmt(value)} after refinement from ${fmt(b)} on the grid: no finite minimum, e.g. a pole inside the support of the law)`,
        ),
      );
    }
    interior = { value, x };
  }

  // 3. every ray to infinity (one coordinate → ±∞ with the other re-minimized, or both): limit or unbounded
  const rays: { sign: readonly [number, number]; toward: string[] }[] = [];
  const signsOf = (a: SupportAxis): number[] => (a.domain === 'half-line' ? [0, 1] : [0, 1, -1]);
  for (const su of signsOf(axes[0])) {
    for (const sv of signsOf(axes[1])) {
      if (su === 0 && sv === 0) continue;
      const toward = [su, sv].flatMap((s, c) => (s === 0 ? [] : [`${axes[c]!.name} → ${s > 0 ? '+' : '−'}∞`]));
      rays.push({ sign: [su, sv], toward });
    }
  }
  let atInfinity: { value: number; x: Float64Array; toward: string[] } | null = null;
  for (const ray of rays) {
    const free = [0, 1].filter((c) => ray.sign[c] === 0);
    const values: number[] = [];
    const p = new Float64Array(2);
    for (const R of RAYS) {
      for (let c = 0; c < 2; c++) if (ray.sign[c] !== 0) p[c] = ray.sign[c]! * R;
      let value: number;
      if (free.length === 0) {
        value = clean(F(p));
        count.n++;
      } else {
        const c = free[0]!;
        let b = Infinity;
        let bx = 0;
        for (const g of grids[c]!) {
          if (Math.abs(g) === FAR) continue;
          p[c] = g;
          const v = clean(F(p));
          count.n++;
          if (v < b) {
            b = v;
            bx = g;
          }
        }
        p[c] = bx;
        if (b === Infinity) {
          value = Infinity;
        } else {
          const [l, h] = bracket(sortedGrids[c]!, bx, axes[c]!);
          value = zoom(F, p, [c], [l], [h], count);
        }
      }
      values.push(value);
    }
    const [m6, m9, m12] = values as [number, number, number];
    const d1 = m6 - m9;
    const d2 = m9 - m12;
    const tiny = 1e-13 * (1 + Math.abs(m12));
    if (m12 === -Infinity || (d2 > tiny && d2 > UNBOUNDED_RATIO * d1)) {
      return E.left(
        noFiniteEdge(
          `the vertex eigenvalues of ${what} are unbounded below as ${ray.toward.join(', ')}: ` +
            `min ${values.map(fmt).join(', ')} at ${RAYS.map(fmt).join(', ')}`,
        ),
      );
    }
    if (!Number.isFinite(m12)) continue;
    // Aitken Δ² on a geometrically converging decrease; otherwise the smallest value seen.
    const value = d1 > tiny && d2 > 0 ? m12 - (d2 * d2) / (d1 - d2) : Math.min(m6, m9, m12);
    if (atInfinity === null || value < atInfinity.value) atInfinity = { value, x: Float64Array.from(p), toward: ray.toward };
  }

  // 4. attained iff the interior minimum lies clearly below every limit at infinity
  if (interior !== null && (atInfinity === null || interior.value < atInfinity.value - 1e-9 * (1 + Math.abs(interior.value)))) {
    return E.right({ value: interior.value, attained: true, at: report(interior.x), toward: [], evaluations: count.n });
  }
  if (atInfinity === null) {
    return E.left(invalidArgument('model', what, 'vertex eigenvalues defined (not NaN) somewhere on the support of the law'));
  }
  const value = interior === null ? atInfinity.value : Math.min(atInfinity.value, interior.value);
  return E.right({ value, attained: false, at: report(atInfinity.x), toward: atInfinity.toward, evaluations: count.n });
}

function where(report: (x: Float64Array) => Readonly<Record<string, number>>, u: number, v: number): string {
  return Object.entries(report(Float64Array.of(u, v)))
    .map(([k, x]) => `${k} = ${fmt(x)}`)
    .join(', ');
}
