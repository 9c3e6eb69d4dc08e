/**
 * `bbp binary …`: binary overparametrized networks (THEORY §9). The replica-symmetric commands (storage,
 * capacity, kappa-max, teacher-student, ts-transition, rf, rf-capacity, rf-kappa-max, rf-plateau,
 * phase-diagram, saddle) live here; the finite-N and local-entropy commands are registered by their modules.
 * JSON on stdout with the parameters echoed; user errors name the option (`--alpha-d`, not `alphaD`).
 *
 * @module
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { BbpFailure, fail, invalidArgument, type BbpError } from '../errors.js';
import {
  binaryPhaseDiagram, binaryRandomFeatures, binaryRfCapacity, binaryRfKappaMax, binaryRfPlateau, binaryStabilityDensity,
  binaryStorage, binaryStorageCapacity, binaryStorageKappaMax, binaryTeacherStudent, binaryTeacherStudentTransition,
  type BinaryThresholdOptions,
} from '../binary.js';
import { binarySaddlePointEquations, type BinaryFreeEntropyName } from '../dsl/freeEntropy.js';
import { binaryFiniteNCommands } from './binaryFiniteN.js';
import { localEntropyCommands } from './localEntropy.js';
import { number, triple } from './parse.js';

/** Library parameter names → command-line option names, for error messages. */
const OPTION_NAMES: Readonly<Record<string, string>> = { alphaD: 'alpha-d', alphaDs: 'alpha-d-range', quadratureStep: 'quadrature-step' };

/** Print `{model, …result}` as JSON, or fail with the error renamed to the option the user typed. */
function print<A>(model: string, result: E.Either<BbpError, A>): void {
  if (E.isLeft(result)) {
    const e = result.left;
    if (e._tag === 'InvalidArgument') {
      const base = e.parameter.replace(/\[\d+\]$/, '');
      const option = OPTION_NAMES[base];
      if (option !== undefined) throw new BbpFailure(invalidArgument(option, e.value, e.expected));
    }
    throw new BbpFailure(e);
  }
  process.stdout.write(`${JSON.stringify({ model, ...result.right }, (_k, v: unknown) => (v === Infinity ? 'inf' : v), 2)}\n`);
}

interface SolverFlags {
  tolerance?: string;
  quadratureStep?: string;
  check?: boolean;
}

function solverOptions(flags: SolverFlags): BinaryThresholdOptions {
  return {
    ...(flags.tolerance === undefined ? {} : { tolerance: number('tolerance', flags.tolerance) }),
    ...(flags.quadratureStep === undefined ? {} : { quadratureStep: number('quadrature-step', flags.quadratureStep) }),
    ...(flags.check === true ? { check: true } : {}),
  };
}

function withSolverOptions(cmd: Command, check = false): Command {
  cmd
    .option('--tolerance <tol>', 'fixed-point residual tolerance (default 1e-13)')
    .option('--quadrature-step <h>', 'step of the sinh-mapped Gaussian rule (default 0.1)');
  if (check) cmd.option('--check', 'also solve with tolerance/100 and step/2 and report the changes');
  return cmd;
}

const STORAGE = 'binary perceptron, storage (random labels)';
const TEACHER_STUDENT = 'binary perceptron, teacher-student (N = D)';
const RANDOM_FEATURES = 'binary random-features perceptron';

const kappaOf = (flags: { kappa?: string }): number => (flags.kappa === undefined ? 0 : number('kappa', flags.kappa));

const STORAGE_FIELDS = `
Output (JSON): model, alpha, kappa, phi (free entropy per weight), q (overlap of two solutions), qHat (its conjugate),
entropic, energetic (the two parts of phi), iterations, residual, tolerance, converged.`;

const RF_FIELDS = `
Output (JSON): model, alpha, alphaD, overparametrization (N/D = alphaD/alpha), kappa, features {activation, mu0, mu1,
muStar, secondMoment}, phi, q, P, p, R (order parameters), qHat, PHat, pHat, RHat (conjugates), Q0, Q1, M,
eg (generalization error), ebary (barycenter error), entropic, projection, energetic, iterations, newtonSteps,
residual, tolerance, converged; with --stability-grid also stability {delta: [...], density: [...]}.`;

