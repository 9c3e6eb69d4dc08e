/**
 * `bbp binary enumerate|anneal|sbpi|local-energy`: finite-N checks of binary networks (THEORY §9), and the
 * figures `bbp plot binary-local-energy|binary-success`. Instances run in worker threads
 * (src/cli/binaryWorkers.ts); every output carries its parameters and seeds.
 *
 * @module
 */
import type { Command } from 'commander';
import { BbpFailure, fail, invalidArgument } from '../errors.js';
import { enumerationSettings } from '../numeric/binary/enumerate.js';
import type { BinaryInstanceSpec } from '../numeric/binary/instances.js';
import { solveSettings, type BinarySolveOptions, type BinarySolveReport, type SolveSettings } from '../numeric/binary/solvers.js';
import { localEnergyFigure, successFigure, type LocalEnergyFigureData, type SuccessFigureData } from '../plot/binaryFiniteNFigures.js';
import { enumerateInWorkers, solveInWorkers } from './binaryWorkers.js';
import { integer, number } from './parse.js';
import { commandLine, pretty, writeFigure } from './output.js';

// ---------------------------------------------------------------------------------------------------------
// Parsing

function list(name: string, text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => s === '')) fail(invalidArgument(name, text, 'comma-separated numbers, e.g. 0.3,0.5'));
  return parts.map((s) => number(name, s));
}

function choice<T extends string>(name: string, text: string, options: readonly T[]): T {
  if (!(options as readonly string[]).includes(text)) fail(invalidArgument(name, text, `one of ${options.join(', ')}`));
  return text as T;
}

/** Library parameter names → command-line option names, for error messages. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  alphaD: 'alpha-d',
  sampleSolutions: 'sample-solutions',
  testSize: 'test-size',
  thetaM: 'theta-m',
  hiddenMax: 'hidden-max',
  maxEpochs: 'max-epochs',
  temperatureStart: 't-start',
  temperatureEnd: 't-end',
};

/** Run a library check, renaming its parameters as the command line spells them. */
function checked<A>(f: () => A): A {
  try {
    return f();
  } catch (e) {
    if (e instanceof BbpFailure && e.error._tag === 'InvalidArgument') {
      const name = OPTION_NAMES[e.error.parameter];
      if (name !== undefined) throw new BbpFailure(invalidArgument(name, e.error.value, e.error.expected));
    }
    throw e;
  }
}

interface SpecFlags {
  problem: string;
  n: string;
  alphaD?: string;
  activation?: string;
  patterns?: string;
  kappa: string;
  instances: string;
  seed: string;
  workers?: string;
}

function spec(flags: SpecFlags, alpha: number): BinaryInstanceSpec {
  return {
    problem: choice('problem', flags.problem, ['storage', 'teacher-student', 'random-features'] as const),
    n: integer('n', flags.n, 1),
    alpha,
    seed: integer('seed', flags.seed, 0),
    ...(flags.alphaD === undefined ? {} : { alphaD: number('alpha-d', flags.alphaD) }),
    ...(flags.activation === undefined ? {} : { activation: choice('activation', flags.activation, ['sign', 'tanh'] as const) }),
    ...(flags.patterns === undefined ? {} : { patterns: choice('patterns', flags.patterns, ['sign', 'gaussian'] as const) }),
  };
}

function workers(flags: SpecFlags): number | undefined {
  return flags.workers === undefined ? undefined : integer('workers', flags.workers, 1);
}

function withSpecOptions(cmd: Command, defaults: { n: string; instances: string }): Command {
  return cmd
    .option('--problem <name>', 'storage | teacher-student | random-features', 'storage')
    .option('--n <n>', 'number of binary weights N', defaults.n)
    .option('--alpha-d <alphaD>', 'random features: P/D (default 1)')
    .option('--activation <sigma>', 'random features: sign | tanh (default sign)')
    .option('--patterns <kind>', 'storage: sign (±1, default) | gaussian pattern entries')
    .option('--kappa <kappa>', 'margin kappa >= 0', '0')
    .option('--instances <count>', 'number of seeded instances', defaults.instances)
    .option('--seed <seed>', 'seed of the family (instance k uses stream k)', '1')
    .option('--workers <count>', 'worker threads (default: available cores, at most the instances)');
}

