/**
 * `bbp simulate`, `bbp sweep` and `bbp sweep merge` (alias `bbp summarize`): finite-N Monte Carlo Hessian
 * spectra with the large-N theory beside them.
 *
 * `bbp sweep` appends one JSON line per finished record to `--out` and flushes it to disk (fsync) at once,
 * so an interrupted run loses no finished record; re-running the same command skips the keys already in the
 * file (a truncated last line, from a run killed mid-write, is cut off first). `--shard i/n` runs one of n
 * deterministic parts, for a batch system; `bbp sweep merge` joins the shard files. Validation happens
 * before anything runs, synchronously; with `--workers W > 1` the tasks then run on worker threads, and a
 * failure there is reported the same way (`bbp: <message>`, exit status 2).
 *
 * @module
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { BbpFailure, fail, invalidArgument } from '../errors.js';
import {
  parseShard,
  recordNotConverged,
  recordProblem,
  runTask,
  summarize,
  sweepIdentity,
  taskIdentity,
  type SweepRecord,
  type SweepShard,
  type SweepSpec,
  type SweepTask,
} from '../numeric/montecarlo/experiment.js';
import { sweepTaskListFor } from '../simulation.js';
import { rangeValues, type TheoryOptions } from '../theory.js';
import { modelInput, withModelOptions, type ModelFlags } from './modelFlags.js';
import { number, triple } from './parse.js';
import { pointwiseFromFlags, runTasks } from './simulateWorkers.js';
import { printJson } from './output.js';

interface RunFlags extends ModelFlags {
  seeds?: string;
  seed: string;
  k: string;
  tolerance: string;
  workers: string;
}

interface SimulateFlags extends RunFlags {
  alpha: string;
  n: string;
}

interface SweepFlags extends RunFlags {
  alphas?: string;
  alphaRange?: string;
  n: string;
  out: string;
  shard?: string;
}

const SIMULATE_HELP = `
Per seed: the problem (inputs, student, teacher) of that seed, its Hessian's k bottom eigenpairs (matrix-free
Lanczos for p*N >= 200, dense below; residual <= --tolerance), their teacher overlaps.
Output (JSON): model, alpha, n, m, p, pstar, k, seeds, seed, tolerance, then mean +- standard error over the
seeds, each with {mean, standardError, n, theory, z = (mean - theory)/standardError}:
  bottom        smallest eigenvalue; theory: outlier lambda* (above alpha_BBP) or edge lambda_- (below)
  overlap       teacher overlap of the bottom eigenvector; theory: m2 (0 without outlier)
  cluster       the same averaged over the c = min(k, p*pstar) bottom eigenpairs of each sample (the finite-N
                image of the c-fold outlier; the bottom one alone is biased low, its overlap high)
  gap           N^(2/3) (lambda_min - lambda_-)
  phi           fraction of samples whose bottom eigenvector has the largest teacher overlap among the k
  theory        {edge, edgeKind, outlier, m2} from 'bbp spectrum'
An eigensolver that misses the tolerance is an error (exit 2) naming the seed.`;

const SWEEP_HELP = `
Tasks: every (alpha, N, seed), alpha outer, then N, then seed. Each finished task appends one JSON line to
--out (every parameter, seed, model, theory at alpha, bottom eigenvalues, overlaps, residuals, phi,
convergence) and is flushed to disk at once. Re-running the same command resumes: keys already in the file
are skipped, a truncated last line is cut off; a file of another sweep (other model, k or tolerance) is
refused. --shard i/n runs the tasks whose position is i-1 mod n. Prints the summary of the whole file
(as 'bbp sweep merge'). Non-converged records are kept in the file and left out of the statistics.`;

const MERGE_HELP = `
Reads sweep result files (e.g. the shards of one sweep), checks that they belong to the same sweep, counts
each key once (two different records under one key is an error) and prints the summary per (alpha, N):
{model, p, pstar, k, tolerance, records, rows: [{alpha, n, m, samples, unconverged, bottom, overlap, cluster,
gap, phi, theory}]} as in 'bbp simulate'.`;

function workersFrom(flags: RunFlags): number {
  const w = number('workers', flags.workers);
  if (!(Number.isSafeInteger(w) && w >= 1 && w <= 256)) fail(invalidArgument('workers', flags.workers, 'an integer from 1 to 256'));
  return w;
}

function theoryOptions(flags: ModelFlags): TheoryOptions {
  return flags.step === undefined ? {} : { quadrature: { step: number('step', flags.step) } };
}

function runSpec(flags: RunFlags): Pick<SweepSpec, 'seeds' | 'seed' | 'k' | 'tolerance'> {
  return { seeds: number('seeds', flags.seeds!), seed: number('seed', flags.seed), k: number('k', flags.k), tolerance: number('tolerance', flags.tolerance) };
}

/** A comma-separated list of numbers. */
function list(name: string, text: string): number[] {
  return text.split(',').map((s) => number(name, s));
}