/** Register `bbp binary` and its subcommands on the program. */
export function binaryCommand(program: Command): void {
  const binary = program.command('binary').description('binary perceptrons and random features: replica theory, enumeration and solvers');

  withSolverOptions(binary.command('storage').description('storage problem (random labels): phi, q, qHat at (alpha, kappa)'))
    .requiredOption('--alpha <alpha>', 'patterns per weight P/N > 0')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .addHelpText('after', STORAGE_FIELDS)
    .action((flags: SolverFlags & { alpha: string; kappa?: string }) =>
      print(STORAGE, binaryStorage({ alpha: number('alpha', flags.alpha), kappa: kappaOf(flags) }, solverOptions(flags))));

  withSolverOptions(binary.command('capacity').description('storage capacity alphaC(kappa), where phi = 0 (0.8331 at kappa = 0)'), true)
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .addHelpText('after', '\nOutput (JSON): model, kappa, alphaC; with --check also check {toleranceChange, quadratureChange}.')
    .action((flags: SolverFlags & { kappa?: string }) => print(STORAGE, binaryStorageCapacity({ kappa: kappaOf(flags) }, solverOptions(flags))));

  withSolverOptions(binary.command('kappa-max').description('largest margin with solutions of the storage problem at alpha'), true)
    .requiredOption('--alpha <alpha>', 'patterns per weight P/N, 0 < alpha < 0.833')
    .addHelpText('after', '\nOutput (JSON): model, alpha, kappaMax; with --check also check {toleranceChange, quadratureChange}.')
    .action((flags: SolverFlags & { alpha: string }) => print(STORAGE, binaryStorageKappaMax({ alpha: number('alpha', flags.alpha) }, solverOptions(flags))));

  withSolverOptions(binary.command('teacher-student').description('teacher-student binary perceptron: phi, q, R, eg at alpha'))
    .requiredOption('--alpha <alpha>', 'examples per weight P/N > 0')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .addHelpText('after', '\nOutput (JSON): model, alpha, kappa, phi, q, R, qHat, RHat, eg, ebary, iterations, newtonSteps, residual, tolerance, converged.')
    .action((flags: SolverFlags & { alpha: string; kappa?: string }) =>
      print(TEACHER_STUDENT, binaryTeacherStudent({ alpha: number('alpha', flags.alpha), kappa: kappaOf(flags) }, solverOptions(flags))));

  withSolverOptions(binary.command('ts-transition').description('first-order transition alphaGD of the teacher-student perceptron (1.2447 at kappa = 0)'), true)
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .addHelpText('after', '\nOutput (JSON): model, kappa, alphaGD; with --check also check {toleranceChange, quadratureChange}.')
    .action((flags: SolverFlags & { kappa?: string }) => print(TEACHER_STUDENT, binaryTeacherStudentTransition({ kappa: kappaOf(flags) }, solverOptions(flags))));

  withSolverOptions(binary.command('rf').description('binary random-features perceptron: phi, order parameters, eg, ebary'))
    .requiredOption('--alpha <alpha>', 'examples per student weight P/N > 0')
    .requiredOption('--alpha-d <alphaD>', 'examples per input dimension P/D > 0')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map: sign, tanh, erf or an odd expression in z (default sign)')
    .option('--stability-grid <from:to:points>', 'also the density of training stabilities on this grid')
    .addHelpText('after', RF_FIELDS)
    .action((flags: SolverFlags & { alpha: string; alphaD: string; kappa?: string; activation?: string; stabilityGrid?: string }) => {
      const sol = binaryRandomFeatures(
        { alpha: number('alpha', flags.alpha), alphaD: number('alpha-d', flags.alphaD), kappa: kappaOf(flags), activation: flags.activation ?? 'sign' },
        solverOptions(flags),
      );
      if (flags.stabilityGrid === undefined || E.isLeft(sol)) return print(RANDOM_FEATURES, sol);
      const [from, to, points] = triple('stability-grid', flags.stabilityGrid, 'from:to:points');
      if (!(Number.isInteger(points) && points >= 2 && points <= 100000 && to > from)) fail(invalidArgument('stability-grid', flags.stabilityGrid, 'from < to and 2 <= points <= 100000'));
      const delta = Array.from({ length: points }, (_, k) => from + ((to - from) * k) / (points - 1));
      return print(RANDOM_FEATURES, E.map((density: number[]) => ({ ...sol.right, stability: { delta, density } }))(binaryStabilityDensity(sol.right, delta)));
    });

  withSolverOptions(binary.command('rf-capacity').description('interpolation threshold alphaC(alphaD, kappa) of random features'), true)
    .requiredOption('--alpha-d <alphaD>', 'examples per input dimension P/D > 0')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map (default sign)')
    .addHelpText('after', '\nOutput (JSON): model, alphaD, kappa, activation, alphaC, overparametrization (N/D = alphaD/alphaC); with --check also check.')
    .action((flags: SolverFlags & { alphaD: string; kappa?: string; activation?: string }) =>
      print(RANDOM_FEATURES, binaryRfCapacity({ alphaD: number('alpha-d', flags.alphaD), kappa: kappaOf(flags), activation: flags.activation ?? 'sign' }, solverOptions(flags))));

  withSolverOptions(binary.command('rf-kappa-max').description('largest margin kappaMax(alpha, alphaD) of random features'), true)
    .requiredOption('--alpha <alpha>', 'examples per student weight P/N > 0')
    .requiredOption('--alpha-d <alphaD>', 'examples per input dimension P/D > 0')
    .option('--activation <sigma>', 'feature map (default sign)')
    .addHelpText('after', '\nOutput (JSON): model, alpha, alphaD, activation, kappaMax; with --check also check.')
    .action((flags: SolverFlags & { alpha: string; alphaD: string; activation?: string }) =>
      print(RANDOM_FEATURES, binaryRfKappaMax({ alpha: number('alpha', flags.alpha), alphaD: number('alpha-d', flags.alphaD), activation: flags.activation ?? 'sign' }, solverOptions(flags))));

  withSolverOptions(binary.command('rf-plateau').description('alpha -> 0 limit (N/D -> inf) of random features: the plateau of eg'))
    .requiredOption('--alpha-d <alphaD>', 'examples per input dimension P/D > 0')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map (default sign)')
    .addHelpText('after', '\nOutput (JSON): as bbp binary rf, with alpha = 0, q = qHat = 0, phi = log 2, overparametrization "inf".')
    .action((flags: SolverFlags & { alphaD: string; kappa?: string; activation?: string }) =>
      print(RANDOM_FEATURES, binaryRfPlateau({ alphaD: number('alpha-d', flags.alphaD), kappa: kappaOf(flags), activation: flags.activation ?? 'sign' }, solverOptions(flags))));

  withSolverOptions(binary.command('phase-diagram').description('interpolation line of random features over N/D'))
    .option('--alpha-d-range <from:to:points>', 'alphaD values, log-spaced (default 0.1:10:9)')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map (default sign)')
    .addHelpText('after', '\nOutput (JSON): model, kappa, activation, points [{alphaD, alphaC, overparametrization}].')
    .action((flags: SolverFlags & { alphaDRange?: string; kappa?: string; activation?: string }) => {
      const alphaDs = logRange('alpha-d-range', flags.alphaDRange ?? '0.1:10:9');
      const kappa = kappaOf(flags);
      const activation = flags.activation ?? 'sign';
      print(RANDOM_FEATURES, E.map((points: unknown) => ({ kappa, activation, points }))(binaryPhaseDiagram({ alphaDs, kappa, activation }, solverOptions(flags))));
    });

  binary
    .command('saddle')
    .description('the free entropy of a model as a DSL expression and its saddle-point equations (symbolic derivatives)')
    .option('--model <name>', 'storage, teacher-student or random-features (default storage)')
    .option('--format <format>', 'text or latex (default text)')
    .addHelpText('after', '\nOutput (JSON): model, format, phi, variables, equations [{variable, equation}].')
    .action((flags: { model?: string; format?: string }) => {
      const model = (flags.model ?? 'storage') as BinaryFreeEntropyName;
      const format = flags.format ?? 'text';
      if (format !== 'text' && format !== 'latex') fail(invalidArgument('format', format, 'text or latex'));
      print(model, binarySaddlePointEquations(model, format));
    });

  binaryFiniteNCommands(binary);
  localEntropyCommands(binary);
}

/** `from:to:points`, log-spaced (from > 0); shared with the figures. */
export function logRange(name: string, text: string): number[] {
  const [from, to, points] = triple(name, text, 'from:to:points');
  if (!(from > 0 && to >= from && Number.isInteger(points) && points >= 1 && points <= 200)) {
    fail(invalidArgument(name, text, '0 < from <= to and 1 <= points <= 200'));
  }
  if (points === 1) return [from];
  return Array.from({ length: points }, (_, k) => from * (to / from) ** (k / (points - 1)));
}
