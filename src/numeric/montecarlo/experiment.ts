/**
 * Monte Carlo experiments (THEORY §7): a sweep over α × N × seeds as a deterministic list of tasks, one
 * plain-JSON record per task, a deterministic partition into shards, and the summary per (α, N) with the
 * large-N theory beside it. Pure computation, no I/O: the command line (`bbp sweep`) adds files, worker
 * threads and progress around it.
 *
 * A record depends only on its task, never on which process, thread or shard ran it, so runs with any
 * number of workers or shards give the same records, and an interrupted run can be resumed by skipping the
 * keys already done.
 *
 * @module
 */
import { fail, invalidArgument, notConverged, type NotConverged } from '../../errors.js';
import { meanAndStandardError, type MeanAndStandardError } from '../statistics.js';
import { hessianSpectrumSample, LANCZOS_MIN_SIZE } from './observables.js';
import type { PointwiseModel } from './pointwiseModel.js';
import { sampleProblem } from './problem.js';

/** Format tag of every record: a file of records of another format (or version) is not resumed or merged. */
const SWEEP_FORMAT = 'bbpkit-sweep/1';

/**
 * What is being swept: the grid, the seeds and the observables wanted.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const spec: SweepSpec = { alphas: [1, 2], ns: [500, 1000], seeds: 20, k: 4 }; // 80 tasks
 */
export interface SweepSpec {
  /** Sample ratios α = M/N (positive, distinct). */
  readonly alphas: readonly number[];
  /** Input dimensions N (integers ≥ 2, distinct). */
  readonly ns: readonly number[];
  /** Seeds per (α, N): an integer ≥ 1. */
  readonly seeds: number;
  /** First seed (default 1); the seeds are `seed, seed + 1, …, seed + seeds − 1`. */
  readonly seed?: number;
  /** Bottom eigenpairs per sample (default 4): an integer with 1 ≤ k < p·N for every N. */
  readonly k?: number;
  /** Absolute residual bound `‖Hv − λv‖` of the eigenpairs (default 1e-8). */
  readonly tolerance?: number;
}

/**
 * The large-N theory at one α, as carried by every record (`spectrum` of the same model), or why there is none.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const [task] = orThrow(sweepTasks({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [40], seeds: 1 }));
 * const theory: SweepTheory = task!.theory; // { edge, edgeKind, outlier, m2 } from spectrum() at α = 2
 */
export type SweepTheory =
  | {
      /** Left edge λ_- of the bulk. */
      readonly edge: number;
      /** `'sharp'` or `'smooth'`. */
      readonly edgeKind: string;
      /** Bottom outlier λ*, or null below α_BBP. */
      readonly outlier: number | null;
      /** Squared overlap m² of the outlier eigenvectors with the teacher subspace (0 without outlier). */
      readonly m2: number;
    }
  | {
      /** Why the theory is not available for this model (e.g. a p×p matrix reduction). */
      readonly unavailable: string;
    };

/**
 * One unit of work: a seed at one (α, N). Plain JSON, so it can be posted to a worker thread.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const tasks: SweepTask[] = orThrow(sweepTasks({ p: 2, pstar: 1, a: 1.5 }, { alphas: [1, 2], ns: [40], seeds: 3 }));
 * tasks.length; // 6; tasks[0]!.key === 'alpha=1,n=40,seed=1', stable across runs
 */
export interface SweepTask {
  /** Position in the sweep's task list (α outer, N middle, seed inner); shards partition by it. */
  readonly index: number;
  /** Stable identifier of the task within its sweep: `alpha=…,n=…,seed=…`. */
  readonly key: string;
  /** Sample ratio α. */
  readonly alpha: number;
  /** Input dimension N. */
  readonly n: number;
  /** Seed of the sample (inputs, student, teacher, Lanczos start). */
  readonly seed: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Bottom eigenpairs wanted. */
  readonly k: number;
  /** Residual bound of the eigenpairs. */
  readonly tolerance: number;
  /** The model, as echoed in the record. */
  readonly model: Readonly<Record<string, unknown>>;
  /** The large-N theory at this α. */
  readonly theory: SweepTheory;
}

