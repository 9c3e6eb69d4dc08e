import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  binaryFreeEntropies, binarySaddlePointEquations, compileFreeEntropy, freeEntropy, gaussianIntegral, printFreeEntropy,
  saddlePointEquations, solveBinaryFreeEntropy, type CompiledFreeEntropy,
} from '../../src/dsl/freeEntropy.js';
import { add, call, differentiate, evaluateExpr, mul, parseExpression, pow, sub, sym } from '../../src/dsl/index.js';
import { solveStorage } from '../../src/analytic/binary/storage.js';
import { solveTeacherStudent } from '../../src/analytic/binary/teacherStudent.js';
import { solveRandomFeatures } from '../../src/analytic/binary/randomFeatures.js';

const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const gradientAt = (c: CompiledFreeEntropy, x: number[]): number[] => {
  const g = new Float64Array(x.length);
  c.gradient(Float64Array.from(x), g);
  return [...g];
};

describe('Gaussian-tail functions in the registry', () => {
  it('H, logH, GH, normpdf, log2cosh differentiate symbolically to their central differences (property)', () => {
    const x = sym('x');
    fc.assert(fc.property(fc.double({ min: -6, max: 8, noNaN: true }), fc.constantFrom('H', 'logH', 'GH', 'normpdf', 'log2cosh'), (v, f) => {
      const d = right(evaluateExpr(right(differentiate(call(f, x), 'x')), { x: v }));
      const h = 1e-5;
      const fd = (right(evaluateExpr(call(f, x), { x: v + h })) - right(evaluateExpr(call(f, x), { x: v - h }))) / (2 * h);
      expect(Math.abs(d - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(d)));
    }), { numRuns: 60 });
  });
});

