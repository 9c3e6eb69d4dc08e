// The finite-N SGD simulator: reproducible per seed, divergence reported with its time, and the seed-averaged
// simulation against the N → ∞ ODEs (small seeded version of scripts/validateSgd.ts).
//
// References: for the quadratic network the matrix-form ODE derived independently in ./reference.ts; for a
// non-quadratic polynomial activation (σ = σ* = z + z³) the ODE side's right-hand side (src/analytic/sgd),
// integrated here by classical RK4 — itself checked against Monte Carlo expectations by the ODE side's tests.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { sgdDynamics } from '../../../src/analytic/sgd/equations.js';
import { activations, call, registerFunction, sym, type Activation } from '../../../src/dsl/index.js';
import { sgdSeedAverage, sgdSimulate, type SgdSeedAverage, type SgdSimulationOptions, type SgdSimulationRun } from '../../../src/numeric/sgd/index.js';
import { integrateQuadratic, quadraticRisk } from './reference.js';

const right = <A,>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const identity = (p: number, q = 1) => Float64Array.from({ length: p * p }, (_, k) => (k % (p + 1) === 0 ? q : 0));

const QUADRATIC: SgdSimulationOptions = {
  student: activations.square,
  teacher: activations.square,
  initial: { p: 3, pstar: 2, Q: identity(3), R: Float64Array.of(0.3, 0.2, -0.2, 0.3, 0.25, -0.25) },
  n: 300,
  eta: 0.5,
  times: [0, 0.5, 1],
  seed: 1,
};

