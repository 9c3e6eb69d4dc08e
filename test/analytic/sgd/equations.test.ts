import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activations, activationDerivatives, compileExpr, parseExpression } from '../../../src/dsl/index.js';
import { orThrow } from '../../../src/errors.js';
import {
  closedFormDynamics, covarianceNames, polynomialCoefficients, sgdDynamics, sgdEquationExprs, sgdPolynomials, wickDynamics,
} from '../../../src/analytic/sgd/equations.js';
import { quadratureDynamics, type QuadratureDynamics } from '../../../src/analytic/sgd/quadrature.js';
import { pairIndex, wickMoment } from '../../../src/analytic/sgd/wick.js';
import { sgdEquations } from '../../../src/sgd.js';
import { monteCarloSgd, polynomialActivation, randomOrderParameters, type PlainActivation } from './helpers.js';

/** Evaluate a CovPoly at a packed covariance. */
function evalMoment(e: number[], cov: (a: number, b: number) => number): number {
  const d = e.length;
  let s = 0;
  for (const t of wickMoment(e).values()) {
    let v = t.c;
    for (const f of t.f) {
      // invert pairIndex
      let a = 0;
      while (pairIndex(d, a, d - 1) < f) a++;
      const b = a + (f - pairIndex(d, a, a));
      v *= cov(a, b);
    }
    s += v;
  }
  return s;
}

describe('Wick moments', () => {
  const C = [
    [2, 0.3, -0.5, 0.1],
    [0.3, 1, 0.2, 0.4],
    [-0.5, 0.2, 1.5, -0.3],
    [0.1, 0.4, -0.3, 0.8],
  ];
  const cov = (a: number, b: number): number => C[a]![b]!;
  it('match the textbook Isserlis formulas', () => {
    expect(evalMoment([4, 0, 0, 0], cov)).toBeCloseTo(3 * 4, 14);
    expect(evalMoment([6, 0, 0, 0], cov)).toBeCloseTo(15 * 8, 12);
    expect(evalMoment([2, 2, 0, 0], cov)).toBeCloseTo(2 * 1 + 2 * 0.09, 14);
    expect(evalMoment([1, 1, 1, 1], cov)).toBeCloseTo(0.3 * -0.3 + -0.5 * 0.4 + 0.1 * 0.2, 14);
    expect(evalMoment([3, 1, 0, 0], cov)).toBeCloseTo(3 * 2 * 0.3, 14);
    expect(wickMoment([1, 2, 0, 0]).size).toBe(0); // odd moments vanish
  });
  it('the number of pairings of 2k distinct variables is (2k − 1)!!', () => {
    const all = (k: number): number => [...wickMoment(new Array<number>(2 * k).fill(1)).values()].reduce((s, t) => s + t.c, 0);
    expect([1, 2, 3, 4].map(all)).toEqual([1, 3, 15, 105]);
  });
});

describe('polynomial activations', () => {
  it('are recognized with their coefficients', () => {
    expect(polynomialCoefficients(activations.cube.expr)).toEqual([0, 0, 0, 1]);
    expect(polynomialCoefficients(orThrow(parseExpression('(z + 1)^2 - 1', ['z'])))).toEqual([0, 2, 1]);
    expect(polynomialCoefficients(activations.polynomial([0, 1, 0.5]).expr)).toEqual([0, 1, 0.5]);
    expect(polynomialCoefficients(activations.tanh.expr)).toBeUndefined();
    expect(polynomialCoefficients(orThrow(parseExpression('1/(1 + z^2)', ['z'])))).toBeUndefined();
  });
});

const shapes: readonly (readonly [number, number])[] = [[1, 1], [2, 1], [1, 2], [3, 2], [4, 2], [2, 3]];

describe('the Wick derivation equals the closed matrix form of the quadratic network', () => {
  it('to 1e-12 (relative) over random realizable Q, R, shapes and learning rates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.2, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }), (s, seed, scale, eta) => {
        const [p, pstar] = shapes[s]!;
        const { state } = randomOrderParameters(p, pstar, seed, scale);
        const cf = closedFormDynamics(p, pstar);
        const wk = wickDynamics(sgdPolynomials(p, pstar, [0, 0, 1], [0, 0, 1]));
        const a = new Float64Array(state.length);
        const b = new Float64Array(state.length);
        cf.rhs(eta, state, a);
        wk.rhs(eta, state, b);
        const size = Math.max(...a.map(Math.abs), 1e-300);
        for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(1e-12 * size);
        expect(Math.abs(cf.risk(state) - wk.risk(state))).toBeLessThanOrEqual(1e-12 * cf.risk(state));
      }),
      { numRuns: 40 },
    );
  });
});

