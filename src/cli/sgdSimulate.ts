/**
 * `bbp sgd simulate --n N --seeds K …`: the finite-N one-pass SGD simulator over several seeds (in parallel
 * worker threads), mean ± standard error of `Q`, `R` and the risk at each time, with the ODE beside it.
 *
 * @module
 */
import type { Command } from 'commander';
import type { Activation } from '../dsl/activation.js';
import { modelFromFile } from '../dsl/spec.js';
import { BbpFailure, fail, invalidArgument } from '../errors.js';
import { polarFactor } from '../analytic/sgd/analysis.js';
import type { OrderParameters } from '../analytic/sgd/orderParameters.js';
import { sgdAverageSeries, sgdSeedAverage, type SgdSeedAverage } from '../numeric/sgd/statistics.js';
import type { SgdSimulationOptions } from '../numeric/sgd/simulate.js';
import { sgdInitialCondition, sgdOde, type SgdTrajectory } from '../sgd.js';
import { integer, positive } from './parse.js';
import { pretty, unwrap } from './output.js';
import { sgdNetworkSpecs } from './sgd.js';
import { sgdRunSeeds } from './sgdWorkers.js';

/** Flags as commander hands them over. */
export interface SgdSimulateFlags {
  p?: string;
  pstar?: string;
  student?: string;
  teacher?: string;
  eta: string;
  q0: string;
  r0?: string;
  r0Random?: boolean;
  seed: string;
  n?: string;
  tMax: string;
  points: string;
  seeds: string;
  workers?: string;
}

/** Everything a simulation request fixes, parsed and checked. */
export interface SgdSimulateRequest {
  readonly student: Activation;
  readonly teacher: Activation;
  /** The activations as typed. */
  readonly studentText: string;
  readonly teacherText: string;
  /** `--q0` as given: a number or a matrix. */
  readonly q0: number | number[][];
  readonly p: number;
  readonly pstar: number;
  readonly eta: number;
  readonly n: number;
  /** `Q(0)`, `R(0)`, built by the ODE side's `sgdInitialCondition` (so `bbp sgd ode` starts from the same point). */
  readonly initial: OrderParameters;
  /** `given`, or `random` (i.i.d. N(0, 1/N) from `seed`). */
  readonly r0Source: 'given' | 'random';
  readonly seed: number;
  readonly seeds: number[];
  readonly tMax: number;
  readonly points: number;
  readonly workers: number | undefined;
}


/** A JSON matrix `[[…], …]` of `rows × cols` finite numbers. */
function jsonMatrix(name: string, text: string, rows: number, cols: number): number[][] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(invalidArgument(name, text, `a JSON ${rows}×${cols} matrix, e.g. ${JSON.stringify(Array.from({ length: rows }, () => new Array(cols).fill(0)))}`));
  }
  const ok = Array.isArray(value) && value.length === rows && value.every((r) => Array.isArray(r) && r.length === cols && r.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!ok) fail(invalidArgument(name, text, `a JSON ${rows}×${cols} matrix of finite numbers (p = ${rows}${name === 'r0' ? `, pstar = ${cols}` : ''})`));
  return value as number[][];
}

/** `--q0`: a number `q` (then `Q(0) = q I`) or a JSON p×p matrix. */
function q0Of(text: string, p: number): number | number[][] {
  return text.trim().startsWith('[') ? jsonMatrix('q0', text, p, p) : positive('q0', text);
}

/** The student and teacher from `--p/--pstar` (quadratic) or `--student/--teacher act:width`. */
function networks(flags: SgdSimulateFlags): { student: Activation; teacher: Activation; studentText: string; teacherText: string; p: number; pstar: number } {
  const { student: s, teacher: t } = sgdNetworkSpecs(flags);
  const m = unwrap(modelFromFile({ student: s, teacher: t, loss: 'square' }));
  return { student: m.student.activation, teacher: m.teacher.activation, studentText: s.activation, teacherText: t.activation, p: s.width, pstar: t.width };
}

