/**
 * Stationary points of a smooth function given its gradient: Newton's method on `∇φ(x) = 0` with a
 * central-difference Jacobian and backtracking on `|∇φ|`. Replica saddle points are stationary points of mixed
 * type (maxima in some directions, minima in others), so no descent method applies; Newton does, from a
 * start close enough. Convergence is reported as data.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { solveLinear } from './linear.js';

/**
 * Options of {@link solveStationary}.
 * @category Replica
 * @since 0.2.0
 * @example
 * solveStationary((x, g) => { g[0] = 2 * (x[0]! - 1); }, Float64Array.of(0), { tolerance: 1e-12 });
 */
export interface StationaryOptions {
  /** Stop when `max_i |∂φ/∂x_i|` is below this (default 1e-11). */
  readonly tolerance?: number;
  /** Maximum Newton steps (default 50). */
  readonly maxIterations?: number;
  /** Relative step of the central differences (default 1e-6). */
  readonly differenceStep?: number;
}

/**
 * A stationary point and how it was reached.
 * @category Replica
 * @since 0.2.0
 * @example
 * solveStationary((x, g) => { g[0] = 2 * (x[0]! - 1); }, Float64Array.of(0)).x[0]; // 1
 */
export interface StationaryResult {
  /** The last iterate. */
  readonly x: Float64Array;
  /** Newton steps taken. */
  readonly iterations: number;
  /** `max_i |∂φ/∂x_i|` at `x`. */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Whether `residual ≤ tolerance`. */
  readonly converged: boolean;
}

const maxAbs = (v: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (!(a <= m)) m = Number.isNaN(a) ? NaN : a;
    if (Number.isNaN(m)) return NaN;
  }
  return m;
};

/**
 * Newton's method for `∇φ(x) = 0` from `x0`; `gradient(x, out)` writes `∇φ(x)`. Throws `InvalidArgument`
 * only for bad options.
 * @category Replica
 * @since 0.2.0
 * @example
 * // stationary point of φ = x² − y² + x y − x
 * const r = solveStationary((x, g) => { g[0] = 2 * x[0]! + x[1]! - 1; g[1] = -2 * x[1]! + x[0]!; }, Float64Array.of(0, 0));
 * [r.x[0], r.x[1]]; // [0.4, 0.2]
 */
export function solveStationary(gradient: (x: Float64Array, out: Float64Array) => void, x0: Float64Array, options: StationaryOptions = {}): StationaryResult {
  const tolerance = options.tolerance ?? 1e-11;
  const maxIterations = options.maxIterations ?? 50;
  const rel = options.differenceStep ?? 1e-6;
  if (!(tolerance > 0)) fail(invalidArgument('tolerance', tolerance, 'a positive number'));
  if (!Number.isInteger(maxIterations) || maxIterations < 0) fail(invalidArgument('maxIterations', maxIterations, 'a non-negative integer'));
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const trial = new Float64Array(n);
  const jac = new Float64Array(n * n);
  const step = new Float64Array(n);
  gradient(x, g);
  let residual = maxAbs(g);
  let iterations = 0;
  while (!(residual <= tolerance) && iterations < maxIterations && !Number.isNaN(residual)) {
    iterations++;
    for (let j = 0; j < n; j++) {
      const h = rel * Math.max(1, Math.abs(x[j]!));
      trial.set(x);
      trial[j] = x[j]! + h;
      gradient(trial, gp);
      trial[j] = x[j]! - h;
      gradient(trial, gm);
      for (let i = 0; i < n; i++) jac[i * n + j] = (gp[i]! - gm[i]!) / (2 * h);
    }
    for (let i = 0; i < n; i++) step[i] = -g[i]!;
    if (!solveLinear(jac, step, n)) break;
    let lambda = 1;
    let accepted = false;
    for (let b = 0; b < 30 && !accepted; b++, lambda /= 2) {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + lambda * step[i]!;
      gradient(trial, gp);
      const r = maxAbs(gp);
      if (r < residual) {
        x.set(trial);
        g.set(gp);
        residual = r;
        accepted = true;
      }
    }
    if (!accepted) break;
  }
  return { x, iterations, residual, tolerance, converged: residual <= tolerance };
}
