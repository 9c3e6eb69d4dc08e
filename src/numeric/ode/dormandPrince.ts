/**
 * Adaptive Dormand–Prince 5(4) integration of `dy/dt = f(t, y)` with dense output (Hairer's 4th-order
 * continuous extension), output at requested times, event location (Brent on the dense output) and
 * divergence reported as data.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { brent } from '../roots/brent.js';

/**
 * The right-hand side: write `f(t, y)` into `dydt` (preallocated by the integrator; do not keep it).
 * @category ODE
 * @since 0.2.0
 * @example
 * const decay: OdeRhs = (_t, y, dydt) => { dydt[0] = -y[0]!; };
 */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/**
 * An event: a root of `g(t, y)` crossed during a step, located to machine precision on the dense output.
 * @category ODE
 * @since 0.2.0
 * @example
 * const ev: OdeEvent = { name: 'half', g: (_t, y) => y[0]! - 0.5, terminal: true };
 */
export interface OdeEvent {
  /** A name reported with each occurrence. */
  readonly name: string;
  /** The event function; an event is a sign change of `g` along the solution. */
  readonly g: (t: number, y: Float64Array) => number;
  /** Stop the integration at the first occurrence (default false). */
  readonly terminal?: boolean;
  /** Only crossings upward (`1`), downward (`-1`) or both (`0`, the default). */
  readonly direction?: -1 | 0 | 1;
}

/**
 * Options of {@link solveOde}.
 * @category ODE
 * @since 0.2.0
 * @example
 * const o: OdeOptions = { rtol: 1e-9, atol: 1e-12 };
 */
export interface OdeOptions {
  /** Relative tolerance per component (default 1e-8). */
  readonly rtol?: number;
  /** Absolute tolerance per component (default 1e-10). */
  readonly atol?: number;
  /** First step (default: Hairer's estimate). */
  readonly h0?: number;
  /** Largest step (default: the whole interval). */
  readonly hMax?: number;
  /** Give up after this many steps (default 1e6), reported as status `maxSteps`. */
  readonly maxSteps?: number;
  /** The solution counts as diverged once its max-norm exceeds this (default 1e10). */
  readonly divergenceNorm?: number;
  /** Events to locate. */
  readonly events?: readonly OdeEvent[];
}

/**
 * One located event.
 * @category ODE
 * @since 0.2.0
 * @example
 * const e: OdeEventHit = { name: 'half', t: 0.693, y: Float64Array.of(0.5) };
 */
export interface OdeEventHit {
  /** The event's name. */
  readonly name: string;
  /** Where `g` vanishes. */
  readonly t: number;
  /** The state there (dense output). */
  readonly y: Float64Array;
}

/**
 * Step statistics of a run.
 * @category ODE
 * @since 0.2.0
 * @example
 * const s: OdeStats = { accepted: 40, rejected: 2, evaluations: 253 };
 */
export interface OdeStats {
  /** Accepted steps. */
  readonly accepted: number;
  /** Rejected steps. */
  readonly rejected: number;
  /** Right-hand side evaluations. */
  readonly evaluations: number;
}

/**
 * The result of {@link solveOde}: the solution at the requested times that were reached, how the run ended
 * and its statistics. A run that blows up is `status: 'diverged'` with `divergenceTime` (the last time at
 * which the state was finite and below `divergenceNorm`); no NaN is ever returned.
 * @category ODE
 * @since 0.2.0
 * @example
 * const r: OdeResult = solveOde((_t, y, d) => { d[0] = -y[0]!; }, 0, Float64Array.of(1), Float64Array.of(1));
 */
export interface OdeResult {
  /** `completed` (reached the last requested time), `event` (a terminal event), `diverged`, `maxSteps`. */
  readonly status: 'completed' | 'event' | 'diverged' | 'maxSteps';
  /** The requested times reached (a prefix of the requested ones). */
  readonly t: Float64Array;
  /** The states at `t`, row-major (`t.length × n`). */
  readonly y: Float64Array;
  /** Where the integration stopped. */
  readonly tEnd: number;
  /** The state at `tEnd`. */
  readonly yEnd: Float64Array;
  /** With `status: 'diverged'`: the last time the state was finite and bounded; otherwise null. */
  readonly divergenceTime: number | null;
  /** Events located, in time order. */
  readonly events: readonly OdeEventHit[];
  /** Step statistics. */
  readonly stats: OdeStats;
}