/**
 * The result of one task: every parameter, the seed, the model echo, the theory at α, the observables and
 * the eigensolver's convergence record. Plain JSON (one line of a `bbp sweep` results file).
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const [task] = orThrow(sweepTasks({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [40], seeds: 1 }));
 * const record: SweepRecord = orThrow(sweepRunTask({ p: 2, pstar: 1, a: 1.5 }, task!));
 * record.bottom[0]; // the bottom eigenvalue of this sample
 */
export interface SweepRecord {
  /** The record format, `'bbpkit-sweep/1'`: files of another format are not resumed or merged. */
  readonly format: string;
  /** The task key (`alpha=…,n=…,seed=…`). */
  readonly key: string;
  /** The model echo. */
  readonly model: Readonly<Record<string, unknown>>;
  /** Sample ratio α. */
  readonly alpha: number;
  /** Input dimension N. */
  readonly n: number;
  /** Number of inputs M = round(α·N). */
  readonly m: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Bottom eigenpairs computed. */
  readonly k: number;
  /** Seed of the sample. */
  readonly seed: number;
  /** Residual bound asked for. */
  readonly tolerance: number;
  /** `'lanczos'` (matrix-free, used for p·N ≥ 200) or `'dense'` (below). */
  readonly method: 'dense' | 'lanczos';
  /** The k smallest eigenvalues, ascending. */
  readonly bottom: number[];
  /** Teacher-subspace overlap of each bottom eigenvector. */
  readonly overlaps: number[];
  /** `‖Hv − λv‖` of each bottom eigenpair. */
  readonly residuals: number[];
  /** φ of the sample: 1 when the bottom eigenvector has the largest teacher overlap among the k, else 0. */
  readonly phi: number;
  /** Whether every residual is within tolerance (non-converged records are left out of the statistics). */
  readonly converged: boolean;
  /** Eigensolver iterations (Lanczos basis fills, or QL sweeps). */
  readonly iterations: number;
  /** Products H·v (0 for dense). */
  readonly matvecs: number;
  /** The large-N theory at α. */
  readonly theory: SweepTheory;
}

/**
 * A mean over seeds with its standard error, the theory's value and `z = (mean − theory)/standardError`.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const r = orThrow(simulate({ p: 2, pstar: 1, a: 1.5 }, { alpha: 2, n: 40, seeds: 2 }));
 * const e: SweepEstimate = r.overlap; // { mean, standardError, n, theory: m², z }
 */
export interface SweepEstimate extends MeanAndStandardError {
  /** The large-N value, or null when there is none. */
  readonly theory: number | null;
  /** `(mean − theory)/standardError`, null without theory or with fewer than two samples. */
  readonly z: number | null;
}

/**
 * The statistics of one (α, N) of a sweep, theory beside simulation.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const { records } = orThrow(sweepRun({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [40], seeds: 2 }));
 * const row: SweepSummaryRow = orThrow(sweepSummarize(records)).rows[0]!;
 * row.cluster.overlap; // pair-mean teacher overlap, with m² beside it
 */
export interface SweepSummaryRow {
  /** Sample ratio α. */
  readonly alpha: number;
  /** Input dimension N. */
  readonly n: number;
  /** Number of inputs M. */
  readonly m: number;
  /** Converged samples used in the statistics. */
  readonly samples: number;
  /** Seeds whose eigenpairs did not converge (left out). */
  readonly unconverged: number[];
  /** Smallest eigenvalue; theory: λ* when there is an outlier, else λ_-. */
  readonly bottom: SweepEstimate;
  /** Teacher overlap of the bottom eigenvector; theory: m² (0 without outlier). */
  readonly overlap: SweepEstimate;
  /**
   * Means over the bottom `c = min(k, p·p*)` eigenpairs of each sample (the finite-N image of the
   * c-fold outlier, whose bottom member alone is biased low): eigenvalue and overlap; theory as above.
   */
  readonly cluster: {
    /** c, the number of eigenpairs averaged per sample. */
    readonly size: number;
    /** Mean of the c bottom eigenvalues. */
    readonly bottom: SweepEstimate;
    /** Mean teacher overlap of the c bottom eigenvectors. */
    readonly overlap: SweepEstimate;
  };
  /** `N^{2/3}·(λ_min − λ_-)`, the N-scaled gap to the theoretical edge (null without theory). */
  readonly gap: MeanAndStandardError | null;
  /** φ: fraction of samples whose bottom eigenvector has the largest teacher overlap of the k. */
  readonly phi: MeanAndStandardError;
  /** The large-N theory at α. */
  readonly theory: SweepTheory;
}

