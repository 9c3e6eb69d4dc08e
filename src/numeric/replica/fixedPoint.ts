/**
 * Saddle points of replica free entropies: a damped fixed-point iteration `x ← (1 − d)·x + d·F(x)`, polished
 * by Newton's method on `F(x) − x` with a finite-difference Jacobian. The iteration is robust from a rough
 * start (replica maps are usually contractions near their physical fixed point); Newton then reaches the
 * rounding floor in a few steps, where the iteration alone would crawl near a transition. How it converged is
 * part of the result, never an exception.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { solveLinear } from './linear.js';

/**
 * Options of {@link solveFixedPoint}.
 * @category Replica
 * @since 0.2.0
 * @example
 * solveFixedPoint((x, out) => { out[0] = Math.cos(x[0]!); }, Float64Array.of(1), { tolerance: 1e-14 });
 */
export interface FixedPointOptions {
  /** Weight of the new iterate in the damped step (default 0.5). */
  readonly damping?: number;
  /** Stop when `max_i |F(x)_i − x_i| / max(1, |x_i|)` is below this (default 1e-13). */
  readonly tolerance?: number;
  /** Maximum number of damped iterations (default 2000). */
  readonly maxIterations?: number;
  /** Switch to Newton when the residual is below this (default 1e-3); `0` turns Newton off. */
  readonly newtonBelow?: number;
  /** Maximum number of Newton steps (default 30). */
  readonly maxNewtonSteps?: number;
  /** Map an iterate back into the domain of `F` in place (e.g. clamp an overlap into (0, 1)). */
  readonly project?: (x: Float64Array) => void;
}

/**
 * A fixed point and how it was reached.
 * @category Replica
 * @since 0.2.0
 * @example
 * const r = solveFixedPoint((x, out) => { out[0] = Math.cos(x[0]!); }, Float64Array.of(1));
 * r.x[0]; // 0.7390851332151607
 */
export interface FixedPointResult {
  /** The last iterate. */
  readonly x: Float64Array;
  /** Damped iterations performed. */
  readonly iterations: number;
  /** Newton steps performed. */
  readonly newtonSteps: number;
  /** Final scaled residual `max_i |F(x)_i − x_i| / max(1, |x_i|)`. */
  readonly residual: number;
  /** The tolerance asked for. */
  readonly tolerance: number;
  /** Whether `residual ≤ tolerance` (and every value finite). */
  readonly converged: boolean;
}

/** Scaled residual of `fx` against `x`; NaN-propagating (NaN compares false with everything). */
function residualOf(x: Float64Array, fx: Float64Array): number {
  let r = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(fx[i]! - x[i]!) / Math.max(1, Math.abs(x[i]!));
    if (!(d <= r)) r = Number.isNaN(d) ? NaN : d;
    if (Number.isNaN(r)) return NaN;
  }
  return r;
}

/**
 * Find `x = F(x)`: damped iteration from `x0`, then Newton on `F(x) − x` (finite-difference Jacobian,
 * backtracking on the residual) once the residual is below `newtonBelow`. `map(x, out)` writes `F(x)` into
 * `out`; it may return NaN entries for points outside its domain (the step is then halved back toward the
 * last good iterate). Throws `InvalidArgument` only for bad options.
 * @category Replica
 * @since 0.2.0
 * @example
 * // x = cos x
 * const r = solveFixedPoint((x, out) => { out[0] = Math.cos(x[0]!); }, Float64Array.of(1));
 * [r.x[0], r.converged]; // [0.7390851332151607, true]
 */
export function solveFixedPoint(
  map: (x: Float64Array, out: Float64Array) => void,
  x0: Float64Array,
  options: FixedPointOptions = {},
): FixedPointResult {
  const damping = options.damping ?? 0.5;
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 2000;
  const newtonBelow = options.newtonBelow ?? 1e-3;
  const maxNewtonSteps = options.maxNewtonSteps ?? 30;
  const project = options.project;
  if (!(damping > 0 && damping <= 1)) fail(invalidArgument('damping', damping, 'a number in (0, 1]'));
  if (!(tolerance > 0)) fail(invalidArgument('tolerance', tolerance, 'a positive number'));
  if (!Number.isInteger(maxIterations) || maxIterations < 0) fail(invalidArgument('maxIterations', maxIterations, 'a non-negative integer'));
  const n = x0.length;
  const x = Float64Array.from(x0);
  if (project) project(x);
  const fx = new Float64Array(n);
  const trial = new Float64Array(n);
  const ftrial = new Float64Array(n);
  const jac = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  map(x, fx);
  let residual = residualOf(x, fx);
  let iterations = 0;
  let newtonSteps = 0;
  const done = (): boolean => residual <= tolerance;
  while (!done() && iterations < maxIterations) {
    if (newtonBelow > 0 && residual <= newtonBelow && newtonSteps < maxNewtonSteps) {
      // Newton on r(x) = F(x) − x.
      for (let j = 0; j < n; j++) {
        const h = 1e-7 * Math.max(1, Math.abs(x[j]!));
        trial.set(x);
        trial[j] = x[j]! + h;
        map(trial, ftrial);
        for (let i = 0; i < n; i++) {
          const ri = fx[i]! - x[i]!;
          const rt = ftrial[i]! - trial[i]!;
          jac[i * n + j] = (rt - ri) / h;
        }
      }
      for (let i = 0; i < n; i++) rhs[i] = x[i]! - fx[i]!;
      newtonSteps++;
      if (solveLinear(jac, rhs, n)) {
        let lambda = 1;
        let accepted = false;
        for (let b = 0; b < 20 && !accepted; b++, lambda /= 2) {
          for (let i = 0; i < n; i++) trial[i] = x[i]! + lambda * rhs[i]!;
          if (project) project(trial);
          map(trial, ftrial);
          const r = residualOf(trial, ftrial);
          if (r < residual) {
            x.set(trial);
            fx.set(ftrial);
            residual = r;
            accepted = true;
          }
        }
        if (accepted) continue;
      }
    }
    // Damped step, halved back toward x while F is undefined there.
    let d = damping;
    for (let b = 0; b < 40; b++, d /= 2) {
      for (let i = 0; i < n; i++) trial[i] = (1 - d) * x[i]! + d * fx[i]!;
      if (project) project(trial);
      map(trial, ftrial);
      if (!Number.isNaN(residualOf(trial, ftrial))) break;
    }
    x.set(trial);
    fx.set(ftrial);
    residual = residualOf(x, fx);
    iterations++;
  }
  return { x, iterations, newtonSteps, residual, tolerance, converged: done() };
}
