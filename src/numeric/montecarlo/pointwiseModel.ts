/**
 * The numeric face of a teacher–student model: what the Monte Carlo engine needs to evaluate per input.
 * Hand-written here for the reference model; compiled symbolic models implement the same interface.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';

/**
 * A model evaluated one input at a time. The student output must have the committee form
 * `ŷ = (1/p) Σ_l σ(z_l)` (the Hessian vertex of THEORY §2 assumes it); methods write into caller-owned
 * buffers so hot loops allocate nothing.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const m: PointwiseModel = quadraticReferenceModel({ p: 2, pstar: 1, a: 1.5 });
 * m.studentOutput(Float64Array.of(1, 2)); // (1² + 2²)/2 = 2.5
 */
export interface PointwiseModel {
  /** Student hidden units. */
  readonly p: number;
  /** Teacher hidden units. */
  readonly pstar: number;
  /** Overall factor in front of the loss (default 1); scales every Hessian eigenvalue. */
  readonly scale: number;
  /** Teacher output y from teacher preactivations t (length pstar). */
  teacherOutput(t: Float64Array): number;
  /** Student output ŷ from preactivations z (length p). */
  studentOutput(z: Float64Array): number;
  /** Per-input loss ℓ(ŷ, y), without `scale`. */
  loss(yhat: number, y: number): number;
  /** Loss derivatives at (ŷ, y): `out[0] = ∂ℓ/∂ŷ`, `out[1] = ∂²ℓ/∂ŷ²`. */
  lossDerivatives(yhat: number, y: number, out: Float64Array): void;
  /** Student activation derivatives at z: `out[0] = σ'(z)`, `out[1] = σ''(z)`. */
  activationDerivatives(z: number, out: Float64Array): void;
}

/**
 * Options of {@link quadraticReferenceModel}.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const options: QuadraticReferenceOptions = { p: 2, pstar: 1, a: 1.5 };
 */
export interface QuadraticReferenceOptions {
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Regularizer of the loss denominator, `a > 0`. */
  readonly a: number;
  /** Overall loss factor (default 1; 1/2 reproduces the published paper's eigenvalue axis). */
  readonly scale?: number;
}

/**
 * The reference model of THEORY §1: σ = σ* = (·)², ŷ = (1/p) Σ z², y = (1/p*) Σ t², ℓ = (ŷ − y)²/(y + a).
 * Throws a `BbpFailure` (`InvalidArgument`) for bad parameters.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const pm = quadraticReferenceModel({ p: 2, pstar: 1, a: 1 });
 */
export function quadraticReferenceModel(options: QuadraticReferenceOptions): PointwiseModel {
  const { p, pstar, a, scale = 1 } = options;
  if (!Number.isSafeInteger(p) || p < 1) fail(invalidArgument('p', p, 'a positive integer'));
  if (!Number.isSafeInteger(pstar) || pstar < 1) fail(invalidArgument('pstar', pstar, 'a positive integer'));
  if (!(a > 0) || !Number.isFinite(a)) fail(invalidArgument('a', a, 'a positive finite number'));
  if (!Number.isFinite(scale)) fail(invalidArgument('scale', scale, 'a finite number'));
  return {
    p,
    pstar,
    scale,
    teacherOutput(t: Float64Array): number {
      let s = 0;
      for (let k = 0; k < pstar; k++) s += t[k]! * t[k]!;
      return s / pstar;
    },
    studentOutput(z: Float64Array): number {
      let s = 0;
      for (let l = 0; l < p; l++) s += z[l]! * z[l]!;
      return s / p;
    },
    loss(yhat: number, y: number): number {
      const d = yhat - y;
      return (d * d) / (y + a);
    },
    lossDerivatives(yhat: number, y: number, out: Float64Array): void {
      const inv = 2 / (y + a);
      out[0] = (yhat - y) * inv;
      out[1] = inv;
    },
    activationDerivatives(z: number, out: Float64Array): void {
      out[0] = 2 * z;
      out[1] = 2;
    },
  };
}
