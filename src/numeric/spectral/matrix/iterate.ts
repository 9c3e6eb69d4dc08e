/**
 * The unrestricted matrix fixed point `G = (λI − Σ(G))⁻¹`, `Σ(G) = α E[A(I − GA)⁻¹]` (THEORY §3), with a
 * full symmetric p×p `G` and no symmetry assumed: the check of the permutation-invariant ansatz of
 * `solver.ts`. Use it on a law built from full (unsorted) points (`tensorPoints`), below the spectrum.
 *
 * @module
 */
import { fail, invalidArgument, notConverged } from '../../../errors.js';
import type { MatrixVertexLaw } from './law.js';
import { resolventTerm, solveTransposed } from './small.js';

/**
 * Result of {@link matrixFixedPoint}: `G` and `Σ` (row-major p×p) and the iteration record.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const full = c.fullLaw({ gaussianStep: 0.5 }); // every point of the tensor rule, not only z₁ ≤ z₂
 * const fp: MatrixFixedPoint = matrixFixedPoint(full, 30, -20);
 * [fp.G, fp.iterations]; // [[-0.04757…, 0.00785…, 0.00785…, -0.04757…], 40]
 */
export interface MatrixFixedPoint {
  /** The p×p resolvent, row-major. */
  readonly G: Float64Array;
  /** The p×p self-energy, row-major. */
  readonly sigma: Float64Array;
  /** Iterations used. */
  readonly iterations: number;
  /** Max-norm of the last update. */
  readonly residual: number;
}

/**
 * `α E[A(I − GA)⁻¹]` for a full symmetric `G` (p×p, row-major).
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const full = c.fullLaw({ gaussianStep: 0.5 }); // every point of the tensor rule, not only z₁ ≤ z₂
 * matrixSelfEnergy(full, 30, Float64Array.of(-0.05, 0, 0, -0.05)); // Σ(G) at G = −0.05·I, row-major 2×2
 */
export function matrixSelfEnergy(law: MatrixVertexLaw, alpha: number, G: Float64Array): Float64Array {
  if (law.symmetrized) fail(invalidArgument('law', law.description, 'a law on full (unsorted) points: use tensorPoints'));
  const { p, size, weight, matrix } = law;
  const pp = p * p;
  const out = new Float64Array(pp);
  const M = new Float64Array(pp);
  const X = new Float64Array(pp);
  for (let i = 0; i < size; i++) {
    const A = matrix.subarray(i * pp, (i + 1) * pp);
    resolventTerm(p, G, A, M, X);
    const w = alpha * weight[i]!;
    for (let k = 0; k < pp; k++) out[k] = out[k]! + w * X[k]!;
  }
  // symmetrize rounding
  for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) {
    const v = 0.5 * (out[r * p + c]! + out[c * p + r]!);
    out[r * p + c] = v;
    out[c * p + r] = v;
  }
  return out;
}

/**
 * Iterate `G ← (1 − θ)G + θ(λI − Σ(G))⁻¹` from `G₀` (default `I/λ`) until the update is below `tol`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const full = c.fullLaw({ gaussianStep: 0.5 }); // every point of the tensor rule, not only z₁ ≤ z₂
 * const fp = matrixFixedPoint(full, 30, -20, { start: Float64Array.of(-0.05, 0.01, 0.01, -0.04) });
 * fp.G; // ≈ g₁P₁ + g⊥P⊥ with g₁, g⊥ of createMatrixSolver(c.law({ gaussianStep: 0.5 })).resolvent(30, -20)
 */
export function matrixFixedPoint(
  law: MatrixVertexLaw, alpha: number, lambda: number,
  options: { readonly start?: Float64Array; readonly damping?: number; readonly tol?: number; readonly maxIterations?: number } = {},
): MatrixFixedPoint {
  const p = law.p;
  const pp = p * p;
  const theta = options.damping ?? 0.5;
  const tol = options.tol ?? 1e-14;
  const maxIt = options.maxIterations ?? 2000;
  let G: Float64Array = new Float64Array(pp);
  if (options.start) G.set(options.start);
  else for (let l = 0; l < p; l++) G[l * p + l] = 1 / lambda;
  const I = new Float64Array(pp);
  for (let l = 0; l < p; l++) I[l * p + l] = 1;
  let residual = Infinity;
  let sigma: Float64Array = new Float64Array(pp);
  for (let it = 1; it <= maxIt; it++) {
    sigma = matrixSelfEnergy(law, alpha, G);
    const R = new Float64Array(pp);
    for (let k = 0; k < pp; k++) R[k] = lambda * I[k]! - sigma[k]!;
    const inv = new Float64Array(pp);
    solveTransposed(p, R, I, inv); // inv = R⁻¹ (I symmetric)
    residual = 0;
    const next = new Float64Array(pp);
    for (let k = 0; k < pp; k++) {
      next[k] = (1 - theta) * G[k]! + theta * inv[k]!;
      residual = Math.max(residual, Math.abs(next[k]! - G[k]!));
    }
    G = next;
    if (!Number.isFinite(residual)) break;
    if (residual <= tol * Math.max(1, Math.abs(1 / lambda))) return { G, sigma, iterations: it, residual };
  }
  return fail(notConverged('matrixFixedPoint', `no convergence at alpha = ${alpha}, lambda = ${lambda}`, { residual }));
}
