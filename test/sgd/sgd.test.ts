import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activations } from '../../src/dsl/index.js';
import { orThrow } from '../../src/errors.js';
import {
  populationRisk, predictedSolution, sgdEscape, sgdInitialCondition, sgdLandscape, sgdOde, sgdPlateau, type OrderParameters,
} from '../../src/sgd.js';

const frob = (a: readonly number[], b: readonly number[]): number => Math.hypot(...a.map((v, k) => v - b[k]!));
const message = <A>(r: E.Either<{ message: string }, A>): string => (E.isLeft(r) ? r.left.message : 'no error');

describe('implicit bias: the conserved polar factor and the closest solution', () => {
  it('the polar factor of R stays constant along the ODE and the run ends at predictedSolution (random R(0), p ≥ p*)', () => {
    const shapes = [[1, 1], [2, 1], [2, 2], [3, 2], [4, 2], [3, 3]] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), (s, seed, q0) => {
        const [p, pstar] = shapes[s]!;
        const eta = 0.15 * p;
        const start = orThrow(sgdInitialCondition({ p, pstar, q0, n: 500, seed }));
        const run = orThrow(sgdOde({ p, pstar }, { eta, initial: start, tMax: 4000, times: [0, 100, 1000, 4000] }));
        expect(run.divergence).toBeNull();
        // conserved to integration accuracy (rtol 1e-9)
        expect(Math.max(...run.conservedDrift!)).toBeLessThan(1e-7);
        // converges to the predicted point: the distance in R falls (at least like 1/t when p > p*) and is small
        const sol = run.predictedSolution!;
        const dR = run.R.map((r) => frob(r, sol.R));
        expect(dR[3]!).toBeLessThan(Math.max(0.35 * dR[2]!, 1e-8)); // (exponential for p = p*, down to the tolerance)
        expect(dR[3]!).toBeLessThan(2e-3);
        expect(run.risk[3]!).toBeLessThan(1e-6);
      }),
      { numRuns: 10 },
    );
  });

  it('the conservation law needs Q(0) ∝ I: a generic Q(0) rotates the polar factor (the check can fail)', () => {
    const start = orThrow(sgdInitialCondition({ p: 3, pstar: 2, q0: [[1, 0.2, 0], [0.2, 0.6, 0.1], [0, 0.1, 0.9]], n: 500, seed: 4 }));
    const run = orThrow(sgdOde({ p: 3, pstar: 2 }, { eta: 0.45, initial: start, tMax: 300, points: 4 }));
    expect(Math.max(...run.conservedDrift!)).toBeGreaterThan(1e-3);
  });

  it('predictedSolution: the closest point for a hand example, zero risk there', () => {
    const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, q0: 1, r0: [[0.03], [0.04]] }));
    const sol = orThrow(predictedSolution(start));
    expect(sol.polarFactor[0]).toBeCloseTo(0.6, 14);
    expect(sol.polarFactor[1]).toBeCloseTo(0.8, 14);
    expect(sol.R[0]).toBeCloseTo(0.6 * Math.SQRT2, 14);
    expect(sol.Q).toEqual([0.72, 0.96, 0.96, 1.28].map((v) => expect.closeTo(v, 13)));
    // |W₀ − W_sol|²/N = tr Q₀ + p − 2√(p/p*) tr(OᵀR₀) = 2 + 2 − 2√2·0.05
    expect(sol.distance).toBeCloseTo(Math.sqrt(4 - 2 * Math.SQRT2 * 0.05), 14);
    const at: OrderParameters = { p: 2, pstar: 1, Q: Float64Array.from(sol.Q), R: Float64Array.from(sol.R) };
    expect(Math.abs(orThrow(populationRisk({ p: 2, pstar: 1 }, at)))).toBeLessThan(1e-14);
  });
});

