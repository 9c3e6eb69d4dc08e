/**
 * Weights of the finite-N SGD simulator (THEORY §8): an orthonormal teacher (`W* W*ᵀ/N = I`) and a student
 * whose order parameters are exactly the requested `Q(0)`, `R(0)`, its part outside the teacher span uniformly
 * random.
 *
 * Construction: `W = R W* + L E`, with `E` (p×N) orthonormal rows of norm `√N` orthogonal to the teacher,
 * and `L Lᵀ = Q − R Rᵀ` (the symmetric square root). Then `W W*ᵀ/N = R` and `W Wᵀ/N = R Rᵀ + L Lᵀ = Q`
 * up to round-off. The pair is feasible iff `Q − R Rᵀ` is positive semi-definite.
 *
 * @module
 */
import type { OrderParameters } from '../../analytic/sgd/orderParameters.js';
import { fail, invalidArgument } from '../../errors.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import type { Rng } from '../random.js';

/**
 * Relative tolerance: a negative eigenvalue of `Q − R Rᵀ` above `−tol·max(1, max Q_ii)` counts as round-off
 * (clamped to 0); an eigenvalue of `Q` below `tol·max(1, max Q_ii)` makes `Q` singular.
 */
const PSD_TOLERANCE = 1e-12;

/**
 * Orthonormalize `count` rows of `rows` (row-major, length `count·n`) in place against themselves and the
 * first `fixedCount` rows of `fixed` (assumed orthonormal with norm `√n`), then scale each to norm `√n`.
 * Classical Gram–Schmidt run twice ("twice is enough"), so the rows are orthogonal to round-off.
 */
function orthonormalize(rows: Float64Array, count: number, n: number, fixed: Float64Array | null, fixedCount: number): void {
  const scale = Math.sqrt(n);
  for (let i = 0; i < count; i++) {
    const ri = i * n;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < fixedCount; j++) {
        const f = fixed!;
        const rj = j * n;
        let dot = 0;
        for (let k = 0; k < n; k++) dot += rows[ri + k]! * f[rj + k]!;
        const c = dot / n; // fixed rows have norm² = n
        for (let k = 0; k < n; k++) rows[ri + k] = rows[ri + k]! - c * f[rj + k]!;
      }
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        let dot = 0;
        for (let k = 0; k < n; k++) dot += rows[ri + k]! * rows[rj + k]!;
        const c = dot / n;
        for (let k = 0; k < n; k++) rows[ri + k] = rows[ri + k]! - c * rows[rj + k]!;
      }
    }
    let norm2 = 0;
    for (let k = 0; k < n; k++) norm2 += rows[ri + k]! * rows[ri + k]!;
    const f = scale / Math.sqrt(norm2);
    for (let k = 0; k < n; k++) rows[ri + k] = rows[ri + k]! * f;
  }
}

/**
 * The teacher `W* = √n [I_{p*} 0]` (row-major `pstar × n`): orthonormal rows of norm `√n`, so `T = I`, and
 * `ν_k = w*_k·x/√n = x_k`. Any orthonormal teacher gives the same law of the whole run (the inputs are
 * isotropic and the student's part outside the teacher span is drawn uniformly), so the simulator uses this
 * one and skips the teacher's dot products.
 * @internal
 */
export function teacherWeights(pstar: number, n: number): Float64Array {
  const w = new Float64Array(pstar * n);
  const scale = Math.sqrt(n);
  for (let k = 0; k < pstar; k++) w[k * n + k] = scale;
  return w;
}

/**
 * The symmetric square root `L` of `S = Q − R Rᵀ` (p×p, row-major); throws a `BbpFailure` naming the pair
 * when `S` is not positive semi-definite or `Q` is not positive definite.
 * @internal
 */
export function complementRoot(initial: OrderParameters): Float64Array {
  const { p, pstar, Q, R } = initial;
  const s = new Float64Array(p * p);
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(Q[i * p + i]!));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let rr = 0;
      for (let k = 0; k < pstar; k++) rr += R[i * pstar + k]! * R[j * pstar + k]!;
      // Symmetrize Q so that a slightly asymmetric input does not leak into the root.
      s[i * p + j] = 0.5 * (Q[i * p + j]! + Q[j * p + i]!) - rr;
    }
  }
  const qEig = symmetricEigen(Float64Array.from(Q), p);
  if (!(qEig.values[0]! > PSD_TOLERANCE * Math.max(1, scale))) {
    fail(invalidArgument('Q0', Array.from(Q), `a positive definite p×p matrix (smallest eigenvalue ${qEig.values[0]})`));
  }
  const eig = symmetricEigen(s, p, { vectors: true });
  const lowest = eig.values[0]!;
  if (lowest < -PSD_TOLERANCE * Math.max(1, scale)) {
    fail(
      invalidArgument(
        'R0',
        Array.from(R),
        `overlaps compatible with Q0: Q0 − R0 R0ᵀ must be positive semi-definite (its smallest eigenvalue is ${lowest})`,
      ),
    );
  }
  const vectors = eig.vectors!;
  const root = new Float64Array(p * p);
  for (let m = 0; m < p; m++) {
    const lambda = Math.sqrt(Math.max(0, eig.values[m]!));
    if (lambda === 0) continue;
    const v = m * p;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) root[i * p + j] = root[i * p + j]! + lambda * vectors[v + i]! * vectors[v + j]!;
  }
  return root;
}

