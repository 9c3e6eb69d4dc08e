/** Test helpers for the eigen solvers: seeded random numbers, random orthogonal matrices, residuals. */

/** A tiny seeded LCG (Numerical Recipes constants) giving uniforms in [0, 1). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Random orthogonal n×n matrix (row-major), product of n Householder reflections I - 2vvᵀ. */
export function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      v[i] = 2 * rand() - 1;
      norm += v[i]! * v[i]!;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] = v[i]! / norm;
    // q ← q·(I - 2vvᵀ)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * v[k]!;
      for (let k = 0; k < n; k++) q[i * n + k] = q[i * n + k]! - 2 * s * v[k]!;
    }
  }
  return q;
}

/** Q·diag(lambda)·Qᵀ, symmetrized exactly. */
export function withSpectrum(q: Float64Array, lambda: ArrayLike<number>): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * lambda[k]! * q[j * n + k]!;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Frobenius norm, scaled so that tiny entries do not underflow when squared. */
export function frobenius(a: Float64Array): number {
  let big = 0;
  for (const x of a) big = Math.max(big, Math.abs(x));
  if (big === 0) return 0;
  let s = 0;
  for (const x of a) s += (x / big) * (x / big);
  return big * Math.sqrt(s);
}

/** max_j ‖A v_j − λ_j v_j‖ for row-major A and eigenvectors stored as contiguous slices. */
export function maxResidual(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * vectors[j * n + k]!;
      const r = s - values[j]! * vectors[j * n + i]!;
      r2 += r * r;
    }
    worst = Math.max(worst, Math.sqrt(r2));
  }
  return worst;
}

/** max |VᵀV − I| over all entries, eigenvectors stored as contiguous slices. */
export function orthonormalityError(vectors: Float64Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k]! * vectors[j * n + k]!;
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** Dense row-major form of a symmetric tridiagonal matrix. */
export function denseTridiagonal(diag: ArrayLike<number>, off: ArrayLike<number>): Float64Array {
  const n = diag.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = diag[i]!;
  for (let i = 0; i < n - 1; i++) {
    a[(i + 1) * n + i] = off[i]!;
    a[i * n + i + 1] = off[i]!;
  }
  return a;
}