describe('population risk', () => {
  it('at Q = q I, R = 0 equals the hand value ½[(q − 1)² + 2q²/p + 2/p*] (quadratic network)', () => {
    for (const [p, pstar, q] of [[1, 1, 1], [3, 2, 0.7], [5, 4, 1.3]] as const) {
      const Q = new Float64Array(p * p);
      for (let i = 0; i < p; i++) Q[i * p + i] = q;
      const r = orThrow(populationRisk({ p, pstar }, { p, pstar, Q, R: new Float64Array(p * pstar) }));
      expect(r).toBeCloseTo(0.5 * ((q - 1) ** 2 + (2 * q * q) / p + 2 / pstar), 14);
    }
  });
  it('of a DSL model uses its networks', () => {
    const Q = Float64Array.of(1);
    const R = Float64Array.of(0);
    // cube student, square teacher, p = p* = 1, λ ⟂ ν: ½E[(λ³ − ν²)²] = ½(15 + 3) = 9
    expect(orThrow(populationRisk({ p: 1, pstar: 1, student: activations.cube }, { p: 1, pstar: 1, Q, R }))).toBeCloseTo(9, 14);
  });
});

describe('sgdOde', () => {
  it('integrates non-quadratic polynomial (Wick) and non-polynomial (quadrature) models, the risk decreasing', () => {
    const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, q0: 0.5, n: 200, seed: 2 }));
    for (const student of [activations.polynomial([0, 1, 0.5]), activations.erf]) {
      const run = orThrow(sgdOde({ p: 2, pstar: 1, student, teacher: student }, { eta: 0.3, initial: start, tMax: 20, points: 5, rtol: 1e-6 }));
      expect(run.divergence).toBeNull();
      expect(run.route).toBe(student === activations.erf ? 'gauss-hermite' : 'wick');
      expect(run.risk[4]!).toBeLessThan(run.risk[0]!);
      if (student === activations.erf) expect(run.quadratureError!).toBeLessThan(1e-4); // the 15-node rule vs the 31-node one
      else expect(run.quadratureError).toBeNull();
    }
  });

  it('a learning rate too large is divergence with its time, never NaN', () => {
    const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, n: 1000, seed: 1 }));
    const run = orThrow(sgdOde({ p: 2, pstar: 1 }, { eta: 5, initial: start, tMax: 100, points: 11 }));
    expect(run.divergence).not.toBeNull();
    expect(run.divergence!.time).toBeGreaterThanOrEqual(0);
    expect(run.divergence!.time).toBeLessThan(100);
    expect(run.divergence!.message).toMatch(/eta = 5 is too large/);
    const text = JSON.stringify(run);
    expect(text).not.toMatch(/null,null|NaN/);
    expect([...run.risk, ...run.Q.flat(), ...run.R.flat()].every(Number.isFinite)).toBe(true);
    expect(run.t.every((t) => t <= run.divergence!.time)).toBe(true);
  });

  it('stops at a risk level (terminal event) and reports the time', () => {
    const start = orThrow(sgdInitialCondition({ p: 2, pstar: 1, n: 1000, seed: 1 }));
    const full = orThrow(sgdOde({ p: 2, pstar: 1 }, { eta: 0.3, initial: start, tMax: 400, points: 4001, rtol: 1e-11, atol: 1e-14 }));
    const stopped = orThrow(sgdOde({ p: 2, pstar: 1 }, { eta: 0.3, initial: start, tMax: 400, stopAtRisk: 0.1, rtol: 1e-11, atol: 1e-14 }));
    const k = full.risk.findIndex((r) => r <= 0.1);
    expect(k).toBeGreaterThan(0);
    expect(stopped.stoppedAt!).toBeGreaterThan(full.t[k - 1]!);
    expect(stopped.stoppedAt!).toBeLessThanOrEqual(full.t[k]!);
  });

  it('rejects singular and malformed input, naming the parameter and value', () => {
    expect(message(sgdInitialCondition({ p: 2, pstar: 1, q0: [[1, 2], [2, 1]] }))).toMatch(/Q\(0\) = \[\[1,2\],\[2,1\]\]: expected a positive definite/);
    expect(message(sgdInitialCondition({ p: 2, pstar: 1, q0: -1 }))).toMatch(/q0 = -1/);
    expect(message(sgdInitialCondition({ p: 3, pstar: 2, r0: [[1, 2]] }))).toMatch(/R\(0\) = \[\[1,2\]\]: expected a 3×2 matrix/);
    expect(message(sgdInitialCondition({ p: 1, pstar: 1, q0: 1, r0: [[2]] }))).toMatch(/R\(0\) = \[\[2\]\].*Q − R Rᵀ positive semi-definite/);
    const start = orThrow(sgdInitialCondition({ p: 2, pstar: 3, n: 100, seed: 1 }));
    expect(message(predictedSolution(start))).toMatch(/invalid p = 2: expected p ≥ pstar = 3/);
    const s2 = orThrow(sgdInitialCondition({ p: 2, pstar: 1, n: 100, seed: 1 }));
    expect(message(sgdOde({ p: 2, pstar: 1 }, { eta: 0, initial: s2, tMax: 1 }))).toMatch(/eta = 0/);
    expect(message(sgdOde({ p: 2, pstar: 1 }, { eta: 1, initial: s2, tMax: -1 }))).toMatch(/tMax = -1/);
    expect(message(sgdOde({ p: 3, pstar: 1 }, { eta: 1, initial: s2, tMax: 1 }))).toMatch(/invalid initial/);
    expect(message(sgdLandscape({ p: 2, pstar: 3, n: 10, point: 'solution' }))).toMatch(/p = 2: expected p ≥ pstar = 3/);
    expect(message(sgdPlateau({ p: 2, pstar: 1, eta: 10 }))).toMatch(/eta = 10: expected η ≤ 0\.4/);
  });
});