/**
 * The summary of a sweep's records.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const { records } = orThrow(sweepRun({ p: 2, pstar: 1, a: 1.5 }, { alphas: [2], ns: [40], seeds: 2 }));
 * const s: SweepSummary = orThrow(sweepSummarize(records));
 * s.rows.length; // 1
 */
export interface SweepSummary {
  /** The model echo. */
  readonly model: Readonly<Record<string, unknown>>;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Bottom eigenpairs per sample. */
  readonly k: number;
  /** Residual bound. */
  readonly tolerance: number;
  /** Distinct records summarized (duplicates, e.g. from overlapping shard files, count once). */
  readonly records: number;
  /** One row per (α, N), α then N ascending. */
  readonly rows: SweepSummaryRow[];
}

/**
 * A shard `index/count` of a sweep (1 ≤ index ≤ count): the tasks whose position `i` has
 * `i mod count = index − 1`.
 * @category Monte Carlo
 * @since 0.2.0
 * @example
 * const shard: SweepShard = orThrow(sweepParseShard('2/8')); // { index: 2, count: 8 }
 */
export interface SweepShard {
  /** Which shard, from 1 to count (as Slurm's `$SLURM_ARRAY_TASK_ID` with `--array=1-count`). */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
}

/** The default number of bottom eigenpairs per sample. */
const DEFAULT_K = 4;
const DEFAULT_TOLERANCE = 1e-8;
/** Largest task list built in memory. */
const MAX_TASKS = 10_000_000;

/** The stable key of the task at (α, N, seed). */
function taskKey(alpha: number, n: number, seed: number): string {
  return `alpha=${alpha},n=${n},seed=${seed}`;
}

/**
 * The task list of a sweep, in a fixed order (α, then N, then seed, each as given), after checking every
 * parameter. `theoryFor(α)` supplies the theory each record carries. Throws a `BbpFailure`
 * (`InvalidArgument` naming the parameter and its value) on bad input.
 * @internal
 */
export function sweepTaskList(
  spec: SweepSpec,
  model: { readonly p: number; readonly pstar: number; readonly echo: Readonly<Record<string, unknown>> },
  theoryFor: (alpha: number) => SweepTheory,
): SweepTask[] {
  const { alphas, ns, seeds } = spec;
  const { p, pstar, echo } = model;
  const seed = spec.seed ?? 1;
  const k = spec.k ?? DEFAULT_K;
  const tolerance = spec.tolerance ?? DEFAULT_TOLERANCE;
  if (alphas.length === 0) fail(invalidArgument('alphas', [], 'at least one value of α'));
  if (ns.length === 0) fail(invalidArgument('n', [], 'at least one value of N'));
  for (const a of alphas) if (!(a > 0 && Number.isFinite(a))) fail(invalidArgument('alpha', a, 'a positive finite number'));
  for (const n of ns) if (!(Number.isSafeInteger(n) && n >= 2)) fail(invalidArgument('n', n, 'an integer ≥ 2'));
  if (new Set(alphas).size !== alphas.length) fail(invalidArgument('alphas', alphas, 'distinct values'));
  if (new Set(ns).size !== ns.length) fail(invalidArgument('n', ns, 'distinct values'));
  if (!(Number.isSafeInteger(seeds) && seeds >= 1)) fail(invalidArgument('seeds', seeds, 'an integer ≥ 1'));
  if (!(Number.isSafeInteger(seed) && seed >= 0 && Number.isSafeInteger(seed + seeds))) fail(invalidArgument('seed', seed, 'a non-negative integer'));
  if (!(tolerance > 0 && Number.isFinite(tolerance))) fail(invalidArgument('tolerance', tolerance, 'a positive finite number'));
  if (alphas.length * ns.length * seeds > MAX_TASKS) fail(invalidArgument('seeds', seeds, `a sweep of at most ${MAX_TASKS} tasks (α values × N values × seeds)`));
  for (const n of ns) {
    if (p > n) fail(invalidArgument('n', n, `an integer ≥ p = ${p}`));
    if (pstar > n) fail(invalidArgument('n', n, `an integer ≥ pstar = ${pstar}`));
    if (!(Number.isSafeInteger(k) && k >= 1 && k < p * n)) fail(invalidArgument('k', k, `an integer with 1 ≤ k < N·p = ${p * n} (N = ${n}, p = ${p})`));
    for (const a of alphas) {
      if (Math.round(a * n) < 1) fail(invalidArgument('alpha', a, `α·N ≥ 1 (M = round(α·N) ≥ 1 inputs) for N = ${n}`));
    }
  }
  const tasks: SweepTask[] = [];
  for (const alpha of alphas) {
    const theory = theoryFor(alpha);
    for (const n of ns) {
      for (let s = seed; s < seed + seeds; s++) {
        tasks.push({ index: tasks.length, key: taskKey(alpha, n, s), alpha, n, seed: s, p, pstar, k, tolerance, model: echo, theory });
      }
    }
  }
  return tasks;
}

