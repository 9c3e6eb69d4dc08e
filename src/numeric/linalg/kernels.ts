/**
 * Small dense kernels shared by the iterative solvers (hot loops: plain indices, no allocation).
 *
 * @module
 */

/**
 * `u[r] = x[xo .. xo+n) · v[vo + r·n .. vo + r·n + n)` for `r < q`: four (then two, then one) dot products per
 * sweep of `x`, so each load of `x` feeds several of them. Every dot sums over `i` in order, whatever path it
 * takes, so a result never depends on how many vectors were passed together (the Hessian operator relies on it).
 * @internal
 */
export function multiDot(x: Float64Array, xo: number, v: Float64Array, vo: number, n: number, q: number, u: Float64Array): void {
  let r = 0;
  for (; r + 3 < q; r += 4) {
    const o0 = vo + r * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xo + i]!;
      s0 += xi * v[o0 + i]!;
      s1 += xi * v[o1 + i]!;
      s2 += xi * v[o2 + i]!;
      s3 += xi * v[o3 + i]!;
    }
    u[r] = s0;
    u[r + 1] = s1;
    u[r + 2] = s2;
    u[r + 3] = s3;
  }
  if (r + 1 < q) {
    const o0 = vo + r * n;
    const o1 = o0 + n;
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xo + i]!;
      s0 += xi * v[o0 + i]!;
      s1 += xi * v[o1 + i]!;
    }
    u[r] = s0;
    u[r + 1] = s1;
    r += 2;
  }
  if (r < q) {
    const o0 = vo + r * n;
    let s0 = 0;
    for (let i = 0; i < n; i++) s0 += x[xo + i]! * v[o0 + i]!;
    u[r] = s0;
  }
}
