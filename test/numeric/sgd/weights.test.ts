// Initial weights of the SGD simulator: exactly the requested Q(0), R(0) (to 1e-12), an orthonormal teacher,
// clear errors for infeasible pairs; the ziggurat normals against the normal law.
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { activations } from '../../../src/dsl/index.js';
import { erf } from '../../../src/numeric/special/erf.js';
import { createRng } from '../../../src/numeric/random.js';
import { sgdSimulate } from '../../../src/numeric/sgd/index.js';
import { orderParametersOf, studentWeights, teacherWeights } from '../../../src/numeric/sgd/weights.js';
import { normalSource } from '../../../src/numeric/sgd/ziggurat.js';
import { BbpFailure } from '../../../src/errors.js';

/** A random feasible pair: R with small entries, Q = R Rᵀ + B Bᵀ + εI (positive definite). */
const feasiblePair = fc
  .record({
    p: fc.integer({ min: 1, max: 5 }),
    pstar: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    n: fc.integer({ min: 10, max: 300 }),
    singular: fc.boolean(),
  })
  .map(({ p, pstar, seed, n, singular }) => {
    const rng = createRng(seed, 9);
    const R = Float64Array.from({ length: p * pstar }, () => rng.normal() * 0.6);
    const B = Float64Array.from({ length: p * p }, () => rng.normal());
    const Q = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < pstar; k++) s += R[i * pstar + k]! * R[j * pstar + k]!;
        // singular: Q − R Rᵀ = B Bᵀ of rank p − 1 (semi-definite); R supplies the missing direction of Q.
        for (let k = 0; k < (singular ? p - 1 : p); k++) s += B[i * p + k]! * B[j * p + k]!;
        Q[i * p + j] = s + (i === j && !singular ? 0.05 : 0);
      }
    }
    return { p, pstar, seed, n, Q, R, singular };
  });

describe('initial weights', () => {
  it('the teacher √N [I 0] has orthonormal rows of norm √N (T = I)', () => {
    for (const [pstar, n] of [[1, 5], [3, 50], [4, 2000]] as const) {
      const t = teacherWeights(pstar, n);
      const T = new Float64Array(pstar * pstar);
      orderParametersOf(t, t, pstar, pstar, n, new Float64Array(pstar * pstar), T);
      for (let k = 0; k < pstar; k++) for (let l = 0; l < pstar; l++) expect(Math.abs(T[k * pstar + l]! - (k === l ? 1 : 0))).toBeLessThan(1e-12);
    }
  });

  it('W Wᵀ/N = Q(0) and W W*ᵀ/N = R(0) to 1e-12 (relative to the scale of Q) over random feasible pairs', () => {
    fc.assert(
      fc.property(feasiblePair, ({ p, pstar, seed, n, Q, R }) => {
        if (n < p + pstar) return;
        const rng = createRng(seed, 1);
        const t = teacherWeights(pstar, n);
        const w = studentWeights({ p, pstar, Q, R }, t, n, rng.split(1));
        const q = new Float64Array(p * p);
        const r = new Float64Array(p * pstar);
        orderParametersOf(w, t, p, pstar, n, q, r);
        const scale = Math.max(1, ...Q.map(Math.abs));
        for (let k = 0; k < p * p; k++) expect(Math.abs(q[k]! - Q[k]!)).toBeLessThan(1e-12 * scale);
        for (let k = 0; k < p * pstar; k++) expect(Math.abs(r[k]! - R[k]!)).toBeLessThan(1e-12 * scale);
      }),
      { numRuns: 60 },
    );
  });

  it('the simulator records exactly Q(0), R(0) at t = 0', () => {
    const Q = Float64Array.of(0.8, 0.1, 0.1, 1.2);
    const R = Float64Array.of(0.5, -0.3, 0.2, 0.7);
    const run = sgdSimulate({ student: activations.square, teacher: activations.square, initial: { p: 2, pstar: 2, Q, R }, n: 3000, eta: 0.3, times: [0], seed: 4 });
    if (E.isLeft(run)) throw new Error(run.left.message);
    run.right.Q[0]!.forEach((v, k) => expect(Math.abs(v - Q[k]!)).toBeLessThan(1e-12));
    run.right.R[0]!.forEach((v, k) => expect(Math.abs(v - R[k]!)).toBeLessThan(1e-12));
  });

  it('infeasible pairs and bad shapes are typed errors naming the parameter', () => {
    const base = { student: activations.square, teacher: activations.square, n: 100, eta: 0.5, times: [0, 1], seed: 1 };
    const error = (initial: { p: number; pstar: number; Q: Float64Array; R: Float64Array }, extra: object = {}) => {
      const r = sgdSimulate({ ...base, ...extra, initial });
      if (E.isRight(r)) throw new Error('expected an error');
      expect(r.left._tag).toBe('InvalidArgument');
      return r.left as { parameter: string; message: string };
    };
    // Q − R Rᵀ not PSD: |R| larger than allowed by the norm.
    expect(error({ p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(1.5) }).parameter).toBe('R0');
    expect(error({ p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(1.5) }).message).toMatch(/positive semi-definite/);
    // Q not positive definite.
    expect(error({ p: 2, pstar: 1, Q: Float64Array.of(1, 1, 1, 1), R: Float64Array.of(0, 0) }).parameter).toBe('Q0');
    expect(error({ p: 2, pstar: 1, Q: Float64Array.of(1, 0.5, 0, 1), R: Float64Array.of(0, 0) }).message).toMatch(/symmetric/);
    // Shapes.
    expect(error({ p: 2, pstar: 1, Q: Float64Array.of(1, 0, 0, 1), R: Float64Array.of(0, 0, 0) }).parameter).toBe('R0');
    expect(error({ p: 2, pstar: 1, Q: Float64Array.of(1, 0, 1), R: Float64Array.of(0, 0) }).parameter).toBe('Q0');
    // N too small, η, times.
    expect(error({ p: 2, pstar: 2, Q: Float64Array.of(1, 0, 0, 1), R: new Float64Array(4) }, { n: 3 }).parameter).toBe('n');
    expect(error({ p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(0) }, { eta: -1 }).parameter).toBe('eta');
    expect(error({ p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(0) }, { times: [1, 0.5] }).parameter).toBe('times[1]');
  });

  it('R Rᵀ = Q exactly (a student inside the teacher span) is feasible', () => {
    const R = Float64Array.of(0.6, 0.8);
    const run = sgdSimulate({ student: activations.square, teacher: activations.square, initial: { p: 1, pstar: 2, Q: Float64Array.of(1), R }, n: 50, eta: 0.1, times: [0], seed: 2 });
    expect(E.isRight(run)).toBe(true);
  });
});

