/**
 * `bbp plot <figure>`: publication figures as standalone SVG, with the data beside them as JSON.
 *
 * Each subcommand computes its figure's data (`src/plot/data.ts`), draws it (`src/plot/figures.ts`), writes
 * `--out file.svg` and `file.json` (the data, the exact command line and the seeds), and prints a short JSON
 * summary on stdout. Progress goes to stderr, and only when stderr is a terminal.
 *
 * @module
 */
import type { Command } from 'commander';
import { fail, invalidArgument } from '../errors.js';
import { densityData, overlapData, phaseData, thresholdVsPData, type Progress } from '../plot/data.js';
import { densityFigure, overlapFigure, phaseFigure, thresholdVsPFigure } from '../plot/figures.js';
import { linearTicks } from '../plot/svg.js';
import type { ModelInput, TheoryOptions } from '../theory.js';
import { modelInput, withModelOptions, type ModelFlags } from './modelFlags.js';
import { integer, number, positive } from './parse.js';
import { commandLine, unwrap, writeFigure } from './output.js';
import { binaryPlots } from './binaryPlots.js';
import { sgdPlots } from './sgdPlots.js';

// ---------------------------------------------------------------------------------------------------------
// Parsing (the same strict rules as the other commands)

/** `x,y,z`: one or more numbers. */
function list(name: string, text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => s === '')) fail(invalidArgument(name, text, 'comma-separated numbers, e.g. 0.7,1.5'));
  return parts.map((s) => number(name, s));
}

/** `from:to` or `from:to:third`. */
function range(name: string, text: string, shape: string): [number, number, number | undefined] {
  const parts = text.split(':');
  if (parts.length !== 2 && parts.length !== 3) fail(invalidArgument(name, text, shape));
  const from = number(name, parts[0]!);
  const to = number(name, parts[1]!);
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) fail(invalidArgument(name, text, `${shape} with finite from < to`));
  return [from, to, parts[2] === undefined ? undefined : number(name, parts[2])];
}

// ---------------------------------------------------------------------------------------------------------
// Output

interface PlotFlags extends ModelFlags {
  out?: string;
}

