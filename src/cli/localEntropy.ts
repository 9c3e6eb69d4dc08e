/**
 * `bbp binary franz-parisi|alpha-le` and `bbp plot local-entropy`: the Franz–Parisi local entropy of the
 * binary perceptron (THEORY §9). JSON on stdout with the parameters echoed; the figure writes the SVG, the data
 * beside it as JSON and the exact command line.
 *
 * @module
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { fail, invalidArgument, type BbpError } from '../errors.js';
import { alphaLE, franzParisi, type FranzParisiInput } from '../localEntropy.js';
import { localEntropyFigure, type LocalEntropyFigureData } from '../plot/localEntropyFigures.js';
import { number, triple } from './parse.js';
import { unwrap as unwrapOr, writeFigure } from './output.js';

/** Library parameter names → command-line flags, so that errors name what the user typed. */
const FLAGS: Readonly<Record<string, string>> = { kappaRef: 'kappa-ref', dGrid: 'd-range', d: 'd', dRange: 'd-range', alphaTolerance: 'alpha-tolerance', bracket: 'bracket', scanPoints: 'scan-points' };

const unwrap = <A>(e: E.Either<BbpError, A>): A => unwrapOr(e, FLAGS);

/** `from:to:points`, log-spaced (`--log`, default) or linear. */
function distanceGrid(text: string, linear: boolean): number[] {
  const [from, to, points] = triple('d-range', text, 'from:to:points');
  if (!(from > 0 && to >= from && to <= 0.5 && Number.isInteger(points) && points >= 1 && points <= 400))
    fail(invalidArgument('d-range', text, 'from:to:points with 0 < from <= to <= 0.5 and 1 <= points <= 400'));
  if (points === 1) return [from];
  return Array.from({ length: points }, (_, k) => (linear ? from + ((to - from) * k) / (points - 1) : from * (to / from) ** (k / (points - 1))));
}

function kappaRef(text: string | undefined): number | 'max' | undefined {
  if (text === undefined) return undefined;
  return text === 'max' ? 'max' : number('kappa-ref', text);
}

const MODEL = 'binary perceptron, storage (random labels): Franz-Parisi local entropy';

/** Print the record with the model first, like the other `bbp binary` commands. */
function print(value: object): void {
  process.stdout.write(`${JSON.stringify({ model: MODEL, ...value }, null, 2)}\n`);
}

const FP_FIELDS = `
Output (JSON):
  model                    the model: the binary perceptron's storage problem
  alpha, kappa, kappaRef   the load, the margin of the counted solutions, the reference's margin
  reference                {q, qHat, phi}: the reference's saddle point and free entropy phi(alpha, kappaRef)
  points                   [{d, s, phi, slope, q, qHat, t, tHat, sHat, energetic, entropic, iterations,
                           evaluations, residual, tolerance, converged, failure?, quadratureNormalizationError}] by d
                           (phi = phi_FP(d); slope = d phi_FP / d d)
  unconverged              distances dropped (with --skip-unconverged)
  isolated                 phi_FP < 0 at the smallest d (no solutions that close to the reference)
  monotone                 no negative slope followed by a positive one
  check                    with --check: {toleranceChange, quadratureChange} of phi_FP`;

const LE_FIELDS = `
Output (JSON):
  model                    the model: the binary perceptron's storage problem
  kappa, alphaLE           the margin and the local-entropy transition alpha_LE(kappa)
  kappaMax                 kappa_max(alpha_LE), the reference margin there
  dTouch                   where d phi_FP / d d touches 0 at alpha_LE
  alphaC                   the capacity alpha_c(kappa)
  bracket, evaluations     Brent's final bracket in alpha and the number of criterion evaluations
  alphaTolerance, dRange   the options used`;

interface FpFlags {
  alpha: string;
  kappa?: string;
  kappaRef?: string;
  d?: string;
  dRange?: string;
  linear?: boolean;
  tolerance?: string;
  check?: boolean;
  skipUnconverged?: boolean;
}

interface LeFlags {
  kappa?: string;
  alphaTolerance?: string;
  bracket?: string;
  dRange?: string;
  scanPoints?: string;
}

