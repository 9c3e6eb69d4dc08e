/**
 * Small dense helpers of the matrix solvers (p×p, p ≤ 12).
 *
 * @module
 */

/**
 * Solve `Mᵀ Y = B` for `Y` (p×p, Gaussian elimination with partial pivoting) and write `X = Yᵀ` (so that
 * `X = B M⁻¹` for symmetric `B`). Allocates two p×p scratch arrays.
 * @category Solvers
 * @since 0.1.0
 */
export function solveTransposed(p: number, M: Float64Array, B: Float64Array, X: Float64Array): void {
  // work on a = Mᵀ | b = B
  const a = new Float64Array(p * p);
  const b = new Float64Array(p * p);
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
    a[r * p + c] = M[c * p + r]!;
    b[r * p + c] = B[r * p + c]!;
  }
  for (let k = 0; k < p; k++) {
    let piv = k;
    for (let r = k + 1; r < p; r++) if (Math.abs(a[r * p + k]!) > Math.abs(a[piv * p + k]!)) piv = r;
    if (piv !== k) {
      for (let c = 0; c < p; c++) {
        const t = a[k * p + c]!; a[k * p + c] = a[piv * p + c]!; a[piv * p + c] = t;
        const u = b[k * p + c]!; b[k * p + c] = b[piv * p + c]!; b[piv * p + c] = u;
      }
    }
    const d = a[k * p + k]!;
    for (let r = k + 1; r < p; r++) {
      const f = a[r * p + k]! / d;
      if (f === 0) continue;
      for (let c = k; c < p; c++) a[r * p + c] = a[r * p + c]! - f * a[k * p + c]!;
      for (let c = 0; c < p; c++) b[r * p + c] = b[r * p + c]! - f * b[k * p + c]!;
    }
  }
  for (let k = p - 1; k >= 0; k--) {
    const d = a[k * p + k]!;
    for (let c = 0; c < p; c++) {
      let s = b[k * p + c]!;
      for (let j = k + 1; j < p; j++) s -= a[k * p + j]! * b[j * p + c]!;
      b[k * p + c] = s / d;
    }
  }
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) X[r * p + c] = b[c * p + r]!;
}

/**
 * `X = A (I − G A)⁻¹` for symmetric p×p `A` and `G` (the summand of the self-energy at one node), using `M` as
 * scratch for `I − G A`.
 * @category Solvers
 * @since 0.1.0
 */
export function resolventTerm(p: number, G: Float64Array, A: Float64Array, M: Float64Array, X: Float64Array): void {
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += G[r * p + k]! * A[k * p + c]!;
      M[r * p + c] = (r === c ? 1 : 0) - s;
    }
  }
  // Xᵀ = M⁻ᵀ Aᵀ; A, G symmetric ⇒ X symmetric: solve Mᵀ Xᵀ = A.
  solveTransposed(p, M, A, X);
}
