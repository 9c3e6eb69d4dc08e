/**
 * Finite-N Monte Carlo experiments, theory beside simulation (THEORY §7): {@link simulate} at one (α, N),
 * and sweeps over α × N × seeds ({@link sweepTasks}, {@link sweepRun}, {@link sweepSummarize}) that can
 * be cut into shards and resumed. Every function returns `Either<BbpError, _>`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { printModel } from './dsl/model.js';
import { attempt, fail, invalidArgument, type BbpError } from './errors.js';
import {
  parseShard,
  recordNotConverged,
  runTask,
  shardTasks,
  summarize,
  sweepTaskList,
  type SweepRecord,
  type SweepShard,
  type SweepSpec,
  type SweepSummary,
  type SweepSummaryRow,
  type SweepTask,
  type SweepTheory,
} from './numeric/montecarlo/experiment.js';
import type { PointwiseModel } from './numeric/montecarlo/pointwiseModel.js';
import { pointwiseFor } from './plot/data.js';
import { spectrum, type ModelInput, type TheoryOptions } from './theory.js';

export type {
  SweepEstimate,
  SweepRecord,
  SweepShard,
  SweepSpec,
  SweepSummary,
  SweepSummaryRow,
  SweepTask,
  SweepTheory,
} from './numeric/montecarlo/experiment.js';

/**
 * Options of {@link simulate}.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const options: SimulateOptions = { alpha: 2, n: 60, seeds: 2, k: 3, seed: 1 };
 */