/** Register the local-entropy subcommands under `bbp binary`. */
export function localEntropyCommands(binary: Command): void {
  binary
    .command('franz-parisi')
    .description('Franz-Parisi local entropy phi_FP(d) of kappa-solutions around a reference of margin kappa-ref (storage problem)')
    .requiredOption('--alpha <alpha>', 'load P/N > 0')
    .option('--kappa <kappa>', 'margin >= 0 of the counted solutions (default 0)')
    .option('--kappa-ref <kappa|max>', "reference margin >= 0, or 'max' for kappa_max(alpha) (default: kappa, a typical solution)")
    .option('--d <d>', 'one distance in (0, 0.5]')
    .option('--d-range <from:to:points>', 'distances, log-spaced (default 0.001:0.3:12)')
    .option('--linear', 'space --d-range linearly')
    .option('--tolerance <tol>', 'fixed-point tolerance (default 1e-11)')
    .option('--check', 'also solve with the tolerance / 100 and every quadrature rule doubled; report the changes')
    .option('--skip-unconverged', 'drop distances whose saddle point does not converge instead of failing')
    .addHelpText('after', FP_FIELDS)
    .action((flags: FpFlags) => {
      const alpha = number('alpha', flags.alpha);
      const kappa = flags.kappa === undefined ? 0 : number('kappa', flags.kappa);
      if (flags.d !== undefined && flags.dRange !== undefined) fail(invalidArgument('d', flags.d, 'either --d or --d-range, not both'));
      const kr = kappaRef(flags.kappaRef);
      const where: Pick<FranzParisiInput, 'd' | 'dGrid'> =
        flags.d !== undefined ? { d: number('d', flags.d) } : { dGrid: distanceGrid(flags.dRange ?? '0.001:0.3:12', flags.linear === true) };
      const input: FranzParisiInput = { alpha, kappa, ...(kr === undefined ? {} : { kappaRef: kr }), ...where };
      const options = {
        ...(flags.tolerance === undefined ? {} : { tolerance: number('tolerance', flags.tolerance) }),
        check: flags.check === true,
        skipUnconverged: flags.skipUnconverged === true,
      };
      print(unwrap(franzParisi(input, options)));
    });

  binary
    .command('alpha-le')
    .description('local-entropy transition alpha_LE(kappa): above it even kappa_max references have a non-monotone phi_FP(d) (takes minutes)')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--alpha-tolerance <tol>', 'absolute tolerance on alpha_LE (default 1e-4)')
    .option('--bracket <from:to>', 'search bracket in alpha (default 0.6:0.97 times alpha_c(kappa))')
    .option('--d-range <from:to>', 'distances searched for a negative slope (default 0.0005:0.1)')
    .option('--scan-points <n>', 'log-spaced distances scanned per alpha before refining (default 10)')
    .addHelpText('after', LE_FIELDS)
    .action((flags: LeFlags) => {
      const kappa = flags.kappa === undefined ? 0 : number('kappa', flags.kappa);
      const pair = (name: string, text: string): [number, number] => {
        const parts = text.split(':');
        if (parts.length !== 2) fail(invalidArgument(name, text, 'from:to'));
        return [number(name, parts[0]!), number(name, parts[1]!)];
      };
      const options = {
        ...(flags.alphaTolerance === undefined ? {} : { alphaTolerance: number('alpha-tolerance', flags.alphaTolerance) }),
        ...(flags.bracket === undefined ? {} : { bracket: pair('bracket', flags.bracket) }),
        ...(flags.dRange === undefined ? {} : { dRange: pair('d-range', flags.dRange) }),
        ...(flags.scanPoints === undefined ? {} : { scanPoints: number('scan-points', flags.scanPoints) }),
      };
      print(unwrap(alphaLE(kappa, options)));
    });
}

/** Register the local-entropy figures under `bbp plot`. */
export function localEntropyPlots(plot: Command): void {
  plot
    .command('local-entropy')
    .description('phi_FP(d) around kappa_max references at several loads, on both sides of alpha_LE')
    .option('--alphas <list>', 'comma-separated loads (default 0.65,0.72,0.76,0.8)')
    .option('--kappa <kappa>', 'margin >= 0 of the counted solutions (default 0)')
    .option('--d-range <from:to:points>', 'distances, log-spaced (default 0.0005:0.3:14)')
    .option('--alpha-le <alpha>', 'alpha_LE to show in the title (e.g. from bbp binary alpha-le)')
    .option('--out <file.svg>', 'output SVG (default local-entropy.svg)')
    .action((flags: { alphas?: string; kappa?: string; dRange?: string; alphaLe?: string; out?: string }, cmd: Command) => {
      const started = performance.now();
      const kappa = flags.kappa === undefined ? 0 : number('kappa', flags.kappa);
      const alphas = (flags.alphas ?? '0.65,0.72,0.76,0.8').split(',').map((s) => number('alphas', s.trim()));
      const dGrid = distanceGrid(flags.dRange ?? '0.0005:0.3:14', false);
      const curves = alphas.map((alpha) => {
        const r = unwrap(franzParisi({ alpha, kappa, kappaRef: 'max', dGrid }, { skipUnconverged: true }));
        return { alpha, kappaRef: r.kappaRef, monotone: r.monotone, unconverged: r.unconverged, points: r.points.map((p) => ({ d: p.d, phi: p.phi, slope: p.slope })) };
      });
      const data: LocalEntropyFigureData = { kappa, curves, ...(flags.alphaLe === undefined ? {} : { alphaLE: number('alpha-le', flags.alphaLe) }) };
      writeFigure({ figure: 'local-entropy', out: flags.out, cmd, svg: (description) => localEntropyFigure(data, { description }), data, extra: { model: MODEL }, started });
    });
}
