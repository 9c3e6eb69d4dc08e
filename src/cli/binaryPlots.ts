/**
 * `bbp plot binary-phase|binary-eg`: figures of the replica theory of binary networks, plus the
 * colleagues' finite-N and local-entropy figures (registered by their modules). Each writes the SVG and the
 * data beside it as JSON (parameters and command line included) and prints a summary.
 *
 * @module
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { fail, invalidArgument, type BbpError } from '../errors.js';
import { binaryPhaseDiagram, binaryRandomFeatures, binaryRfCapacity, binaryRfPlateau, binaryStorageCapacity } from '../binary.js';
import { binaryGeneralizationFigure, binaryPhaseFigure, type BinaryGeneralizationFigureData, type BinaryPhaseFigureData } from '../plot/binaryFigures.js';
import { binaryFiniteNPlots } from './binaryFiniteN.js';
import { localEntropyPlots } from './localEntropy.js';
import { logRange } from './binary.js';
import { number } from './parse.js';
import { unwrap as unwrapOr, writeFigure } from './output.js';

const MODEL = 'binary random-features perceptron';
const OPTIONS = { alphaD: 'alpha-d', alphaDs: 'alpha-d' };
const unwrap = <A>(e: E.Either<BbpError, A>): A => unwrapOr(e, OPTIONS);

function emit(figure: string, out: string | undefined, cmd: Command, svg: (command: string) => string, data: object, started: number): void {
  writeFigure({ figure, out, cmd, svg, data, extra: { model: MODEL }, started });
}

function list(name: string, text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => s === '')) fail(invalidArgument(name, text, 'comma-separated numbers, e.g. 0.5,1,2'));
  return parts.map((s) => number(name, s));
}

/** `N/D:alpha:label` markers. */
function markers(text: string | undefined): BinaryPhaseFigureData['markers'] {
  if (text === undefined) return [];
  return text.split(';').map((m) => {
    const [x, y, ...label] = m.split(':');
    if (x === undefined || y === undefined || label.length === 0) fail(invalidArgument('marker', m, 'N/D:alpha:label, several separated by ;'));
    return { overparametrization: number('marker', x), alpha: number('marker', y), label: label.join(':'), source: '--marker' };
  });
}

/** Register the binary-network figures under `bbp plot`. */
export function binaryPlots(plot: Command): void {
  plot
    .command('binary-phase')
    .description('phase diagram of binary random features over N/D: interpolation line, storage limit, extra points')
    .option('--alpha-d-range <from:to:points>', 'alphaD values, log-spaced (default 0.05:20:12)')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map (default sign)')
    .option('--alpha-le <alpha>', 'horizontal line: local-entropy transition of the storage problem (e.g. from bbp binary local-entropy)')
    .option('--marker <N/D:alpha:label>', 'extra points (algorithmic thresholds, local-entropy points), separated by ;')
    .option('--out <file.svg>', 'output SVG (default binary-phase.svg)')
    .action((flags: { alphaDRange?: string; kappa?: string; activation?: string; alphaLe?: string; marker?: string; out?: string }, cmd: Command) => {
      const started = performance.now();
      const kappa = flags.kappa === undefined ? 0 : number('kappa', flags.kappa);
      const activation = flags.activation ?? 'sign';
      const alphaDs = logRange('alpha-d-range', flags.alphaDRange ?? '0.05:20:12');
      const line = unwrap(binaryPhaseDiagram({ alphaDs, kappa, activation }));
      const data: BinaryPhaseFigureData = {
        kappa,
        activation,
        line,
        storageAlphaC: unwrap(binaryStorageCapacity({ kappa })).alphaC,
        markers: markers(flags.marker),
        levels: flags.alphaLe === undefined ? [] : [{ alpha: number('alpha-le', flags.alphaLe), label: 'α_{LE} (storage)', source: '--alpha-le' }],
      };
      emit('binary-phase', flags.out, cmd, (description) => binaryPhaseFigure(data, { description }), data, started);
    });

  plot
    .command('binary-eg')
    .description('generalization error (and barycenter error) of binary random features versus 1/alpha')
    .option('--alpha-d <list>', 'comma-separated alphaD values (default 0.5,1,2)')
    .option('--points <n>', 'alpha values per curve, log-spaced from alphaC/300 to 0.97 alphaC (default 16)')
    .option('--kappa <kappa>', 'margin >= 0 (default 0)')
    .option('--activation <sigma>', 'feature map (default sign)')
    .option('--out <file.svg>', 'output SVG (default binary-eg.svg)')
    .action((flags: { alphaD?: string; points?: string; kappa?: string; activation?: string; out?: string }, cmd: Command) => {
      const started = performance.now();
      const kappa = flags.kappa === undefined ? 0 : number('kappa', flags.kappa);
      const activation = flags.activation ?? 'sign';
      const points = flags.points === undefined ? 16 : number('points', flags.points);
      if (!(Number.isInteger(points) && points >= 2 && points <= 200)) fail(invalidArgument('points', flags.points, 'an integer in [2, 200]'));
      const curves = list('alpha-d', flags.alphaD ?? '0.5,1,2').map((alphaD) => {
        const alphaC = unwrap(binaryRfCapacity({ alphaD, kappa, activation })).alphaC;
        const alphas = Array.from({ length: points }, (_, k) => (alphaC / 300) * (0.97 * 300) ** (k / (points - 1)));
        return {
          alphaD,
          alphaC,
          points: alphas.map((alpha) => {
            const s = unwrap(binaryRandomFeatures({ alpha, alphaD, kappa, activation }));
            return { alpha, eg: s.eg, ebary: s.ebary };
          }),
          plateau: unwrap(binaryRfPlateau({ alphaD, kappa, activation })).eg,
        };
      });
      const data: BinaryGeneralizationFigureData & { readonly curves: readonly { readonly alphaC: number }[] } = { kappa, activation, curves };
      emit('binary-eg', flags.out, cmd, (description) => binaryGeneralizationFigure(data, { description }), data, started);
    });

  binaryFiniteNPlots(plot);
  localEntropyPlots(plot);
}