/** Progress on stderr, only when it is a terminal. */
function progress(label: string, total: number): { tick: () => void; done: () => void } {
  if (!process.stderr.isTTY || total === 0) return { tick: () => undefined, done: () => undefined };
  let count = 0;
  let last = 0;
  const started = Date.now();
  const draw = (): void => {
    const width = 30;
    const filled = Math.round((width * count) / total);
    const elapsed = (Date.now() - started) / 1000;
    const eta = count > 0 ? ` ETA ${Math.round((elapsed * (total - count)) / count)} s` : '';
    process.stderr.write(`\r\x1b[2Kbbp ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}${eta}`);
  };
  draw();
  return {
    tick: () => {
      count++;
      const now = Date.now();
      if (count < total && now - last < 100) return;
      last = now;
      draw();
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

/**
 * Run `tasks` in this thread (one worker) or on worker threads, calling `onRecord` with each record.
 * Synchronous for one worker, so that a failure reaches `main()` like any validation error; otherwise
 * the returned promise settles when all are done.
 */
function execute(tasks: readonly SweepTask[], flags: ModelFlags, workers: number, onRecord: (r: SweepRecord) => void): Promise<void> | null {
  if (workers === 1 || tasks.length <= 1) {
    const model = pointwiseFromFlags(flags);
    for (const t of tasks) onRecord(runTask(t, model));
    return null;
  }
  return runTasks(tasks, flags, workers, onRecord);
}

/** Finish after `pending` (if any): run `then`, or report a failure as `bbp: …` with exit status 2. */
function settle(pending: Promise<void> | null, cleanup: () => void, then: () => void): void {
  if (pending === null) {
    try {
      then();
    } finally {
      cleanup();
    }
    return;
  }
  pending.then(
    () => {
      try {
        cleanup();
        then();
      } catch (e) {
        report(e);
      }
    },
    (e: unknown) => {
      cleanup();
      report(e);
    },
  );
}

function report(e: unknown): void {
  if (!(e instanceof Error)) throw e;
  process.stderr.write(`bbp: ${e.message}\n`);
  process.exitCode = 2;
}

// ---------------------------------------------------------------------------------------------------------
// Result files

/** The records of a results file; `validBytes` is where its last complete line ends. */
interface ResultsFile {
  readonly records: SweepRecord[];
  readonly validBytes: number;
  readonly bytes: number;
}

/**
 * Read a results file. A last line without its newline is a write cut short by a kill: ignored (and cut off
 * by the caller before appending). Any other line that is not a record is an error naming the file.
 */
function readResults(path: string, option: string): ResultsFile {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (e) {
    return fail(invalidArgument(option, path, `a readable file (${(e as Error).message})`));
  }
  const records: SweepRecord[] = [];
  let start = 0;
  let line = 1;
  for (let end = text.indexOf(10, start); end >= 0; end = text.indexOf(10, start), line++) {
    const body = text.subarray(start, end).toString('utf8');
    start = end + 1;
    if (body.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return fail(invalidArgument(option, path, `a results file of bbp sweep (line ${line} is not JSON)`));
    }
    const problem = recordProblem(value);
    if (problem !== null) fail(invalidArgument(option, path, `a results file of bbp sweep (line ${line}: ${problem})`));
    records.push(value as SweepRecord);
  }
  return { records, validBytes: start, bytes: text.length };
}

// ---------------------------------------------------------------------------------------------------------
// Commands

function simulateAction(flags: SimulateFlags): void {
  const started = performance.now();
  const workers = workersFrom(flags);
  const model = modelInput(flags, number);
  const spec: SweepSpec = { alphas: [number('alpha', flags.alpha)], ns: [number('n', flags.n)], ...runSpec(flags) };
  const tasks = sweepTaskListFor(model, spec, { theory: theoryOptions(flags) });
  const records: SweepRecord[] = [];
  const bar = progress('simulate', tasks.length);
  const pending = execute(tasks, flags, workers, (r) => {
    records.push(r);
    bar.tick();
  });
  settle(pending, bar.done, () => {
    records.sort((x, y) => x.seed - y.seed);
    const bad = records.find((r) => !r.converged);
    if (bad !== undefined) throw new BbpFailure(recordNotConverged(bad));
    const summary = summarize(records);
    const { model: echo, p, pstar, k, tolerance } = summary;
    printJson({
      model: echo,
      p,
      pstar,
      k,
      seeds: spec.seeds,
      seed: spec.seed,
      tolerance,
      ...summary.rows[0]!,
      workers,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    });
  });
}

function sweepAction(flags: SweepFlags): void {
  const workers = workersFrom(flags);
  const model = modelInput(flags, number);
  if (flags.alphas !== undefined && flags.alphaRange !== undefined) {
    fail(invalidArgument('alpha-range', flags.alphaRange, 'either --alphas or --alpha-range, not both'));
  }
  let alphas: number[];
  if (flags.alphas !== undefined) alphas = list('alphas', flags.alphas);
  else if (flags.alphaRange !== undefined) {
    const [from, to, step] = triple('alpha-range', flags.alphaRange, 'from:to:step');
    // 12 significant digits: 0.1 + 2·0.1 is the α = 0.3 the user meant, and its key reads alpha=0.3.
    alphas = rangeValues({ from, to, step }, 'alpha-range').map((a) => Number(a.toPrecision(12)));
  } else {
    return fail({ ...invalidArgument('alphas', undefined, 'a value'), message: 'missing --alphas (e.g. 1,1.5,2) or --alpha-range (from:to:step)' });
  }
  const spec: SweepSpec = { alphas, ns: list('n', flags.n), ...runSpec(flags) };
  const shard: SweepShard | undefined = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const tasks = sweepTaskListFor(model, spec, { theory: theoryOptions(flags), ...(shard === undefined ? {} : { shard }) });

  // Resume: keep what the file holds (it must be this sweep), cut off a truncated last line.
  const out = flags.out;
  const done = new Set<string>();
  if (existsSync(out)) {
    const file = readResults(out, 'out');
    const identity = taskIdentity(tasks[0]!);
    for (const r of file.records) {
      if (sweepIdentity(r) !== identity) {
        fail(invalidArgument('out', out, `a results file of this sweep or a new file: it holds records of another sweep (model ${JSON.stringify(r.model)}, k = ${r.k}, tolerance = ${r.tolerance})`));
      }
      done.add(r.key);
    }
    if (file.validBytes < file.bytes) truncateSync(out, file.validBytes);
  }
  const todo = tasks.filter((t) => !done.has(t.key));
  let fd: number;
  try {
    fd = openSync(out, 'a');
  } catch (e) {
    return fail(invalidArgument('out', out, `a writable file (${(e as Error).message})`));
  }
  const bar = progress(`sweep${shard === undefined ? '' : ` shard ${shard.index}/${shard.count}`}`, todo.length);
  const pending = execute(todo, flags, workers, (r) => {
    writeSync(fd, `${JSON.stringify(r)}\n`);
    fsyncSync(fd);
    bar.tick();
  });
  settle(
    pending,
    () => {
      closeSync(fd);
      bar.done();
    },
    () => {
      const summary = summarize(readResults(out, 'out').records);
      printJson({ out, ...(shard === undefined ? {} : { shard: `${shard.index}/${shard.count}` }), tasks: tasks.length, computed: todo.length, resumed: tasks.length - todo.length, ...summary });
    },
  );
}

function mergeAction(files: string[]): void {
  const records = files.flatMap((f) => readResults(f, 'file').records);
  if (records.length === 0) fail(invalidArgument('file', files.join(' '), 'files holding at least one record'));
  const first = sweepIdentity(records[0]!);
  const other = records.find((r) => sweepIdentity(r) !== first);
  if (other !== undefined) {
    fail(invalidArgument('file', files.join(' '), `files of one sweep: records ${records[0]!.key} and ${other.key} differ in model, k or tolerance`));
  }
  printJson({ files, ...summarize(records) });
}

/**
 * Options checked here rather than with commander's `requiredOption`, which on `bbp sweep` would also be
 * required by `bbp sweep merge`; the message is the one every command uses for a missing option.
 */
function required<F extends object>(flags: F, names: ReadonlyArray<keyof F & string>): void {
  for (const name of names) {
    if (flags[name] === undefined) fail({ ...invalidArgument(name, undefined, 'a value'), message: `missing --${name}` });
  }
}

/** Register `bbp simulate`, `bbp sweep` (with `sweep merge`) and `bbp summarize` on the program. */
export function simulateCommands(program: Command): void {
  const runOptions = (cmd: Command): Command =>
    cmd
      .option('--seeds <count>', 'number of seeds (samples) per (alpha, N) (required)')
      .option('--seed <first>', 'first seed: the seeds are first, first+1, ...', '1')
      .option('--k <k>', 'bottom eigenpairs per sample, 1 <= k < N*p', '4')
      .option('--tolerance <r>', 'absolute residual bound |Hv - lambda v| of the eigenpairs', '1e-8')
      .option('--workers <w>', 'worker threads (records are the same for any number)', '1');

  runOptions(withModelOptions(program.command('simulate').description('finite-N Monte Carlo Hessians at one (alpha, N), theory beside')))
    .requiredOption('--alpha <alpha>', 'sample ratio M/N > 0 (alpha*N >= 1)')
    .requiredOption('--n <n>', 'input dimension N, an integer >= 2')
    .addHelpText('after', SIMULATE_HELP)
    .action((flags: SimulateFlags) => {
      required(flags, ['seeds']);
      simulateAction(flags);
    });

  const sweep = program.command('sweep').description('a Monte Carlo sweep over alpha x N x seeds into a resumable, shardable JSON-lines file');
  runOptions(withModelOptions(sweep))
    .option('--alphas <list>', 'comma-separated alpha values, e.g. 1,1.5,2')
    .option('--alpha-range <from:to:step>', 'alpha values from:to:step (instead of --alphas)')
    .option('--n <list>', 'comma-separated input dimensions N (required)')
    .option('--out <file>', 'results file (JSON lines), appended to and resumed (required)')
    .option('--shard <i/n>', 'run only shard i of n (1 <= i <= n)')
    .addHelpText('after', SWEEP_HELP)
    .action((flags: SweepFlags) => {
      required(flags, ['n', 'seeds', 'out']);
      sweepAction(flags);
    });

  sweep
    .command('merge')
    .description('merge result files of one sweep (e.g. its shards) and print the summary')
    .argument('<files...>', 'results files written by bbp sweep')
    .addHelpText('after', MERGE_HELP)
    .action((files: string[]) => mergeAction(files));

  program
    .command('summarize')
    .description("the summary of sweep result files (same as 'bbp sweep merge')")
    .argument('<files...>', 'results files written by bbp sweep')
    .action((files: string[]) => mergeAction(files));
}
