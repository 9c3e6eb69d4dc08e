/**
 * The linear-operator abstraction behind the iterative eigen-solvers: anything that can form `A·x` for a
 * real symmetric `A` of a known size. Dense matrices, diagonals and the matrix-free Monte Carlo Hessian
 * (`hessianOperator`) all present this one face, so {@link bottomEigenpairs} never sees how `A` is stored.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';

/**
 * A real symmetric linear map on `Float64Array`s of length `size`.
 *
 * `apply(x, out)` overwrites `out` with `A·x`; `out` never aliases `x`, and neither is kept after the call.
 * An operator may also offer `applyBlock(x, out, count)`, the same map applied to `count` vectors stored one
 * after another (`x[j·size .. (j+1)·size)` is vector `j`, and likewise `out`): solvers that work on blocks
 * use it when present, so an operator whose cost is dominated by streaming its data (such as the sampled
 * Hessian, which reads all of X once per product) can read that data once for the whole block.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * // 2·I on R³, written by hand
 * const twice: LinearOperator = {
 *   size: 3,
 *   apply: (x, out) => out.set(x.map((v) => 2 * v)),
 * };
 * bottomEigenpairs(twice, { k: 1, seed: 0 }).values; // [2]
 */
export interface LinearOperator {
  /** Dimension of the space the operator acts on. */
  readonly size: number;
  /** `out ← A·x`; both of length `size`, not aliased. */
  apply(x: Float64Array, out: Float64Array): void;
  /** Optional: `out[j] ← A·x[j]` for `count` contiguous vectors (lengths `count·size`, not aliased). */
  applyBlock?(x: Float64Array, out: Float64Array, count: number): void;
}

/**
 * Apply `op` to `count` contiguous vectors, through `applyBlock` when the operator has it and vector by
 * vector otherwise.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const out = new Float64Array(4);
 * applyToBlock(diagonalOperator([1, 2]), Float64Array.of(1, 1, 3, 4), out, 2); // out = [1, 2, 3, 8]
 */
export function applyToBlock(op: LinearOperator, x: Float64Array, out: Float64Array, count: number): void {
  if (op.applyBlock !== undefined) {
    op.applyBlock(x, out, count);
    return;
  }
  const n = op.size;
  for (let j = 0; j < count; j++) op.apply(x.subarray(j * n, (j + 1) * n), out.subarray(j * n, (j + 1) * n));
}

/**
 * The operator of a dense symmetric matrix (row-major `n × n`; the array is used, not copied, and must
 * not change while the operator is in use). Symmetry is the caller's promise: it is not checked.
 * Throws a `BbpFailure` (`InvalidArgument`) when `matrix.length ≠ n²`.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const op = denseOperator(Float64Array.of(2, 1, 1, 2), 2);
 * const out = new Float64Array(2);
 * op.apply(Float64Array.of(1, 0), out); // out = [2, 1]
 */
export function denseOperator(matrix: Float64Array, n: number): LinearOperator {
  if (!Number.isSafeInteger(n) || n < 0) fail(invalidArgument('n', n, 'a non-negative integer'));
  if (matrix.length !== n * n) fail(invalidArgument('matrix.length', matrix.length, `n² = ${n * n}`));
  return {
    size: n,
    apply(x: Float64Array, out: Float64Array): void {
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        let s = 0;
        for (let j = 0; j < n; j++) s += matrix[ri + j]! * x[j]!;
        out[i] = s;
      }
    },
    applyBlock(x: Float64Array, out: Float64Array, count: number): void {
      // Each matrix row is read once for the whole block.
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        for (let c = 0; c < count; c++) {
          const xo = c * n;
          let s = 0;
          for (let j = 0; j < n; j++) s += matrix[ri + j]! * x[xo + j]!;
          out[xo + i] = s;
        }
      }
    },
  };
}

/**
 * The operator `diag(d)` (the values are copied). Eigenvalues are the entries of `d`, eigenvectors the
 * unit vectors: the simplest operator with a known spectrum. Throws a `BbpFailure` (`InvalidArgument`) on a
 * non-finite entry.
 * @category Linear algebra
 * @since 0.1.0
 * @example
 * const op = diagonalOperator([3, 1, 2]); // spectrum {1, 2, 3}
 */
export function diagonalOperator(d: ArrayLike<number>): LinearOperator {
  const values = Float64Array.from(d);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) fail(invalidArgument(`d[${i}]`, values[i], 'a finite number'));
  }
  const n = values.length;
  return {
    size: n,
    apply(x: Float64Array, out: Float64Array): void {
      for (let i = 0; i < n; i++) out[i] = values[i]! * x[i]!;
    },
  };
}