describe('ziggurat normals', () => {
  const source = normalSource(createRng(11, 5));
  const count = 400_000;
  const x = source.fill(new Float64Array(count));
  const Phi = (v: number) => 0.5 * (1 + erf(v / Math.SQRT2));

  it('moments 1–4 within 5 standard errors of N(0, 1)', () => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v * v * v * v;
    }
    const se = (variance: number) => 5 * Math.sqrt(variance / count);
    expect(Math.abs(m1 / count)).toBeLessThan(se(1));
    expect(Math.abs(m2 / count - 1)).toBeLessThan(se(2)); // Var x² = 2
    expect(Math.abs(m3 / count)).toBeLessThan(se(15)); // Var x³ = 15
    expect(Math.abs(m4 / count - 3)).toBeLessThan(se(96)); // Var x⁴ = 105 − 9
  });

  it('Kolmogorov–Smirnov distance below the 0.1% critical value; tails beyond the base strip as often as they should be', () => {
    const sorted = Float64Array.from(x).sort();
    let d = 0;
    for (let k = 0; k < count; k++) {
      const f = Phi(sorted[k]!);
      d = Math.max(d, Math.abs(f - k / count), Math.abs(f - (k + 1) / count));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(count));
    // P(|x| > 3.4426) = 2(1 − Φ(3.4426)) = 5.76e-4: a binomial count, checked within 5 standard deviations.
    const pTail = 2 * (1 - Phi(3.442619855899));
    const tail = x.reduce((s, v) => s + (Math.abs(v) > 3.442619855899 ? 1 : 0), 0);
    expect(Math.abs(tail - count * pTail)).toBeLessThan(5 * Math.sqrt(count * pTail));
    // Symmetric in sign, and the layer index is not tied to the sign.
    const positive = x.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    expect(Math.abs(positive - count / 2)).toBeLessThan(5 * Math.sqrt(count / 4));
  });

  it('is deterministic for a given stream', () => {
    const a = normalSource(createRng(2, 1)).fill(new Float64Array(1000));
    const b = normalSource(createRng(2, 1)).fill(new Float64Array(1000));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

// BbpFailure is what internal constructors throw; the public entry points catch it.
it('studentWeights throws a BbpFailure (internal style) for an infeasible pair', () => {
  expect(() => studentWeights({ p: 1, pstar: 1, Q: Float64Array.of(1), R: Float64Array.of(2) }, new Float64Array(10), 10, createRng(1))).toThrow(BbpFailure);
});
