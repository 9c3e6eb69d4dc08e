/**
 * Observables of one Monte Carlo Hessian sample (THEORY §7): the spectrum (dense), or only its bottom
 * eigenvalues (matrix-free Lanczos, for large N), the overlaps of the bottom eigenvectors with the teacher
 * subspace, their residuals, and the statistic φ.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { bottomEigenpairs } from '../linalg/lanczos.js';
import { applyToBlock, type LinearOperator } from '../linalg/operator.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import { denseHessian } from './denseHessian.js';
import { hessianOperator } from './hessianOperator.js';
import type { PointwiseModel } from './pointwiseModel.js';
import type { Problem } from './problem.js';

/**
 * Options of {@link hessianSpectrumSample}.
 * @category Monte Carlo
 * @since 0.1.0
 */
export interface SpectrumSampleOptions {
  /**
   * How many bottom eigenpairs to report (0 ≤ k ≤ p·n; 1 ≤ k < p·n with `method: 'lanczos'`). With k = 0
   * no eigenvectors are computed, which is several times faster when only the density is wanted.
   */
  readonly k: number;
  /**
   * `'dense'` (default): build the (p·n)² Hessian and diagonalize it completely. `'lanczos'`: only the
   * bottom k eigenpairs, matrix-free ({@link hessianOperator} + {@link bottomEigenpairs}), in O(m·n·p)
   * memory; then `eigenvalues` holds only those k values. From p·n ≈ {@link LANCZOS_MIN_SIZE} on, Lanczos
   * is the faster of the two.
   * @since 0.2.0
   */
  readonly method?: 'dense' | 'lanczos';
  /** Absolute residual bound `‖Hv − λv‖` of the Lanczos eigenpairs (default 1e-8). @since 0.2.0 */
  readonly tolerance?: number;
  /** Seed of the Lanczos start vector (default: the problem's seed). @since 0.2.0 */
  readonly lanczosSeed?: number;
}

/**
 * The size p·n from which {@link hessianSpectrumSample} with `method: 'lanczos'` beats the dense solver
 * for a few bottom eigenpairs; the experiments switch there. Measured (p = 2, α = 2, k = 4, one loaded
 * core, mean of 3 seeds): p·n = 100: dense 54 ms, Lanczos 81 ms; 200: 195 / 124 ms; 300: 677 / 226 ms;
 * 600: 3.1 s / 0.39 s; 800: 9.3 s / 0.55 s.
 * @category Monte Carlo
 * @since 0.2.0
 */
export const LANCZOS_MIN_SIZE = 200;

/**
 * The spectrum of one sample, with the parameters that produced it.
 * @category Monte Carlo
 * @since 0.1.0
 */
