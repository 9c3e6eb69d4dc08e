/**
 * `bbp sgd ode|plateau|escape|landscape` (and `simulate`, registered by src/cli/sgdSimulate.ts): one-pass SGD
 * dynamics (THEORY §8). JSON on stdout, camelCase fields, the parameters echoed.
 *
 * @module
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { modelFromFile } from '../dsl/spec.js';
import { fail, invalidArgument, type BbpError } from '../errors.js';
import { sgdEquations, sgdEscape, sgdInitialCondition, sgdLandscape, sgdOde, sgdPlateau, type SgdModel } from '../sgd.js';
import { integer, number } from './parse.js';
import { printJson, unwrap } from './output.js';
import { sgdSimulateCommand } from './sgdSimulate.js';

interface WidthFlags {
  p?: string;
  pstar?: string;
  student?: string;
  teacher?: string;
}

interface OdeFlags extends WidthFlags {
  eta: string;
  q0: string;
  r0?: string;
  r0Random?: boolean;
  seed: string;
  n: string;
  tMax: string;
  points: string;
  rtol: string;
  equations?: string;
}

/** The CLI names of the library's parameters. */
const CLI_NAMES: Readonly<Record<string, string>> = { 'Q(0)': 'q0', 'R(0)': 'r0', tMax: 't-max', etas: 'etas' };

/** The quadratic network's model record, echoed first in every output. */
const quadraticModel = (p: number | number[], pstar: number) => ({ p, pstar, student: 'square', teacher: 'square' });

/** Put the model record first. */
const withModel = (model: object) => E.map((r: object) => ({ model, ...r }));

function print<A>(result: E.Either<BbpError, A>): void {
  printJson(unwrap(result, CLI_NAMES));
}

function json(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(invalidArgument(name, text, 'JSON, e.g. [[0.01, 0.02], [0, -0.01]]'));
  }
}

/** An activation (DSL text) and a width, as given on the command line. */
export interface NetworkSpec {
  readonly activation: string;
  readonly width: number;
}

/**
 * `--student act:width`, `--teacher act:width` (DSL) or `--p`, `--pstar` (quadratic network); both forms may be
 * given when the widths agree.
 */
export function sgdNetworkSpecs(flags: WidthFlags): { student: NetworkSpec; teacher: NetworkSpec } {
  const side = (name: 'student' | 'teacher', widthName: 'p' | 'pstar'): NetworkSpec => {
    const text = flags[name] ?? (flags[widthName] === undefined ? undefined : `square:${flags[widthName]}`);
    if (text === undefined) fail({ ...invalidArgument(widthName, undefined, 'a value'), message: `missing --${widthName} (or --${name} activation:width)` });
    const at = text.lastIndexOf(':');
    if (at <= 0) fail(invalidArgument(name, text, 'activation:width, e.g. cube:3 or "z^2 + z":2'));
    const width = integer(widthName, text.slice(at + 1), 1);
    if (flags[name] !== undefined && flags[widthName] !== undefined && number(widthName, flags[widthName]!) !== width) {
      fail(invalidArgument(widthName, flags[widthName], `the width of --${name} (${width}), or leave it out`));
    }
    return { activation: text.slice(0, at), width };
  };
  return { student: side('student', 'p'), teacher: side('teacher', 'pstar') };
}

/** The SGD model of the command line (see {@link sgdNetworkSpecs}). */
export function sgdModel(flags: WidthFlags): SgdModel {
  const { student, teacher } = sgdNetworkSpecs(flags);
  const m = unwrap(modelFromFile({ student, teacher, loss: 'square' }));
  return { p: student.width, pstar: teacher.width, student: m.student.activation, teacher: m.teacher.activation };
}

/** Only `--p`, `--pstar`: the closed forms are those of the quadratic network. */
function quadraticWidths(flags: WidthFlags): { p: number; pstar: number } {
  for (const name of ['student', 'teacher'] as const) {
    if (flags[name] !== undefined && !/^\s*square\s*:/.test(flags[name]!)) {
      fail(invalidArgument(name, flags[name], 'the quadratic network (square:width, or --p/--pstar): the closed forms are derived for σ = σ* = z²'));
    }
  }
  const m = sgdModel(flags);
  return { p: m.p, pstar: m.pstar };
}

/** `a:b:step` or `a,b,c` as a list of numbers. */
function list(name: string, text: string): number[] {
  if (text.includes(':')) {
    const parts = text.split(':').map((t) => number(name, t));
    if (parts.length !== 3 || !(parts[2]! > 0) || parts[1]! < parts[0]!) fail(invalidArgument(name, text, 'from:to:step with step > 0, or a comma-separated list'));
    const [from, to, step] = parts as [number, number, number];
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > 10000) fail(invalidArgument(name, text, 'at most 10000 values'));
    return Array.from({ length: count }, (_, k) => Number((from + k * step).toPrecision(12)));
  }
  return text.split(',').map((t) => number(name, t));
}

