/**
 * Bracketing root finding: Brent's method and a grid scan to find a bracket.
 *
 * @module
 */
import { fail, invalidArgument, notConverged } from '../../errors.js';

/**
 * A root found by {@link brent}.
 * @category Roots
 * @since 0.1.0
 */
export interface RootResult {
  /** The best root estimate (the bracket end with the smaller |f|). */
  readonly root: number;
  /** f(root). */
  readonly value: number;
  /** Main-loop iterations; f was evaluated iterations + 1 times (iterations + 2 if not converged). */
  readonly iterations: number;
  /** True when the bracket shrank below tolerance or f(root) = 0; false when maxIterations ran out. */
  readonly converged: boolean;
  /** Final bracket [low, high] (low ≤ high) on which f changes sign; contains `root`. */
  readonly bracket: [number, number];
}

/**
 * Options of {@link brent}.
 * @category Roots
 * @since 0.1.0
 */
export interface BrentOptions {
  /** Absolute tolerance on the root (default 1e-300). */
  readonly xtol?: number;
  /** Relative tolerance on the root (default 4ε ≈ 8.9e-16, i.e. machine precision). */
  readonly rtol?: number;
  /** Maximum number of iterations (default 200: enough for bisection from any double bracket and for
   *  roots of high multiplicity, where interpolation converges only linearly in ~150 iterations). */
  readonly maxIterations?: number;
}

/**
 * Root of `f` in the bracket [lo, hi] by Brent's method (Brent 1973, as in scipy's brentq): inverse
 * quadratic interpolation or secant steps when they make progress, bisection otherwise, so it never
 * does worse than bisection. f(lo) and f(hi) must have opposite signs (or one be zero). Stops when the
 * bracket satisfies |b − a| ≤ 2·(xtol + rtol·|b|), b the best estimate.
 *
 * Throws (internally, as `BbpFailure`) `InvalidArgument` for a bad bracket and `NotConverged` when f
 * returns NaN.
 * @category Roots
 * @since 0.1.0
 * @example
 * brent((x) => x * x * x - 2, 0, 2).root // => 1.2599210498948732 (2^(1/3))
 */