describe('the quadrature route equals the Wick route for polynomial activations', () => {
  const cases = [
    { name: 'cube student on square teacher, p = 2, p* = 1', p: 2, pstar: 1, s: activations.cube, t: activations.square },
    { name: 'z + z²/2 student on cube teacher, p = 1, p* = 2', p: 1, pstar: 2, s: activations.polynomial([0, 1, 0.5]), t: activations.cube },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ds = orThrow(activationDerivatives(c.s));
      const quad = orThrow(quadratureDynamics(c.p, c.pstar, ds.value, ds.first, c.t.expr, { nodesPerDimension: 12, maxProductNodes: 5000 }));
      expect(quad.route).toBe('gauss-hermite'); // 12 nodes per dimension integrate degree ≤ 23 exactly
      const wick = orThrow(sgdDynamics(c.p, c.pstar, c.s, c.t));
      expect(wick.route).toBe('wick');
      const { state } = randomOrderParameters(c.p, c.pstar, 3, 0.9);
      const a = new Float64Array(state.length);
      const b = new Float64Array(state.length);
      quad.rhs(0.7, state, a);
      wick.rhs(0.7, state, b);
      const size = Math.max(...b.map(Math.abs));
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(1e-11 * size);
      expect(Math.abs(quad.risk(state) - wick.risk(state))).toBeLessThanOrEqual(1e-11 * wick.risk(state));
    });
  }
});

describe('every expectation against a seeded Monte Carlo average, within its standard error', () => {
  const acts = [
    { name: 'square', c: [0, 0, 1], a: activations.square },
    { name: 'cube', c: [0, 0, 0, 1], a: activations.cube },
    { name: 'z + z²/2', c: [0, 1, 0.5], a: activations.polynomial([0, 1, 0.5]) },
  ];
  it('Wick route, random Q, R (positive definite covariance), activations and shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.3, max: 1.2, noNaN: true }),
        (s, is, it_, seed, scale) => {
          const [p, pstar] = shapes[s]!;
          const st = acts[is]!;
          const te = acts[it_]!;
          const { state } = randomOrderParameters(p, pstar, seed, scale);
          const dyn = orThrow(sgdDynamics(p, pstar, st.a, te.a));
          const out = new Float64Array(state.length);
          dyn.rhs(0.6, state, out);
          const exact = [dyn.risk(state), ...out];
          const mc = monteCarloSgd(p, pstar, polynomialActivation(st.c), polynomialActivation(te.c), state, 0.6, 20000, seed);
          // 4.5 standard errors: with ~15 components × 12 runs the chance of a false alarm is ~1e-3
          for (let k = 0; k < exact.length; k++) expect(Math.abs(exact[k]! - mc.mean[k]!)).toBeLessThanOrEqual(4.5 * mc.se[k]! + 1e-12);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('Gauss–Hermite and QMC routes for tanh (non-polynomial) agree with each other and with Monte Carlo', () => {
    const p = 2, pstar = 1;
    const ds = orThrow(activationDerivatives(activations.tanh));
    const gh = orThrow(quadratureDynamics(p, pstar, ds.value, ds.first, activations.tanh.expr, { nodesPerDimension: 20, maxProductNodes: 10000 }));
    const qmc = orThrow(quadratureDynamics(p, pstar, ds.value, ds.first, activations.tanh.expr, { maxProductNodes: 10, qmcPoints: 4096, replicates: 8, seed: 5 }));
    expect(gh.route).toBe('gauss-hermite');
    expect(qmc.route).toBe('qmc');
    const { state } = randomOrderParameters(p, pstar, 17, 1);
    const a = new Float64Array(state.length);
    const b = new Float64Array(state.length);
    gh.rhs(0.5, state, a);
    qmc.rhs(0.5, state, b);
    const se = qmc.errorEstimate(0.5, state);
    const ghErr = gh.errorEstimate(0.5, state);
    const ghAll = [gh.risk(state), ...a];
    const qmcAll = [qmc.risk(state), ...b];
    for (let k = 0; k < ghAll.length; k++) {
      expect(se[k]!).toBeGreaterThan(0);
      expect(Math.abs(ghAll[k]! - qmcAll[k]!)).toBeLessThanOrEqual(4.5 * se[k]! + ghErr[k]!);
    }
    const tanh: PlainActivation = { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 };
    const mc = monteCarloSgd(p, pstar, tanh, tanh, state, 0.5, 40000, 23);
    for (let k = 0; k < ghAll.length; k++) expect(Math.abs(ghAll[k]! - mc.mean[k]!)).toBeLessThanOrEqual(4.5 * mc.se[k]! + ghErr[k]!);
  });
});

describe('the quadrature route against Monte Carlo (non-polynomial activations)', () => {
  const erfPlain: PlainActivation = {
    f: (x) => {
      // Abramowitz–Stegun 7.1.26 is too coarse; integrate the density by Simpson instead (independent of the library)
      const n = 200, h = x / n;
      let s = 0;
      for (let k = 0; k <= n; k++) s += (k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2) * Math.exp(-((k * h) ** 2));
      return ((2 / Math.sqrt(Math.PI)) * s * h) / 3;
    },
    df: (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x),
  };
  const tanhPlain: PlainActivation = { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 };
  it('random Q, R, shapes; erf or tanh student and teacher', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.4, max: 1.5, noNaN: true }), (s, useErf, seed, scale) => {
        const [p, pstar] = shapes[s]!;
        const act = useErf ? activations.erf : activations.tanh;
        const dyn = orThrow(sgdDynamics(p, pstar, act, act)) as QuadratureDynamics;
        expect(dyn.route).toBe(p + pstar <= 4 ? 'gauss-hermite' : 'qmc');
        const { state } = randomOrderParameters(p, pstar, seed, scale);
        const out = new Float64Array(state.length);
        dyn.rhs(0.8, state, out);
        const exact = [dyn.risk(state), ...out];
        const mc = monteCarloSgd(p, pstar, useErf ? erfPlain : tanhPlain, useErf ? erfPlain : tanhPlain, state, 0.8, 8000, seed);
        // the cubature's own error estimate (QMC: a standard error; product rule: the half-node difference) adds
        // to the Monte Carlo standard error; both must be honest for this to hold (with 4.5 on the half-node
        // difference, a bound on the error of the coarser rule, the check is conservative for the product rule)
        const err = dyn.errorEstimate(0.8, state);
        for (let k = 0; k < exact.length; k++) expect(Math.abs(exact[k]! - mc.mean[k]!)).toBeLessThanOrEqual(4.5 * Math.hypot(mc.se[k]!, err[k]!) + 1e-12);
      }),
      { numRuns: 8 },
    );
  });
});