const widthOptions = (cmd: Command, dsl: boolean): Command => {
  cmd.option('--p <p>', 'student width (quadratic network)').option('--pstar <pstar>', 'teacher width (quadratic network)');
  if (dsl) {
    cmd
      .option('--student <act:width>', 'DSL student: activation (square, cube, tanh, erf, relu, or an expression in z) and width')
      .option('--teacher <act:width>', 'DSL teacher: activation and width');
  }
  return cmd;
};

const ODE_HELP = `
Integrates the overlap ODEs dQ/dt, dR/dt of one-pass SGD (THEORY section 8; closed matrix form for the
quadratic network, Wick polynomials for other polynomial activations, quadrature otherwise) from
Q(0) = q0*I (or --q0 as a JSON matrix) and R(0) = --r0, or random with N(0, 1/n) entries (--r0-random).
Output (JSON): parameters (model, eta, q0, r0, seed, n, tMax, points), route, t, risk, Q and R at each time
(row-major flat matrices), divergence ({time, message} when the norms blow up, else null), predictedSolution
({Q, R, polarFactor, distance}: the closest zero-error point, p >= pstar), conservedDrift (change of the polar
factor of R along the run), distanceToSolution, stats (integrator steps), equations (with --equations).`;

/** The flags of an escape-time run, shared by `bbp sgd escape` and `bbp plot sgd-escape`. */
export interface EscapeRunFlags {
  etaPerP?: boolean;
  n: string;
  seeds: string;
  seed: string;
  q0: string;
  tMax: string;
}

/** Add the options of an escape-time run (everything but the widths and the learning rates). */
export function withEscapeRunOptions(cmd: Command): Command {
  return cmd
    .option('--eta-per-p', 'read --etas as eta/p')
    .option('--n <n>', 'input dimension of the random R(0)', '1000')
    .option('--seeds <k>', 'initial conditions per point', '8')
    .option('--seed <s>', 'first seed', '1')
    .option('--q0 <q0>', 'Q(0) = q0*I', '1')
    .option('--t-max <t>', 'give up at this time', '10000');
}

/** The checked settings of an escape-time run. */
export function escapeRunOptions(flags: EscapeRunFlags) {
  return {
    etaPerP: flags.etaPerP === true,
    n: integer('n', flags.n, 1),
    seeds: integer('seeds', flags.seeds, 1),
    seed: integer('seed', flags.seed, 0),
    q0: number('q0', flags.q0),
    tMax: number('t-max', flags.tMax),
  };
}