export function brent(f: (x: number) => number, lo: number, hi: number, options: BrentOptions = {}): RootResult {
  const xtol = options.xtol ?? 1e-300;
  const rtol = options.rtol ?? 4 * Number.EPSILON;
  const maxIterations = options.maxIterations ?? 200;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) fail(invalidArgument('bracket', [lo, hi], 'finite end points'));
  if (!(xtol >= 0) || !Number.isFinite(xtol)) fail(invalidArgument('xtol', xtol, 'a finite number >= 0'));
  if (!(rtol >= 0) || !Number.isFinite(rtol)) fail(invalidArgument('rtol', rtol, 'a finite number >= 0'));
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    fail(invalidArgument('maxIterations', maxIterations, 'a positive integer'));
  }

  // Naming follows scipy: xcur is the best estimate, xblk the other end of the bracket, xpre the
  // previous iterate.
  let xpre = lo;
  let xcur = hi;
  let fpre = evaluate(f, xpre);
  let fcur = evaluate(f, xcur);
  if (fpre === 0) return { root: xpre, value: fpre, iterations: 0, converged: true, bracket: [xpre, xpre] };
  if (fcur === 0) return { root: xcur, value: fcur, iterations: 0, converged: true, bracket: [xcur, xcur] };
  if (fpre > 0 === fcur > 0) fail(invalidArgument('bracket', [lo, hi], 'an interval where f changes sign'));

  let xblk = 0;
  let fblk = 0;
  let spre = 0; // step before last
  let scur = 0; // last step
  for (let iter = 1; iter <= maxIterations; iter++) {
    if (fpre !== 0 && fcur !== 0 && fpre > 0 !== fcur > 0) {
      // The sign change is between xpre and xcur: xpre becomes the bracket's other end.
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    if (Math.abs(fblk) < Math.abs(fcur)) {
      // Keep the smaller |f| in xcur.
      xpre = xcur;
      xcur = xblk;
      xblk = xpre;
      fpre = fcur;
      fcur = fblk;
      fblk = fpre;
    }

    const delta = xtol + rtol * Math.abs(xcur);
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0) return { root: xcur, value: fcur, iterations: iter, converged: true, bracket: [xcur, xcur] };
    if (Math.abs(sbis) <= delta) {
      return { root: xcur, value: fcur, iterations: iter, converged: true, bracket: ordered(xcur, xblk) };
    }

    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      // Ratios of f values are formed before multiplying by distances: products like f·Δx underflow
      // for roots near 0 (|x| ~ 1e-300), which would stall the iteration at steps of xtol.
      let stry: number;
      if (xpre === xblk) {
        // Two distinct points: secant.
        stry = -(fcur / (fcur - fpre)) * (xcur - xpre);
      } else {
        // Three points: inverse quadratic interpolation (scipy's formula divided through by the slopes).
        const tpre = (fblk / (fpre - fcur)) * (xpre - xcur);
        const tblk = (fpre / (fblk - fcur)) * (xblk - xcur);
        stry = -(fcur / (fblk - fpre)) * (tpre - tblk);
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        // The interpolation step is short enough: it is making progress.
        spre = scur;
        scur = stry;
      } else {
        spre = sbis;
        scur = sbis;
      }
    } else {
      spre = sbis;
      scur = sbis;
    }

    xpre = xcur;
    fpre = fcur;
    // Never step by less than the tolerance, so the bracket keeps shrinking.
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = evaluate(f, xcur);
  }
  // Out of iterations: report the best end of the current bracket.
  const sameSide = fcur !== 0 && fpre !== 0 && fpre > 0 === fcur > 0;
  const other = sameSide ? xblk : xpre;
  const fOther = sameSide ? fblk : fpre;
  const best = Math.abs(fcur) <= Math.abs(fOther) ? xcur : other;
  return {
    root: best,
    value: best === xcur ? fcur : fOther,
    iterations: maxIterations,
    converged: fcur === 0,
    bracket: ordered(xcur, other),
  };
}

function evaluate(f: (x: number) => number, x: number): number {
  const y = f(x);
  if (Number.isNaN(y)) fail(notConverged('brent', `function returned NaN at x = ${x}`, { x }));
  return y;
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/**
 * Scan `steps` equal sub-intervals from `from` toward `to` (either direction) and return the first one
 * on which f changes sign (or vanishes at an end), as [low, high] with low ≤ high; undefined if none.
 * Used to find the first root met going from one end; roots of even multiplicity and pairs of roots
 * within one sub-interval are missed, and sub-intervals touching a NaN value are skipped.
 * @category Roots
 * @since 0.1.0
 * @example
 * findBracket(Math.cos, 0, 10, 10) // => [1, 2]
 */
export function findBracket(
  f: (x: number) => number,
  from: number,
  to: number,
  steps: number,
): [number, number] | undefined {
  if (!Number.isFinite(from)) fail(invalidArgument('from', from, 'a finite number'));
  if (!Number.isFinite(to)) fail(invalidArgument('to', to, 'a finite number'));
  if (!Number.isInteger(steps) || steps < 1) fail(invalidArgument('steps', steps, 'a positive integer'));
  const h = (to - from) / steps;
  let x0 = from;
  let f0 = f(x0);
  for (let k = 1; k <= steps; k++) {
    // Last point exactly `to`, free of accumulated rounding.
    const x1 = k === steps ? to : from + k * h;
    const f1 = f(x1);
    if ((f0 <= 0 && f1 >= 0) || (f0 >= 0 && f1 <= 0)) return ordered(x0, x1);
    x0 = x1;
    f0 = f1;
  }
  return undefined;
}
