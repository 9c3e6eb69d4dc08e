/**
 * The model options shared by every command: either the reference model (`--p --pstar --a`) or a model
 * stated in the DSL (`--loss`, `--student`, `--teacher`, `--param`, or `--model file.json`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { compileModel } from '../analytic/compile.js';
import { compileMatrixModel, withMatrixQmc, type MatrixCompiledModel } from '../analytic/matrixVertex.js';
import { modelFromFile, type ModelFile, type NetworkFile } from '../dsl/spec.js';
import { fail, invalidArgument } from '../errors.js';
import type { ModelInput } from '../theory.js';

/** Flags as commander hands them over. */
export interface ModelFlags {
  p?: string;
  pstar?: string;
  a?: string;
  scale: string;
  step?: string;
  loss?: string;
  student?: string;
  teacher?: string;
  param: string[];
  model?: string;
  /** QMC points per replicate (matrix models). */
  qmc?: string;
  /** QMC replicates. */
  qmcReplicates?: string;
  /** QMC seed. */
  qmcSeed?: string;
}

/** Parse a number strictly, naming the option in the error (see {@link number}). */
export type NumberParser = (name: string, text: string) => number;

/** Add the model options to a command. */
export function withModelOptions(cmd: Command): Command {
  return cmd
    .option('--p <p>', 'student width: a positive integer, or inf (eigenvalues then rescaled by p)')
    .option('--pstar <pstar>', 'teacher width: a positive integer')
    .option('--a <a>', 'loss parameter a > 0, as in (yhat - y)^2/(y + a)')
    .option('--scale <s>', "overall factor in front of the loss (0.5 = the published paper's convention)", '1')
    .option('--loss <expr>', 'DSL: normalizedSquare, square, or an expression in yhat, y and parameters')
    .option('--student <act:width>', 'DSL: student activation (square, cube, tanh, erf, or an expression in z) and width')
    .option('--teacher <act:width>', 'DSL: teacher activation and width')
    .option('--param <name=value>', 'DSL: a loss parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--model <file>', 'DSL: a model file (JSON: teacher, student, loss, parameters, scale)')
    .addOption(new Option('--step <h>', 'quadrature step in log r, log y (default 0.3 for thresholds, 3x finer for the density; smaller is finer)'))
    .option('--qmc <points>', 'p×p matrix models (non-quadratic student, width > 1): randomized QMC with this many points per replicate instead of the tensor rule; results are means with standard errors (field qmc)')
    .option('--qmc-replicates <n>', 'with --qmc: number of random shifts, 2 to 256 (default 8)')
    .option('--qmc-seed <seed>', 'with --qmc: seed of the random shifts (default 1)');
}

function network(name: 'student' | 'teacher', text: string, parse: NumberParser): NetworkFile {
  const at = text.lastIndexOf(':');
  if (at <= 0) fail(invalidArgument(name, text, 'activation:width, e.g. tanh:1 or "z^2 + z":2'));
  return { activation: text.slice(0, at), width: parse(name, text.slice(at + 1)) };
}

/** Apply `--qmc`, `--qmc-replicates`, `--qmc-seed` to a matrix model (refused for any other model). */
function withQmcFlags(flags: ModelFlags, parse: NumberParser, input: ModelInput): ModelInput {
  if (flags.qmc === undefined) {
    for (const name of ['qmcReplicates', 'qmcSeed'] as const) {
      if (flags[name] !== undefined) fail(invalidArgument(name === 'qmcSeed' ? 'qmc-seed' : 'qmc-replicates', flags[name], 'no value unless --qmc <points> is given'));
    }
    return input;
  }
  if (typeof (input as MatrixCompiledModel).qmcLaws !== 'function') {
    fail(invalidArgument('qmc', flags.qmc, 'a p×p matrix model (non-quadratic student of width > 1): this model has an exact one- or two-variable reduction'));
  }
  const q = withMatrixQmc(input as MatrixCompiledModel, {
    points: parse('qmc', flags.qmc),
    ...(flags.qmcReplicates === undefined ? {} : { replicates: parse('qmc-replicates', flags.qmcReplicates) }),
    ...(flags.qmcSeed === undefined ? {} : { seed: parse('qmc-seed', flags.qmcSeed) }),
  });
  if (E.isLeft(q)) {
    const e = q.left;
    // the library names them qmc.points, qmc.replicates, qmc.seed; on the command line they are options
    const flag = { 'qmc.points': 'qmc', 'qmc.replicates': 'qmc-replicates', 'qmc.seed': 'qmc-seed' } as Record<string, string>;
    return fail(e._tag === 'InvalidArgument' ? invalidArgument(flag[e.parameter] ?? e.parameter, e.value, e.expected) : e);
  }
  return q.right;
}

