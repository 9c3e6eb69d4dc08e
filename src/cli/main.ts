/**
 * The `bbp` command: parses, calls the library, prints JSON on stdout. User mistakes print one line
 * `bbp: <message>` on stderr and exit with status 2.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { BbpFailure, invalidArgument, type BbpError } from '../errors.js';
import { overlapCurve, spectrum, threshold, type TheoryOptions } from '../theory.js';
import { modelInput, withModelOptions, type ModelFlags } from './modelFlags.js';
import { number, triple } from './parse.js';
import { plotCommand } from './plot.js';
import { simulateCommands } from './simulate.js';
import { sgdCommand } from './sgd.js';
import { binaryCommand } from './binary.js';

interface CommandFlags extends ModelFlags {
  check?: boolean;
  certify?: boolean;
}

const model = (flags: CommandFlags) => modelInput(flags, number);

function theoryOptions(flags: CommandFlags): TheoryOptions {
  const quadrature = flags.step === undefined ? {} : { step: number('step', flags.step) };
  return { quadrature, check: flags.check === true, certify: flags.certify === true };
}

function print<A>(result: E.Either<BbpError, A>): void {
  if (E.isLeft(result)) throw new BbpFailure(result.left);
  process.stdout.write(`${JSON.stringify(result.right, null, 2)}\n`);
}

const THRESHOLD_FIELDS = `
Output (JSON):
  model                  the reference model's {p, pstar, a, scale}, or for a DSL model
                         {model (its text), reduction (the symmetry used), p, pstar, scale}
  alphaBBP               smallest alpha at which an outlier leaves the bulk
  transition             "continuous" (sharp edge at alphaBBP, m2 grows from 0) or "discontinuous" (smooth edge, m2 jumps)
  edge                   left edge lambda_- (= outlier lambda*) at alphaBBP
  edgeKind               "sharp" or "smooth", at alphaBBP
  g                      resolvent g at the threshold (= gSing when discontinuous)
  gSing                  1/c_min, the end of the analytic domain of g
  alphaC                 alpha where the edge turns from smooth (below) to sharp (above); null if always sharp
  alphaBBPInfiniteWidth  the p -> inf closed form pstar*(a+1)/2
  method                 "closed form at g_sing" or "edge-outlier crossing"
  quadratureNodes        nodes of the vertex quadrature
  quadratureChange       with --check: relative change of alphaBBP when the step is halved
  certificate            with --certify: {alphaLow, alphaHigh, digits, transitionConfirmed} from 40-digit
                         decimal arithmetic on the same discretized model
  qmc                    with --qmc: {points, replicates, seed, alphaBBP, edge}, each {mean, standardError, n}
For p×p matrix models (non-quadratic students of width > 1) g and alphaC are null.`;

const SPECTRUM_FIELDS = `
Output (JSON):
  model, alpha           the model (as in 'bbp threshold') and alpha
  studentOutlier         scalar (p = 1) DSL models and p×p matrix models: the spike along the student's own
                         weights {lambda, m2} or null
  outliers               p×p matrix models: every outlier [{family: teacher-1|teacher-perp|student, lambda, m2,
                         multiplicity}], bottom first
  edge, edgeKind, edgeG  left edge lambda_-, "sharp"|"smooth", and g there
  outlier                bottom outlier lambda*, or null
  m2                     squared overlap of the outlier eigenvectors with the teacher subspace (0 without outlier)
  moments                [m1, m2, m3]: integral of lambda^k rho, from the self-energy series
  density                {lambda: [...], rho: [...]} on the grid
  atomAtZero             mass of the atom at lambda = 0 (1 - alpha when alpha < 1), not part of density
  densityMaxResidual     largest |lambda(g) - lambda| of the density solve
  qmc                    with --qmc: {points, replicates, seed, edge, outlier, m2, moments, densityStandardError},
                         each {mean, standardError, n}`;

const OVERLAP_FIELDS = `
Output (JSON):
  model                  the model (as in 'bbp threshold')
  alphaBBP, transition   as in 'bbp threshold'
  points                 [{alpha, m2, outlier, edge, edgeKind}, ...] over the range
  qmc                    with --qmc: {points, replicates, seed, alphaBBP, m2Curve}`;

/** Build the command (exported for tests). */
export function program(): Command {
  const prog = new Command('bbp')
    .description('BBP transitions of the Hessian at initialization of teacher-student networks (large-N theory)')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  withModelOptions(prog.command('threshold').description('alpha_BBP, transition kind, edge and alpha_c'))
    .option('--check', 'also solve with the quadrature step halved and report quadratureChange')
    .option('--certify', 'recompute in 40-digit decimal arithmetic and report a certified interval')
    .addHelpText('after', THRESHOLD_FIELDS)
    .action((flags: CommandFlags) => print(threshold(model(flags), theoryOptions(flags))));

  withModelOptions(prog.command('spectrum').description('edge, outlier, m2 and the density at one alpha'))
    .requiredOption('--alpha <alpha>', 'sample ratio M/N > 0')
    .option('--grid <from:to:points>', 'density grid (default: from the edge to mean + 8 sd, 201 points)')
    .addHelpText('after', SPECTRUM_FIELDS)
    .action((flags: CommandFlags & { alpha: string; grid?: string }) => {
      const options = theoryOptions(flags);
      const grid = flags.grid === undefined ? undefined : triple('grid', flags.grid, 'from:to:points');
      print(
        spectrum(model(flags), number('alpha', flags.alpha), grid ? { ...options, grid: { from: grid[0], to: grid[1], points: grid[2] } } : options),
      );
    });

  withModelOptions(prog.command('overlap').description('m2(alpha) over a range of alpha'))
    .requiredOption('--alpha-range <from:to:step>', 'alpha values, e.g. 0.5:3:0.05')
    .addHelpText('after', OVERLAP_FIELDS)
    .action((flags: CommandFlags & { alphaRange: string }) => {
      const [from, to, step] = triple('alpha-range', flags.alphaRange, 'from:to:step');
      const result = overlapCurve(model(flags), { from, to, step }, theoryOptions(flags));
      // The library calls the range `alphaRange`; on the command line it is `--alpha-range`.
      print(
        E.mapLeft((e: BbpError) => (e._tag === 'InvalidArgument' && e.parameter === 'alphaRange' ? invalidArgument('alpha-range', e.value, e.expected) : e))(result),
      );
    });

  simulateCommands(prog);
  sgdCommand(prog);
  binaryCommand(prog);
  plotCommand(prog);

  return prog;
}

/** The exit status for an error thrown by a command: 2 for user mistakes, rethrown otherwise. */
function exitStatus(e: unknown): number {
  if (e instanceof BbpFailure) {
    process.stderr.write(`bbp: ${e.message}\n`);
    return 2;
  }
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  throw e;
}

/** Run the command line synchronously (commands on worker threads only start); returns the exit status. */
export function main(argv: readonly string[]): number {
  try {
    program().parse(argv as string[], { from: 'user' });
    return 0;
  } catch (e) {
    return exitStatus(e);
  }
}

/** Run the command line to the end, awaiting commands that work on worker threads; returns the exit status. */
export async function mainAsync(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (e) {
    return exitStatus(e);
  }
}