// Dormand–Prince 5(4) tableau.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
// Dense output (Hairer, Nørsett, Wanner; dopri5 `contd5`).
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

/**
 * Integrate `dy/dt = f(t, y)` from `t0` (state `y0`) through the ascending `times` (all ≥ t0), with adaptive
 * Dormand–Prince 5(4) steps. The solution at each requested time comes from the dense output (no step is
 * shortened to hit it). Events are located by Brent's method on the dense output of the step in which `g`
 * changes sign. Non-finite states, norms above `divergenceNorm` and steps shrinking below round-off are
 * reported as `status: 'diverged'` with the time, never as NaN. Throws BbpFailure on invalid arguments
 * (internal: callers wrap it).
 * @category ODE
 * @since 0.2.0
 * @example
 * const r = solveOde((_t, y, d) => { d[0] = -y[0]!; }, 0, Float64Array.of(1), Float64Array.of(0.5, 1), { rtol: 1e-10 });
 * r.y[1]; // ≈ exp(-1)
 */
export function solveOde(f: OdeRhs, t0: number, y0: Float64Array, times: Float64Array, options: OdeOptions = {}): OdeResult {
  const n = y0.length;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const maxSteps = options.maxSteps ?? 1_000_000;
  const bound = options.divergenceNorm ?? 1e10;
  const events = options.events ?? [];
  if (!Number.isFinite(t0)) fail(invalidArgument('t0', t0, 'a finite number'));
  if (!(rtol > 0) || !(atol > 0)) fail(invalidArgument('tolerance', { rtol, atol }, 'positive rtol and atol'));
  for (let k = 0; k < times.length; k++) {
    const tk = times[k]!;
    if (!Number.isFinite(tk) || tk < t0 || (k > 0 && tk < times[k - 1]!)) {
      fail(invalidArgument('times', Array.from(times), `finite ascending times ≥ t0 = ${t0}`));
    }
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(y0[i]!)) fail(invalidArgument('y0', Array.from(y0), 'finite numbers'));
  const tFinal = times.length > 0 ? times[times.length - 1]! : t0;
  const hMax = options.hMax ?? Math.max(tFinal - t0, Number.MIN_VALUE);

  const y = Float64Array.from(y0);
  const yNew = new Float64Array(n);
  const yStage = new Float64Array(n);
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const k5 = new Float64Array(n), k6 = new Float64Array(n), k7 = new Float64Array(n);
  const r1 = new Float64Array(n), r2 = new Float64Array(n), r3 = new Float64Array(n), r4 = new Float64Array(n), r5 = new Float64Array(n);
  const yInterp = new Float64Array(n);
  const out = new Float64Array(times.length * n);
  const hits: OdeEventHit[] = [];
  let evaluations = 0;
  let accepted = 0;
  let rejected = 0;
  let next = 0; // next requested time to fill
  let t = t0;

  const rhs = (tt: number, yy: Float64Array, d: Float64Array): void => {
    f(tt, yy, d);
    evaluations++;
  };
  const finiteBounded = (v: Float64Array): boolean => {
    for (let i = 0; i < n; i++) {
      const a = Math.abs(v[i]!);
      if (!(a <= bound)) return false;
    }
    return true;
  };
  // Requested times equal to t0.
  while (next < times.length && times[next]! === t0) out.set(y, n * next++);
  const finish = (status: OdeResult['status'], divergenceTime: number | null): OdeResult => ({
    status,
    t: times.slice(0, next),
    y: out.slice(0, next * n),
    tEnd: t,
    yEnd: Float64Array.from(y),
    divergenceTime,
    events: hits,
    stats: { accepted, rejected, evaluations },
  });
  if (tFinal === t0) return finish('completed', null);

  rhs(t, y, k1);
  for (let i = 0; i < n; i++) if (!Number.isFinite(k1[i]!)) return finish('diverged', t);
  const scale = (a: number, b: number): number => atol + rtol * Math.max(Math.abs(a), Math.abs(b));
  let h = options.h0 ?? initialStep();
  function initialStep(): number {
    let d0 = 0, d1 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.abs(y[i]!);
      d0 += (y[i]! / sc) ** 2;
      d1 += (k1[i]! / sc) ** 2;
    }
    d0 = Math.sqrt(d0 / Math.max(n, 1));
    d1 = Math.sqrt(d1 / Math.max(n, 1));
    const guess = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    return Math.min(guess, hMax, tFinal - t0);
  }
  const gOld = events.map((e) => e.g(t, y));
  const interpolate = (theta: number, into: Float64Array): Float64Array => {
    const th1 = 1 - theta;
    for (let i = 0; i < n; i++) into[i] = r1[i]! + theta * (r2[i]! + th1 * (r3[i]! + theta * (r4[i]! + th1 * r5[i]!)));
    return into;
  };

  for (let step = 0; ; step++) {
    if (step >= maxSteps) return finish('maxSteps', null);
    if (t + h > tFinal) h = tFinal - t;
    if (!(h > 16 * Number.EPSILON * Math.max(Math.abs(t), 1))) return finish('diverged', t); // step collapsed: blow-up
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * A21 * k1[i]!;
    rhs(t + C2 * h, yStage, k2);
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    rhs(t + C3 * h, yStage, k3);
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    rhs(t + C4 * h, yStage, k4);
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    rhs(t + C5 * h, yStage, k5);
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    rhs(t + h, yStage, k6);
    for (let i = 0; i < n; i++) yNew[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
    rhs(t + h, yNew, k7);
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const s = e / scale(y[i]!, yNew[i]!);
      err += s * s;
    }
    err = Math.sqrt(err / Math.max(n, 1));
    if (!Number.isFinite(err) || !finiteBounded(yNew)) {
      // Either the step was too long or the solution blows up: shrink, and let the collapse test decide.
      rejected++;
      h *= 0.2;
      continue;
    }
    if (err > 1) {
      rejected++;
      h *= Math.max(0.2, 0.9 * Math.pow(err, -0.2));
      continue;
    }
    // Accepted: build the dense output on [t, t + h].
    for (let i = 0; i < n; i++) {
      const dy = yNew[i]! - y[i]!;
      const bspl = h * k1[i]! - dy;
      r1[i] = y[i]!;
      r2[i] = dy;
      r3[i] = bspl;
      r4[i] = dy - h * k7[i]! - bspl;
      r5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
    }
    const tOld = t;
    const tNew = t + h === tFinal || tFinal - (t + h) <= 4 * Number.EPSILON * Math.abs(tFinal) ? tFinal : t + h;
    const hStep = tNew - tOld;
    accepted++;
    // Events: the earliest sign change in this step.
    let stopAt = Infinity;
    let terminalHit = false;
    const stepHits: OdeEventHit[] = [];
    for (let e = 0; e < events.length; e++) {
      const ev = events[e]!;
      const g0 = gOld[e]!;
      const g1 = ev.g(tNew, yNew);
      gOld[e] = g1;
      const dir = ev.direction ?? 0;
      const crossed = (g0 < 0 && g1 >= 0 && dir !== -1) || (g0 > 0 && g1 <= 0 && dir !== 1);
      if (!crossed) continue;
      const gTheta = (theta: number): number => ev.g(tOld + theta * hStep, interpolate(theta, yInterp));
      const root = brent(gTheta, 0, 1, { xtol: 1e-15 });
      const tRoot = tOld + root.root * hStep;
      stepHits.push({ name: ev.name, t: tRoot, y: Float64Array.from(interpolate(root.root, yInterp)) });
      if (ev.terminal === true && tRoot < stopAt) {
        stopAt = tRoot;
        terminalHit = true;
      }
    }
    stepHits.sort((a, b) => a.t - b.t);
    for (const hit of stepHits) if (hit.t <= stopAt) hits.push(hit);
    const tLimit = Math.min(tNew, stopAt);
    while (next < times.length && times[next]! <= tLimit) {
      const theta = (times[next]! - tOld) / hStep;
      out.set(theta >= 1 ? yNew : interpolate(theta, yInterp), n * next++);
    }
    if (terminalHit) {
      t = stopAt;
      y.set(interpolate((stopAt - tOld) / hStep, yInterp));
      return finish('event', null);
    }
    t = tNew;
    y.set(yNew);
    k1.set(k7); // first same as last
    if (t >= tFinal) return finish('completed', null);
    const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
    h = Math.min(hStep * factor, hMax);
  }
}
