/**
 * `bbp plot sgd-…`: the figures of the SGD dynamics (THEORY §8). Each writes `--out file.svg`, the data beside
 * it as `file.json` (with the exact command line and the seeds), and prints a short JSON summary, like the
 * other `bbp plot` figures (src/cli/plot.ts).
 *
 *   sgd-ode-vs-sim   ODE against the seed-averaged simulation: the risk and every entry of Q and R
 *   sgd-escape       escape time versus η for several p, and the optimal η versus p
 *   sgd-distance     distance to the predicted solution over time (ODE, optionally the simulation)
 *   sgd-conserved    drift of the conserved polar factor of R over time (ODE, optionally the simulation)
 *
 * @module
 */
import type { Command } from 'commander';
import { fail, invalidArgument } from '../errors.js';
import { sgdConservedFigure, sgdDistanceFigure, sgdEscapeFigure, sgdOdeVsSimulationFigure, type SgdTimeSeriesData } from '../plot/sgdFigures.js';
import { sgdEscape } from '../sgd.js';
import { escapeRunOptions, withEscapeRunOptions, type EscapeRunFlags } from './sgd.js';
import { integer, number } from './parse.js';
import { commandLine, unwrap, writeFigure } from './output.js';
import {
  sgdAsync, sgdParameters, sgdRecordTimes, sgdSimulateOde, sgdSimulateReport, sgdSimulateRequest, sgdSimulateSeeds, withSgdSimulateOptions, type SgdSimulateFlags,
} from './sgdSimulate.js';

interface PlotFlags {
  out?: string;
}

/** Write the SVG and the JSON beside it; print the summary. */
function emit(figure: string, flags: PlotFlags, cmd: Command, svg: string, data: object, extra: Record<string, unknown>, started: number): void {
  writeFigure({ figure, out: flags.out, cmd, svg, data, extra, started });
}

/** `a,b,c` or `from:to` (every integer in between). */
function values(name: string, text: string, integers: boolean): number[] {
  if (integers && /^\s*\d+\s*:\s*\d+\s*$/.test(text)) {
    const [from, to] = text.split(':').map((s) => number(name, s)) as [number, number];
    if (!(to >= from) || to - from > 1000) fail(invalidArgument(name, text, 'from:to with from ≤ to (at most 1000 values)'));
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
  }
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => s === '')) fail(invalidArgument(name, text, integers ? 'comma-separated integers or from:to' : 'comma-separated numbers'));
  const out = parts.map((s) => number(name, s));
  if (out.some((v) => !(v > 0 && Number.isFinite(v)) || (integers && !Number.isSafeInteger(v)))) {
    fail(invalidArgument(name, text, integers ? 'positive integers' : 'positive numbers'));
  }
  return out;
}

const ODE_VS_SIM_HELP = `
Lines: the ODE from the same Q(0), R(0); markers: the mean over --seeds runs at dimension --n, +- one standard
error. Three panels: the population risk, every Q_ij (i <= j), every R_ik. Writes --out (default
sgd-ode-vs-sim.svg) and beside it the record of 'bbp sgd simulate' as JSON.`;

const TIME_SERIES_HELP = `
From the ODE (the closest zero-error point needs p >= pstar and R(0) of full rank); with --seeds K > 0 also the
seed-mean simulation at dimension --n. Writes --out and the data beside it as JSON.`;

const ESCAPE_HELP = `
For each p and eta: the first time the risk falls to half its plateau value, from random R(0) (--seeds initial
conditions of dimension --n), mean +- SE, and the closed-form prediction (dashed); right panel: the optimal
eta against p, from the escape times and from the maximal growth rate, with their fitted slopes (from
'bbp sgd escape'). Writes --out (default sgd-escape.svg) and the data beside it as JSON.`;