/**
 * Parse a shard spec `i/n` (1 ≤ i ≤ n). Throws a `BbpFailure` naming `shard` otherwise.
 * @internal
 */
export function parseShard(text: string): SweepShard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && index <= count)) {
    fail(invalidArgument('shard', text, 'i/n with integers 1 ≤ i ≤ n, e.g. 1/4'));
  }
  return { index, count };
}

/**
 * The tasks of one shard: positions `i` with `i mod count = index − 1`. The shards 1..count partition
 * the list, and round-robin spreads every (α, N) over all of them.
 * @internal
 */
export function shardTasks<T extends { readonly index: number }>(tasks: readonly T[], shard: SweepShard): T[] {
  const { index, count } = shard;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && index <= count)) {
    fail(invalidArgument('shard', `${index}/${count}`, 'i/n with integers 1 ≤ i ≤ n'));
  }
  return tasks.filter((t) => t.index % count === index - 1);
}

/**
 * Run one task: sample the problem, compute the bottom k eigenpairs (matrix-free Lanczos when
 * p·N ≥ {@link LANCZOS_MIN_SIZE}, dense below), and return the record. A deterministic function of the
 * task; non-convergence is recorded (`converged: false`), not thrown.
 * @internal
 */
export function runTask(task: SweepTask, model: PointwiseModel): SweepRecord {
  const { key, alpha, n, seed, p, pstar, k, tolerance } = task;
  const method = p * n >= LANCZOS_MIN_SIZE ? 'lanczos' : 'dense';
  const s = hessianSpectrumSample(sampleProblem({ n, alpha, p, pstar, seed }), model, { k, method, tolerance });
  const converged = s.converged && s.residuals.every((r) => r <= tolerance);
  return {
    format: SWEEP_FORMAT,
    key,
    model: task.model,
    alpha,
    n,
    m: s.m,
    p,
    pstar,
    k,
    seed,
    tolerance,
    method,
    bottom: s.bottom,
    overlaps: s.overlaps,
    residuals: s.residuals,
    phi: s.phi,
    converged,
    iterations: s.iterations,
    matvecs: s.matvecs,
    theory: task.theory,
  };
}

/**
 * The error for a record whose eigenpairs missed the tolerance, naming the seed and the residuals.
 * @internal
 */
export function recordNotConverged(r: SweepRecord): NotConverged {
  const { seed, residuals, iterations, matvecs, method, tolerance } = r;
  const solver = method === 'lanczos' ? 'Lanczos' : 'dense eigensolver';
  const why = `seed ${seed}: residuals ${residuals.map((x) => x.toExponential(2)).join(', ')} against tolerance ${tolerance}`;
  return notConverged(solver, why, { seed, residuals, iterations, matvecs });
}

/**
 * What makes records belong to the same sweep: format, model, widths, k and tolerance (the grid may
 * differ, e.g. a sweep extended by more seeds).
 * @internal
 */
