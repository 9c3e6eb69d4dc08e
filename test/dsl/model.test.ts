import { describe, expect, it } from 'vitest';
import {
  activationDerivatives, activations, add, bindParameters, call, compileExpr, div, equals, lossDerivatives, losses, model, mul,
  pow, printModel, student, sub, sym, teacher, toText, validateModel, type Model,
} from '../../src/dsl/index.js';
import { left, right } from './either.js';



const reference: Model = model({
  teacher: teacher({ width: 1, activation: activations.square }),
  student: student({ width: 2, activation: activations.square }),
  loss: losses.normalizedSquare('a'),
  parameters: { a: 1.5 },
});

const [yhat, y, a] = [sym('yhat'), sym('y'), sym('a', 'positive')];

describe('model: immutable data', () => {
  it('everything is frozen', () => {
    expect(Object.isFrozen(reference)).toBe(true);
    expect(Object.isFrozen(reference.teacher)).toBe(true);
    expect(Object.isFrozen(reference.parameters)).toBe(true);
    expect(Object.isFrozen(reference.loss)).toBe(true);
    expect(Object.isFrozen(activations.square)).toBe(true);
  });

  it('defaults: scale 1, parameters from the loss, overridden by the model', () => {
    expect(reference.scale).toBe(1);
    const withDefault = model({ ...reference, loss: losses.normalizedSquare(0.7), parameters: {} });
    expect(withDefault.parameters).toEqual({ a: 0.7 });
    expect(model({ ...reference, loss: losses.normalizedSquare(0.7), parameters: { a: 2 } }).parameters).toEqual({ a: 2 });
  });

  it('the reference model validates', () => {
    const v = right(validateModel(reference));
    expect(v.valid).toBe(true);
    expect(v.student.width).toBe(2);
  });

  it('built-in activations', () => {
    expect(toText(activations.square.expr)).toBe('z^2');
    expect(toText(activations.cube.expr)).toBe('z^3');
    expect(toText(activations.tanh.expr)).toBe('tanh(z)');
    expect(toText(activations.erf.expr)).toBe('erf(z)');
    expect(activations.relu.smooth).toBe(false);
    expect(activations.tanh.smooth).toBe(true);
    expect(toText(activations.polynomial([1, -2, 0, 0.5]).expr)).toBe('-2*z + 0.5*z^3 + 1');
  });

  it('custom activations from text or expressions', () => {
    const softsign = right(activations.activation('softsign', 'z/(1 + abs(z))'));
    expect(softsign.smooth).toBe(false);
    expect(right(activations.activation('shifted', add(activations.z, 1))).name).toBe('shifted');
    expect(left(activations.activation('bad', 'x^2')).message).toContain('"x"');
    expect(left(activations.activation('bad', mul(sym('w'), activations.z))).message).toContain('"w"');
    expect(left(activations.activation('', 'z')).message).toContain('name');
  });

  it('custom losses from text, with declared parameters', () => {
    const l = right(losses.loss('(yhat - y)^2/(y + b)', { name: 'shifted', parameters: { b: 'positive' } }));
    const m = model({ ...reference, loss: l, parameters: { b: 2 } });
    right(validateModel(m));
    expect(left(validateModel(model({ ...reference, loss: l, parameters: { b: -2 } }))).message).toContain('parameters.b = -2');
    expect(left(losses.loss('(yhat - y)^2 +* 1')).message).toContain('column');
    expect(left(losses.loss('yhat', { parameters: { y: 'real' } })).message).toContain('yhat and y');
    expect(left(losses.loss('yhat', { parameters: { b: 'complex' as 'real' } })).message).toContain('domain');
  });
});

describe('validateModel: names what is wrong', () => {
  it.each<[string, Model, string, string]>([
    ['teacher width 0', model({ ...reference, teacher: teacher({ width: 0, activation: activations.square }) }), 'teacher.width', '0'],
    ['teacher width ∞', model({ ...reference, teacher: teacher({ width: Infinity, activation: activations.square }) }), 'teacher.width', 'Infinity'],
    ['student width 1.5', model({ ...reference, student: student({ width: 1.5, activation: activations.square }) }), 'student.width', '1.5'],
    ['student width NaN', model({ ...reference, student: student({ width: NaN, activation: activations.square }) }), 'student.width', 'NaN'],
    ['a ≤ 0', model({ ...reference, parameters: { a: 0 } }), 'parameters.a', 'positive'],
    ['a = NaN', model({ ...reference, parameters: { a: NaN } }), 'parameters.a', 'NaN'],
    ['a without value', model({ ...reference, parameters: {} }), 'parameters.a', 'needs a value for a'],
    ['scale 0', model({ ...reference, scale: 0 }), 'scale', '0'],
    ['parameter named y', model({ ...reference, parameters: { a: 1, y: 2 } }), 'parameters', '"y"'],
  ])('%s', (_, m, parameter, fragment) => {
    const err = left(validateModel(m));
    expect(err._tag).toBe('InvalidArgument');
    expect(err.message).toContain(`invalid ${parameter}`);
    expect(err.message).toContain(fragment);
  });

  it('an unknown symbol in the loss', () => {
    const l = right(losses.loss('(yhat - y)^2/(y + b)'));
    const err = left(validateModel(model({ ...reference, loss: l })));
    expect(err.message).toContain('symbol in loss = "b"');
    expect(err.message).toContain('yhat, y, a');
  });

  it('a loss that does not depend on yhat', () => {
    const l = right(losses.loss(mul(2, y)));
    expect(left(validateModel(model({ ...reference, loss: l, parameters: {} }))).message).toContain('depends on yhat');
  });

  it('an activation with a foreign symbol or an unregistered function', () => {
    const foreign = { ...activations.square, expr: mul(sym('w'), activations.z) };
    expect(left(validateModel(model({ ...reference, student: student({ width: 2, activation: foreign }) }))).message).toContain('"w"');
    const unknown = { ...activations.square, expr: call('nope', activations.z) };
    expect(left(validateModel(model({ ...reference, teacher: teacher({ width: 1, activation: unknown }) }))).message).toContain('"nope"');
  });

  it('a non-finite constant', () => {
    const bad = activations.polynomial([0, NaN]);
    expect(left(validateModel(model({ ...reference, student: student({ width: 2, activation: bad }) }))).message).toContain('constant');
  });

  it('the student may be infinitely wide (p → ∞)', () => {
    right(validateModel(model({ ...reference, student: student({ width: Infinity, activation: activations.square }) })));
  });

  it('not a model at all', () => {
    expect(left(validateModel({} as Model)).message).toContain('invalid model');
    expect(left(validateModel(model({ ...reference, loss: undefined as unknown as Model['loss'] }))).message).toContain('invalid loss');
  });
});

