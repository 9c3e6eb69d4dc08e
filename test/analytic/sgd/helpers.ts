/**
 * Shared by the SGD tests: random realizable order parameters and a plain Monte Carlo of the SGD
 * expectations written straight from THEORY §8 (independent of the Wick code and of the closed form).
 */
import { createRng } from '../../../src/numeric/random.js';

/** `Q = WWᵀ`, `R = WW*ᵀ` of random weights in dimension `p + p* + 2` (`W*` = the first p* unit vectors, T = I): always a covariance. */
export function randomOrderParameters(p: number, pstar: number, seed: number, scale: number): { Q: Float64Array; R: Float64Array; state: Float64Array } {
  const m = p + pstar + 2;
  const rng = createRng(seed, 5);
  const w = Float64Array.from({ length: p * m }, () => (scale * rng.normal()) / Math.sqrt(m));
  const Q = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let v = 0;
    for (let a = 0; a < m; a++) v += w[i * m + a]! * w[j * m + a]!;
    Q[i * p + j] = v;
  }
  const R = new Float64Array(p * pstar);
  for (let i = 0; i < p; i++) for (let k = 0; k < pstar; k++) R[i * pstar + k] = w[i * m + k]!;
  const state = new Float64Array(p * p + p * pstar);
  state.set(Q);
  state.set(R, p * p);
  return { Q, R, state };
}

/** An activation as plain functions: value and derivative. */
export interface PlainActivation {
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
}

/** The polynomial `Σ c_k x^k` as a {@link PlainActivation}. */
export function polynomialActivation(c: readonly number[]): PlainActivation {
  return {
    f: (x) => c.reduceRight((acc, ck) => acc * x + ck, 0),
    df: (x) => c.slice(1).reduceRight((acc, ck, k) => acc * x + (k + 1) * ck, 0),
  };
}

/**
 * Monte Carlo means and standard errors of `[risk, dQ/dt (p×p), dR/dt (p×p*)]` at learning rate `eta`, from
 * `samples` draws of `(λ, ν) ~ N(0, [[Q, R], [Rᵀ, I]])` (Cholesky of the covariance).
 */
export function monteCarloSgd(
  p: number, pstar: number, student: PlainActivation, teacher: PlainActivation, state: Float64Array, eta: number, samples: number, seed: number,
): { mean: Float64Array; se: Float64Array } {
  const d = p + pstar;
  const c = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    c[a * d + b] = a < p && b < p ? state[a * p + b]! : a < p ? state[p * p + a * pstar + b - p]! : b < p ? state[p * p + b * pstar + a - p]! : a === b ? 1 : 0;
  }
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = c[j * d + j]!;
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2;
    l[j * d + j] = Math.sqrt(Math.max(s, 0));
    for (let i = j + 1; i < d; i++) {
      let v = c[i * d + j]!;
      for (let k = 0; k < j; k++) v -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = l[j * d + j]! > 0 ? v / l[j * d + j]! : 0;
    }
  }
  const n = 1 + p * p + p * pstar;
  const sum = new Float64Array(n);
  const sum2 = new Float64Array(n);
  const rng = createRng(seed, 9);
  const xi = new Float64Array(d);
  const u = new Float64Array(d);
  const v = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    rng.fillNormal(xi);
    for (let a = 0; a < d; a++) {
      let t = 0;
      for (let b = 0; b <= a; b++) t += l[a * d + b]! * xi[b]!;
      u[a] = t;
    }
    let yhat = 0, y = 0;
    for (let i = 0; i < p; i++) yhat += student.f(u[i]!) / p;
    for (let k = 0; k < pstar; k++) y += teacher.f(u[p + k]!) / pstar;
    const delta = yhat - y;
    const dl = Array.from({ length: p }, (_, i) => (delta * student.df(u[i]!)) / p);
    v[0] = 0.5 * delta * delta;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) v[1 + i * p + j] = -eta * (dl[i]! * u[j]! + dl[j]! * u[i]!) + eta * eta * dl[i]! * dl[j]!;
    for (let i = 0; i < p; i++) for (let k = 0; k < pstar; k++) v[1 + p * p + i * pstar + k] = -eta * dl[i]! * u[p + k]!;
    for (let a = 0; a < n; a++) {
      sum[a]! += v[a]!;
      sum2[a]! += v[a]! * v[a]!;
    }
  }
  const mean = sum.map((x) => x / samples);
  const se = sum2.map((x, a) => Math.sqrt(Math.max(x / samples - mean[a]! ** 2, 0) / (samples - 1)));
  return { mean, se };
}
