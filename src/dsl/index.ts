/**
 * The symbolic DSL: expressions, the function registry, differentiation, printing, parsing (via
 * nerdamer) and teacher–student models. Data only; compiling a model into the numeric solvers is a
 * later step.
 *
 * Activations and losses are namespaces, because their names overlap (`activations.square` is `z²`,
 * `losses.square` is `(ŷ − y)²`).
 *
 * @module
 */
export {
  type Add, type Call, type Domain, type Expr, type ExprLike, type Mul, type Num, type Pow, type Sym,
  add, call, children, dependsOn, div, equals, exprKey, exprSize, freeSymbols, functionsOf, isNum, mul, neg, num, pow,
  sub, substitute, sym,
} from './expr.js';
export {
  type DerivativeRule, type FunctionDef, type FunctionSpec,
  checkFunctions, getFunction, registerFunction, registeredFunctions, RESERVED_NAMES,
} from './functions.js';
export { type CompiledExpr, compileExpr, evaluateExpr } from './compile.js';
export { type PrintFormat, latexSymbol, printExpr, toLatex, toText } from './print.js';
export { type Token, checkSyntax, tokenize } from './syntax.js';
export { type DifferentiateOptions, derivatives, differentiate } from './derivatives.js';
export { parseExpression, simplify } from './nerdamer.js';
export { erf } from './special.js';
export type { Activation } from './activation.js';
export type { Loss, LossOptions } from './loss.js';
export {
  type ActivationDerivatives, type LossDerivatives, type Model, type ModelSpec, type Network, type NetworkSpec, type ValidModel,
  activationDerivatives, bindParameters, lossDerivatives, model, printModel, student, teacher, validateModel,
} from './model.js';

/**
 * Activations in `z`: `square`, `cube`, `tanh`, `erf`, `relu`, `polynomial(coefficients)`,
 * `activation(name, expr)` and the symbol `z`.
 * @category DSL
 * @since 0.1.0
 * @example
 * student({ width: 2, activation: activations.square });
 */
export * as activations from './activation.js';

/**
 * Losses in `yhat`, `y` and parameters: `normalizedSquare(a)`, `square`, `loss(expr, options)` and the
 * symbols `yhat`, `y`.
 * @category DSL
 * @since 0.1.0
 * @example
 * model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.square }),
 *   loss: losses.normalizedSquare('a'),
 *   parameters: { a: 1.5 },
 * });
 */
export * as losses from './loss.js';
export {
  type Diagram, type DiagramKind, type DiagramKindLike, type DiagramSeries, type DiagramTerm, type Insertion, type ResummedDiagram,
  diagramKind, diagramTerm, diagramToLatex, diagramToText, output, printDiagram, resummed, selfEnergyKind, selfEnergyTerm, series,
  signalKind, signalTerm, teacherUnit,
} from './diagrams.js';
export { type ModelFile, type NetworkFile, modelFromFile } from './spec.js';
