/**
 * Simulated annealing on binary weights: single-flip Metropolis moves on the energy `#violated constraints`
 * (or the margin hinge `Σ_μ max(0, κ − Δ^μ)`), with a geometric temperature schedule; stops at the first zero
 * energy (a solution at margin `κ`).
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { createRng } from '../random.js';
import { checkPositiveInteger, type BinaryInstance } from './instances.js';

/**
 * Options of simulated annealing.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const options: BinaryAnnealOptions = { energy: 'violations', sweeps: 500, temperatureStart: 1, temperatureEnd: 0.05 };
 */
export interface BinaryAnnealOptions {
  /**
   * `hinge` (default): `Σ_μ max(0, κ − Δ^μ)`; `violations`: the number of patterns with `Δ^μ < κ` (a glassy,
   * plateau-ridden landscape where annealing stalls already at small `α` for `N ≈ 10³`).
   */
  readonly energy?: 'violations' | 'hinge';
  /** Maximal number of sweeps (N proposed flips each); default 1000. */
  readonly sweeps?: number;
  /** Initial temperature (default 1 for violations, 0.1 for hinge). */
  readonly temperatureStart?: number;
  /** Final temperature, reached geometrically at the last sweep (default 0.01 for violations, 0.001 for hinge). */
  readonly temperatureEnd?: number;
}

/**
 * Outcome of one run of a finite-N solver (simulated annealing or SBPI).
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const run: BinarySolverRun = { solved: true, iterations: 12, trainingError: 0, weights: new Int8Array(0) };
 */
export interface BinarySolverRun {
  /** Whether every stability reached `κ`. */
  readonly solved: boolean;
  /** Sweeps (annealing) or epochs (SBPI) used. */
  readonly iterations: number;
  /** Fraction of patterns with `Δ^μ < κ` at the end. */
  readonly trainingError: number;
  /** The final weights `w ∈ {±1}^N`. */
  readonly weights: Int8Array;
}

/** Resolved annealing options. @internal */
export interface AnnealSettings {
  readonly energy: 'violations' | 'hinge';
  readonly sweeps: number;
  readonly temperatureStart: number;
  readonly temperatureEnd: number;
}

/** Check annealing options (throws a `BbpFailure`). @internal */
export function annealSettings(options: BinaryAnnealOptions = {}): AnnealSettings {
  const energy = options.energy ?? 'hinge';
  if (energy !== 'violations' && energy !== 'hinge') fail(invalidArgument('energy', energy, 'violations or hinge'));
  const sweeps = checkPositiveInteger('sweeps', options.sweeps ?? 1000);
  const temperatureStart = options.temperatureStart ?? (energy === 'violations' ? 1 : 0.1);
  const temperatureEnd = options.temperatureEnd ?? (energy === 'violations' ? 0.01 : 0.001);
  if (!(Number.isFinite(temperatureStart) && temperatureStart > 0)) fail(invalidArgument('temperatureStart', temperatureStart, 'a finite number > 0'));
  if (!(Number.isFinite(temperatureEnd) && temperatureEnd > 0 && temperatureEnd <= temperatureStart)) {
    fail(invalidArgument('temperatureEnd', temperatureEnd, `a number in (0, temperatureStart = ${temperatureStart}]`));
  }
  return { energy, sweeps, temperatureStart, temperatureEnd };
}

/**
 * Run annealing on an instance (checked settings). `stream` selects the run's random stream
 * `createRng(instance.seed).split(instance.index).split(stream)`. @internal
 */
export function annealInstance(instance: BinaryInstance, kappa: number, s: AnnealSettings, stream: number): BinarySolverRun {
  const { n, p, z } = instance;
  const rng = createRng(instance.seed).split(instance.index).split(stream);
  const zc = new Float64Array(p * n);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) zc[i * p + mu] = z[mu * n + i]!;
  const w = new Int8Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.uniform() < 0.5 ? -1 : 1;
  // Fields in units of stabilities: Δ^μ = h^μ; the update of flipping i is −2 w_i z^μ_i / √N.
  const scale = 1 / Math.sqrt(n);
  const h = new Float64Array(p);
  for (let mu = 0; mu < p; mu++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += w[i]! * z[mu * n + i]!;
    h[mu] = t * scale;
  }
  const hinge = s.energy === 'hinge';
  // Violations are compared on the integer-exact unnormalized field for sign features: use a tiny slack.
  const thr = kappa - 1e-12;
  let violated = 0;
  for (let mu = 0; mu < p; mu++) if (h[mu]! < thr) violated++;
  const ratio = s.sweeps > 1 ? Math.pow(s.temperatureEnd / s.temperatureStart, 1 / (s.sweeps - 1)) : 1;
  let temperature = s.temperatureStart;
  let sweep = 0;
  while (violated > 0 && sweep < s.sweeps) {
    const beta = 1 / temperature;
    for (let step = 0; step < n && violated > 0; step++) {
      const i = Math.floor(rng.uniform() * n);
      const f = -2 * w[i]! * scale;
      const base = i * p;
      let dE = 0;
      if (hinge) {
        for (let mu = 0; mu < p; mu++) {
          const old = h[mu]!;
          const now = old + f * zc[base + mu]!;
          dE += (now < kappa ? kappa - now : 0) - (old < kappa ? kappa - old : 0);
        }
      } else {
        for (let mu = 0; mu < p; mu++) {
          const old = h[mu]!;
          const now = old + f * zc[base + mu]!;
          dE += (now < thr ? 1 : 0) - (old < thr ? 1 : 0);
        }
      }
      if (dE <= 0 || rng.uniform() < Math.exp(-beta * dE)) {
        w[i] = -w[i]!;
        violated = 0;
        for (let mu = 0; mu < p; mu++) {
          const now = h[mu]! + f * zc[base + mu]!;
          h[mu] = now;
          if (now < thr) violated++;
        }
      }
    }
    sweep++;
    temperature *= ratio;
  }
  return { solved: violated === 0, iterations: sweep, trainingError: violated / p, weights: w };
}