/** Progress on stderr, only when it is a terminal. */
function progress(figure: string): { report: Progress; done: () => void } {
  if (!process.stderr.isTTY) return { report: () => undefined, done: () => undefined };
  let last = 0;
  return {
    report: (done, total, what) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2Kbbp plot ${figure}: ${done}/${total} ${what}`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

/** A required option left out: `missing --name: what`. */
function missing(name: string, what: string): never {
  return fail({ ...invalidArgument(name, undefined, what), message: `missing --${name}: ${what}` });
}

/** Write the SVG and the JSON beside it; print the summary. */
function emit(figure: string, flags: PlotFlags, cmd: Command, svg: string, data: object, extra: Record<string, unknown>, started: number): void {
  writeFigure({ figure, out: flags.out, cmd, svg, data, extra, started });
}


function theoryOptions(flags: ModelFlags): TheoryOptions {
  return flags.step === undefined ? {} : { quadrature: { step: number('step', flags.step) } };
}

/** The model with `a` (and optionally `p`) replaced; for a DSL model, `a` is the loss parameter `a`. */
function modelWith(flags: ModelFlags, override: { a?: number; p?: number }): ModelInput {
  return modelInput({ ...flags, ...(override.a === undefined ? {} : { a: String(override.a) }), ...(override.p === undefined ? {} : { p: String(override.p) }) }, number);
}

// ---------------------------------------------------------------------------------------------------------

const DENSITY_HELP = `
Writes --out (default density.svg) and beside it the data as JSON (same name, .json): theory density on the
window, Monte Carlo histogram (normalized like rho; the atom at 0 for alpha < 1 is in no bin), the p*pstar
lowest eigenvalues of each sample, the seeds and the command line. Prints {figure, svg, data, seconds, ...}.`;

const OVERLAP_HELP = `
--a takes a comma-separated list (one curve each). Finite-N points: overlap of the bottom Hessian eigenvector
with the teacher subspace, mean +- SE over the seeds, at --mc-alpha (default: nice values in the range).
Writes --out (default overlap.svg) and the data beside it as JSON.`;

const THRESHOLD_VS_P_HELP = `
alpha_BBP at every integer p in --p-range, for each a of the comma-separated --a; filled markers: continuous
transition, open: discontinuous. Horizontal lines: the p -> inf limits pstar(a+1)/2 and pstar/2 (a -> 0).
Writes --out (default threshold-vs-p.svg) and the data beside it as JSON.`;

const PHASE_HELP = `
alpha_BBP and alpha_c (from 'bbp threshold') over --a-range (from:to, --points values, or from:to:step);
regions: uninformative (alpha < alpha_BBP) / informative, smooth edge (alpha < alpha_c) / sharp.
Writes --out (default phase.svg) and the data beside it as JSON.`;

/** Register `bbp plot` and its figures on `program`. */
export function plotCommand(program: Command): void {
  const plot = program.command('plot').description('publication figures: standalone SVG, with the data beside it as JSON');

  withModelOptions(plot.command('density').description('rho(lambda) from the theory over the Monte Carlo histogram, edge and outlier marked'))
    .requiredOption('--alpha <alpha>', 'sample ratio M/N > 0')
    .option('--n <n>', 'Monte Carlo input dimension N (0: theory only)', '200')
    .option('--seeds <count>', 'number of Monte Carlo samples', '8')
    .option('--seed <first>', 'first seed (seeds are first, first+1, ...)', '1')
    .option('--bins <count>', 'histogram bins (default: from the number of eigenvalues, 20 to 80)')
    .option('--window <from:to>', 'lambda range (default: below the outlier to the 95% quantile of rho)')
    .option('--out <file.svg>', 'output SVG (default density.svg)')
    .addHelpText('after', DENSITY_HELP)
    .action((flags: PlotFlags & { alpha: string; n: string; seeds: string; seed: string; bins?: string; window?: string }, cmd: Command) => {
      const started = performance.now();
      const model = modelInput(flags, number);
      const alpha = positive('alpha', flags.alpha);
      const n = integer('n', flags.n, 0);
      const mc = n === 0 ? null : { n, seeds: integer('seeds', flags.seeds, 1), seed: integer('seed', flags.seed, 0) };
      const window = flags.window === undefined ? undefined : range('window', flags.window, 'from:to');
      const bar = progress('density');
      const data = unwrap(
        densityData(model, alpha, mc, {
          theory: theoryOptions(flags),
          onProgress: bar.report,
          ...(flags.bins === undefined ? {} : { bins: integer('bins', flags.bins, 1) }),
          ...(window ? { window: [window[0], window[1]] as const } : {}),
        }),
      );
      bar.done();
      const { text } = commandLine(cmd);
      const svg = densityFigure(data, { description: text });
      const mcOut = data.monteCarlo;
      emit('density', flags, cmd, svg, data, {
        seeds: mcOut ? mcOut.seeds : [],
        edge: data.theory.edge,
        edgeKind: data.theory.edgeKind,
        outlier: data.theory.outlier,
        m2: data.theory.m2,
        ...(data.monteCarloSkipped ? { monteCarloSkipped: data.monteCarloSkipped } : {}),
      }, started);
    });

  withModelOptions(plot.command('overlap').description('m2(alpha) from the theory for each a, finite-N points with error bars, alpha_BBP marked'))
    .requiredOption('--alpha-range <from:to:step>', 'alpha values of the theory curves, e.g. 0.5:4:0.05')
    .option('--n <n>', 'Monte Carlo input dimension N (0: theory only)', '200')
    .option('--seeds <count>', 'Monte Carlo samples per point', '8')
    .option('--seed <first>', 'first seed (seeds are first, first+1, ...)', '1')
    .option('--mc-alpha <list>', 'alpha values of the finite-N points (default: three nice values spread over the range)')
    .option('--out <file.svg>', 'output SVG (default overlap.svg)')
    .addHelpText('after', OVERLAP_HELP)
    .action((flags: PlotFlags & { alphaRange: string; n: string; seeds: string; seed: string; mcAlpha?: string }, cmd: Command) => {
      const started = performance.now();
      const [from, to, step] = range('alpha-range', flags.alphaRange, 'from:to:step');
      if (step === undefined || !(step > 0)) fail(invalidArgument('alpha-range', flags.alphaRange, 'from:to:step with step > 0'));
      const as = flags.a === undefined ? [] : list('a', flags.a);
      if (flags.model !== undefined && as.length > 0) fail(invalidArgument('a', flags.a, 'no --a with --model (the file sets the parameters)'));
      const curves = as.length === 0 ? [{ a: null, model: modelInput(flags, number) }] : as.map((a) => ({ a, model: modelWith(flags, { a }) }));
      const n = integer('n', flags.n, 0);
      const alphas = flags.mcAlpha !== undefined ? list('mc-alpha', flags.mcAlpha) : defaultMcAlphas(from, to);
      const mc = n === 0 ? null : { n, seeds: integer('seeds', flags.seeds, 1), seed: integer('seed', flags.seed, 0), alphas };
      const bar = progress('overlap');
      const data = unwrap(overlapData(curves, { from, to, step }, mc, { theory: theoryOptions(flags), onProgress: bar.report }));
      bar.done();
      const svg = overlapFigure(data, { description: commandLine(cmd).text });
      emit('overlap', flags, cmd, svg, data, {
        seeds: data.monteCarlo ? data.monteCarlo.seeds : [],
        curves: data.curves.map((c) => ({ a: c.a, alphaBBP: c.alphaBBP, transition: c.transition })),
        ...(data.monteCarloSkipped ? { monteCarloSkipped: data.monteCarloSkipped } : {}),
      }, started);
    });

  withModelOptions(plot.command('threshold-vs-p').description('alpha_BBP against the student width p (log axis) for several a, with the p -> inf limits'))
    .option('--p-range <from:to>', 'integer student widths from:to (all integers in between)', '1:64')
    .option('--out <file.svg>', 'output SVG (default threshold-vs-p.svg)')
    .addHelpText('after', THRESHOLD_VS_P_HELP)
    .action((flags: PlotFlags & { pRange: string }, cmd: Command) => {
      const started = performance.now();
      if (flags.p !== undefined) fail(invalidArgument('p', flags.p, 'no --p (this figure varies p over --p-range)'));
      if (flags.student !== undefined || flags.model !== undefined) {
        fail(invalidArgument(flags.student !== undefined ? 'student' : 'model', flags.student ?? flags.model, 'a quadratic student whose width varies (omit --student and --model)'));
      }
      if (flags.pstar === undefined && flags.teacher === undefined) missing('pstar', 'the teacher width');
      if (flags.a === undefined) missing('a', 'comma-separated values of a, e.g. 0.1,0.5,1.5');
      const as = list('a', flags.a);
      const [pFrom, pTo, third] = range('p-range', flags.pRange, 'from:to');
      if (third !== undefined) fail(invalidArgument('p-range', flags.pRange, 'from:to (every integer in between is used)'));
      const pstar = flags.pstar === undefined ? 1 : integer('pstar', flags.pstar, 1);
      const bar = progress('threshold-vs-p');
      // The DSL takes a student width from --p with a quadratic student; the reference model takes --p.
      const data = unwrap(thresholdVsPData((p, a) => modelWith(flags, { p, a }), pstar, as, [pFrom, pTo], { theory: theoryOptions(flags), onProgress: bar.report }));
      bar.done();
      const svg = thresholdVsPFigure(data, { description: commandLine(cmd).text });
      emit('threshold-vs-p', flags, cmd, svg, data, {
        curves: data.curves.map((c) => {
          const last = c.points[c.points.length - 1]!;
          return { a: c.a, [`alphaBBP(p=${c.points[0]!.p})`]: c.points[0]!.alphaBBP, [`alphaBBP(p=${last.p})`]: last.alphaBBP, infiniteWidth: c.infiniteWidth };
        }),
      }, started);
    });

  withModelOptions(plot.command('phase').description('phase diagram in the (a, alpha) plane: alpha_BBP and alpha_c, informative and edge-kind regions'))
    .option('--a-range <from:to[:step]>', 'values of a: from:to (with --points values) or from:to:step', '0.05:5')
    .option('--points <count>', 'number of a values for from:to', '100')
    .option('--alpha-max <alpha>', 'top of the alpha axis', '6')
    .option('--out <file.svg>', 'output SVG (default phase.svg)')
    .addHelpText('after', PHASE_HELP)
    .action((flags: PlotFlags & { aRange: string; points: string; alphaMax: string }, cmd: Command) => {
      const started = performance.now();
      if (flags.a !== undefined) fail(invalidArgument('a', flags.a, 'no --a (this figure varies a over --a-range)'));
      if (flags.model !== undefined) fail(invalidArgument('model', flags.model, 'a model whose parameter a can vary (state it with --loss/--student/--teacher)'));
      const [from, to, step] = range('a-range', flags.aRange, 'from:to or from:to:step');
      let as: number[];
      if (step === undefined) {
        const count = integer('points', flags.points, 2);
        if (count > 10000) fail(invalidArgument('points', flags.points, 'at most 10000'));
        as = Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
      } else {
        if (!(step > 0) || (to - from) / step > 10000) fail(invalidArgument('a-range', flags.aRange, 'a step > 0 giving at most 10000 values'));
        const count = Math.floor((to - from) / step + 1e-9) + 1;
        as = Array.from({ length: count }, (_, k) => from + k * step);
      }
      if (!(from > 0)) fail(invalidArgument('a-range', flags.aRange, 'values of a > 0'));
      const alphaMax = positive('alpha-max', flags.alphaMax);
      const bar = progress('phase');
      const data = unwrap(phaseData((a) => modelWith(flags, { a }), as, alphaMax, { theory: theoryOptions(flags), onProgress: bar.report }));
      bar.done();
      const svg = phaseFigure(data, { description: commandLine(cmd).text });
      const kinds = data.points.map((p) => p.transition);
      emit('phase', flags, cmd, svg, data, {
        points: data.points.length,
        continuous: kinds.filter((k) => k === 'continuous').length,
        discontinuous: kinds.filter((k) => k === 'discontinuous').length,
      }, started);
    });

  sgdPlots(plot);
  binaryPlots(plot);
}

/**
 * Default α values of the finite-N points: three nice values spread over `(from, to]` (the first, middle
 * and last of the ticks of a 6-tick axis). Three keep the default figure under ~20 s: each point costs
 * `seeds` dense eigendecompositions per curve.
 */
export function defaultMcAlphas(from: number, to: number, count = 3): number[] {
  const inside = linearTicks(from, to, 6).ticks.filter((t) => t > from + 1e-9 * (to - from));
  if (inside.length <= count) return inside.length > 0 ? inside : [to];
  const picked = Array.from({ length: count }, (_, k) => inside[Math.round((k * (inside.length - 1)) / (count - 1))]!);
  return [...new Set(picked)];
}
