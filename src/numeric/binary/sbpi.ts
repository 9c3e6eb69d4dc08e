/**
 * SBPI, the stochastic belief-propagation-inspired online rule of Baldassi, Braunstein, Brunel and Zecchina
 * (PNAS 104, 11079, 2007). Each weight has an integer hidden state `h_i` (odd, so never 0) and `w_i =
 * sign(h_i)`. Patterns are presented in a random order each epoch; with `Δ = Σ_i w_i z_i` (`z = y x`):
 *
 * - R1 (error, `Δ < κ√N`): `h_i ← h_i + 2 sign(z_i)` for every `i` (the clipped perceptron step);
 * - R2 (barely correct, `κ√N ≤ Δ ≤ κ√N + θ_m`): with probability `p_s`, `h_i ← h_i + 2 sign(z_i)` only for the
 *   weights that already agree (`h_i sign(z_i) ≥ 1`), a metaplastic step that deepens them without flipping.
 *
 * Hidden states are clipped to `|h_i| ≤ hiddenMax`. An epoch with no R1 step leaves `w` unchanged, so every
 * pattern is then learned: the run stops there. For ±1 patterns `sign(z_i) = z_i`, the rule of the paper.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { createRng } from '../random.js';
import type { BinarySolverRun } from './anneal.js';
import { checkPositiveInteger, type BinaryInstance } from './instances.js';

/**
 * Options of SBPI.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const options: BinarySbpiOptions = { thetaM: 1, ps: 0.3, maxEpochs: 1000 };
 */
export interface BinarySbpiOptions {
  /** Width of the "barely correct" band above `κ√N`, in units of the unnormalized field `Σ w z` (default 1). */
  readonly thetaM?: number;
  /** Probability of the R2 step (default 0.3). */
  readonly ps?: number;
  /** Bound on `|h_i|` (a positive odd integer; default 2³⁰ − 1, i.e. unbounded in practice). */
  readonly hiddenMax?: number;
  /** Maximal number of epochs (default 1000). */
  readonly maxEpochs?: number;
}

/** Resolved SBPI options. @internal */
export interface SbpiSettings {
  readonly thetaM: number;
  readonly ps: number;
  readonly hiddenMax: number;
  readonly maxEpochs: number;
}

/** Check SBPI options (throws a `BbpFailure`). @internal */
export function sbpiSettings(options: BinarySbpiOptions = {}): SbpiSettings {
  const thetaM = options.thetaM ?? 1;
  if (!(Number.isFinite(thetaM) && thetaM >= 0)) fail(invalidArgument('thetaM', thetaM, 'a finite number ≥ 0'));
  const ps = options.ps ?? 0.3;
  if (!(ps >= 0 && ps <= 1)) fail(invalidArgument('ps', ps, 'a probability in [0, 1]'));
  const hiddenMax = options.hiddenMax ?? 2 ** 30 - 1;
  if (!(Number.isSafeInteger(hiddenMax) && hiddenMax >= 1 && hiddenMax % 2 === 1 && hiddenMax < 2 ** 31)) fail(invalidArgument('hiddenMax', hiddenMax, 'an odd integer from 1 to 2^31 − 1'));
  const maxEpochs = checkPositiveInteger('maxEpochs', options.maxEpochs ?? 1000);
  return { thetaM, ps, hiddenMax, maxEpochs };
}

/** Run SBPI on an instance (checked settings), on stream `createRng(seed).split(index).split(stream)`. @internal */
export function sbpiInstance(instance: BinaryInstance, kappa: number, s: SbpiSettings, stream: number): BinarySolverRun {
  const { n, p, z } = instance;
  const rng = createRng(instance.seed).split(instance.index).split(stream);
  const hidden = new Int32Array(n);
  const w = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    hidden[i] = rng.uniform() < 0.5 ? -1 : 1;
    w[i] = hidden[i]!;
  }
  const u = new Int8Array(p * n);
  for (let k = 0; k < u.length; k++) u[k] = z[k]! > 0 ? 1 : z[k]! < 0 ? -1 : 0;
  const threshold = kappa * Math.sqrt(n);
  const upper = threshold + s.thetaM;
  const cap = s.hiddenMax;
  const order = new Int32Array(p);
  for (let mu = 0; mu < p; mu++) order[mu] = mu;
  let epoch = 0;
  let errors = p;
  while (errors > 0 && epoch < s.maxEpochs) {
    errors = 0;
    // Fisher–Yates shuffle of the presentation order.
    for (let k = p - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
    }
    for (let k = 0; k < p; k++) {
      const row = order[k]! * n;
      let field = 0;
      for (let i = 0; i < n; i++) field += w[i]! * z[row + i]!;
      if (field < threshold) {
        errors++;
        for (let i = 0; i < n; i++) {
          let hi = hidden[i]! + 2 * u[row + i]!;
          if (hi > cap) hi = cap;
          else if (hi < -cap) hi = -cap;
          hidden[i] = hi;
          w[i] = hi > 0 ? 1 : -1;
        }
      } else if (field <= upper && rng.uniform() < s.ps) {
        for (let i = 0; i < n; i++) {
          const ui = u[row + i]!;
          const hi = hidden[i]!;
          if (hi * ui >= 1) hidden[i] = ui > 0 ? Math.min(cap, hi + 2) : Math.max(-cap, hi - 2);
        }
      }
    }
    epoch++;
  }
  let violated = 0;
  for (let mu = 0; mu < p; mu++) {
    let field = 0;
    for (let i = 0; i < n; i++) field += w[i]! * z[mu * n + i]!;
    if (field < threshold) violated++;
  }
  return { solved: violated === 0, iterations: epoch, trainingError: violated / p, weights: w };
}
