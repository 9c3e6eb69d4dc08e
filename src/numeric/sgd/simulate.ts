/**
 * The finite-N one-pass SGD simulator of THEORY §8: a fresh Gaussian input per step, student
 * `ŷ = (1/p) Σ σ(λ_i)`, teacher `y = (1/p*) Σ σ*(ν_k)`, loss `½(ŷ − y)²`, update `w_i ← w_i − (η/√N) δ_i x`
 * with `δ_i = (ŷ − y) σ'(λ_i)/p`. It starts from weights with exactly the requested `Q(0)`, `R(0)` and
 * records `Q`, `R` (and the population risk, when given a function for it) at the requested times `t = μ/N`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { OrderParameters } from '../../analytic/sgd/orderParameters.js';
import type { Activation } from '../../dsl/activation.js';
import { compileExpr, type CompiledExpr } from '../../dsl/compile.js';
import { activationDerivatives } from '../../dsl/model.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { createRng } from '../random.js';
import { normalSource } from './ziggurat.js';
import { checkInitial, complementRoot, orderParametersOf, studentWeights, teacherWeights } from './weights.js';

/**
 * One finite-N SGD run: model, dynamics and where to record.
 * @category SGD
 * @since 0.2.0
 * @example
 * const options: SgdSimulationOptions = {
 *   student: activations.square, teacher: activations.square,
 *   initial: { p: 3, pstar: 2, Q: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), R: new Float64Array(6).fill(0.05) },
 *   n: 500, eta: 0.5, times: [0, 1, 2, 5], seed: 1,
 * };
 */
export interface SgdSimulationOptions {
  /** Student activation `σ` (any DSL activation with a derivative rule; non-smooth ones almost everywhere). */
  readonly student: Activation;
  /** Teacher activation `σ*`. */
  readonly teacher: Activation;
  /** `Q(0)` (p×p, positive definite) and `R(0)` (p×p*) with `Q(0) − R(0)R(0)ᵀ` positive semi-definite; sets `p`, `p*`. */
  readonly initial: OrderParameters;
  /** Input dimension `N ≥ p + p*`. */
  readonly n: number;
  /** Learning rate `η > 0`. */
  readonly eta: number;
  /** Times `t = μ/N` at which to record, non-decreasing, ≥ 0 (each rounded to the nearest step `μ`). */
  readonly times: readonly number[];
  /** Seed of the student's initial weights (their part outside the teacher span) and of the input stream. */
  readonly seed: number;
  /**
   * The run counts as diverged when some `Q_ii` exceeds this (default `10⁶ · max(1, max_i Q_ii(0))`), or when
   * an output stops being finite.
   */
  readonly divergenceNorm?: number;
}

/**
 * Where and why a run stopped early.
 * @category SGD
 * @since 0.2.0
 * @example
 * const d: SgdDivergence = { t: 3.2, step: 1600, maxNorm: 2.1e6, reason: 'norm' };
 */
export interface SgdDivergence {
  /** Time `t = μ/N` at which the run was stopped. */
  readonly t: number;
  /** The step `μ`. */
  readonly step: number;
  /** `max_i Q_ii` at that step (may be `Infinity`). */
  readonly maxNorm: number;
  /** `norm`: some `Q_ii` exceeded `divergenceNorm`; `nonFinite`: an output or update was not finite. */
  readonly reason: 'norm' | 'nonFinite';
}

/**
 * The record of one run. `Q[k]`, `R[k]`, `risk[k]` belong to time `t[k]`; a diverged run stops recording at
 * its divergence, so its arrays are shorter than the requested times.
 * @category SGD
 * @since 0.2.0
 * @example
 * const run: SgdSimulationRun = orThrow(sgdSimulate({
 *   student: activations.square, teacher: activations.square,
 *   initial: { p: 2, pstar: 1, Q: Float64Array.of(1, 0, 0, 1), R: Float64Array.of(0.2, 0.1) },
 *   n: 200, eta: 0.3, times: [0, 1], seed: 3,
 * }));
 * run.Q[run.t.length - 1]; // the last recorded Q, row-major
 */
export interface SgdSimulationRun {
  /** The seed. */
  readonly seed: number;
  /** Input dimension `N`. */
  readonly n: number;
  /** Learning rate. */
  readonly eta: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Recorded times `μ/N`. */
  readonly t: number[];
  /** Recorded steps `μ`. */
  readonly steps: number[];
  /** `Q` at each recorded time, p×p row-major. */
  readonly Q: number[][];
  /** `R` at each recorded time, p×p* row-major. */
  readonly R: number[][];
  /** Population risk of `(Q, R)` at each recorded time, when a risk function was given (else empty). */
  readonly risk: number[];
  /** Why the run stopped early, or null. */
  readonly divergence: SgdDivergence | null;
}