describe('the equations as DSL expressions', () => {
  it('print and evaluate to the hand-derived p = p* = 1 quadratic risk 3Q²/2 − QT − 2R² + 3T²/2', () => {
    const exprs = sgdEquationExprs(sgdPolynomials(1, 1, [0, 0, 1], [0, 0, 1]));
    const f = orThrow(compileExpr(exprs.risk, ['Q_11', 'R_11', 'T_11']));
    const [Q, R, T] = [0.7, 0.3, 1.1];
    expect(f(Float64Array.of(Q, R, T))).toBeCloseTo(1.5 * Q * Q - Q * T - 2 * R * R + 1.5 * T * T, 14);
    // dR/dt = −η E[δ ν], δ = 2(λ² − ν²)λ: −2η(3QR − RT − 2RT)... = 6ηR(T − Q) at p = p* = 1
    const g = orThrow(compileExpr(exprs.dR[0]!, ['Q_11', 'R_11', 'T_11', 'eta']));
    expect(g(Float64Array.of(Q, R, T, 0.4))).toBeCloseTo(6 * 0.4 * R * (T - Q), 14);
    const text = orThrow(sgdEquations({ p: 1, pstar: 1 }, 'text'));
    expect(text.risk).toContain('Q_11');
    const latex = orThrow(sgdEquations({ p: 2, pstar: 1 }, 'latex'));
    expect(latex.dQ[1]).toContain('Q_{12}');
    expect(latex.dQ[1]).toBe(latex.dQ[2]);
  });
  it('name the covariance entries Q_ij, R_ik, T_kl', () => {
    expect(covarianceNames(2, 1)).toEqual(['Q_11', 'Q_12', 'R_11', 'Q_22', 'R_21', 'T_11']);
  });
  it('refuse non-polynomial activations for the symbolic route, naming them', () => {
    const r = sgdEquations({ p: 1, pstar: 1, student: activations.tanh });
    expect(E.isLeft(r) && r.left.message).toMatch(/student\.activation = "tanh"/);
  });
});
