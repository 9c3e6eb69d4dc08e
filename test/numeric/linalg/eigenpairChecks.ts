/** Checks shared by the Lanczos and matrix-free Hessian tests: iterative eigenpairs against a dense reference. */
import { expect } from 'vitest';
import type { EigenpairsResult } from '../../../src/numeric/linalg/lanczos.js';
import type { LinearOperator } from '../../../src/numeric/linalg/operator.js';

/** max |VᵀV − I| over k contiguous vectors of length n. */
export function orthonormalityDefect(vectors: Float64Array, k: number, n: number): number {
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += vectors[a * n + i]! * vectors[b * n + i]!;
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** Recompute ‖A·v_j − λ_j·v_j‖ independently of the solver. */
export function residualsOf(op: LinearOperator, values: Float64Array, vectors: Float64Array): number[] {
  const n = op.size;
  const out = new Float64Array(n);
  return [...values].map((lambda, j) => {
    const v = vectors.subarray(j * n, (j + 1) * n);
    op.apply(v, out);
    let s = 0;
    for (let i = 0; i < n; i++) s += (out[i]! - lambda * v[i]!) ** 2;
    return Math.sqrt(s);
  });
}

/**
 * Squared norm of the projection of `v` onto the reference eigenvectors whose eigenvalues lie within
 * `window` of `lambda` (reference vector j at `refVectors[j·n ..]`). For an isolated eigenvalue this is
 * ⟨v, v_ref⟩² (equality up to sign); for a (near-)degenerate group it is cos² of the angle between `v` and
 * the group's eigenspace.
 */
export function clusterProjection(
  v: Float64Array,
  lambda: number,
  refValues: Float64Array,
  refVectors: Float64Array,
  n: number,
  window: number,
): { projection: number; members: number } {
  let projection = 0;
  let members = 0;
  for (let j = 0; j < refValues.length; j++) {
    if (Math.abs(refValues[j]! - lambda) > window) continue;
    members++;
    let d = 0;
    for (let i = 0; i < n; i++) d += v[i]! * refVectors[j * n + i]!;
    projection += d * d;
  }
  return { projection, members };
}

export interface DenseComparison {
  /** Largest |λ_lanczos − λ_dense| over the k pairs. */
  readonly valueError: number;
  /** Largest explicit residual. */
  readonly residual: number;
  /** Largest 1 − ‖P_cluster v‖² (sin² of the angle to the reference eigenspace). */
  readonly angle2: number;
  /** Largest number of reference eigenvectors in one window (1: compared up to sign). */
  readonly largestCluster: number;
}

/**
 * Compare iterative eigenpairs with a dense decomposition of the same operator: eigenvalues, residuals
 * (recomputed here), orthonormality, and eigenvectors up to sign or, for eigenvalues closer than
 * `window`, up to rotation within their group (sin θ ≤ ‖r‖/gap, so with gaps ≥ window the bound is
 * ‖r‖/window).
 */
export function compareWithDense(
  op: LinearOperator,
  result: EigenpairsResult,
  refValues: Float64Array,
  refVectors: Float64Array,
  window: number,
): DenseComparison {
  const n = op.size;
  const k = result.values.length;
  let valueError = 0;
  let angle2 = 0;
  let largestCluster = 0;
  for (let j = 0; j < k; j++) {
    valueError = Math.max(valueError, Math.abs(result.values[j]! - refValues[j]!));
    const c = clusterProjection(result.vectors.subarray(j * n, (j + 1) * n), result.values[j]!, refValues, refVectors, n, window);
    angle2 = Math.max(angle2, 1 - c.projection);
    largestCluster = Math.max(largestCluster, c.members);
  }
  const recomputed = residualsOf(op, result.values, result.vectors);
  for (let j = 0; j < k; j++) expect(recomputed[j]!).toBeCloseTo(result.residuals[j]!, 12);
  expect(orthonormalityDefect(result.vectors, k, n)).toBeLessThan(1e-12);
  for (let j = 1; j < k; j++) expect(result.values[j]!).toBeGreaterThanOrEqual(result.values[j - 1]!);
  return { valueError, residual: Math.max(...recomputed), angle2, largestCluster };
}