/** Register the SGD figures under `bbp plot`. */
export function sgdPlots(plot: Command): void {
  withSgdSimulateOptions(plot.command('sgd-ode-vs-sim').description('SGD: ODE vs seed-averaged finite-N simulation for the risk and every entry of Q and R'))
    .option('--out <file.svg>', 'output SVG (default sgd-ode-vs-sim.svg)')
    .addHelpText('after', ODE_VS_SIM_HELP)
    .action((flags: SgdSimulateFlags & PlotFlags, cmd: Command) => {
      const started = performance.now();
      const request = sgdSimulateRequest({ ...flags, n: flags.n ?? '1000' });
      const ode = sgdSimulateOde(request, sgdRecordTimes(request.tMax, request.points, request.n));
      sgdAsync(async () => {
        const report = sgdSimulateReport(request, await sgdSimulateSeeds(request), ode);
        const data = report as unknown as Parameters<typeof sgdOdeVsSimulationFigure>[0];
        emit('sgd-ode-vs-sim', flags, cmd, sgdOdeVsSimulationFigure(data, { description: commandLine(cmd).text }), report, {
          model: sgdParameters(request)['model'],
          seeds: request.seeds,
          finalRisk: { simulation: data.risk[data.risk.length - 1], ode: ode.risk[ode.risk.length - 1] },
        }, started);
      });
    });

  const timeSeries = (name: 'sgd-distance' | 'sgd-conserved', description: string) =>
    withSgdSimulateOptions(plot.command(name).description(description), { tMax: '100', points: '101', seeds: '0' })
      .option('--out <file.svg>', `output SVG (default ${name}.svg)`)
      .addHelpText('after', TIME_SERIES_HELP)
      .action((flags: SgdSimulateFlags & PlotFlags, cmd: Command) => {
        const started = performance.now();
        const request = sgdSimulateRequest({ ...flags, n: flags.n ?? '1000' }, 0);
        if (request.p < request.pstar) fail(invalidArgument('p', request.p, `p ≥ pstar = ${request.pstar}: the zero-error manifold exists only for p ≥ p*`));
        const ode = sgdSimulateOde(request, sgdRecordTimes(request.tMax, request.points, request.n));
        const field = name === 'sgd-distance' ? 'distanceToSolution' : 'conservedDrift';
        if (ode[field] === null) fail(invalidArgument('r0', Array.from(request.initial.R), `R(0) of rank pstar = ${request.pstar} (its polar factor selects the solution)`));
        sgdAsync(async () => {
          const report = request.seeds.length === 0 ? null : sgdSimulateReport(request, await sgdSimulateSeeds(request), ode);
          const label = `${request.studentText}:${request.p} learning ${request.teacherText}:${request.pstar}, η = ${request.eta}`;
          const data: SgdTimeSeriesData = {
            label,
            ode: { t: ode.t, values: ode[field]! },
            simulation: report === null ? null : { t: report['t'] as number[], values: report[field] as (number | null)[], n: request.n, seeds: request.seeds.length },
          };
          const draw = name === 'sgd-distance' ? sgdDistanceFigure : sgdConservedFigure;
          const values = ode[field]!;
          emit(name, flags, cmd, draw(data, { description: commandLine(cmd).text }), { parameters: sgdParameters(request), ...data, predictedSolution: ode.predictedSolution }, {
            model: sgdParameters(request)['model'],
            seeds: request.seeds,
            [name === 'sgd-distance' ? 'finalDistance' : 'maxDrift']: name === 'sgd-distance' ? values[values.length - 1] : Math.max(...values),
          }, started);
        });
      });
  timeSeries('sgd-distance', 'SGD: distance of the weights to the predicted (closest zero-error) solution over time');
  timeSeries('sgd-conserved', 'SGD: drift of the conserved polar factor of R over time');

  withEscapeRunOptions(plot.command('sgd-escape'))
    .description('SGD: plateau escape time vs eta for several p, and the optimal eta vs p')
    .option('--pstar <pstar>', 'teacher width', '1')
    .option('--p <list>', 'student widths: comma-separated or from:to', '1:4')
    .option('--etas <list>', 'learning rates (or eta/p with --eta-per-p)', '0.25,0.5,0.75,1,1.25,1.5,1.75,2')
    .option('--out <file.svg>', 'output SVG (default sgd-escape.svg)')
    .addHelpText('after', ESCAPE_HELP)
    .action((flags: PlotFlags & EscapeRunFlags & { pstar: string; p: string; etas: string }, cmd: Command) => {
      const started = performance.now();
      const options = { pstar: integer('pstar', flags.pstar, 1), p: values('p', flags.p, true), etas: values('etas', flags.etas, false), ...escapeRunOptions(flags) };
      const report = unwrap(sgdEscape(options));
      emit('sgd-escape', flags, cmd, sgdEscapeFigure(report, { description: commandLine(cmd).text }), report, {
        model: { p: options.p, pstar: options.pstar, student: 'square', teacher: 'square' },
        seeds: Array.from({ length: options.seeds }, (_, k) => options.seed + k),
        optimalEta: report.curves.map((c) => ({ p: c.p, optimalEta: c.optimalEta, optimalEtaGrowthRate: c.optimalEtaGrowthRate })),
        optimalEtaSlope: report.optimalEtaSlope,
      }, started);
    });
}
