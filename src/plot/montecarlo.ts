/**
 * Monte Carlo samples for the figures: the full spectrum of seeded dense Hessians, and the bottom eigenpair
 * with its teacher overlap.
 *
 * For the bottom eigenvector, {@link bottomEigenpairSample} diagonalizes without eigenvectors (about 4×
 * cheaper than `hessianSpectrumSample` with `k ≥ 1` at p·N = 400) and then finds the one eigenvector it needs
 * by inverse iteration with a Cholesky factor of `H − σI`, σ just below the bottom eigenvalue. The overlap
 * is the same `teacherOverlap` of the same vector (up to sign); the tests check it against
 * `hessianSpectrumSample`.
 *
 * @module
 */
import { fail, notConverged } from '../errors.js';
import { symmetricEigen } from '../numeric/linalg/symmetricEigen.js';
import { denseHessian } from '../numeric/montecarlo/denseHessian.js';
import { teacherOverlap } from '../numeric/montecarlo/observables.js';
import type { PointwiseModel } from '../numeric/montecarlo/pointwiseModel.js';
import type { Problem } from '../numeric/montecarlo/problem.js';

/** The bottom eigenpair of one sample's Hessian. */
export interface BottomEigenpairSample {
  readonly seed: number;
  /** All p·n eigenvalues, ascending. */
  readonly eigenvalues: Float64Array;
  /** Smallest eigenvalue. */
  readonly bottom: number;
  /** Teacher-subspace overlap of its eigenvector (`teacherOverlap`). */
  readonly overlap: number;
  /** `|Hv − λv|` of the unit eigenvector found, relative to `max |λ|`. */
  readonly residual: number;
}

/** Lower Cholesky factor of `a − shift·I` in place of a copy; null when a pivot is not positive. */
function cholesky(a: Float64Array, n: number, shift: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]! - shift;
    for (let k = 0; k < j; k++) d -= l[rj + k]! * l[rj + k]!;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // Lower triangle: a[i][j] (symmetric, so row i, column j).
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
      l[ri + j] = s / ljj;
    }
  }
  return l;
}

/** Solve `L Lᵀ x = b` in place. */
function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

function normalize(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const f = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * f;
}

/**
 * The spectrum of `problem`'s Hessian under `model`, its bottom eigenvalue and the teacher overlap of the
 * bottom eigenvector. Throws a `BbpFailure` (`NotConverged`) if the eigensolver or the inverse iteration fails.
 */
export function bottomEigenpairSample(problem: Problem, model: PointwiseModel): BottomEigenpairSample {
  const H = denseHessian(problem, model);
  const n = H.size;
  const eig = symmetricEigen(H.matrix, n);
  if (!eig.converged) fail(notConverged('symmetricEigen', `QL sweeps did not converge (seed ${problem.seed})`));
  const values = eig.values;
  const bottom = values[0]!;
  const norm = Math.max(Math.abs(values[0]!), Math.abs(values[n - 1]!), Number.MIN_VALUE);
  // The shift sits a hair below λ₁: H − σI is positive definite, and each solve shrinks every other
  // component by (λ₁ − σ)/(λ_j − σ). Widen the gap if rounding makes a pivot non-positive.
  let gap = 1e-10 * norm;
  let factor: Float64Array | null = null;
  for (let tries = 0; tries < 6 && factor === null; tries++, gap *= 100) factor = cholesky(H.matrix, n, bottom - gap);
  if (factor === null) fail(notConverged('inverse iteration', `H − σI is not positive definite (seed ${problem.seed})`));
  // A deterministic start with components along every direction.
  const v = Float64Array.from({ length: n }, (_, i) => 1 + 0.5 * Math.sin(1.7 * i + 0.3));
  normalize(v);
  const hv = new Float64Array(n);
  let residual = Infinity;
  for (let it = 0; it < 6; it++) {
    choleskySolve(factor, n, v);
    normalize(v);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const ri = i * n;
      // Only the lower triangle of H is trusted (as in symmetricEigen): H[i][k] for k ≤ i, H[k][i] above.
      for (let k = 0; k <= i; k++) s += H.matrix[ri + k]! * v[k]!;
      for (let k = i + 1; k < n; k++) s += H.matrix[k * n + i]! * v[k]!;
      hv[i] = s;
    }
    let r = 0;
    for (let i = 0; i < n; i++) r += (hv[i]! - bottom * v[i]!) ** 2;
    residual = Math.sqrt(r) / norm;
    if (residual < 1e-10 && it >= 1) break;
  }
  if (!(residual < 1e-6)) fail(notConverged('inverse iteration', `residual ${residual.toExponential(2)} (seed ${problem.seed})`));
  return { seed: problem.seed, eigenvalues: values, bottom, overlap: teacherOverlap(problem, v), residual };
}