/** Register `bbp sgd` and its subcommands on the program. */
export function sgdCommand(program: Command): void {
  const sgd = program.command('sgd').description('one-pass SGD dynamics: high-dimensional ODEs and finite-N simulations');

  widthOptions(sgd.command('ode').description('integrate the overlap ODEs; closest solution and conserved quantity'), true)
    .requiredOption('--eta <eta>', 'learning rate')
    .option('--q0 <q0>', 'Q(0) = q0*I, or a JSON p x p matrix', '1')
    .option('--r0 <json>', 'R(0) as a JSON p x pstar matrix')
    .option('--r0-random', 'random R(0) with N(0, 1/n) entries (the default when --r0 is absent)')
    .option('--seed <s>', 'seed of the random R(0)', '1')
    .option('--n <n>', 'input dimension of the random R(0)', '1000')
    .option('--t-max <t>', 'integrate to this time', '200')
    .option('--points <k>', 'output times, equally spaced from 0 to t-max', '101')
    .option('--rtol <r>', 'relative tolerance of the integrator', '1e-9')
    .option('--equations <format>', 'also print the derived equations: text or latex (polynomial activations)')
    .addHelpText('after', ODE_HELP)
    .action((flags: OdeFlags) => {
      const model = sgdModel(flags);
      if (flags.r0 !== undefined && flags.r0Random === true) fail(invalidArgument('r0', flags.r0, 'either --r0 or --r0-random, not both'));
      const q0Text = flags.q0.trim();
      const q0 = q0Text.startsWith('[') ? (json('q0', q0Text) as number[][]) : number('q0', q0Text);
      const r0 = flags.r0 === undefined ? undefined : (json('r0', flags.r0) as number[][]);
      const seed = integer('seed', flags.seed, 0);
      const n = number('n', flags.n);
      const start = sgdInitialCondition({ p: model.p, pstar: model.pstar, q0, ...(r0 === undefined ? { n, seed } : { r0 }) });
      if (E.isLeft(start)) return print(start);
      const format = flags.equations;
      if (format !== undefined && format !== 'text' && format !== 'latex') fail(invalidArgument('equations', format, 'text or latex'));
      const eta = number('eta', flags.eta);
      const tMax = number('t-max', flags.tMax);
      const points = integer('points', flags.points, 1);
      const run = sgdOde(model, { eta, initial: start.right, tMax, points, rtol: number('rtol', flags.rtol) });
      const equations = format === undefined ? undefined : sgdEquations(model, format);
      if (equations !== undefined && E.isLeft(equations)) return print(equations);
      const p = model.p, pstar = model.pstar;
      print(
        E.map((tr: object) => ({
          model: { p, pstar, student: model.student!.name, teacher: model.teacher!.name },
          eta,
          q0,
          r0: Array.from({ length: p }, (_, i) => Array.from(start.right.R.subarray(i * pstar, (i + 1) * pstar))),
          r0Random: r0 === undefined,
          ...(r0 === undefined ? { seed, n } : {}),
          tMax,
          points,
          ...tr,
          ...(equations === undefined ? {} : { equations: (equations as E.Right<unknown>).right }),
        }))(run),
      );
    });

  widthOptions(sgd.command('plateau').description('norm fixed point, plateau risk and escape rate (quadratic network)'), true)
    .requiredOption('--eta <eta>', 'learning rate')
    .option('--n <n>', 'input dimension for the average over random R(0)', '1000')
    .option('--no-check', 'skip the integrated-ODE check of the fixed point and growth rate')
    .addHelpText(
      'after',
      `
Output (JSON): model, p, pstar, eta, n, qStar (Q = qStar*I, R = 0), qStarSmallEta = p/(p+2), plateauRisk, growthRate
(finite eta, from the linearized full ODE) and growthRateSmallEta = 4 eta/(p pstar), normRelaxationRate, etaMax
(largest eta with a norm fixed point), etaOptimalGrowth, riskReductionPrefactor A (average relative risk
reduction A exp(2 g t) over random R(0)), predictedEscapeTime, numeric {qStar, growthRate} from the ODE.`,
    )
    .action((flags: WidthFlags & { eta: string; n: string; check: boolean }) => {
      const { p, pstar } = quadraticWidths(flags);
      print(withModel(quadraticModel(p, pstar))(sgdPlateau({ p, pstar, eta: number('eta', flags.eta), n: number('n', flags.n), check: flags.check })));
    });

  withEscapeRunOptions(widthOptions(sgd.command('escape').description('escape time from the plateau vs eta, optimal eta per p (quadratic network)'), true))
    .requiredOption('--etas <list>', 'learning rates: from:to:step or a,b,c')
    .option('--p-range <list>', 'student widths (instead of --p): from:to:step or a,b,c')
    .addHelpText(
      'after',
      `
Escape time: the first t at which the risk falls to half the (finite-eta) plateau risk, from Q(0) = q0*I and
random R(0), averaged over --seeds initial conditions. Output (JSON): model, pstar, n, seeds, seed, q0, curves
[{p, points [{eta, escapeTime, standardError, escaped, predictedEscapeTime}], optimalEta, optimalEtaGrowthRate}],
optimalEtaSlope (least-squares slope of the optimal eta in p), optimalEtaGrowthRateSlope.`,
    )
    .action((flags: WidthFlags & EscapeRunFlags & { etas: string; pRange?: string }) => {
      const ps = flags.pRange === undefined ? [quadraticWidths(flags).p] : list('p-range', flags.pRange);
      const pstar = quadraticWidths({ ...flags, p: flags.p ?? String(ps[0]) }).pstar;
      print(withModel(quadraticModel(ps, pstar))(sgdEscape({ pstar, p: ps, etas: list('etas', flags.etas), ...escapeRunOptions(flags) })));
    });

  widthOptions(sgd.command('landscape').description('eigenvalue counts of the population-risk Hessian (quadratic network)'), true)
    .requiredOption('--n <n>', 'input dimension N')
    .requiredOption('--point <where>', 'origin, plateau or solution')
    .option('--check', 'also count the eigenvalues of the explicit pN x pN Hessian (p*N <= 600)')
    .option('--seed <s>', 'seed of the random weights of the check', '1')
    .addHelpText(
      'after',
      `
Output (JSON): model, p, pstar, n, point, negative, null, positive (and at solutions nullTangent, nullNonTangent)
from the closed forms; with --check, check {negative, null, positive, nullTangent, nullNonTangent,
eigenvalueRange, seed, agrees} from the explicit Hessian at random weights of that kind.`,
    )
    .action((flags: WidthFlags & { n: string; point: string; check?: boolean; seed: string }) => {
      const { p, pstar } = quadraticWidths(flags);
      const point = flags.point as 'origin' | 'plateau' | 'solution';
      print(withModel(quadraticModel(p, pstar))(sgdLandscape({ p, pstar, n: integer('n', flags.n, 1), point, check: flags.check === true, seed: integer('seed', flags.seed, 0) })));
    });

  sgdSimulateCommand(sgd);
}