/** The model the flags describe, compiled when it is a DSL model (with `--qmc`: a matrix model estimated by QMC). */
export function modelInput(flags: ModelFlags, parse: NumberParser): ModelInput {
  return withQmcFlags(flags, parse, describedModel(flags, parse));
}

function describedModel(flags: ModelFlags, parse: NumberParser): ModelInput {
  const scale = parse('scale', flags.scale);
  const dsl = flags.model !== undefined || flags.loss !== undefined || flags.student !== undefined || flags.teacher !== undefined;
  if (!dsl) {
    for (const name of ['p', 'pstar', 'a'] as const) {
      if (flags[name] === undefined) {
        fail({
          ...invalidArgument(name, undefined, 'a value'),
          message: `missing --${name}: required for the reference model (or state a DSL model with --student, --teacher, --loss or --model)`,
        });
      }
    }
    return { p: parse('p', flags.p!), pstar: parse('pstar', flags.pstar!), a: parse('a', flags.a!), scale };
  }
  let file: ModelFile;
  if (flags.model !== undefined) {
    try {
      file = JSON.parse(readFileSync(flags.model, 'utf8')) as ModelFile;
    } catch (e) {
      return fail(invalidArgument('model', flags.model, `a readable JSON model file (${(e as Error).message})`));
    }
  } else {
    const parameters: Record<string, number> = {};
    if (flags.a !== undefined) parameters['a'] = parse('a', flags.a);
    for (const item of flags.param) {
      const eq = item.indexOf('=');
      if (eq <= 0) fail(invalidArgument('param', item, 'name=value'));
      parameters[item.slice(0, eq).trim()] = parse(`param ${item.slice(0, eq).trim()}`, item.slice(eq + 1));
    }
    const widthOr = (name: 'p' | 'pstar') => (flags[name] === undefined ? undefined : flags[name]);
    const student = flags.student ?? (widthOr('p') === undefined ? undefined : `square:${flags.p}`);
    const teacher = flags.teacher ?? (widthOr('pstar') === undefined ? undefined : `square:${flags.pstar}`);
    if (student === undefined) fail(invalidArgument('student', undefined, 'activation:width (or --p for a quadratic student)'));
    if (teacher === undefined) fail(invalidArgument('teacher', undefined, 'activation:width (or --pstar for a quadratic teacher)'));
    file = {
      teacher: network('teacher', teacher, parse),
      student: network('student', student, parse),
      loss: flags.loss ?? 'normalizedSquare',
      parameters,
      scale,
    };
  }
  const stated = modelFromFile(file);
  if (E.isLeft(stated)) return fail(stated.left);
  const compiled = compileModel(stated.right);
  if (E.isRight(compiled)) return compiled.right;
  // A non-quadratic student of width > 1 has no scalar reduction: solve its p×p resolvent instead.
  const error = compiled.left;
  if (error._tag === 'InvalidArgument' && error.parameter === 'student' && stated.right.student.width > 1) {
    const matrix = compileMatrixModel(stated.right);
    return E.isRight(matrix) ? matrix.right : fail(matrix.left);
  }
  return fail(error);
}