// ---------------------------------------------------------------------------------------------------------
// Running

/** Finish an asynchronous command: print its JSON, or `bbp: <message>` with exit status 2. */
function finish<A>(work: Promise<A>, write: (value: A) => void): void {
  work.then(write, (e: unknown) => {
    if (e instanceof BbpFailure) {
      process.stderr.write(`bbp: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bbp: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}

function progress(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => process.stderr.write(done < total ? `\r\x1b[2K${label}: ${done}/${total}` : '\r\x1b[2K');
}

const printJson = (value: unknown): void => void process.stdout.write(`${pretty(value)}\n`);

/** One line naming the problem (the `model` field of every output, as the other commands have). */
function modelText(p: { problem: string; n: number; p: number; d: number; features: string; alphaD: number | null; kappa: number }): string {
  const what =
    p.problem === 'storage'
      ? `storage: ${p.features === 'sign' ? '±1' : 'Gaussian'} patterns, random labels`
      : p.problem === 'teacher-student'
        ? 'teacher-student: binary teacher, Gaussian inputs, N = D'
        : `random features: x = ${p.features}(F xi/sqrt(D)), D = ${p.d} (alphaD = ${p.alphaD}), binary teacher`;
  return `${what}; N = ${p.n}, P = ${p.p}, kappa = ${p.kappa}`;
}

/** Solve reports at several α (all instances of all α spread over the workers). */
function solveAt(base: (alpha: number) => BinaryInstanceSpec, alphas: readonly number[], options: BinarySolveOptions, nWorkers: number | undefined, label: string): Promise<BinarySolveReport[]> {
  return solveInWorkers(
    alphas.map((alpha) => checked(() => solveSettings(base(alpha), options))),
    { workers: nWorkers, onProgress: progress(label) },
  );
}

interface SolverFlags extends SpecFlags {
  alpha: string;
  sweeps?: string;
  energy?: string;
  tStart?: string;
  tEnd?: string;
  thetaM?: string;
  ps?: string;
  hiddenMax?: string;
  maxEpochs?: string;
  distances?: string;
  samples?: string;
}

function solverOptions(solver: 'anneal' | 'sbpi', flags: SolverFlags, localEnergy: boolean): BinarySolveOptions {
  const anneal = {
    ...(flags.energy === undefined ? {} : { energy: choice('energy', flags.energy, ['hinge', 'violations'] as const) }),
    ...(flags.sweeps === undefined ? {} : { sweeps: integer('sweeps', flags.sweeps, 1) }),
    ...(flags.tStart === undefined ? {} : { temperatureStart: number('t-start', flags.tStart) }),
    ...(flags.tEnd === undefined ? {} : { temperatureEnd: number('t-end', flags.tEnd) }),
  };
  const sbpi = {
    ...(flags.thetaM === undefined ? {} : { thetaM: number('theta-m', flags.thetaM) }),
    ...(flags.ps === undefined ? {} : { ps: number('ps', flags.ps) }),
    ...(flags.hiddenMax === undefined ? {} : { hiddenMax: integer('hidden-max', flags.hiddenMax, 1) }),
    ...(flags.maxEpochs === undefined ? {} : { maxEpochs: integer('max-epochs', flags.maxEpochs, 1) }),
  };
  const le = localEnergy
    ? { localEnergy: { ...(flags.distances === undefined ? {} : { distances: list('distances', flags.distances) }), ...(flags.samples === undefined ? {} : { samples: integer('samples', flags.samples, 1) }) } }
    : {};
  return { solver, kappa: number('kappa', flags.kappa), instances: integer('instances', flags.instances, 1), ...(solver === 'anneal' ? { anneal } : { sbpi }), ...le };
}

function withSolverOptions(cmd: Command, solver: 'anneal' | 'sbpi' | 'both'): Command {
  if (solver !== 'sbpi') {
    cmd
      .option('--energy <kind>', 'annealing energy: hinge (sum of max(0, kappa - stability), default) | violations (count)')
      .option('--sweeps <count>', 'annealing sweeps (N proposals each; default 1000)')
      .option('--t-start <T>', 'initial temperature (default 0.1 hinge, 1 violations)')
      .option('--t-end <T>', 'final temperature, geometric schedule (default 0.001 hinge, 0.01 violations)');
  }
  if (solver !== 'anneal') {
    cmd
      .option('--theta-m <theta>', 'SBPI: width of the barely-correct band in units of the raw field (default 1)')
      .option('--ps <p>', 'SBPI: probability of the metaplastic step (default 0.3)')
      .option('--hidden-max <K>', 'SBPI: bound on |hidden state| (odd; default 2^30 - 1)')
      .option('--max-epochs <count>', 'SBPI: maximal epochs (default 1000)');
  }
  return cmd;
}

// ---------------------------------------------------------------------------------------------------------
// Commands

const ENUMERATE_HELP = `
Output (JSON):
  parameters        problem, n, alpha, p (patterns), d (input dimension), alphaD, features, kappa, seed, indices,
                    sampling (random features: reservoir and test-set sizes)
  instances         per instance: index, count (solutions), logCountPerN, eg, egBarycenter, egSamples
  solvableFraction  fraction of instances with at least one solution
  logCountPerN      {mean, standardError, n}: log #solutions / N over the solvable instances
  eg, egBarycenter  {mean, standardError, n}: generalization error of the solutions (exact arccos(overlap)/pi for
                    teacher-student; test error of sampled solutions for random features) and of their barycenter`;

const SOLVER_HELP = `
--alpha takes a comma-separated list. Output (JSON): parameters (solver settings included) and points: per alpha
{parameters, instances: [{index, solved, iterations, trainingError}], successRate {mean, standardError, n},
iterations {mean, standardError, n} of the solved runs}.`;

const LOCAL_ENERGY_HELP = `
Runs each solver of --solvers on the instances and, for each solution found, the training error after flipping
round(d N) random weights (--samples draws per d). Output (JSON): parameters and profiles: per solver
{solver, successRate, localEnergy {distances, mean, standardError (over solutions)}, settings}.`;

/** Register the finite-N subcommands under `bbp binary`. */
export function binaryFiniteNCommands(binary: Command): void {
  withSpecOptions(binary.command('enumerate').description('exhaustive enumeration of all 2^N binary weights: #solutions, log #solutions / N, eg'), { n: '15', instances: '10' })
    .requiredOption('--alpha <alpha>', 'alpha = P/N > 0')
    .option('--sample-solutions <count>', 'random features: solutions kept to estimate eg (default 64)')
    .option('--test-size <count>', 'random features: test inputs (default 2000)')
    .addHelpText('after', ENUMERATE_HELP)
    .action((flags: SpecFlags & { alpha: string; sampleSolutions?: string; testSize?: string }) => {
      const settings = checked(() =>
        enumerationSettings(spec(flags, number('alpha', flags.alpha)), {
          kappa: number('kappa', flags.kappa),
          instances: integer('instances', flags.instances, 1),
          ...(flags.sampleSolutions === undefined ? {} : { sampleSolutions: integer('sample-solutions', flags.sampleSolutions, 1) }),
          ...(flags.testSize === undefined ? {} : { testSize: integer('test-size', flags.testSize, 1) }),
        }),
      );
      finish(
        enumerateInWorkers(settings, { workers: workers(flags), onProgress: progress('bbp binary enumerate') }),
        (report) => printJson({ model: modelText(report.parameters), ...report }),
      );
    });

  for (const solver of ['anneal', 'sbpi'] as const) {
    const description = solver === 'anneal' ? 'simulated annealing at N ~ 10^3: success rate vs alpha' : 'SBPI (Baldassi et al. 2007) at N ~ 10^3: success rate vs alpha';
    withSolverOptions(withSpecOptions(binary.command(solver).description(description), { n: '1001', instances: '8' }), solver)
      .requiredOption('--alpha <list>', 'comma-separated alpha values, e.g. 0.3,0.5,0.7')
      .addHelpText('after', SOLVER_HELP)
      .action((flags: SolverFlags) => {
        const alphas = list('alpha', flags.alpha);
        const options = solverOptions(solver, flags, false);
        const base = (alpha: number) => spec(flags, alpha);
        finish(solveAt(base, alphas, options, workers(flags), `bbp binary ${solver}`), (points) => printJson({ model: modelText(points[0]!.parameters), solver, alphas, points }));
      });
  }

  withSolverOptions(withSpecOptions(binary.command('local-energy').description('local-energy profiles of the solutions found by annealing and SBPI'), { n: '1001', instances: '4' }), 'both')
    .requiredOption('--alpha <alpha>', 'alpha = P/N > 0')
    .option('--solvers <list>', 'comma-separated: anneal, sbpi', 'anneal,sbpi')
    .option('--distances <list>', 'fractions d of flipped weights (default 0.005,0.01,0.02,0.03,0.05,0.07,0.1,0.15)')
    .option('--samples <count>', 'random flip sets per d (default 20)')
    .addHelpText('after', LOCAL_ENERGY_HELP)
    .action((flags: SolverFlags & { solvers: string }) => {
      const settings = localEnergySettings(flags);
      finish(solveInWorkers(settings, { workers: workers(flags), onProgress: progress('bbp binary local-energy') }), (profiles) =>
        printJson({ model: modelText(profiles[0]!.parameters), alpha: settings[0]!.spec.alpha, profiles }),
      );
    });
}

/** Checked settings of each solver of `--solvers` on the same instances (with their local-energy profiles). */
function localEnergySettings(flags: SolverFlags & { solvers: string }): SolveSettings[] {
  const base = spec(flags, number('alpha', flags.alpha));
  const solvers = flags.solvers.split(',').map((s) => choice('solvers', s.trim(), ['anneal', 'sbpi'] as const));
  return solvers.map((s) => checked(() => solveSettings(base, solverOptions(s, flags, true))));
}

// ---------------------------------------------------------------------------------------------------------
// Figures

/** Write the SVG and the JSON beside it; print the summary (as `bbp plot` does). */
function emit(figure: string, out: string | undefined, cmd: Command, svg: string, data: object, extra: Record<string, unknown>, started: number): void {
  writeFigure({ figure, out, cmd, svg, data, extra, started });
}

/**
 * Figure markers for the storage problem at κ = 0, unless given: α_LE from `bbp binary alpha-le
 * --alpha-tolerance 1e-3` (the library's Franz–Parisi criterion, minutes to compute, so not recomputed here;
 * the study quotes ≈ 0.77) and the Krauth–Mézard capacity.
 */
const ALPHA_LE_KAPPA0 = 0.729;
const ALPHA_C_KAPPA0 = 0.833;

/** Register the finite-N figures under `bbp plot`. */
export function binaryFiniteNPlots(plot: Command): void {
  withSolverOptions(withSpecOptions(plot.command('binary-local-energy').description('local-energy profiles of annealing versus SBPI solutions (mean ± SE)'), { n: '1001', instances: '4' }), 'both')
    .requiredOption('--alpha <alpha>', 'alpha = P/N > 0')
    .option('--solvers <list>', 'comma-separated: anneal, sbpi', 'anneal,sbpi')
    .option('--distances <list>', 'fractions d of flipped weights')
    .option('--samples <count>', 'random flip sets per d (default 20)')
    .option('--out <file.svg>', 'output SVG (default binary-local-energy.svg)')
    .action((flags: SolverFlags & { solvers: string; out?: string }, cmd: Command) => {
      const started = performance.now();
      const command = commandLine(cmd).text;
      const settings = localEnergySettings(flags);
      finish(solveInWorkers(settings, { workers: workers(flags), onProgress: progress('bbp plot binary-local-energy') }), (rs) => {
        const p = rs[0]!.parameters;
        const data: LocalEnergyFigureData = {
          n: p.n,
          alpha: p.alpha,
          kappa: p.kappa,
          curves: rs.map((r) => ({ solver: r.parameters.solver, solved: r.instances.filter((i) => i.solved).length, instances: r.instances.length, profile: r.localEnergy })),
        };
        emit('binary-local-energy', flags.out, cmd, localEnergyFigure(data, { description: command }), { ...data, reports: rs }, { model: modelText(p), seed: p.seed, indices: p.indices }, started);
      });
    });

  withSolverOptions(withSpecOptions(plot.command('binary-success').description('solver success rate versus alpha, with alpha_LE and alpha_c'), { n: '1001', instances: '4' }), 'both')
    .requiredOption('--alpha <list>', 'comma-separated alpha values')
    .option('--solvers <list>', 'comma-separated: anneal, sbpi', 'sbpi')
    .option('--alpha-le <alpha>', `marker: local-entropy transition (default ${ALPHA_LE_KAPPA0}: 'bbp binary alpha-le' at kappa = 0)`)
    .option('--alpha-c <alpha>', `marker: capacity (default ${ALPHA_C_KAPPA0}, Krauth-Mezard at kappa = 0)`)
    .option('--out <file.svg>', 'output SVG (default binary-success.svg)')
    .action((flags: SolverFlags & { solvers: string; alphaLe?: string; alphaC?: string; out?: string }, cmd: Command) => {
      const started = performance.now();
      const command = commandLine(cmd).text;
      const alphas = list('alpha', flags.alpha);
      const solvers = flags.solvers.split(',').map((s) => choice('solvers', s.trim(), ['anneal', 'sbpi'] as const));
      const base = (alpha: number) => spec(flags, alpha);
      const options = solvers.map((s) => solverOptions(s, flags, false));
      for (const o of options) for (const a of alphas) checked(() => solveSettings(base(a), o));
      const markers = [
        { alpha: flags.alphaLe === undefined ? ALPHA_LE_KAPPA0 : number('alpha-le', flags.alphaLe), label: 'α_{LE}', source: flags.alphaLe === undefined ? "'bbp binary alpha-le --alpha-tolerance 1e-3', kappa = 0" : '--alpha-le' },
        { alpha: flags.alphaC === undefined ? ALPHA_C_KAPPA0 : number('alpha-c', flags.alphaC), label: 'α_{c}', source: flags.alphaC === undefined ? 'Krauth-Mezard, kappa = 0' : '--alpha-c' },
      ];
      const work = (async () => {
        const curves: SuccessFigureData['curves'][number][] = [];
        const reports: BinarySolveReport[][] = [];
        for (const o of options) {
          const rs = await solveAt(base, alphas, o, workers(flags), `binary-success (${o.solver})`);
          reports.push(rs);
          curves.push({ solver: o.solver, points: rs.map((r) => ({ alpha: r.parameters.alpha, rate: r.successRate.mean, standardError: r.successRate.standardError, instances: r.successRate.n })) });
        }
        return { curves, reports };
      })();
      finish(work, ({ curves, reports }) => {
        const first = reports[0]![0]!.parameters;
        const data: SuccessFigureData = { n: first.n, kappa: first.kappa, curves, markers };
        emit('binary-success', flags.out, cmd, successFigure(data, { description: command }), { ...data, reports }, { model: modelText(first), seed: first.seed, indices: first.indices }, started);
      });
    });
}
