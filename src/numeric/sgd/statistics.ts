/**
 * Mean ± standard error over seeds of finite-N SGD runs, per recorded time and per entry of `Q`, `R` and the
 * risk.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { meanAndStandardError } from '../statistics.js';
import type { SgdDivergence, SgdSimulationRun } from './simulate.js';

/**
 * Entry-wise mean and standard error (sample standard deviation over `√count`; NaN for fewer than two runs).
 * @category SGD
 * @since 0.2.0
 * @example
 * const q: SgdMeanAndError = { mean: [1, 0.2], standardError: [0.01, 0.02] };
 */
export interface SgdMeanAndError {
  /** Mean over the runs, entry by entry. */
  readonly mean: number[];
  /** Standard error of each mean. */
  readonly standardError: number[];
}

/**
 * The seed average of several runs of the same simulation (same `N`, `η`, initial condition, times).
 * @category SGD
 * @since 0.2.0
 * @example
 * const initial = { p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(0.5) };
 * const runs = [1, 2, 3].map((seed) =>
 *   orThrow(sgdSimulate({ student: activations.square, teacher: activations.square, initial, n: 100, eta: 0.2, times: [0, 1], seed })));
 * const avg: SgdSeedAverage = orThrow(sgdSeedAverage(runs));
 * avg.Q[avg.t.length - 1]!.mean; // mean Q at the last time
 */
export interface SgdSeedAverage {
  /** The seeds, in the order of the runs. */
  readonly seeds: number[];
  /** Input dimension `N`. */
  readonly n: number;
  /** Learning rate. */
  readonly eta: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Recorded times (those of the longest run). */
  readonly t: number[];
  /** Number of runs that reached each time (fewer than the seeds after a divergence). */
  readonly count: number[];
  /** `Q` (p×p row-major), mean ± standard error at each time. */
  readonly Q: SgdMeanAndError[];
  /** `R` (p×p* row-major), mean ± standard error at each time. */
  readonly R: SgdMeanAndError[];
  /** Risk, mean ± standard error at each time (empty when the runs recorded no risk). */
  readonly risk: {
    /** Mean risk over the runs that reached the time. */
    readonly mean: number;
    /** Its standard error. */
    readonly standardError: number;
  }[];
  /** The runs that diverged, with their seed. */
  readonly divergences: (SgdDivergence & {
    /** The seed of the diverged run. */
    readonly seed: number;
  })[];
}

function entrywise(rows: readonly (readonly number[])[]): SgdMeanAndError {
  const width = rows[0]!.length;
  const column = new Float64Array(rows.length);
  const mean: number[] = [];
  const standardError: number[] = [];
  for (let e = 0; e < width; e++) {
    for (let r = 0; r < rows.length; r++) column[r] = rows[r]![e]!;
    const s = meanAndStandardError(column);
    mean.push(s.mean);
    standardError.push(s.standardError);
  }
  return { mean, standardError };
}

/**
 * Mean ± standard error over runs that differ only in their seed. At each time, only the runs that reached
 * it count (`count`); diverged runs are listed in `divergences`.
 * @category SGD
 * @since 0.2.0
 * @example
 * const initial = { p: 2, pstar: 1, Q: Float64Array.of(1, 0, 0, 1), R: Float64Array.of(0.3, 0.4) };
 * const runs = [1, 2, 3, 4].map((seed) =>
 *   orThrow(sgdSimulate({ student: activations.square, teacher: activations.square, initial, n: 200, eta: 0.3, times: [0, 0.5, 1], seed })));
 * const avg = orThrow(sgdSeedAverage(runs));
 * avg.R[2]!.mean; // R(1) averaged over the four seeds; avg.R[2]!.standardError its standard errors
 */
export function sgdSeedAverage(runs: readonly SgdSimulationRun[]): E.Either<BbpError, SgdSeedAverage> {
  return attempt(() => {
    if (runs.length === 0) fail(invalidArgument('runs', runs, 'at least one run'));
    const first = runs[0]!;
    for (const r of runs) {
      if (r.n !== first.n || r.eta !== first.eta || r.p !== first.p || r.pstar !== first.pstar) {
        fail(invalidArgument('runs', { seed: r.seed, n: r.n, eta: r.eta, p: r.p, pstar: r.pstar }, `runs of one simulation (n = ${first.n}, eta = ${first.eta}, p = ${first.p}, pstar = ${first.pstar})`));
      }
    }
    const longest = runs.reduce((a, b) => (b.t.length > a.t.length ? b : a));
    const t = [...longest.t];
    const count: number[] = [];
    const Q: SgdMeanAndError[] = [];
    const R: SgdMeanAndError[] = [];
    const risk: { mean: number; standardError: number }[] = [];
    const withRisk = runs.every((r) => r.risk.length === r.t.length) && longest.risk.length > 0;
    for (let k = 0; k < t.length; k++) {
      const reached = runs.filter((r) => r.t.length > k);
      for (const r of reached) {
        if (r.steps[k] !== longest.steps[k]) fail(invalidArgument('runs', r.seed, `runs recorded at the same steps (step ${r.steps[k]} vs ${longest.steps[k]})`));
      }
      count.push(reached.length);
      Q.push(entrywise(reached.map((r) => r.Q[k]!)));
      R.push(entrywise(reached.map((r) => r.R[k]!)));
      if (withRisk) {
        const s = meanAndStandardError(reached.map((r) => r.risk[k]!));
        risk.push({ mean: s.mean, standardError: s.standardError });
      }
    }
    const divergences = runs.filter((r) => r.divergence !== null).map((r) => ({ seed: r.seed, ...r.divergence! }));
    return { seeds: runs.map((r) => r.seed), n: first.n, eta: first.eta, p: first.p, pstar: first.pstar, t, count, Q, R, risk, divergences };
  });
}

/** The seed average as plain series for JSON: times, and each quantity's means beside their standard errors. @internal */
export function sgdAverageSeries(avg: SgdSeedAverage) {
  return {
    t: avg.t,
    risk: avg.risk.map((r) => r.mean),
    riskStandardError: avg.risk.map((r) => r.standardError),
    Q: avg.Q.map((q) => q.mean),
    QStandardError: avg.Q.map((q) => q.standardError),
    R: avg.R.map((r) => r.mean),
    RStandardError: avg.R.map((r) => r.standardError),
  };
}
