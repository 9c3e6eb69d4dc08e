import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpr } from '../../../src/dsl/index.js';
import { orThrow } from '../../../src/errors.js';
import {
  explicitLandscapeCounts, landscapeCounts, landscapeWeights, plateauClosedForm, plateauExprs, polarFactor, solutionFromPolar,
  weightRisk, weightRiskHessianVector,
} from '../../../src/analytic/sgd/analysis.js';
import { closedFormDynamics, sgdPolynomials, wickDynamics } from '../../../src/analytic/sgd/equations.js';
import { quadraticRisk } from '../../../src/analytic/sgd/quadratic.js';
import { solveOde } from '../../../src/numeric/ode/dormandPrince.js';
import { createRng } from '../../../src/numeric/random.js';

const plateauCases = [
  { p: 1, pstar: 1, eta: 0.1 },
  { p: 2, pstar: 1, eta: 0.25 },
  { p: 4, pstar: 2, eta: 1 },
  { p: 6, pstar: 3, eta: 1.5 },
  { p: 3, pstar: 5, eta: 0.2 },
];

describe('plateau closed forms against the integrated ODE', () => {
  for (const c of plateauCases) {
    it(`p = ${c.p}, p* = ${c.pstar}, η = ${c.eta}: norm fixed point, plateau risk, growth rate`, () => {
      const { p, pstar, eta } = c;
      const cf = plateauClosedForm(p, pstar, eta, 1000);
      expect(cf.qStar).not.toBeNull();
      const n = p * p + p * pstar;
      // the Wick route (independent of the closed form) vanishes at the fixed point
      const wick = wickDynamics(sgdPolynomials(p, pstar, [0, 0, 1], [0, 0, 1]));
      const at = new Float64Array(n);
      for (let i = 0; i < p; i++) at[i * p + i] = cf.qStar!;
      const rhs = new Float64Array(n);
      wick.rhs(eta, at, rhs);
      expect(Math.max(...rhs.map(Math.abs))).toBeLessThan(1e-12);
      expect(Math.abs(wick.risk(at) - cf.plateauRisk!)).toBeLessThan(1e-12);
      // integrate from Q = I, R = 0: the norm relaxes to qStar
      const dyn = closedFormDynamics(p, pstar);
      const y0 = new Float64Array(n);
      for (let i = 0; i < p; i++) y0[i * p + i] = 1;
      const settle = 60 / -cf.normRelaxationRate!;
      const r = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y0, Float64Array.of(settle), { rtol: 1e-12, atol: 1e-15 });
      expect(Math.abs(r.yEnd[0]! - cf.qStar!)).toBeLessThan(1e-9);
      // a tiny R grows as e^{g t}
      const y1 = Float64Array.from(at);
      const rng = createRng(4, 0);
      for (let a = 0; a < p * pstar; a++) y1[p * p + a] = 1e-8 * rng.normal();
      const T = 3 / cf.growthRate!;
      const r2 = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y1, Float64Array.of(T), { rtol: 1e-12, atol: 1e-22 });
      const norm = (v: Float64Array): number => Math.hypot(...v.subarray(p * p));
      expect(Math.abs(Math.log(norm(r2.yEnd) / norm(y1)) / T - cf.growthRate!)).toBeLessThan(1e-6 * cf.growthRate!);
      // small η: qStar → p/(p + 2), g → 4η/(p p*)
      const small = plateauClosedForm(p, pstar, 1e-7, 1000);
      expect(Math.abs(small.qStar! - p / (p + 2))).toBeLessThan(1e-6);
      expect(Math.abs(small.growthRate! / ((4 * 1e-7) / (p * pstar)) - 1)).toBeLessThan(1e-5);
    });
  }

  it('F(q, ρ) and risk(q, ρ) equal the matrix form at Q = qI, RRᵀ = ρI (p ≤ p*: R = √ρ [I 0])', () => {
    const p = 2, pstar = 3, eta = 0.7;
    const { F, risk } = plateauExprs(p, pstar);
    const f = orThrow(compileExpr(F, ['q', 'rho', 'eta']));
    const rk = orThrow(compileExpr(risk, ['q', 'rho', 'eta']));
    const dyn = closedFormDynamics(p, pstar);
    for (const [q, rho] of [[0.8, 0.1], [1.3, 0.4], [0.5, 0.02]] as const) {
      const y = new Float64Array(p * p + p * pstar);
      for (let i = 0; i < p; i++) {
        y[i * p + i] = q;
        y[p * p + i * pstar + i] = Math.sqrt(rho);
      }
      const out = new Float64Array(y.length);
      dyn.rhs(eta, y, out);
      expect(out[0]!).toBeCloseTo(f(Float64Array.of(q, rho, eta)), 13);
      expect(out[1]!).toBeCloseTo(0, 14);
      expect(quadraticRisk(p, pstar, y)).toBeCloseTo(rk(Float64Array.of(q, rho, eta)), 13);
    }
  });

  it('the predicted average relative risk reduction A·e^{2gt} matches the ODE averaged over random R(0)', () => {
    for (const { p, pstar, eta } of [{ p: 2, pstar: 3, eta: 0.3 }, { p: 4, pstar: 2, eta: 1 }]) {
      const n = 1e8;
      const cf = plateauClosedForm(p, pstar, eta, n);
      const dyn = closedFormDynamics(p, pstar);
      const T = Math.log(1e-3 / cf.riskReductionPrefactor!) / (2 * cf.growthRate!); // reduction ≈ 1e-3 at T
      const ratios: number[] = [];
      for (let seed = 0; seed < 24; seed++) {
        const rng = createRng(seed, 3);
        const y0 = new Float64Array(p * p + p * pstar);
        for (let i = 0; i < p; i++) y0[i * p + i] = cf.qStar!;
        for (let a = 0; a < p * pstar; a++) y0[p * p + a] = rng.normal() / Math.sqrt(n);
        const r = solveOde((_t, y, d) => dyn.rhs(eta, y, d), 0, y0, Float64Array.of(T), { rtol: 1e-12, atol: 1e-20 });
        ratios.push((cf.plateauRisk! - dyn.risk(r.yEnd)) / cf.plateauRisk! / Math.exp(2 * cf.growthRate! * T));
      }
      const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
      const se = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1) / ratios.length);
      // the transient of the norm response (rate |∂F/∂q|) and O(1e-3) nonlinear terms: 2% systematic allowance
      expect(Math.abs(mean - cf.riskReductionPrefactor!)).toBeLessThanOrEqual(4.5 * se + 0.02 * cf.riskReductionPrefactor!);
    }
  });
});