export interface SimulateOptions {
  /** Sample ratio α = M/N > 0, with α·N ≥ 1. */
  readonly alpha: number;
  /** Input dimension N, an integer ≥ 2. */
  readonly n: number;
  /** Number of seeds (independent samples), an integer ≥ 1. */
  readonly seeds: number;
  /** Bottom eigenpairs per sample (default 4): 1 ≤ k < N·p. */
  readonly k?: number;
  /** First seed (default 1): the samples use `seed, seed + 1, …`. */
  readonly seed?: number;
  /** Absolute residual bound `‖Hv − λv‖` of the eigenpairs (default 1e-8). */
  readonly tolerance?: number;
  /** Options of the large-N theory printed beside the simulation (quadrature). */
  readonly theory?: TheoryOptions;
  /** Called after each finished sample. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The result of {@link simulate}: the statistics of one (α, N), with the theory beside each, and the
 * per-seed records.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const r: SimulationResult = orThrow(simulate({ p: 2, pstar: 1, a: 1.5 }, { alpha: 2, n: 40, seeds: 2 }));
 * r.bottom.mean; // the mean bottom eigenvalue; r.bottom.theory is λ* (or λ_-)
 */
export interface SimulationResult extends SweepSummaryRow {
  /** The model echo (as in `threshold`). */
  readonly model: Readonly<Record<string, unknown>>;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Bottom eigenpairs per sample. */
  readonly k: number;
  /** Residual bound of the eigenpairs. */
  readonly tolerance: number;
  /** The seeds used. */
  readonly seeds: number[];
  /** One record per seed. */
  readonly records: SweepRecord[];
}

/**
 * Options of {@link sweepTasks} and {@link sweepRun}.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const options: SweepOptions = { shard: { index: 1, count: 4 } }; // the first quarter of the tasks
 */
export interface SweepOptions {
  /** Only this shard's tasks (default: all). */
  readonly shard?: SweepShard;
  /** Options of the large-N theory each record carries. */
  readonly theory?: TheoryOptions;
  /** Keys of tasks already done (e.g. read back from a results file): they are not run again. */
  readonly skip?: ReadonlySet<string>;
  /** Called with each finished record (e.g. to append it to a file at once). */
  readonly onRecord?: (record: SweepRecord, done: number, total: number) => void;
}

/**
 * The result of {@link sweepRun}: the records computed by this run and the summary of them.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const r: SweepResult = orThrow(sweepRun({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [40], seeds: 2 }));
 * r.records.length; // 2
 */
export interface SweepResult {
  /** Records of this run, in task order. */
  readonly records: SweepRecord[];
  /** Their summary (absent when the run computed nothing, e.g. everything was skipped). */
  readonly summary: SweepSummary | null;
}

/** The model as echoed in records: the same shape as the theory's echo (`threshold(…).model`). */
function modelEcho(input: ModelInput): Readonly<Record<string, unknown>> {
  if ('pointwise' in input) {
    const reduction = 'reduction' in input ? input.reduction : 'permutation-symmetric p×p resolvent';
    return { model: printModel(input.model), reduction, p: input.p, pstar: input.pstar, scale: input.model.scale };
  }
  return { p: input.p, pstar: input.pstar, a: input.a, scale: input.scale ?? 1 };
}

/**
 * The finite-N face of a model: its pointwise model and widths; fails for p = inf. Throws a `BbpFailure`.
 * @internal
 */
export function simulationModel(input: ModelInput): { readonly pointwise: PointwiseModel; readonly p: number; readonly pstar: number; readonly echo: Readonly<Record<string, unknown>> } {
  const face = pointwiseFor(input);
  if ('none' in face) fail(invalidArgument('p', 'inf', `a finite student width (${face.none})`));
  return { pointwise: face.model, p: face.p, pstar: face.pstar, echo: modelEcho(input) };
}

/** `spectrum`'s edge, outlier and m² at α, or why there are none; memoized per α. */
function theoryLookup(input: ModelInput, options: TheoryOptions): (alpha: number) => SweepTheory {
  const cache = new Map<number, SweepTheory>();
  return (alpha) => {
    let t = cache.get(alpha);
    if (t === undefined) {
      const s = spectrum(input, alpha, { ...options, points: 2 });
      if (E.isRight(s)) {
        const r = s.right;
        // A spike along the student's own weights below the teacher's outlier (a tanh student) is then the
        // bottom eigenvalue, and the teacher comparison of the bottom eigenpairs does not apply.
        const student = Math.min(r.studentOutlier?.lambda ?? Infinity, ...(r.outliers ?? []).filter((o) => o.family === 'student').map((o) => o.lambda));
        t =
          student < (r.outlier ?? r.edge)
            ? { unavailable: `the bottom eigenvalue is the spike along the student's own weights (λ = ${student}), below the teacher's ${r.outlier === null ? 'edge' : 'outlier'}; compare with spectrum().studentOutlier` }
            : { edge: r.edge, edgeKind: r.edgeKind, outlier: r.outlier, m2: r.m2 };
      }
      // A bad theory option (e.g. the quadrature step) is the user's to fix; a model the solvers cannot
      // handle (no finite edge, a non-quadratic teacher of width > 1…) still has a finite-N Hessian.
      else if (s.left._tag === 'InvalidArgument' && s.left.parameter !== 'model') return fail(s.left);
      else t = { unavailable: s.left.message };
      cache.set(alpha, t);
    }
    return t;
  };
}

/** The tasks (throws a `BbpFailure`). @internal */
export function sweepTaskListFor(input: ModelInput, spec: SweepSpec, options: Pick<SweepOptions, 'shard' | 'theory'> = {}): SweepTask[] {
  const face = simulationModel(input);
  const tasks = sweepTaskList(spec, face, theoryLookup(input, options.theory ?? {}));
  return options.shard === undefined ? tasks : shardTasks(tasks, options.shard);
}

/**
 * The Monte Carlo Hessian at one (α, N) over `seeds` seeds: per seed the bottom k eigenpairs (matrix-free
 * Lanczos for p·N ≥ 200, dense below), and the mean ± standard error of the bottom eigenvalue, its teacher
 * overlap, the bottom-cluster means, the gap `N^{2/3}(λ_min − λ_-)` and φ, each beside the large-N
 * theory (`spectrum`: λ* or λ_-, m²) with its z-score. Left: `InvalidArgument` for bad input (naming the
 * parameter), `NotConverged` when an eigensolver misses its tolerance (with the seed and residuals).
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { simulate, orThrow } from 'bbpkit';
 * const r = orThrow(simulate({ p: 2, pstar: 1, a: 1.5 }, { alpha: 3, n: 100, seeds: 4 }));
 * r.cluster.bottom.theory;  // λ* = −1.9772…: the outlier (α = 3 is above α_BBP = 1.32)
 * r.cluster.bottom.z;       // (mean − λ*)/standardError over the 4 seeds
 */
export function simulate(model: ModelInput, options: SimulateOptions): E.Either<BbpError, SimulationResult> {
  return attempt(() => {
    const { alpha, n, seeds, k, seed, tolerance } = options;
    const spec: SweepSpec = { alphas: [alpha], ns: [n], seeds, k, seed, tolerance };
    const face = simulationModel(model);
    const tasks = sweepTaskList(spec, face, theoryLookup(model, options.theory ?? {}));
    const records = tasks.map((task, i) => {
      const r = runTask(task, face.pointwise);
      if (!r.converged) fail(recordNotConverged(r));
      options.onProgress?.(i + 1, tasks.length);
      return r;
    });
    const summary = summarize(records);
    return { model: summary.model, p: summary.p, pstar: summary.pstar, k: summary.k, tolerance: summary.tolerance, ...summary.rows[0]!, seeds: records.map((r) => r.seed), records };
  });
}

/**
 * The task list of a sweep over `spec.alphas × spec.ns × seeds`, in a fixed order (α outer, N, then seed)
 * with a stable key per task, each carrying the theory at its α; with `options.shard = {index, count}` only
 * that shard's tasks (position mod count = index − 1). Plain JSON: tasks can be handed to other threads or
 * processes and run by {@link sweepRunTask}. Left `InvalidArgument` naming the parameter on bad input
 * (α·N < 1, N < 2, k ≥ N·p, seeds < 1, a bad shard…).
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { sweepTasks, orThrow } from 'bbpkit';
 * const tasks = orThrow(sweepTasks({ p: 2, pstar: 1, a: 1.5 }, { alphas: [1, 2], ns: [100], seeds: 3 }, { shard: { index: 1, count: 2 } }));
 * tasks.map((t) => t.key); // ['alpha=1,n=100,seed=1', 'alpha=1,n=100,seed=3', 'alpha=2,n=100,seed=2']
 */
export function sweepTasks(model: ModelInput, spec: SweepSpec, options: Pick<SweepOptions, 'shard' | 'theory'> = {}): E.Either<BbpError, SweepTask[]> {
  return attempt(() => sweepTaskListFor(model, spec, options));
}

/**
 * Run one task of {@link sweepTasks} with the same model: its record (plain JSON, a deterministic function
 * of the task). Non-convergence is recorded in the record (`converged: false`), not an error.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { sweepTasks, sweepRunTask, orThrow } from 'bbpkit';
 * const reference = { p: 2, pstar: 1, a: 1.5 };
 * const [task] = orThrow(sweepTasks(reference, { alphas: [2], ns: [60], seeds: 1 }));
 * const record = orThrow(sweepRunTask(reference, task!)); // record.bottom, record.overlaps, record.converged…
 */
export function sweepRunTask(model: ModelInput, task: SweepTask): E.Either<BbpError, SweepRecord> {
  return attempt(() => runTask(task, simulationModel(model).pointwise));
}

/**
 * Run a sweep (or one shard of it) in this thread: every task not in `options.skip`, in task order,
 * calling `options.onRecord` after each; then summarize what was computed.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { sweepRun, orThrow } from 'bbpkit';
 * const { summary } = orThrow(sweepRun({ p: 2, pstar: 1, a: 1.5 }, { alphas: [1, 3], ns: [60], seeds: 2 }));
 * summary?.rows.map((r) => [r.alpha, r.overlap.mean, r.overlap.theory]);
 */
export function sweepRun(model: ModelInput, spec: SweepSpec, options: SweepOptions = {}): E.Either<BbpError, SweepResult> {
  return attempt(() => {
    const face = simulationModel(model);
    const tasks = sweepTaskListFor(model, spec, options).filter((t) => !options.skip?.has(t.key));
    const records = tasks.map((task, i) => {
      const r = runTask(task, face.pointwise);
      options.onRecord?.(r, i + 1, tasks.length);
      return r;
    });
    return { records, summary: records.length === 0 ? null : summarize(records) };
  });
}

/**
 * Summarize the records of one sweep (from any number of shards or files, in any order): duplicates of
 * a key count once, and per (α, N) the mean ± standard error of each observable with the theory beside it.
 * Non-converged records are left out of the statistics and listed per row. Left `InvalidArgument` on
 * `records` when they are empty, come from different sweeps (model, k or tolerance differ) or disagree
 * under one key.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { sweepRun, sweepSummarize, orThrow } from 'bbpkit';
 * const reference = { p: 2, pstar: 1, a: 1.5 };
 * const spec = { alphas: [2], ns: [60], seeds: 4 };
 * const a = orThrow(sweepRun(reference, spec, { shard: { index: 1, count: 2 } })).records;
 * const b = orThrow(sweepRun(reference, spec, { shard: { index: 2, count: 2 } })).records;
 * orThrow(sweepSummarize([...a, ...b])).rows[0]!.samples; // 4
 */
export function sweepSummarize(records: readonly SweepRecord[]): E.Either<BbpError, SweepSummary> {
  return attempt(() => summarize(records));
}

/**
 * Parse a shard spec `i/n` (integers, 1 ≤ i ≤ n), as given to `bbp sweep --shard`.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * import { sweepParseShard } from 'bbpkit';
 * sweepParseShard('2/8');  // Right({ index: 2, count: 8 })
 * sweepParseShard('0/2');  // Left(InvalidArgument: invalid shard = "0/2": expected i/n with integers 1 ≤ i ≤ n, e.g. 1/4)
 */
export function sweepParseShard(text: string): E.Either<BbpError, SweepShard> {
  return attempt(() => parseShard(text));
}
