/**
 * Observables of one Monte Carlo Hessian sample (THEORY §7): the spectrum, its bottom eigenvalues and the
 * overlap of the bottom eigenvectors with the teacher subspace.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import { denseHessian } from './denseHessian.js';
import type { PointwiseModel } from './pointwiseModel.js';
import type { Problem } from './problem.js';

/**
 * Options of {@link hessianSpectrumSample}.
 * @category Monte Carlo
 * @since 0.1.0
 */
export interface SpectrumSampleOptions {
  /**
   * How many bottom eigenpairs to report (0 ≤ k ≤ p·n). With k = 0 no eigenvectors are computed, which is
   * several times faster when only the density is wanted.
   */
  readonly k: number;
}

/**
 * The spectrum of one sample, with the parameters that produced it.
 * @category Monte Carlo
 * @since 0.1.0
 */
export interface SpectrumSample {
  readonly n: number;
  readonly alpha: number;
  readonly m: number;
  readonly p: number;
  readonly pstar: number;
  readonly seed: number;
  /** All p·n eigenvalues, ascending. */
  readonly eigenvalues: Float64Array;
  /** The k smallest eigenvalues, ascending. */
  readonly bottom: number[];
  /** Teacher-subspace overlap of each of the k bottom eigenvectors (see {@link teacherOverlap}). */
  readonly overlaps: number[];
  /** Convergence record of the eigensolver. */
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Overlap of a weight-space vector `v` (length p·n, block l = student unit l) with the teacher subspace:
 * `Σ_k Σ_l ⟨e_k, v^{(l)}⟩² / |v|²` with `e_k = w*_k/√n`. It is 1 for a vector whose every block lies in the
 * span of the teacher, and `pstar/n` on average for a uniformly random direction.
 * @category Monte Carlo
 * @since 0.1.0
 */
export function teacherOverlap(problem: Problem, v: ArrayLike<number>): number {
  const { n, p, pstar, teacher } = problem;
  if (v.length !== p * n) fail(invalidArgument('v.length', v.length, `p·n = ${p * n}`));
  let norm2 = 0;
  for (let i = 0; i < v.length; i++) norm2 += v[i]! * v[i]!;
  let s = 0;
  for (let k = 0; k < pstar; k++) {
    const to = k * n;
    for (let l = 0; l < p; l++) {
      const vo = l * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += teacher[to + i]! * v[vo + i]!;
      s += dot * dot;
    }
  }
  // Teacher rows have |w*|² = n, so dividing by n turns ⟨w*_k, ·⟩² into ⟨e_k, ·⟩².
  return s / (n * norm2);
}

/**
 * Build the dense Hessian of `problem` under `model`, diagonalize it, and report all eigenvalues, the `k`
 * smallest and the teacher overlaps of their eigenvectors. Throws a `BbpFailure` for bad `k`.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const s = hessianSpectrumSample(sampleProblem({ n: 100, alpha: 4, p: 2, pstar: 1, seed: 1 }),
 *   quadraticReferenceModel({ p: 2, pstar: 1, a: 1 }), { k: 3 });
 */
export function hessianSpectrumSample(problem: Problem, model: PointwiseModel, options: SpectrumSampleOptions): SpectrumSample {
  const { k } = options;
  const size = problem.p * problem.n;
  if (!Number.isSafeInteger(k) || k < 0 || k > size) fail(invalidArgument('k', k, `an integer in [0, p·n = ${size}]`));
  const H = denseHessian(problem, model);
  const eig = symmetricEigen(H.matrix, size, { vectors: k > 0 });
  const bottom: number[] = [];
  const overlaps: number[] = [];
  if (k > 0) {
    const vectors = eig.vectors;
    if (vectors === undefined) throw new Error('symmetricEigen returned no eigenvectors'); // a bug, not user input
    for (let j = 0; j < k; j++) {
      bottom.push(eig.values[j]!);
      overlaps.push(teacherOverlap(problem, vectors.subarray(j * size, (j + 1) * size)));
    }
  }
  const { n, alpha, m, p, pstar, seed } = problem;
  return { n, alpha, m, p, pstar, seed, eigenvalues: eig.values, bottom, overlaps, iterations: eig.iterations, converged: eig.converged };
}