describe('free entropies of THEORY §9 in the DSL', () => {
  it('the symbolic saddle-point equations vanish at the hand-derived solvers\u2019 solutions, and φ agrees (storage, teacher–student, RF with tanh)', () => {
    const s = solveStorage({ alpha: 0.6, kappa: 0.4 });
    const cs = right(compileFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.6, kappa: 0.4 }));
    for (const g of gradientAt(cs, [s.q, s.qHat])) expect(Math.abs(g)).toBeLessThan(1e-12);
    expect(Math.abs(cs.phi(Float64Array.of(s.q, s.qHat)) - s.phi)).toBeLessThan(1e-13);

    const t = solveTeacherStudent({ alpha: 1.1, kappa: 0.3 });
    const ct = right(compileFreeEntropy(binaryFreeEntropies.teacherStudent(), { alpha: 1.1, kappa: 0.3 }));
    for (const g of gradientAt(ct, [t.q, t.qHat, t.R, t.RHat])) expect(Math.abs(g)).toBeLessThan(1e-12);
    expect(Math.abs(ct.phi(Float64Array.of(t.q, t.qHat, t.R, t.RHat)) - t.phi)).toBeLessThan(1e-13);

    // the activation is a variant stated through μ₁, μ_* only
    const r = solveRandomFeatures({ alpha: 0.4, alphaD: 3, kappa: 0.2, activation: 'tanh' });
    const cr = right(compileFreeEntropy(binaryFreeEntropies.randomFeatures(), { alpha: 0.4, alphaD: 3, kappa: 0.2, mu1: r.features.mu1, muStar: r.features.muStar }));
    for (const g of gradientAt(cr, [r.q, r.qHat, r.P, r.p, r.R])) expect(Math.abs(g)).toBeLessThan(1e-12);
    expect(Math.abs(cr.phi(Float64Array.of(r.q, r.qHat, r.P, r.p, r.R)) - r.phi)).toBeLessThan(1e-13);
  });

  it('the generic Newton solver on the compiled equations finds the storage and teacher–student saddle points from rough starts', () => {
    const s = right(solveBinaryFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }, { q: 0.5, qhat: 1 }));
    const ref = solveStorage({ alpha: 0.5, kappa: 0 });
    expect(Math.abs(s.values['q']! - ref.q)).toBeLessThan(1e-11);
    expect(Math.abs(s.phi - ref.phi)).toBeLessThan(1e-13);
    const t = right(solveBinaryFreeEntropy(binaryFreeEntropies.teacherStudent(), { alpha: 1, kappa: 0 }, { q: 0.5, qhat: 1, R: 0.5, Rhat: 1 }));
    // Nishimori at κ = 0, which nothing in the DSL imposes
    expect(Math.abs(t.values['q']! - t.values['R']!)).toBeLessThan(1e-10);
    expect(Math.abs(t.phi - solveTeacherStudent({ alpha: 1, kappa: 0 }).phi)).toBeLessThan(1e-12);
  });

  it('a user variant without solver code: the storage problem with a ±1 prior biased by a field h', () => {
    // solutions weighted by e^{h Σw}: ∫Dz log 2cosh(√q̂ z + h); as α → 0 the weights decouple, ⟨w⟩ = tanh h,
    // so q → tanh² h and φ → log 2cosh h
    const qhat = sym('qhat');
    const biased = right(freeEntropy({
      name: 'biased storage',
      orderParameters: ['q', 'qhat'],
      parameters: ['alpha', 'kappa', 'h'],
      terms: [
        mul(-0.5, qhat, sub(1, sym('q'))),
        gaussianIntegral('z', call('log2cosh', add(mul(pow(qhat, 0.5), sym('z')), sym('h')))),
        binaryFreeEntropies.storage().terms[2]!,
      ],
    }));
    for (const h of [0.3, 0.8]) {
      const alpha = 1e-5;
      const s = right(solveBinaryFreeEntropy(biased, { alpha, kappa: 0, h }, { q: Math.tanh(h) ** 2, qhat: alpha }));
      expect(Math.abs(s.values['q']! - Math.tanh(h) ** 2)).toBeLessThan(10 * alpha);
      expect(Math.abs(s.phi - Math.log(2 * Math.cosh(h)))).toBeLessThan(10 * alpha);
    }
    // and at h = 0 it is the storage problem
    const s0 = right(solveBinaryFreeEntropy(biased, { alpha: 0.5, kappa: 0, h: 0 }, { q: 0.3, qhat: 0.6 }));
    expect(Math.abs(s0.phi - solveStorage({ alpha: 0.5, kappa: 0 }).phi)).toBeLessThan(1e-12);
  });

  it('nests integrals and differentiates under them: ∫Dx ∫Dy (a x + y)² = a² + 1; integrands may be parsed text', () => {
    const nested = right(freeEntropy({
      name: 'nested',
      orderParameters: ['a'],
      parameters: [],
      terms: [gaussianIntegral('x', gaussianIntegral('y', pow(add(mul(sym('a'), sym('x')), sym('y')), 2)))],
    }));
    const c = right(compileFreeEntropy(nested, {}));
    expect(Math.abs(c.phi(Float64Array.of(0.7)) - 1.49)).toBeLessThan(1e-13);
    expect(Math.abs(gradientAt(c, [0.7])[0]! - 1.4)).toBeLessThan(1e-13);
    // the same integrand typed as text (the functions are known to the parser)
    const parsed = right(parseExpression('log2cosh(b*z) + logH(-b*z)', ['b', 'z']));
    const p = right(compileFreeEntropy(right(freeEntropy({ name: 'parsed', orderParameters: ['b'], parameters: [], terms: [gaussianIntegral('z', parsed)] })), {}));
    const direct = right(compileFreeEntropy(right(freeEntropy({
      name: 'direct', orderParameters: ['b'], parameters: [],
      terms: [gaussianIntegral('z', call('log2cosh', mul(sym('b'), sym('z')))), gaussianIntegral('z', call('logH', mul(-1, sym('b'), sym('z'))))],
    })), {}));
    expect(Math.abs(p.phi(Float64Array.of(0.8)) - direct.phi(Float64Array.of(0.8)))).toBeLessThan(1e-14);
  });

  it('prints φ and ∂φ/∂x = 0 as text and LaTeX', () => {
    expect(printFreeEntropy(binaryFreeEntropies.storage())).toBe(
      'phi(q, qhat) = -0.5*qhat*(-q + 1) + ∫Dz [ log2cosh(qhat^0.5*z) ] + alpha*∫Dt [ logH((kappa - q^0.5*t)/(-q + 1)^0.5) ]',
    );
    const text = right(binarySaddlePointEquations('storage', 'text'));
    expect(text.equations.map((e) => e.variable)).toEqual(['q', 'qhat']);
    expect(text.equations[1]!.equation).toBe('dphi/dqhat = -0.5*(-q + 1) + ∫Dz [ 0.5*tanh(qhat^0.5*z)*z/qhat^0.5 ] = 0');
    const latex = right(binarySaddlePointEquations('random-features', 'latex'));
    expect(latex.equations).toHaveLength(5);
    expect(latex.phi).toContain('\\int Dt\\,');
    expect(latex.equations[0]!.equation.startsWith('\\frac{\\partial \\phi}{\\partial q} = ')).toBe(true);
  });

  it('names bad input: an unknown symbol, a missing parameter value, a missing start value, a bad model', () => {
    const bad = freeEntropy({ name: 'bad', orderParameters: ['q'], parameters: [], terms: [mul(sym('q'), sym('w'))] });
    expect(E.isLeft(bad) && bad.left.message).toMatch(/invalid symbol in terms\[0\]\.coefficient = "w"/);
    const c = compileFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5 });
    expect(E.isLeft(c) && c.left.message).toMatch(/invalid kappa = undefined/);
    const s = solveBinaryFreeEntropy(binaryFreeEntropies.storage(), { alpha: 0.5, kappa: 0 }, { q: 0.5 });
    expect(E.isLeft(s) && s.left.message).toMatch(/invalid start.qhat/);
    const m = binarySaddlePointEquations('nope' as never);
    expect(E.isLeft(m) && m.left.message).toMatch(/invalid model = "nope"/);
    expect(E.isRight(saddlePointEquations(binaryFreeEntropies.teacherStudent()))).toBe(true);
  });
});
