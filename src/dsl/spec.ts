/**
 * Models as plain JSON-ready data (a model file, or the command line's `--student tanh:1` options), turned
 * into DSL models.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BbpError } from '../errors.js';
import * as activations from './activation.js';
import type { Activation } from './activation.js';
import * as losses from './loss.js';
import type { Loss } from './loss.js';
import { model, student, teacher, type Model } from './model.js';

/**
 * One network of a model file: an activation (a built-in name — `square`, `cube`, `tanh`, `erf`, `relu` — or an
 * expression in `z`) and a width.
 * @category DSL
 * @since 0.1.0
 * @example
 * const n: NetworkFile = { activation: 'z^2 + 0.1*z^4', width: 1 };
 */
export interface NetworkFile {
  /** A built-in activation name or an expression in `z`. */
  readonly activation: string;
  /** Number of hidden units. */
  readonly width: number;
}

/**
 * A model file (JSON): `{"teacher": {"activation": "square", "width": 1}, "student": {...},
 * "loss": "(yhat - y)^2/(y + a)^2", "parameters": {"a": 1}, "scale": 1}`. `loss` is a built-in name
 * (`normalizedSquare`, `square`) or an expression in `yhat`, `y` and the parameters.
 * @category DSL
 * @since 0.1.0
 * @example
 * // e.g. the text of a model.json file
 * const file: ModelFile = JSON.parse(
 *   '{"teacher": {"activation": "square", "width": 1}, "student": {"activation": "square", "width": 2},' +
 *     ' "loss": "normalizedSquare", "parameters": {"a": 1.5}}',
 * );
 * const c = orThrow(compileModel(orThrow(modelFromFile(file))));
 */
export interface ModelFile {
  /** The teacher network. */
  readonly teacher: NetworkFile;
  /** The student network. */
  readonly student: NetworkFile;
  /** `normalizedSquare`, `square`, or an expression in `yhat`, `y` and the parameters. */
  readonly loss: string;
  /** Values of the loss's parameters (e.g. `{"a": 1.5}`). */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Factor in front of the loss (default 1; 0.5 is the published paper's convention). */
  readonly scale?: number;
}

const BUILT_IN_ACTIVATIONS: Readonly<Record<string, Activation>> = {
  square: activations.square, cube: activations.cube, tanh: activations.tanh, erf: activations.erf, relu: activations.relu,
};

function activationOf(text: unknown, where: string): E.Either<BbpError, Activation> {
  if (typeof text !== 'string' || text.trim() === '') return E.left(invalidArgument(where, text, 'an activation name or an expression in z'));
  return BUILT_IN_ACTIVATIONS[text.trim()] !== undefined ? E.right(BUILT_IN_ACTIVATIONS[text.trim()]!) : activations.activation(text.trim(), text);
}

function lossOf(text: unknown): E.Either<BbpError, Loss> {
  if (typeof text !== 'string' || text.trim() === '') return E.left(invalidArgument('loss', text, 'a loss name or an expression in yhat, y'));
  if (text.trim() === 'normalizedSquare') return E.right(losses.normalizedSquare('a'));
  if (text.trim() === 'square') return E.right(losses.square);
  return losses.loss(text);
}

/**
 * Build a DSL model from its JSON form; errors name the field.
 * @category DSL
 * @since 0.1.0
 * @example
 * modelFromFile({ teacher: { activation: 'square', width: 1 }, student: { activation: 'tanh', width: 1 },
 *   loss: 'normalizedSquare', parameters: { a: 1 } });
 */
export function modelFromFile(file: ModelFile): E.Either<BbpError, Model> {
  if (typeof file !== 'object' || file === null) return E.left(invalidArgument('model', file, 'an object with teacher, student and loss'));
  for (const key of ['teacher', 'student'] as const) {
    if (typeof file[key] !== 'object' || file[key] === null) return E.left(invalidArgument(key, file[key], 'an object {activation, width}'));
  }
  const t = activationOf(file.teacher.activation, 'teacher.activation');
  if (E.isLeft(t)) return t;
  const s = activationOf(file.student.activation, 'student.activation');
  if (E.isLeft(s)) return s;
  const l = lossOf(file.loss);
  if (E.isLeft(l)) return l;
  return E.right(
    model({
      teacher: teacher({ width: file.teacher.width, activation: t.right }),
      student: student({ width: file.student.width, activation: s.right }),
      loss: l.right,
      ...(file.parameters === undefined ? {} : { parameters: file.parameters }),
      ...(file.scale === undefined ? {} : { scale: file.scale }),
    }),
  );
}
