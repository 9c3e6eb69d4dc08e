/**
 * Small statistics helpers for Monte Carlo averages and empirical densities.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';

/**
 * Sample mean and its standard error.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const [s]: MeanAndStandardError[] = replicateEstimate(4, (k) => [k]);
 * s; // { mean: 1.5, standardError: 0.6454…, n: 4 }
 */
export interface MeanAndStandardError {
  /** Sample mean. */
  readonly mean: number;
  /** Sample standard deviation (n − 1 denominator) over √n; NaN when n < 2. */
  readonly standardError: number;
  /** Number of values. */
  readonly n: number;
}

/**
 * Mean and standard error of `values` (two passes, so large offsets do not cancel). An empty input gives
 * NaN for both.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * meanAndStandardError([1, 2, 3]) // => { mean: 2, standardError: 0.577…, n: 3 }
 */
export function meanAndStandardError(values: ArrayLike<number>): MeanAndStandardError {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, standardError: Number.NaN, n };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { mean, standardError: Number.NaN, n };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { mean, standardError: Math.sqrt(ss / (n - 1) / n), n };
}

/**
 * Normalized histogram: for bins `[edges[b], edges[b+1])` (the last bin also takes its right edge), the
 * density `count_b / (total · width_b)` with `total = values.length`. Values outside the edges (and NaN)
 * count in `total` but in no bin, so the density integrates to the fraction of values inside the range —
 * the right normalization for comparing a windowed empirical spectrum with a theoretical density.
 * `edges` must be finite, strictly increasing, at least two. Throws a `BbpFailure` otherwise.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * histogram([0.1, 0.2, 0.7], [0, 0.5, 1]) // => Float64Array [1.333…, 0.666…]
 */
export function histogram(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1;
  if (bins < 1) fail(invalidArgument('edges.length', edges.length, 'at least 2'));
  for (let b = 0; b <= bins; b++) {
    const e = edges[b]!;
    if (!Number.isFinite(e)) fail(invalidArgument(`edges[${b}]`, e, 'a finite number'));
    if (b > 0 && !(e > edges[b - 1]!)) fail(invalidArgument(`edges[${b}]`, e, `a value > edges[${b - 1}] = ${edges[b - 1]}`));
  }
  const counts = new Float64Array(bins);
  const lo = edges[0]!;
  const hi = edges[bins]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue; // also skips NaN
    // Binary search for the last edge ≤ v; v = hi falls into the last bin.
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const c = (a + b) >>> 1;
      if (edges[c]! <= v) a = c;
      else b = c;
    }
    counts[a] = counts[a]! + 1;
  }
  const total = values.length;
  for (let b = 0; b < bins; b++) counts[b] = counts[b]! / (total * (edges[b + 1]! - edges[b]!));
  return counts;
}