/** Parse and check every flag (throws a `BbpFailure` naming the option). */
export function sgdSimulateRequest(flags: SgdSimulateFlags, minSeeds = 1): SgdSimulateRequest {
  const net = networks(flags);
  const { p, pstar } = net;
  if (flags.n === undefined) fail({ ...invalidArgument('n', undefined, 'a value'), message: 'missing --n: the input dimension N of the simulation' });
  const n = integer('n', flags.n, p + pstar);
  const eta = positive('eta', flags.eta);
  const seed = integer('seed', flags.seed, 0);
  const count = integer('seeds', flags.seeds, minSeeds);
  const tMax = positive('t-max', flags.tMax);
  const points = integer('points', flags.points, 2);
  if (points > 100000) fail(invalidArgument('points', flags.points, 'at most 100000'));
  const workers = flags.workers === undefined ? undefined : integer('workers', flags.workers, 1);
  if (flags.r0 !== undefined && flags.r0Random === true) fail(invalidArgument('r0', flags.r0, 'either --r0 or --r0-random, not both'));
  const q0 = q0Of(flags.q0, p);
  const r0Source = flags.r0 === undefined ? 'random' : 'given';
  const initial = unwrap(
    sgdInitialCondition(flags.r0 === undefined ? { p, pstar, q0, n, seed } : { p, pstar, q0, r0: jsonMatrix('r0', flags.r0, p, pstar) }),
  );
  const seeds = Array.from({ length: count }, (_, k) => seed + k);
  return { ...net, eta, n, q0, initial, r0Source, seed, seeds, tMax, points, workers };
}

/** The recording times: `points` values from 0 to `tMax`, each on the step grid `μ/N`. */
export function sgdRecordTimes(tMax: number, points: number, n: number): number[] {
  return Array.from({ length: points }, (_, k) => Math.round(((tMax * k) / (points - 1)) * n) / n);
}

/** The seed-averaged simulation of a request (worker threads unless `workers` is 1). */
export async function sgdSimulateSeeds(request: SgdSimulateRequest): Promise<SgdSeedAverage> {
  const options: Omit<SgdSimulationOptions, 'seed'> = {
    student: request.student,
    teacher: request.teacher,
    initial: request.initial,
    n: request.n,
    eta: request.eta,
    times: sgdRecordTimes(request.tMax, request.points, request.n),
  };
  const runs = await sgdRunSeeds({ options, seeds: request.seeds, risk: true }, request.workers);
  return unwrap(sgdSeedAverage(runs));
}

/** The ODE from the same initial condition, at the simulation's recording times. */
export function sgdSimulateOde(request: SgdSimulateRequest, times: readonly number[]): SgdTrajectory {
  const { p, pstar, student, teacher } = request;
  return unwrap(sgdOde({ p, pstar, student, teacher }, { eta: request.eta, initial: request.initial, tMax: times[times.length - 1]!, times }));
}

/**
 * The simulation's counterparts of the ODE's `conservedDrift` and `distanceToSolution`, from the seed-mean
 * `Q(t)`, `R(t)`: `‖O(t) − O(0)‖_F` of the polar factor of `R`, and the distance per √N of the weights from the
 * solution `√(p/p*) O(0) W*` selected by the initial condition (null when `p < p*` or `R(0)` is rank deficient).
 */
function solutionTracking(request: SgdSimulateRequest, avg: SgdSeedAverage): { conservedDrift: number[] | null; distanceToSolution: number[] | null } {
  const { p, pstar } = request;
  const o0 = p >= pstar ? polarFactor(request.initial.R, p, pstar) : undefined;
  if (o0 === undefined) return { conservedDrift: null, distanceToSolution: null };
  const conservedDrift = avg.R.map((r) => {
    const o = polarFactor(Float64Array.from(r.mean), p, pstar);
    return o === undefined ? null : Math.hypot(...o.map((v, a) => v - o0[a]!));
  });
  const distanceToSolution = avg.Q.map((q, k) => {
    let trace = 0;
    for (let i = 0; i < p; i++) trace += q.mean[i * p + i]!;
    let overlap = 0;
    avg.R[k]!.mean.forEach((v, a) => (overlap += o0[a]! * v));
    return Math.sqrt(Math.max(0, trace + p - 2 * Math.sqrt(p / pstar) * overlap));
  });
  return { conservedDrift: conservedDrift as number[], distanceToSolution };
}

/** The parameters of a request, echoed in every output with the names and layout of `bbp sgd ode`. */
export function sgdParameters(request: SgdSimulateRequest): Record<string, unknown> {
  const { p, pstar, initial } = request;
  return {
    model: { p, pstar, student: request.student.name, teacher: request.teacher.name },
    eta: request.eta,
    q0: request.q0,
    r0: Array.from({ length: p }, (_, i) => Array.from(initial.R.subarray(i * pstar, (i + 1) * pstar))),
    r0Random: request.r0Source === 'random',
    seed: request.seed,
    n: request.n,
    tMax: request.tMax,
    points: request.points,
    seeds: request.seeds,
  };
}

/**
 * The JSON report: parameters echoed as `bbp sgd ode` does; the fields of `bbp sgd ode` (`t`, `risk`, `Q`, `R` as row-major
 * arrays, `predictedSolution`, `conservedDrift`, `distanceToSolution`) from the simulation, with standard
 * errors; and the ODE's own trajectory at the same times under `ode`.
 */