export interface SpectrumSample {
  /** Input dimension N. */
  readonly n: number;
  /** Sample ratio α requested. */
  readonly alpha: number;
  /** Number of inputs M = round(α·N). */
  readonly m: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Seed of the problem. */
  readonly seed: number;
  /** `'dense'`: all p·n eigenvalues, ascending; `'lanczos'`: only the k bottom ones. */
  readonly eigenvalues: Float64Array;
  /** The k smallest eigenvalues, ascending. */
  readonly bottom: number[];
  /** Teacher-subspace overlap of each of the k bottom eigenvectors (see {@link teacherOverlap}). */
  readonly overlaps: number[];
  /** `‖Hv − λv‖` of each of the k bottom unit eigenvectors (explicit products, not estimates). @since 0.2.0 */
  readonly residuals: number[];
  /**
   * THEORY §7's φ for this sample: 1 when, among the k bottom eigenvectors, the bottom one has the largest
   * teacher overlap, else 0 (NaN when k = 0). @since 0.2.0
   */
  readonly phi: number;
  /** The eigensolver used. @since 0.2.0 */
  readonly method: 'dense' | 'lanczos';
  /** Convergence record of the eigensolver: QL sweeps (dense) or basis fills (Lanczos). */
  readonly iterations: number;
  /** Products H·v (Lanczos; 0 for dense). @since 0.2.0 */
  readonly matvecs: number;
  /** Whether the eigensolver converged (Lanczos: every residual ≤ tolerance). */
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
 * The bottom of the spectrum of `problem`'s Hessian under `model`: the `k` smallest eigenvalues, the
 * teacher overlaps of their eigenvectors, their residuals and φ; with `method: 'dense'` (default) also the
 * whole spectrum, with `'lanczos'` matrix-free (see {@link SpectrumSampleOptions}). Lanczos
 * non-convergence is data (`converged: false`), not an error. Throws a `BbpFailure` for bad options.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const s = hessianSpectrumSample(sampleProblem({ n: 100, alpha: 4, p: 2, pstar: 1, seed: 1 }),
 *   quadraticReferenceModel({ p: 2, pstar: 1, a: 1 }), { k: 3 });
 */
export function hessianSpectrumSample(problem: Problem, model: PointwiseModel, options: SpectrumSampleOptions): SpectrumSample {
  const { k, method = 'dense' } = options;
  const size = problem.p * problem.n;
  if (method !== 'dense' && method !== 'lanczos') fail(invalidArgument('method', method, "'dense' or 'lanczos'"));
  const lanczos = method === 'lanczos';
  if (!Number.isSafeInteger(k) || k < (lanczos ? 1 : 0) || k > (lanczos ? size - 1 : size)) {
    fail(invalidArgument('k', k, lanczos ? `an integer with 1 ≤ k < p·n = ${size}` : `an integer in [0, p·n = ${size}]`));
  }
  let eigenvalues: Float64Array;
  let vectors: Float64Array | undefined;
  let residuals: number[];
  let iterations: number;
  let matvecs = 0;
  let converged: boolean;
  if (lanczos) {
    const r = bottomEigenpairs(hessianOperator(problem, model), { k, seed: options.lanczosSeed ?? problem.seed, tolerance: options.tolerance ?? 1e-8 });
    ({ iterations, matvecs, converged } = r);
    eigenvalues = r.values;
    vectors = r.vectors;
    residuals = Array.from(r.residuals);
  } else {
    const eig = symmetricEigen(denseHessian(problem, model).matrix, size, { vectors: k > 0 });
    ({ iterations, converged } = eig);
    eigenvalues = eig.values;
    vectors = eig.vectors;
    if (k > 0 && vectors === undefined) throw new Error('symmetricEigen returned no eigenvectors'); // a bug, not user input
    residuals = k > 0 ? explicitResiduals(hessianOperator(problem, model), eigenvalues, vectors!, k) : [];
  }
  const bottom: number[] = [];
  const overlaps: number[] = [];
  for (let j = 0; j < k; j++) {
    bottom.push(eigenvalues[j]!);
    overlaps.push(teacherOverlap(problem, vectors!.subarray(j * size, (j + 1) * size)));
  }
  const { n, alpha, m, p, pstar, seed } = problem;
  return { n, alpha, m, p, pstar, seed, eigenvalues, bottom, overlaps, residuals, phi: bottomIsMostAligned(overlaps), method, iterations, matvecs, converged };
}

/** φ of one sample: 1 when `overlaps[0]` is the largest (ties go to the bottom one), NaN when empty. */
function bottomIsMostAligned(overlaps: readonly number[]): number {
  if (overlaps.length === 0) return Number.NaN;
  for (let j = 1; j < overlaps.length; j++) if (overlaps[j]! > overlaps[0]!) return 0;
  return 1;
}

/** ‖H·v_j − λ_j·v_j‖ for the first k vectors (contiguous, length `op.size` each). */
function explicitResiduals(op: LinearOperator, values: Float64Array, vectors: Float64Array, k: number): number[] {
  const size = op.size;
  const hv = new Float64Array(k * size);
  applyToBlock(op, vectors.subarray(0, k * size), hv, k);
  const out: number[] = [];
  for (let j = 0; j < k; j++) {
    const lambda = values[j]!;
    let s = 0;
    for (let i = j * size; i < (j + 1) * size; i++) {
      const d = hv[i]! - lambda * vectors[i]!;
      s += d * d;
    }
    out.push(Math.sqrt(s));
  }
  return out;
}