describe('plateau, escape and landscape through the public API', () => {
  it('sgdPlateau: closed form and the integrated ODE agree', () => {
    const r = orThrow(sgdPlateau({ p: 4, pstar: 2, eta: 0.8 }));
    expect(Math.abs(r.numeric!.qStar - r.qStar)).toBeLessThan(1e-9);
    expect(Math.abs(r.numeric!.growthRate / r.growthRate - 1)).toBeLessThan(1e-6);
    expect(r.etaOptimalGrowth).toBeLessThan(r.etaMax);
    // the optimum is interior: the growth rate is smaller on both sides
    const g = (eta: number): number => orThrow(sgdPlateau({ p: 4, pstar: 2, eta, check: false })).growthRate;
    expect(g(r.etaOptimalGrowth)).toBeGreaterThan(g(0.9 * r.etaOptimalGrowth));
    expect(g(r.etaOptimalGrowth)).toBeGreaterThan(g(Math.min(1.05 * r.etaOptimalGrowth, r.etaMax)));
  });

  it('sgdEscape: escape from the plateau at rate g — the measured time matches the linearized prediction when started on the plateau', () => {
    const p = 4, pstar = 2, eta = 0.6;
    const pl = orThrow(sgdPlateau({ p, pstar, eta, n: 1e6, check: false }));
    const r = orThrow(sgdEscape({ pstar, p: [p], etas: [eta], n: 1e6, seeds: 12, seed: 3, q0: pl.qStar }));
    const pt = r.curves[0]!.points[0]!;
    expect(pt.escaped).toBe(12);
    // deep start (N = 1e6): the linear regime holds for most of the escape; the last stretch to half the
    // plateau risk is nonlinear and shifts the time by O(1/g) at most
    expect(Math.abs(pt.escapeTime! - pt.predictedEscapeTime!)).toBeLessThan(1 / pl.growthRate);
  });

  it('sgdEscape: the optimal η grows with p', () => {
    const r = orThrow(sgdEscape({ pstar: 1, p: [1, 3], etas: [0.1, 0.15, 0.2, 0.25, 0.3], etaPerP: true, n: 1000, seeds: 3 }));
    const [a, b] = r.curves.map((c) => c.optimalEta!);
    expect(b!).toBeGreaterThan(2 * a!);
    expect(r.optimalEtaSlope!).toBeGreaterThan(0);
  });

  it('sgdLandscape with check agrees with the explicit Hessian', () => {
    for (const point of ['origin', 'plateau', 'solution'] as const) {
      const r = orThrow(sgdLandscape({ p: 3, pstar: 2, n: 9, point, check: true, seed: 5 }));
      expect(r.check!.agrees).toBe(true);
      expect(r.negative + r.null + r.positive).toBe(27);
    }
  });
});