describe('derivatives for the Hessian vertex', () => {
  it("normalizedSquare: ℓ' = 2(ŷ − y)/(y + a), ℓ'' = 2/(y + a)", () => {
    const d = right(lossDerivatives(reference));
    expect(equals(d.loss, div(pow(sub(yhat, y), 2), add(y, a)))).toBe(true);
    expect(equals(d.first, div(mul(2, sub(yhat, y)), add(y, a))), toText(d.first)).toBe(true);
    expect(equals(d.second, div(2, add(y, a))), toText(d.second)).toBe(true);
    const f = right(compileExpr(bindParameters(reference, d.first), ['yhat', 'y']));
    expect(f(new Float64Array([3, 1]))).toBeCloseTo((2 * (3 - 1)) / (1 + 1.5), 15);
  });

  it('the scale multiplies the loss and its derivatives (0.5: the paper convention)', () => {
    const d = right(lossDerivatives(model({ ...reference, scale: 0.5 })));
    expect(equals(d.second, div(1, add(y, a))), toText(d.second)).toBe(true);
  });

  it('the square loss', () => {
    const d = right(lossDerivatives(model({ ...reference, loss: losses.square, parameters: {} })));
    expect(toText(d.first)).toBe('2*(yhat - y)');
    expect(toText(d.second)).toBe('2');
  });

  it('an invalid model gives the validation error', () => {
    expect(left(lossDerivatives(model({ ...reference, parameters: { a: -1 } }))).message).toContain('parameters.a');
  });

  it("activations: σ' and σ''", () => {
    const sq = right(activationDerivatives(activations.square));
    expect([sq.first, sq.second].map(toText)).toEqual(['2*z', '2']);
    const th = right(activationDerivatives(activations.tanh));
    expect(toText(th.first)).toBe('-tanh(z)^2 + 1');
    expect(toText(th.second)).toBe('-2*tanh(z)*(-tanh(z)^2 + 1)');
    const er = right(activationDerivatives(activations.erf));
    expect(toText(er.first)).toBe(`${2 / Math.sqrt(Math.PI)}*exp(-z^2)`);
  });

  it('relu is refused without a convention, and follows one when asked', () => {
    const err = left(activationDerivatives(activations.relu));
    expect(err.message).toContain('"relu"');
    expect(err.message).toContain('almostEverywhere');
    const d = right(activationDerivatives(activations.relu, { almostEverywhere: true }));
    expect([d.first, d.second].map(toText)).toEqual(['heaviside(z)', '0']);
  });
});

describe('printModel', () => {
  it('text', () => {
    expect(printModel(reference)).toMatchInlineSnapshot(`
      "teacher: width 1, activation square: z^2
      student: width 2, activation square: z^2
      loss normalizedSquare: (yhat - y)^2/(y + a)
      parameters: a = 1.5
      scale: 1"
    `);
  });

  it('latex', () => {
    expect(printModel(model({ ...reference, scale: 0.5 }), 'latex')).toMatchInlineSnapshot(`
      "\\begin{aligned}
      y &= \\frac{1}{p^{*}} \\sum_{k=1}^{p^{*}} \\sigma^{*}(t_k), & \\sigma^{*}(z) &= z^{2}, & p^{*} &= 1 \\\\
      \\hat{y} &= \\frac{1}{p} \\sum_{l=1}^{p} \\sigma(z_l), & \\sigma(z) &= z^{2}, & p &= 2 \\\\
      L &= 0.5 \\sum_{\\mu} \\ell(\\hat{y}_\\mu, y_\\mu), & \\ell(\\hat{y}, y) &= \\frac{\\left(\\hat{y} - y\\right)^{2}}{y + a}, & a &= 1.5
      \\end{aligned}"
    `);
  });

  it('an infinitely wide student', () => {
    expect(printModel(model({ ...reference, student: student({ width: Infinity, activation: activations.tanh }) }))).toContain(
      'student: width inf, activation tanh: tanh(z)',
    );
  });
});