/** Check the shapes and values of an initial condition; throws a `BbpFailure` naming the field. */
export function checkInitial(initial: OrderParameters): void {
  const { p, pstar, Q, R } = initial;
  if (!Number.isSafeInteger(p) || p < 1) fail(invalidArgument('p', p, 'a positive integer'));
  if (!Number.isSafeInteger(pstar) || pstar < 1) fail(invalidArgument('pstar', pstar, 'a positive integer'));
  if (!(Q instanceof Float64Array) || Q.length !== p * p) fail(invalidArgument('Q0', Q === undefined ? Q : Array.from(Q), `a ${p}×${p} matrix (${p * p} entries, row-major)`));
  if (!(R instanceof Float64Array) || R.length !== p * pstar) {
    fail(invalidArgument('R0', R === undefined ? R : Array.from(R), `a ${p}×${pstar} matrix (${p * pstar} entries, row-major)`));
  }
  if (!Q.every(Number.isFinite)) fail(invalidArgument('Q0', Array.from(Q), 'finite entries'));
  if (!R.every(Number.isFinite)) fail(invalidArgument('R0', Array.from(R), 'finite entries'));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const a = Q[i * p + j]!;
      const b = Q[j * p + i]!;
      if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))) fail(invalidArgument('Q0', Array.from(Q), 'a symmetric matrix'));
    }
  }
}

/**
 * Student weights (row-major `p × n`) with `W Wᵀ/n = Q` and `W W*ᵀ/n = R` exactly (to round-off), for the
 * orthonormal teacher `teacher` (`pstar × n`, rows of norm `√n`). Needs `n ≥ p + pstar`. Throws a
 * `BbpFailure` for an infeasible pair (`Q − R Rᵀ` not positive semi-definite, `Q` not positive definite).
 * @internal
 */
export function studentWeights(initial: OrderParameters, teacher: Float64Array, n: number, rng: Rng): Float64Array {
  checkInitial(initial);
  const { p, pstar, R } = initial;
  if (!Number.isSafeInteger(n) || n < p + pstar) fail(invalidArgument('n', n, `an integer ≥ p + pstar = ${p + pstar}`));
  if (teacher.length !== pstar * n) fail(invalidArgument('teacher.length', teacher.length, `pstar·n = ${pstar * n}`));
  const root = complementRoot(initial);
  const e = rng.fillNormal(new Float64Array(p * n));
  orthonormalize(e, p, n, teacher, pstar);
  const w = new Float64Array(p * n);
  for (let i = 0; i < p; i++) {
    const wi = i * n;
    for (let k = 0; k < pstar; k++) {
      const c = R[i * pstar + k]!;
      if (c === 0) continue;
      const tk = k * n;
      for (let a = 0; a < n; a++) w[wi + a] = w[wi + a]! + c * teacher[tk + a]!;
    }
    for (let j = 0; j < p; j++) {
      const c = root[i * p + j]!;
      if (c === 0) continue;
      const ej = j * n;
      for (let a = 0; a < n; a++) w[wi + a] = w[wi + a]! + c * e[ej + a]!;
    }
  }
  return w;
}

/**
 * `Q = W Wᵀ/n` and `R = W W*ᵀ/n` of row-major weights (`p × n` student, `pstar × n` teacher), written into
 * `Q` (p×p) and `R` (p×pstar).
 * @internal
 */
export function orderParametersOf(w: Float64Array, teacher: Float64Array, p: number, pstar: number, n: number, Q: Float64Array, R: Float64Array): void {
  for (let i = 0; i < p; i++) {
    const wi = i * n;
    for (let j = 0; j <= i; j++) {
      const wj = j * n;
      let s = 0;
      for (let a = 0; a < n; a++) s += w[wi + a]! * w[wj + a]!;
      Q[i * p + j] = s / n;
      Q[j * p + i] = s / n;
    }
    for (let k = 0; k < pstar; k++) {
      const tk = k * n;
      let s = 0;
      for (let a = 0; a < n; a++) s += w[wi + a]! * teacher[tk + a]!;
      R[i * pstar + k] = s / n;
    }
  }
}
