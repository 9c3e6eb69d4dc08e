// Stochastic Lanczos quadrature (src/numeric/linalg/spectralDensity.ts) against spectra known independently:
// exact Gauss rules of diagonal operators, the Marchenko–Pastur law, dense eigenvalues of a small sampled
// Hessian, and the large-N theory density of THEORY §3.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { BbpFailure } from '../../../src/errors.js';
import { diagonalOperator, type LinearOperator } from '../../../src/numeric/linalg/operator.js';
import { slqDensity, slqHistogram, slqQuadrature, slqTrace, type SlqQuadrature } from '../../../src/numeric/linalg/spectralDensity.js';
import { symmetricEigen } from '../../../src/numeric/linalg/symmetricEigen.js';
import { denseHessian } from '../../../src/numeric/montecarlo/denseHessian.js';
import { hessianOperator } from '../../../src/numeric/montecarlo/hessianOperator.js';
import { quadraticReferenceModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../../src/numeric/montecarlo/problem.js';
import { createRng, type Rng } from '../../../src/numeric/random.js';
import { spectrum } from '../../../src/theory.js';

/** Normal density of standard deviation s. */
const phi = (x: number, s: number): number => Math.exp((-x * x) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

/** Largest |z| of an estimate against reference values. */
function maxAbsZ(mean: ArrayLike<number>, se: ArrayLike<number>, reference: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs((mean[i]! - reference[i]!) / se[i]!));
  return worst;
}

describe('slqQuadrature: exact Gauss rules', () => {
  it('a diagonal with multiplicities: nodes are the distinct eigenvalues, weights multiplicity/n, zero spread', () => {
    // Rademacher probes have v_i² = 1/n exactly, so every probe sees the exact spectral measure; the Krylov
    // space has dimension 4 (the distinct values), so Lanczos stops there with an exact 4-point rule.
    const d = [...Array(10).fill(-1), ...Array(5).fill(0.5), ...Array(3).fill(2), ...Array(2).fill(7)];
    const q = slqQuadrature(diagonalOperator(d), { probes: 3, steps: 12, seed: 5 });
    expect(q.matvecs).toBe(3 * 4);
    for (let j = 0; j < 3; j++) {
      expect([...q.nodes[j]!].map((x) => Number(x.toFixed(12)))).toEqual([-1, 0.5, 2, 7]);
      expect([...q.weights[j]!].map((x) => Number(x.toFixed(12)))).toEqual([0.5, 0.25, 0.15, 0.1]);
    }
    const h = slqHistogram(q, { edges: [-2, 0, 1, 8] });
    [0.25, 0.25, 0.25 / 7].forEach((v, b) => expect(h.mean[b]).toBeCloseTo(v, 12));
    for (const se of h.standardError) expect(se).toBeLessThan(1e-15);
  });

  it('moments up to degree 2·steps − 1 are exact per probe (Rademacher on a diagonal: vᵀAᵏv = tr Aᵏ/n)', () => {
    const n = 300;
    const d = Array.from({ length: n }, (_, i) => Math.cos((2.3 * i * i + i) / n)); // distinct, in [−1, 1]
    const steps = 8;
    const q = slqQuadrature(diagonalOperator(d), { probes: 4, steps, seed: 2 });
    for (let k = 1; k <= 2 * steps - 1; k++) {
      const exact = d.reduce((s, x) => s + x ** k, 0) / n;
      const est = slqTrace(q, (x) => x ** k);
      expect(Math.abs(est.mean - exact), `k = ${k}`).toBeLessThan(1e-12);
      expect(est.standardError).toBeLessThan(1e-12);
    }
    // Degree 2·steps is not integrated exactly (a check that the test above could fail).
    const k = 2 * steps + 4;
    expect(Math.abs(slqTrace(q, (x) => x ** k).mean - d.reduce((s, x) => s + x ** k, 0) / n)).toBeGreaterThan(1e-8);
  });

  it('Gaussian probes: unbiased traces, within 4 SE of the exact value', () => {
    const n = 400;
    const d = Array.from({ length: n }, (_, i) => (i / n) ** 2);
    const q = slqQuadrature(diagonalOperator(d), { probes: 40, steps: 6, seed: 9, probe: 'gaussian' });
    for (const k of [1, 2, 3]) {
      const exact = d.reduce((s, x) => s + x ** k, 0) / n;
      const est = slqTrace(q, (x) => x ** k);
      expect(est.standardError).toBeGreaterThan(0);
      expect(Math.abs(est.mean - exact) / est.standardError, `k = ${k}: ${est.mean} ± ${est.standardError} vs ${exact}`).toBeLessThan(4);
    }
  });

  it('does not depend on the block size, and is reproducible from the seed', () => {
    const d = Array.from({ length: 100 }, (_, i) => Math.sin(i));
    // Gaussian probes: on a diagonal, Rademacher probes would all see the same measure whatever the seed.
    const a = slqQuadrature(diagonalOperator(d), { probes: 5, steps: 10, seed: 3, blockSize: 2, probe: 'gaussian' });
    const b = slqQuadrature(diagonalOperator(d), { probes: 5, steps: 10, seed: 3, blockSize: 5, probe: 'gaussian' });
    const c = slqQuadrature(diagonalOperator(d), { probes: 5, steps: 10, seed: 4, probe: 'gaussian' });
    expect(a.nodes).toEqual(b.nodes);
    expect(a.weights).toEqual(b.weights);
    expect(a.nodes).not.toEqual(c.nodes);
  });

  it('bad input names the parameter and its value', () => {
    const op = diagonalOperator([1, 2, 3]);
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BbpFailure);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(() => slqQuadrature(op, { probes: 0, steps: 2, seed: 1 }))).toMatch(/probes.*0/);
    expect(message(() => slqQuadrature(op, { probes: 2, steps: 4, seed: 1 }))).toMatch(/steps.*4/);
    expect(message(() => slqQuadrature(op, { probes: 2, steps: 2, seed: -1 }))).toMatch(/seed.*-1/);
    expect(message(() => slqQuadrature(op, { probes: 2, steps: 2, seed: 1, probe: 'uniform' as 'gaussian' }))).toMatch(/probe.*uniform/);
    const q = slqQuadrature(op, { probes: 2, steps: 2, seed: 1 });
    expect(message(() => slqDensity(q, { grid: [0, 1], sigma: 0 }))).toMatch(/sigma.*0/);
    expect(message(() => slqDensity(q, { grid: [0, Number.NaN], sigma: 1 }))).toMatch(/grid\[1\].*NaN/);
    expect(message(() => slqHistogram(q, { edges: [0, 2, 1] }))).toMatch(/edges\[2\].*1/);
    expect(message(() => slqHistogram(q, { edges: [0, 1], sigma: -1 }))).toMatch(/sigma.*-1/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Marchenko–Pastur

/** χ_k: the square root of a Gamma(k/2, 2) draw (Marsaglia–Tsang; k ≥ 2 here). */
function chi(rng: Rng, k: number): number {
  const shape = k / 2;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.sqrt(2 * d * v);
  }
}

/**
 * W = XᵀX/m for X an m×n standard Gaussian matrix, in the Dumitriu–Edelman tridiagonal form W = BBᵀ/m
 * (B lower bidiagonal, diagonal χ_m, χ_{m−1}, …, χ_{m−n+1}, subdiagonal χ_{n−1}, …, χ_1): the same
 * eigenvalue law as the Wishart matrix, at O(n) per product.
 */
function laguerreWishart(n: number, m: number, seed: number): LinearOperator {
  const rng = createRng(seed);
  const d = Float64Array.from({ length: n }, (_, i) => chi(rng, m - i));
  const s = Float64Array.from({ length: n - 1 }, (_, i) => chi(rng, n - 1 - i));
  const y = new Float64Array(n);
  const scale = 1 / m;
  return {
    size: n,
    apply(x, out) {
      // y = Bᵀx, out = B·y / m
      for (let i = 0; i < n; i++) y[i] = d[i]! * x[i]! + (i + 1 < n ? s[i]! * x[i + 1]! : 0);
      for (let i = 0; i < n; i++) out[i] = (d[i]! * y[i]! + (i > 0 ? s[i - 1]! * y[i - 1]! : 0)) * scale;
    },
  };
}

/** The MP density of ratio c = n/m < 1 convolved with N(0, σ²), by the midpoint rule in θ (λ = centre − r·cos θ). */
function mpBroadened(x: number, c: number, sigma: number): number {
  const lo = (1 - Math.sqrt(c)) ** 2;
  const hi = (1 + Math.sqrt(c)) ** 2;
  const centre = (lo + hi) / 2;
  const r = (hi - lo) / 2;
  const steps = 4000;
  let s = 0;
  for (let k = 0; k < steps; k++) {
    const t = ((k + 0.5) * Math.PI) / steps;
    const lambda = centre - r * Math.cos(t);
    const rho = Math.sqrt((hi - lambda) * (lambda - lo)) / (2 * Math.PI * c * lambda);
    s += rho * r * Math.sin(t) * phi(x - lambda, sigma);
  }
  return (s * Math.PI) / steps;
}

describe('slqDensity: the Marchenko–Pastur law', () => {
  it('Wishart n = 5000, c = 1/2: the broadened density is within 4 SE of MP at every grid point', () => {
    // Sample-to-sample fluctuations of a broadened density are O(1/(nσ)) = 0.002 here, well below the SE.
    const n = 5000;
    const m = 10000;
    const c = n / m;
    const sigma = 0.1;
    const q = slqQuadrature(laguerreWishart(n, m, 7), { probes: 12, steps: 60, seed: 11 });
    const grid = Array.from({ length: 13 }, (_, i) => 0.3 + 0.2 * i);
    const d = slqDensity(q, { grid, sigma });
    const reference = grid.map((x) => mpBroadened(x, c, sigma));
    // The reference integrates to 1 (a check of the quadrature in mpBroadened).
    const mass = Array.from({ length: 1000 }, (_, i) => -1 + (i + 0.5) * 0.005).reduce((s, x) => s + 0.005 * mpBroadened(x, c, sigma), 0);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-6);
    const z = maxAbsZ(d.mean, d.standardError, reference);
    expect(z, `SLQ ${[...d.mean].map((v) => v.toFixed(4))} vs MP ${reference.map((v) => v.toFixed(4))}`).toBeLessThan(4);
    // The error bars are the right size: for B = φ_σ(x − W), Var(vᵀBv) = 2(‖B‖²_F − Σ B_ii²)/n² ≈
    // (ρ_σ/(σ√π) − 2ρ_σ²)/n for a Rademacher probe (‖B‖²_F ≈ n ρ/(2σ√π) for σ ≪ the scale of ρ).
    grid.forEach((x, i) => {
      const predicted = Math.sqrt((reference[i]! / (sigma * Math.sqrt(Math.PI)) - 2 * reference[i]! ** 2) / n / q.probes);
      expect(d.standardError[i]! / predicted, `x = ${x}`).toBeGreaterThan(0.5);
      expect(d.standardError[i]! / predicted, `x = ${x}`).toBeLessThan(2);
    });
    // Second moment: E tr W²/n = 1 + c (+ O(1/n)), within 4 SE of the probe average.
    const m2 = slqTrace(q, (x) => x * x);
    expect(Math.abs(m2.mean - (1 + c)) / m2.standardError).toBeLessThan(4);
  });
});

// ---------------------------------------------------------------------------------------------------------
// A small sampled Hessian against its dense eigenvalues

/** Per-probe rule CDF at x, with the Chebyshev–Markov–Stieltjes bracket [cdf − w_below, cdf + w_above]. */
function cdfBracket(q: SlqQuadrature, x: number): { estimate: number; low: number; high: number } {
  let est = 0;
  let low = 0;
  let high = 0;
  for (let j = 0; j < q.probes; j++) {
    const th = q.nodes[j]!;
    const w = q.weights[j]!;
    let f = 0;
    let i = 0;
    for (; i < th.length && th[i]! <= x; i++) f += w[i]!;
    // x lies in [θ_{i−1}, θ_i): the probe's own CDF at x is within [f − w_{i−1}, f + w_i].
    est += f;
    low += f - (i > 0 ? w[i - 1]! : 0);
    high += f + (i < th.length ? w[i]! : 0);
  }
  return { estimate: est / q.probes, low: low / q.probes, high: high / q.probes };
}

describe('slqQuadrature on a small Hessian vs its dense eigenvalues', () => {
  const n = 100;
  const p = 2;
  const problem = sampleProblem({ n, alpha: 2, p, pstar: 1, seed: 21 });
  const model = quadraticReferenceModel({ p, pstar: 1, a: 1.5 });
  const size = p * n;
  const dense = symmetricEigen(denseHessian(problem, model).matrix, size).values;
  const probes = 24;
  const q = slqQuadrature(hessianOperator(problem, model), { probes, steps: 60, seed: 4 });

  it('the CDF is within the Gauss-rule bracket plus 4 probe standard deviations, everywhere', () => {
    // For a Rademacher probe and the spectral projector P = 1(H ≤ x) of rank r = nF: Var(vᵀPv) =
    // 2(‖P‖²_F − Σ P_ii²)/n² ≤ 2F(1 − F)/n, so the probe average is within 4·√(2F(1 − F)/(n·probes)) of F
    // with probability > 1 − 1/16 by Chebyshev (far more in practice); the rule adds its CMS bracket.
    let worst = -Infinity;
    let kolmogorov = 0;
    let widest = 0;
    for (let i = 0; i < size; i++) {
      for (const x of [dense[i]! * (1 - 1e-12) - 1e-12, dense[i]!]) {
        let count = 0;
        while (count < size && dense[count]! <= x) count++;
        const F = count / size;
        const b = cdfBracket(q, x);
        const stat = 4 * Math.sqrt((2 * F * (1 - F)) / (size * probes));
        worst = Math.max(worst, b.low - stat - F, F - (b.high + stat));
        widest = Math.max(widest, b.estimate - b.low + stat, b.high + stat - b.estimate);
        kolmogorov = Math.max(kolmogorov, Math.abs(b.estimate - F));
      }
    }
    expect(worst, 'largest violation of the bound').toBeLessThanOrEqual(0);
    // The estimate is well inside the bound (measured: Kolmogorov distance 0.030, widest bound 0.129).
    expect(kolmogorov).toBeLessThan(widest / 2);
  });

  it('the broadened histogram matches the dense eigenvalues broadened the same way, within 4 SE per bin', () => {
    const sigma = 0.4;
    const edges = Array.from({ length: 13 }, (_, i) => -2 + i);
    const h = slqHistogram(q, { edges, sigma });
    const cdf = (x: number): number => dense.reduce((s, l) => s + 0.5 * (1 + erfApprox((x - l) / (sigma * Math.SQRT2))), 0) / size;
    const reference = edges.slice(0, -1).map((e, b) => (cdf(edges[b + 1]!) - cdf(e)) / (edges[b + 1]! - e));
    expect(maxAbsZ(h.mean, h.standardError, reference), `SLQ ${[...h.mean].map((v) => v.toFixed(4))} vs ${reference.map((v) => v.toFixed(4))}`).toBeLessThan(4);
  });
});

/** erf(x) = (2/√π)∫₀ˣ e^{−t²} dt by Simpson on 400 intervals: a reference independent of the library's erf. */
function erfApprox(x: number): number {
  const s = Math.sign(x);
  const a = Math.min(Math.abs(x), 8);
  const k = 400;
  const h = a / k;
  let sum = 1 + Math.exp(-a * a);
  for (let i = 1; i < k; i++) sum += (i % 2 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
  return (s * (2 / Math.sqrt(Math.PI)) * sum * h) / 3;
}

// ---------------------------------------------------------------------------------------------------------
// Against the large-N theory

describe('slqDensity against the theory density', () => {
  it('p = 2, p* = 1, a = 1.5, α = 2, N = 1000: broadened density within 4 SE of ρ convolved with the same kernel', () => {
    const n = 1000;
    const p = 2;
    const alpha = 2;
    // 40 nodes per probe resolve σ = 0.5: with 80 the estimate moves by < 0.0003, a tenth of its SE.
    const sigma = 0.5;
    const problem = sampleProblem({ n, alpha, p, pstar: 1, seed: 3 });
    const H = hessianOperator(problem, quadraticReferenceModel({ p, pstar: 1, a: 1.5 }));
    const q = slqQuadrature(H, { probes: 10, steps: 40, seed: 8 });
    const th = spectrum({ p, pstar: 1, a: 1.5 }, alpha, { grid: { from: -1.8, to: 30, points: 400 } });
    if (E.isLeft(th)) throw new Error(th.left.message);
    const s = th.right;
    const { lambda, rho } = s.density;
    const h = lambda[1]! - lambda[0]!;
    const bulkMass = rho.reduce((acc, r, i) => acc + (i === 0 || i === rho.length - 1 ? 0.5 : 1) * r * h, 0);
    expect(Math.abs(bulkMass - 1)).toBeLessThan(2e-3); // the grid holds the whole bulk
    // At finite N the 2 outlier eigenvalues of the pN carry mass 2/(pN) at λ*, and the bulk the rest.
    const outlierMass = 2 / (p * n);
    const reference = (x: number): number =>
      (1 - outlierMass) * rho.reduce((acc, r, i) => acc + (i === 0 || i === rho.length - 1 ? 0.5 : 1) * r * h * phi(x - lambda[i]!, sigma), 0) / bulkMass +
      outlierMass * phi(x - s.outlier!, sigma);
    // From 2σ above the edge (the finite-N edge region is ≈ 1/N of the mass) into the tail.
    const grid = Array.from({ length: 12 }, (_, i) => s.edge + 2 * sigma + 0.6 * i);
    const d = slqDensity(q, { grid, sigma });
    const ref = grid.map(reference);
    expect(maxAbsZ(d.mean, d.standardError, ref), `SLQ ${[...d.mean].map((v) => v.toFixed(4))} ± ${[...d.standardError].map((v) => v.toFixed(4))} vs ${ref.map((v) => v.toFixed(4))}`).toBeLessThan(4);
  });
});