/**
 * Population risk as a function of the order parameters, recorded by {@link sgdSimulate} at each time (e.g. the
 * ODE side's `populationRisk` bound to a model).
 * @category SGD
 * @since 0.2.0
 * @example
 * const risk: SgdRiskFunction = (at) => orThrow(populationRisk({ p: at.p, pstar: at.pstar }, at));
 */
export type SgdRiskFunction = (at: OrderParameters) => number;

/**
 * `σ` and `σ'` compiled in `z`; non-smooth functions (relu, abs) take their almost-everywhere derivative, as
 * SGD does in practice and as the ODE side does.
 */
function compileActivation(a: Activation, where: string): { value: CompiledExpr; first: CompiledExpr } {
  const d = activationDerivatives(a, { almostEverywhere: true });
  if (E.isLeft(d)) return fail({ ...d.left, message: `${where}: ${d.left.message}` });
  const value = compileExpr(d.right.value, ['z']);
  const first = compileExpr(d.right.first, ['z']);
  if (E.isLeft(value)) return fail(value.left);
  if (E.isLeft(first)) return fail(first.left);
  return { value: value.right, first: first.right };
}

/** Validate every option (shapes and feasibility of the initial pair, N, η, seed, times); throws a `BbpFailure`. @internal */
export function checkSimulationOptions(options: SgdSimulationOptions): void {
  checkInitial(options.initial);
  complementRoot(options.initial); // feasibility of the pair
  const { n, eta, times, seed } = options;
  const { p, pstar } = options.initial;
  if (!Number.isSafeInteger(n) || n < p + pstar) fail(invalidArgument('n', n, `an integer ≥ p + pstar = ${p + pstar}`));
  if (!(eta > 0 && Number.isFinite(eta))) fail(invalidArgument('eta', eta, 'a positive finite number'));
  if (!Number.isSafeInteger(seed) || seed < 0) fail(invalidArgument('seed', seed, 'a non-negative integer'));
  if (!Array.isArray(times) || times.length === 0) fail(invalidArgument('times', times, 'a non-empty array of times ≥ 0'));
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (!(t >= 0 && Number.isFinite(t) && t * n <= Number.MAX_SAFE_INTEGER)) fail(invalidArgument(`times[${k}]`, t, 'a finite time ≥ 0'));
    if (k > 0 && t < times[k - 1]!) fail(invalidArgument(`times[${k}]`, t, `a time ≥ times[${k - 1}] = ${times[k - 1]}`));
  }
  const limit = options.divergenceNorm;
  if (limit !== undefined && !(limit > 0)) fail(invalidArgument('divergenceNorm', limit, 'a positive number'));
}

/**
 * Run one-pass SGD at finite `N` from weights with exactly `Q(0)`, `R(0)` and record the order parameters at
 * the requested times. Deterministic for a given seed. The teacher is `√N [I_{p*} 0]` (orthonormal rows; any
 * orthonormal teacher gives the same law, the inputs being isotropic); the student's part outside the teacher
 * span is uniformly random (seeded). A learning rate too large for the dynamics
 * ends the run with a {@link SgdDivergence} (not NaN).
 * @category SGD
 * @since 0.2.0
 * @example
 * const run = orThrow(sgdSimulate({
 *   student: activations.square, teacher: activations.square,
 *   initial: { p: 2, pstar: 1, Q: Float64Array.of(1, 0, 0, 1), R: Float64Array.of(0.1, -0.1) },
 *   n: 200, eta: 0.5, times: [0, 1, 2], seed: 1,
 * }));
 * run.Q[0]; // [1, 0, 0, 1] to 1e-12
 * run.risk; // [] (no risk function given): pass one as the second argument
 */
export function sgdSimulate(options: SgdSimulationOptions, risk?: SgdRiskFunction): E.Either<BbpError, SgdSimulationRun> {
  return attempt(() => simulate(options, risk));
}

