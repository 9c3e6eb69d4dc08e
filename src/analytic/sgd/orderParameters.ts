/**
 * The order parameters of one-pass SGD (THEORY §8): `Q = W Wᵀ/N` (p×p) and `R = W W*ᵀ/N` (p×p*), stored
 * row-major; the teacher is orthonormal, `T = I`. Shared by the ODEs (src/analytic/sgd) and the finite-N
 * simulator (src/numeric/sgd).
 *
 * @module
 */

/**
 * `Q` and `R` of a student of width `p` learning a teacher of width `pstar`.
 *
 * @category SGD
 * @since 0.2.0
 * @example
 * const start: OrderParameters = { p: 2, pstar: 1, Q: Float64Array.of(0.5, 0, 0, 0.5), R: Float64Array.of(0.01, -0.02) };
 */
export interface OrderParameters {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** `Q_ij = w_i·w_j/N`, p×p, row-major. */
  readonly Q: Float64Array;
  /** `R_ik = w_i·w*_k/N`, p×p*, row-major. */
  readonly R: Float64Array;
}