describe('solutions', () => {
  it('the polar factor has orthonormal columns; the solution has zero risk, Q = RRᵀ, RᵀR = (p/p*) I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1e6 }), (pstar, extra, seed) => {
        const p = pstar + extra;
        const rng = createRng(seed, 1);
        const R = Float64Array.from({ length: p * pstar }, () => rng.normal() * 0.1);
        const o = polarFactor(R, p, pstar)!;
        for (let k = 0; k < pstar; k++) for (let l = 0; l < pstar; l++) {
          let v = 0;
          for (let i = 0; i < p; i++) v += o[i * pstar + k]! * o[i * pstar + l]!;
          expect(v).toBeCloseTo(k === l ? 1 : 0, 12);
        }
        const sol = solutionFromPolar(o, p, pstar);
        const y = new Float64Array(p * p + p * pstar);
        y.set(sol.Q);
        y.set(sol.R, p * p);
        expect(Math.abs(quadraticRisk(p, pstar, y))).toBeLessThan(1e-13);
        // closest: no other point √(p/p*) O' W* of the manifold is nearer to W₀ (distance² = tr Q₀ + p − 2√(p/p*) tr(O'ᵀR₀))
        const overlap = (oo: Float64Array): number => oo.reduce((s, v, a) => s + v * R[a]!, 0);
        for (let trial = 0; trial < 5; trial++) {
          const other = polarFactor(Float64Array.from({ length: p * pstar }, () => rng.normal()), p, pstar)!;
          expect(overlap(other)).toBeLessThanOrEqual(overlap(o) + 1e-14);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('a rank-deficient R has no polar factor', () => {
    expect(polarFactor(Float64Array.of(1, 2, 2, 4), 2, 2)).toBeUndefined();
  });
});

describe('landscape: closed-form eigenvalue counts against the explicit pN × pN Hessian', () => {
  const cases: readonly (readonly [number, number, number])[] = [
    [6, 1, 1], [8, 2, 1], [8, 3, 2], [9, 2, 2], [10, 4, 2], [7, 2, 3],
  ];
  for (const [n, p, pstar] of cases) {
    for (const point of ['origin', 'plateau', 'solution'] as const) {
      if (point === 'solution' && p < pstar) continue;
      it(`N = ${n}, p = ${p}, p* = ${pstar} at the ${point}`, () => {
        const explicit = explicitLandscapeCounts(n, p, pstar, point, createRng(n * 100 + p * 10 + pstar, 0));
        const closed = landscapeCounts(n, p, pstar, point);
        expect({ ...explicit, eigenvalueRange: undefined }).toEqual({ ...closed, eigenvalueRange: undefined });
        expect(explicit.negative + explicit.null + explicit.positive).toBe(p * n);
      });
    }
  }

  it('the Hessian-vector product equals central differences of the weight risk, which equals the order-parameter risk', () => {
    const n = 7, p = 3, pstar = 2;
    const rng = createRng(9, 0);
    const x = landscapeWeights(n, p, pstar, 'solution', rng);
    const w = x.w.map((v) => v + 0.3 * rng.normal()); // a generic point
    const pt = { ...x, w };
    // the risk of the weights is the population risk of their Q, R
    const Q = new Float64Array(p * p), R = new Float64Array(p * pstar);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) for (let a = 0; a < n; a++) Q[i * p + j]! += (w[i * n + a]! * w[j * n + a]!) / n;
      for (let k = 0; k < pstar; k++) for (let a = 0; a < n; a++) R[i * pstar + k]! += (w[i * n + a]! * x.wStar[k * n + a]!) / n;
    }
    const y = new Float64Array(p * p + p * pstar);
    y.set(Q);
    y.set(R, p * p);
    expect(weightRisk(w, x.wStar, n, p, pstar)).toBeCloseTo(quadraticRisk(p, pstar, y), 13);
    const u = Float64Array.from({ length: p * n }, () => rng.normal());
    const v = Float64Array.from({ length: p * n }, () => rng.normal());
    const h = 1e-3;
    const L = (a: number, b: number): number => weightRisk(w.map((t, k) => t + a * u[k]! + b * v[k]!), x.wStar, n, p, pstar);
    const fd = (L(h, h) - L(h, -h) - L(-h, h) + L(-h, -h)) / (4 * h * h);
    const hv = weightRiskHessianVector(pt, v, n, p, pstar);
    const exact = hv.reduce((s, t, k) => s + t * u[k]!, 0);
    // the risk is a quartic polynomial: the central difference is exact up to O(h²)·(4th derivative) and round-off
    expect(Math.abs(fd - exact)).toBeLessThan(1e-5 * Math.max(1, Math.abs(exact)));
  });
});