describe('one run', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = right(sgdSimulate(QUADRATIC));
    const b = right(sgdSimulate(QUADRATIC));
    const c = right(sgdSimulate({ ...QUADRATIC, seed: 2 }));
    expect(a).toEqual(b);
    expect(a.Q[2]).not.toEqual(c.Q[2]);
    expect(a.t).toEqual([0, 0.5, 1]);
    expect(a.steps).toEqual([0, 150, 300]);
  });

  it('records the risk given as a function of (Q, R)', () => {
    const { p, pstar } = QUADRATIC.initial;
    const run = right(sgdSimulate(QUADRATIC, (o) => quadraticRisk(p, pstar, o.Q, o.R)));
    expect(run.risk).toHaveLength(3);
    expect(run.risk[0]).toBeCloseTo(quadraticRisk(p, pstar, QUADRATIC.initial.Q, QUADRATIC.initial.R), 12);
  });

  it('a learning rate too large: divergence with its time, no NaN in the record', () => {
    const run = right(sgdSimulate({ ...QUADRATIC, eta: 8, times: [0, 1, 2, 5] }));
    expect(run.divergence).not.toBeNull();
    const d = run.divergence!;
    expect(d.t).toBeGreaterThan(0);
    expect(d.t).toBeLessThan(1);
    expect(d.t).toBe(d.step / QUADRATIC.n);
    expect(d.maxNorm).toBeGreaterThan(1e6);
    expect(run.t).toEqual([0]);
    for (const q of run.Q) for (const v of q) expect(Number.isFinite(v)).toBe(true);
    // The seed average lists diverged runs with their seed and counts who reached each time.
    const other = right(sgdSimulate({ ...QUADRATIC, eta: 8, times: [0, 1, 2, 5], seed: 2 }));
    const avg = right(sgdSeedAverage([run, other]));
    expect(avg.count).toEqual([2]);
    expect(avg.divergences).toEqual([{ seed: 1, ...d }, { seed: 2, ...other.divergence! }]);
    // Runs of different simulations are not averaged.
    const mixed = sgdSeedAverage([run, right(sgdSimulate(QUADRATIC))]);
    expect(E.isLeft(mixed) && mixed.left.message).toMatch(/runs of one simulation/);
  });

  it('non-smooth activations run (derivative almost everywhere); a function without a derivative rule is a typed error', () => {
    const relu = right(sgdSimulate({ ...QUADRATIC, student: activations.relu, teacher: activations.relu }));
    expect(relu.Q[2]!.every(Number.isFinite)).toBe(true);
    right(registerFunction({ name: 'noRuleForSgd', evaluate: (u) => u / (1 + u * u) }));
    const custom = right(activations.activation('custom', call('noRuleForSgd', sym('z'))));
    const r = sgdSimulate({ ...QUADRATIC, student: custom });
    expect(E.isLeft(r) && r.left.message).toMatch(/^student: .*noRuleForSgd/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// ODE vs simulation

/** RK4 of a right-hand side `rhs(y, out)` to each of `times`. */
function rk4(rhs: (y: Float64Array, out: Float64Array) => void, y0: Float64Array, times: readonly number[], h = 0.005): Float64Array[] {
  const d = y0.length;
  const y = y0.slice();
  const [k1, k2, k3, k4, tmp] = Array.from({ length: 5 }, () => new Float64Array(d)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const out: Float64Array[] = [];
  let t = 0;
  for (const target of times) {
    while (t < target - 1e-14) {
      const dt = Math.min(h, target - t);
      rhs(y, k1);
      for (let i = 0; i < d; i++) tmp[i] = y[i]! + 0.5 * dt * k1[i]!;
      rhs(tmp, k2);
      for (let i = 0; i < d; i++) tmp[i] = y[i]! + 0.5 * dt * k2[i]!;
      rhs(tmp, k3);
      for (let i = 0; i < d; i++) tmp[i] = y[i]! + dt * k3[i]!;
      rhs(tmp, k4);
      for (let i = 0; i < d; i++) y[i] = y[i]! + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      t += dt;
    }
    out.push(y.slice());
  }
  return out;
}

interface Comparison {
  readonly n: number;
  /** Root mean square of (seed mean − ODE) over every entry of Q and R at every time t > 0. */
  readonly rms: number;
  /** Mean of z² with z = (seed mean − ODE)/SE over the same entries; ≈ 1 when they agree. */
  readonly meanZ2: number;
  readonly maxZ: number;
}

/** Seed-average `K` runs at dimension `n` and compare with the ODE states `ode[k] = [Q, R]` at each time. */
function compare(options: SgdSimulationOptions, n: number, seeds: number, ode: readonly Float64Array[]): Comparison {
  const runs: SgdSimulationRun[] = Array.from({ length: seeds }, (_, s) => right(sgdSimulate({ ...options, n, seed: 100 + s })));
  const avg: SgdSeedAverage = right(sgdSeedAverage(runs));
  expect(avg.divergences).toEqual([]);
  const { p } = options.initial;
  let d2 = 0;
  let z2 = 0;
  let maxZ = 0;
  let count = 0;
  for (let k = 1; k < avg.t.length; k++) {
    const target = ode[k]!;
    const add = (mean: number, se: number, exact: number) => {
      const d = mean - exact;
      d2 += d * d;
      z2 += (d / se) ** 2;
      maxZ = Math.max(maxZ, Math.abs(d / se));
      count++;
    };
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) add(avg.Q[k]!.mean[i * p + j]!, avg.Q[k]!.standardError[i * p + j]!, target[i * p + j]!);
    avg.R[k]!.mean.forEach((m, e) => add(m, avg.R[k]!.standardError[e]!, target[p * p + e]!));
  }
  return { n, rms: Math.sqrt(d2 / count), meanZ2: z2 / count, maxZ };
}

/**
 * The check of the issue, with tolerances from the measured standard errors: at the larger N no entry further
 * than 6 SE from the ODE (each z is a t-variable with K − 1 = 11 degrees of freedom: P(|z| > 6) ≈ 1e-4, so
 * ≈ 0.3% for the ~30 entries), and the distance shrinking from N to 8 N (the noise of the mean alone shrinks
 * √8-fold; at the smaller N an O(1/N) bias may show as well, and does for z + z³ at N = 250). The mean of z²
 * is not asserted: the entries of one trajectory are strongly correlated, so its spread is nearly that of a
 * single t²; scripts/validateSgd.ts reports it over more seeds.
 */
function expectApproaches(small: Comparison, large: Comparison): void {
  expect(large.maxZ, `N = ${large.n}: max |z| ${large.maxZ} (mean z² ${large.meanZ2})`).toBeLessThan(6);
  expect(large.rms, `rms ${small.rms} at N = ${small.n} (max |z| ${small.maxZ}) → ${large.rms} at N = ${large.n}`).toBeLessThan(small.rms);
}

describe('seed-averaged simulation vs ODE (N = 250 and 2000, 12 seeds, t ≤ 1)', () => {
  it('quadratic network p = 3, p* = 2, η = 0.5 (independent matrix-form ODE)', () => {
    const { p, pstar, Q, R } = QUADRATIC.initial;
    const ref = integrateQuadratic(p, pstar, QUADRATIC.eta, Q, R, QUADRATIC.times);
    const ode = ref.Q.map((q, k) => Float64Array.from([...q, ...ref.R[k]!]));
    expectApproaches(compare(QUADRATIC, 250, 12, ode), compare(QUADRATIC, 2000, 12, ode));
  });

  it('polynomial activation σ = σ* = z + z³, p = p* = 2, η = 0.05 (Wick ODE of the ODE side)', () => {
    const act: Activation = activations.polynomial([0, 1, 0, 1]);
    const options: SgdSimulationOptions = {
      ...QUADRATIC,
      student: act,
      teacher: act,
      eta: 0.05,
      initial: { p: 2, pstar: 2, Q: identity(2, 0.5), R: Float64Array.of(0.3, 0.1, -0.1, 0.3) },
    };
    const dynamics = right(sgdDynamics(2, 2, act, act));
    const y0 = Float64Array.from([...options.initial.Q, ...options.initial.R]);
    const ode = rk4((y, out) => dynamics.rhs(options.eta, y, out), y0, options.times);
    expectApproaches(compare(options, 250, 12, ode), compare(options, 2000, 12, ode));
  });
});