export function sgdSimulateReport(request: SgdSimulateRequest, avg: SgdSeedAverage, ode: SgdTrajectory): Record<string, unknown> {
  return {
    ...sgdParameters(request),
    ...sgdAverageSeries(avg),
    predictedSolution: ode.predictedSolution,
    ...solutionTracking(request, avg),
    runs: avg.count,
    divergences: avg.divergences,
    ode: { route: ode.route, t: ode.t, risk: ode.risk, Q: ode.Q, R: ode.R, conservedDrift: ode.conservedDrift, distanceToSolution: ode.distanceToSolution, divergence: ode.divergence },
  };
}

const HELP = `
Seeds S, S+1, ..., S+K-1 (S = --seed) each draw a random orthonormal teacher, a student with exactly Q(0), R(0)
and a fresh N(0, I_N) input per step; with --r0-random (the default without --r0) R(0) has i.i.d. N(0, 1/N)
entries drawn from --seed. Results do not depend on --workers.

Output (JSON):
  model, eta, q0, r0, r0Random, seed, n, tMax, points, seeds    the parameters (as 'bbp sgd ode' echoes them)
  t                      recorded times mu/N (--points values from 0 to --t-max, on the step grid)
  risk, riskStandardError        population risk of each run's (Q, R): mean and standard error over seeds
  Q, QStandardError, R, RStandardError   order parameters (row-major), mean and standard error over seeds
  predictedSolution      the closest zero-error point (p >= pstar), as in 'bbp sgd ode'
  conservedDrift         |O(t) - O(0)|_F of the polar factor of the seed-mean R(t) (null for p < pstar)
  distanceToSolution     distance per sqrt(N) of the seed-mean weights from the predicted solution
  runs                   number of runs that reached each time (fewer after a divergence)
  divergences            [{seed, t, step, maxNorm, reason}] of runs whose norms blew up
  ode                    the ODE from the same Q(0), R(0) at the same times: route, t, risk, Q, R, conservedDrift,
                         distanceToSolution, divergence`;

/** Defaults of the options that differ between commands. */
export interface SgdOptionDefaults {
  readonly tMax: string;
  readonly points: string;
  readonly seeds: string;
}

/** Add the options of `bbp sgd simulate` (also used by the SGD figures) to a command. */
export function withSgdSimulateOptions(cmd: Command, defaults: SgdOptionDefaults = { tMax: '10', points: '51', seeds: '8' }): Command {
  return cmd
    .option('--p <p>', 'student width (quadratic student)')
    .option('--pstar <pstar>', 'teacher width (quadratic teacher)')
    .option('--student <act:width>', 'DSL: student activation (square, cube, tanh, erf, or an expression in z) and width')
    .option('--teacher <act:width>', 'DSL: teacher activation and width')
    .option('--eta <eta>', 'learning rate', '0.5')
    .option('--q0 <q0>', 'Q(0): a number q (Q = q I) or a JSON p x p matrix', '1')
    .option('--r0 <json>', 'R(0): a JSON p x pstar matrix')
    .option('--r0-random', 'R(0) with i.i.d. N(0, 1/N) entries from --seed (the default without --r0)')
    .option('--seed <s>', 'first seed', '1')
    .option('--n <n>', 'input dimension N')
    .option('--t-max <t>', 'last time t = mu/N', defaults.tMax)
    .option('--points <k>', 'number of recorded times', defaults.points)
    .option('--seeds <k>', 'number of seeds K', defaults.seeds)
    .option('--workers <w>', 'worker threads (default: available parallelism; 1 = in-process)');
}

/**
 * Run `work` after a synchronous parse: user errors in `work` print `bbp: <message>` and set exit status 2
 * (the command line returns before an asynchronous action ends).
 */
export function sgdAsync(work: () => Promise<void>): void {
  work().catch((e: unknown) => {
    if (!(e instanceof BbpFailure)) throw e;
    process.stderr.write(`bbp: ${e.message}\n`);
    process.exitCode = 2;
  });
}

/** Register `bbp sgd simulate` under `bbp sgd`. */
export function sgdSimulateCommand(sgd: Command): void {
  withSgdSimulateOptions(sgd.command('simulate').description('finite-N one-pass SGD over several seeds: mean +- SE of Q, R and the risk, with the ODE beside it'))
    .addHelpText('after', HELP)
    .action((flags: SgdSimulateFlags) => {
      const request = sgdSimulateRequest(flags); // user errors throw here, synchronously
      const ode = sgdSimulateOde(request, sgdRecordTimes(request.tMax, request.points, request.n));
      sgdAsync(async () => {
        const avg = await sgdSimulateSeeds(request);
        process.stdout.write(`${pretty(sgdSimulateReport(request, avg, ode))}\n`);
      });
    });
}