function simulate(options: SgdSimulationOptions, riskOf: SgdRiskFunction | undefined): SgdSimulationRun {
  checkSimulationOptions(options);
  const { n, eta, times, seed, initial } = options;
  const { p, pstar } = initial;
  const sigma = compileActivation(options.student, 'student');
  const sigmaStar = compileActivation(options.teacher, 'teacher');

  const root = createRng(seed, 0);
  const teacher = teacherWeights(pstar, n);
  const w = studentWeights(initial, teacher, n, root.split(1));
  const data = normalSource(root.split(2));

  let maxQ0 = 1;
  for (let i = 0; i < p; i++) maxQ0 = Math.max(maxQ0, initial.Q[i * p + i]!);
  const limit = options.divergenceNorm ?? 1e6 * maxQ0;

  let x = new Float64Array(n); // this step's input
  let next = new Float64Array(n); // the next step's input
  const lambda = new Float64Array(p);
  const step = new Float64Array(p); // c_i = (η/√N) δ_i
  const norms = new Float64Array(p); // |w_i|²/N, tracked exactly up to round-off
  const z = new Float64Array(1);
  const Qbuf = new Float64Array(p * p);
  const Rbuf = new Float64Array(p * pstar);
  const invSqrtN = 1 / Math.sqrt(n);
  const invP = 1 / p;
  const invPstar = 1 / pstar;
  const rate = eta * invSqrtN;
  const s = sigma.value;
  const ds = sigma.first;
  const sStar = sigmaStar.value;

  for (let i = 0; i < p; i++) {
    let acc = 0;
    for (let a = 0; a < n; a++) acc += w[i * n + a]! * w[i * n + a]!;
    norms[i] = acc / n;
  }

  const out: SgdSimulationRun = { seed, n, eta, p, pstar, t: [], steps: [], Q: [], R: [], risk: [], divergence: null };
  const record = (mu: number): void => {
    orderParametersOf(w, teacher, p, pstar, n, Qbuf, Rbuf);
    out.t.push(mu / n);
    out.steps.push(mu);
    out.Q.push(Array.from(Qbuf));
    out.R.push(Array.from(Rbuf));
    if (riskOf) out.risk.push(riskOf({ p, pstar, Q: Qbuf, R: Rbuf }));
  };

  /**
   * One pass over the weights: `w_i ← w_i − c_i x` (the pending update, `c = 0` for none) and `λ_i = w_i·u/√N`
   * of the new weights with the input `u`; two rows per pass over the vectors. Returns `|u|²`.
   */
  const updateAndProject = (c: Float64Array, u: Float64Array): number => {
    let uu = 0;
    let i = 0;
    for (; i + 1 < p; i += 2) {
      const c0 = c[i]!;
      const c1 = c[i + 1]!;
      const r0 = i * n;
      const r1 = r0 + n;
      let s0 = 0;
      let s1 = 0;
      if (i === 0) {
        for (let a = 0; a < n; a++) {
          const xa = x[a]!;
          const ua = u[a]!;
          const w0 = w[a]! - c0 * xa;
          const w1 = w[r1 + a]! - c1 * xa;
          w[a] = w0;
          w[r1 + a] = w1;
          s0 += w0 * ua;
          s1 += w1 * ua;
          uu += ua * ua;
        }
      } else {
        for (let a = 0; a < n; a++) {
          const xa = x[a]!;
          const ua = u[a]!;
          const w0 = w[r0 + a]! - c0 * xa;
          const w1 = w[r1 + a]! - c1 * xa;
          w[r0 + a] = w0;
          w[r1 + a] = w1;
          s0 += w0 * ua;
          s1 += w1 * ua;
        }
      }
      lambda[i] = s0 * invSqrtN;
      lambda[i + 1] = s1 * invSqrtN;
    }
    if (i < p) {
      const c0 = c[i]!;
      const r0 = i * n;
      let s0 = 0;
      for (let a = 0; a < n; a++) {
        const ua = u[a]!;
        const w0 = w[r0 + a]! - c0 * x[a]!;
        w[r0 + a] = w0;
        s0 += w0 * ua;
        if (i === 0) uu += ua * ua;
      }
      lambda[i] = s0 * invSqrtN;
    }
    return uu;
  };

  // Invariant at the top of the loop: `x` is step μ's input and `lambda` its student preactivations.
  data.fill(x);
  let xx = updateAndProject(step, x); // step = 0: no update yet
  let mu = 0;
  let divergence: SgdDivergence | null = null;
  for (let r = 0; r < times.length && divergence === null; r++) {
    const target = Math.round(times[r]! * n);
    while (mu < target) {
      let yhat = 0;
      for (let j = 0; j < p; j++) {
        z[0] = lambda[j]!;
        yhat += s(z);
      }
      yhat *= invP;
      // The teacher is √N [I 0]: ν_k = x_k.
      let y = 0;
      for (let k = 0; k < pstar; k++) {
        z[0] = x[k]!;
        y += sStar(z);
      }
      y *= invPstar;
      const err = yhat - y;
      let maxNorm = 0;
      for (let j = 0; j < p; j++) {
        z[0] = lambda[j]!;
        const c = rate * err * ds(z) * invP;
        step[j] = c;
        // |w − c x|²/N = |w|²/N − 2c λ/√N + c²|x|²/N
        const q = norms[j]! - 2 * c * lambda[j]! * invSqrtN + (c * c * xx) / n;
        norms[j] = q;
        if (q > maxNorm) maxNorm = q;
        else if (q !== q) maxNorm = Number.NaN; // stays NaN: every later comparison is false
      }
      mu++;
      if (!(maxNorm <= limit)) {
        divergence = { t: mu / n, step: mu, maxNorm: Number.isNaN(maxNorm) ? Infinity : maxNorm, reason: Number.isFinite(maxNorm) ? 'norm' : 'nonFinite' };
        break;
      }
      // Apply this step's update while projecting on the next input.
      data.fill(next);
      xx = updateAndProject(step, next);
      const done = x;
      x = next;
      next = done;
    }
    if (divergence === null) record(mu);
  }
  return divergence === null ? out : { ...out, divergence };
}