export function sweepIdentity(r: Pick<SweepRecord, 'format' | 'model' | 'p' | 'pstar' | 'k' | 'tolerance'>): string {
  return JSON.stringify([r.format, r.model, r.p, r.pstar, r.k, r.tolerance]);
}

/** The {@link sweepIdentity} of the records a task list produces. @internal */
export function taskIdentity(task: SweepTask): string {
  return sweepIdentity({ ...task, format: SWEEP_FORMAT });
}

/**
 * Why a parsed JSON value is not a record, or null when it is one.
 * @internal
 */
export function recordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const r = value as Record<string, unknown>;
  if (r['format'] !== SWEEP_FORMAT) return `format ${JSON.stringify(r['format'])} is not ${SWEEP_FORMAT}`;
  for (const f of ['key', 'alpha', 'n', 'm', 'p', 'pstar', 'k', 'seed', 'tolerance', 'phi', 'converged', 'model', 'theory', 'bottom', 'overlaps', 'residuals']) {
    if (!(f in r)) return `field ${f} is missing`;
  }
  return null;
}

function estimate(values: readonly number[], theory: number | null): SweepEstimate {
  const ms = meanAndStandardError(values);
  const z = theory === null || !(ms.standardError > 0) ? null : (ms.mean - theory) / ms.standardError;
  return { ...ms, theory, z };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The summary of records (of one sweep, in any order, from any number of files): duplicates of a key
 * count once (they must be identical), then per (α, N) the mean ± standard error of the bottom eigenvalue,
 * its overlap, the bottom-cluster means, the N-scaled gap and φ, with the theory the records carry.
 * Throws a `BbpFailure` (`InvalidArgument` on `records`) for an empty list, records of different sweeps,
 * or two different records under one key.
 * @internal
 */
export function summarize(records: readonly SweepRecord[]): SweepSummary {
  if (records.length === 0) fail(invalidArgument('records', [], 'at least one record'));
  const first = records[0]!;
  const identity = sweepIdentity(first);
  const byKey = new Map<string, SweepRecord>();
  for (const r of records) {
    if (sweepIdentity(r) !== identity) {
      fail(invalidArgument('records', r.key, `records of one sweep (${identity}), not ${sweepIdentity(r)}`));
    }
    const seen = byKey.get(r.key);
    if (seen === undefined) byKey.set(r.key, r);
    else if (JSON.stringify(seen) !== JSON.stringify(r)) fail(invalidArgument('records', r.key, 'one result per key (two different records share this key)'));
  }
  const groups = new Map<string, SweepRecord[]>();
  for (const r of byKey.values()) {
    const g = `${r.alpha},${r.n}`;
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [r]);
    else list.push(r);
  }
  const rows = [...groups.values()]
    .map((g) => g.sort((x, y) => x.seed - y.seed))
    .sort((x, y) => x[0]!.alpha - y[0]!.alpha || x[0]!.n - y[0]!.n)
    .map((g) => summaryRow(g));
  const { model, p, pstar, k, tolerance } = first;
  return { model, p, pstar, k, tolerance, records: byKey.size, rows };
}

function summaryRow(group: readonly SweepRecord[]): SweepSummaryRow {
  const { alpha, n, m, p, pstar, k, theory } = group[0]!;
  const ok = group.filter((r) => r.converged);
  const t = 'unavailable' in theory ? null : theory;
  const target = t === null ? null : (t.outlier ?? t.edge);
  const m2 = t === null ? null : t.m2;
  const c = Math.min(k, p * pstar);
  const scale = n ** (2 / 3);
  return {
    alpha,
    n,
    m,
    samples: ok.length,
    unconverged: group.filter((r) => !r.converged).map((r) => r.seed),
    bottom: estimate(ok.map((r) => r.bottom[0]!), target),
    overlap: estimate(ok.map((r) => r.overlaps[0]!), m2),
    cluster: {
      size: c,
      bottom: estimate(ok.map((r) => mean(r.bottom.slice(0, c))), target),
      overlap: estimate(ok.map((r) => mean(r.overlaps.slice(0, c))), m2),
    },
    gap: t === null ? null : meanAndStandardError(ok.map((r) => scale * (r.bottom[0]! - t.edge))),
    phi: meanAndStandardError(ok.map((r) => r.phi)),
    theory,
  };
}
