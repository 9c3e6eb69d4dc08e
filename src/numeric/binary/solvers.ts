/**
 * Finite-N solvers on families of instances (success rate at one `α`) and the local-energy profile of a
 * solution: the training error after flipping a random fraction `d` of its weights, averaged over draws.
 * Flat profiles (small error at small `d`) mark solutions inside wide, dense regions; sharp ones mark
 * isolated solutions.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { createRng } from '../random.js';
import { meanAndStandardError, type MeanAndStandardError } from '../statistics.js';
import { annealInstance, annealSettings, type AnnealSettings, type BinaryAnnealOptions, type BinarySolverRun } from './anneal.js';
import { instanceEcho, checkKappa, checkPositiveInteger, drawInstance, resolveSpec, type BinaryInstance, type BinaryInstanceEcho, type BinaryInstanceSpec, type ResolvedSpec } from './instances.js';
import { sbpiInstance, sbpiSettings, type BinarySbpiOptions, type SbpiSettings } from './sbpi.js';

/** Random stream (child of the instance stream) of the solver runs and of the local-energy draws. */
const SOLVER_STREAM = 3;
const LOCAL_ENERGY_STREAM = 4;

/**
 * Options of the local-energy profile.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const options: BinaryLocalEnergyOptions = { distances: [0.01, 0.02, 0.05], samples: 20 };
 */
export interface BinaryLocalEnergyOptions {
  /** Fractions `d ∈ (0, 1]` of flipped weights (each flips `round(dN)` distinct weights); default 0.005…0.1 (8 values). */
  readonly distances?: readonly number[];
  /** Random flip sets per distance (default 20). */
  readonly samples?: number;
  /** Margin `κ ≥ 0` of the training error (default 0). */
  readonly kappa?: number;
  /** Seed of the flip draws when the profile is computed on its own (default 0). */
  readonly seed?: number;
}

/**
 * A local-energy profile: mean ± SE of the training error at each distance.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const profile: BinaryLocalEnergyProfile = { distances: [0.01], mean: [0.002], standardError: [0.001] };
 */
export interface BinaryLocalEnergyProfile {
  /** Fractions `d` of flipped weights. */
  readonly distances: readonly number[];
  /** Mean training error at each `d`. */
  readonly mean: readonly number[];
  /** Standard error of `mean` (over the flip draws of one solution, or over solutions in a report). */
  readonly standardError: readonly number[];
}

/**
 * Options of {@link binarySolve}.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const options: BinarySolveOptions = { solver: 'sbpi', instances: 8, localEnergy: { samples: 10 } };
 */
export interface BinarySolveOptions {
  /** `anneal` (simulated annealing) or `sbpi`. */
  readonly solver: 'anneal' | 'sbpi';
  /** Margin `κ ≥ 0` (default 0). */
  readonly kappa?: number;
  /** Number of instances (default 8). */
  readonly instances?: number;
  /** Index of the first instance (default 0). */
  readonly firstIndex?: number;
  /** Annealing options (with `solver: 'anneal'`). */
  readonly anneal?: BinaryAnnealOptions;
  /** SBPI options (with `solver: 'sbpi'`). */
  readonly sbpi?: BinarySbpiOptions;
  /** When given, the local-energy profile of every solution found (its `kappa`/`seed` are taken from here and the instance). */
  readonly localEnergy?: BinaryLocalEnergyOptions;
}

/**
 * One solver run in a report.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * orThrow(binarySolve({ problem: 'storage', n: 101, alpha: 0.3, seed: 1 }, { solver: 'sbpi', instances: 1 })).instances[0]!.solved; // true
 */
export interface BinarySolveInstance {
  /** Index of the instance. */
  readonly index: number;
  /** Whether a solution was found. */
  readonly solved: boolean;
  /** Sweeps or epochs used. */
  readonly iterations: number;
  /** Final training error. */
  readonly trainingError: number;
  /** Mean training error at each distance of the profile (only for solved runs, when requested). */
  readonly localEnergy: readonly number[] | null;
}

/**
 * Success rate of a solver on a family of instances at one `α`.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const r = orThrow(binarySolve({ problem: 'storage', n: 101, alpha: 0.3, seed: 1 }, { solver: 'anneal', instances: 4 }));
 * r.successRate.mean; // 1 at this low α
 */
export interface BinarySolveReport {
  /** Parameters, resolved and echoed (the solver's settings included). */
  readonly parameters: BinaryInstanceEcho & {
    /** The solver. */
    readonly solver: 'anneal' | 'sbpi';
    /** Its resolved settings. */
    readonly settings: Readonly<Record<string, unknown>>;
    /** The local-energy distances and samples, or null. */
    readonly localEnergy: {
      /** Fractions `d` of flipped weights. */
      readonly distances: readonly number[];
      /** Random flip sets per distance. */
      readonly samples: number;
    } | null;
  };
  /** One record per instance. */
  readonly instances: readonly BinarySolveInstance[];
  /** Fraction of instances solved, with its binomial standard error. */
  readonly successRate: MeanAndStandardError;
  /** Mean ± SE of the sweeps/epochs of the solved runs. */
  readonly iterations: MeanAndStandardError;
  /** Mean ± SE over solved instances of their local-energy profiles, or null. */
  readonly localEnergy: BinaryLocalEnergyProfile | null;
}

/** Resolved solver settings. @internal */
export interface SolveSettings {
  readonly spec: ResolvedSpec;
  readonly kappa: number;
  readonly indices: number[];
  readonly solver: 'anneal' | 'sbpi';
  readonly anneal: AnnealSettings | null;
  readonly sbpi: SbpiSettings | null;
  readonly localEnergy: { readonly distances: number[]; readonly samples: number } | null;
}

const DEFAULT_DISTANCES = [0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15];

function localEnergySettings(options: BinaryLocalEnergyOptions, n: number): { distances: number[]; samples: number } {
  const distances = [...(options.distances ?? DEFAULT_DISTANCES)];
  if (distances.length === 0) fail(invalidArgument('distances', distances, 'at least one fraction in (0, 1]'));
  for (const d of distances) if (!(d > 0 && d <= 1)) fail(invalidArgument('distances', d, 'fractions in (0, 1]'));
  if (Math.round(Math.min(...distances) * n) < 1) fail(invalidArgument('distances', Math.min(...distances), `fractions d with round(d·N) ≥ 1 (N = ${n})`));
  return { distances, samples: checkPositiveInteger('samples', options.samples ?? 20) };
}

/** Check spec and options of {@link binarySolve} (throws a `BbpFailure`). @internal */
export function solveSettings(spec: BinaryInstanceSpec, options: BinarySolveOptions): SolveSettings {
  const r = resolveSpec(spec);
  if (options.solver !== 'anneal' && options.solver !== 'sbpi') fail(invalidArgument('solver', options.solver, 'anneal or sbpi'));
  const kappa = checkKappa(options.kappa ?? 0);
  const count = checkPositiveInteger('instances', options.instances ?? 8);
  const first = options.firstIndex ?? 0;
  if (!(Number.isSafeInteger(first) && first >= 0)) fail(invalidArgument('firstIndex', first, 'a non-negative integer'));
  return {
    spec: r,
    kappa,
    indices: Array.from({ length: count }, (_, k) => first + k),
    solver: options.solver,
    anneal: options.solver === 'anneal' ? annealSettings(options.anneal) : null,
    sbpi: options.solver === 'sbpi' ? sbpiSettings(options.sbpi) : null,
    localEnergy: options.localEnergy === undefined ? null : localEnergySettings(options.localEnergy, r.n),
  };
}

/**
 * Local-energy profile of `w` on `instance` (checked inputs): for each distance, `samples` draws of
 * `round(dN)` distinct flipped weights; the fields are updated from those of `w` in `O(dN·P)`. @internal
 */
export function localEnergyProfile(instance: BinaryInstance, w: ArrayLike<number>, kappa: number, distances: readonly number[], samples: number, seed: number, stream: number): BinaryLocalEnergyProfile {
  const { n, p, z } = instance;
  const rng = createRng(seed).split(instance.index).split(stream);
  const zc = new Float64Array(p * n);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) zc[i * p + mu] = z[mu * n + i]!;
  const h0 = new Float64Array(p);
  for (let mu = 0; mu < p; mu++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += w[i]! * z[mu * n + i]!;
    h0[mu] = t;
  }
  const threshold = kappa * Math.sqrt(n);
  const h = new Float64Array(p);
  const perm = new Int32Array(n);
  const errors = new Float64Array(samples);
  const mean: number[] = [];
  const standardError: number[] = [];
  for (const d of distances) {
    const flips = Math.round(d * n);
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      h.set(h0);
      for (let k = 0; k < flips; k++) {
        const j = k + Math.floor(rng.uniform() * (n - k));
        const i = perm[j]!;
        perm[j] = perm[k]!;
        perm[k] = i;
        const f = -2 * w[i]!;
        const base = i * p;
        for (let mu = 0; mu < p; mu++) h[mu] = h[mu]! + f * zc[base + mu]!;
      }
      let violated = 0;
      for (let mu = 0; mu < p; mu++) if (h[mu]! < threshold) violated++;
      errors[s] = violated / p;
    }
    const stat = meanAndStandardError(errors);
    mean.push(stat.mean);
    standardError.push(samples > 1 ? stat.standardError : 0);
  }
  return { distances: [...distances], mean, standardError };
}

/**
 * The local-energy profile of a weight vector on an instance: at each fraction `d`, the training error
 * (fraction of stabilities `< κ`) after flipping `round(dN)` random distinct weights, mean ± SE over
 * `samples` draws (seeded by `options.seed` and the instance index).
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const inst = orThrow(binaryInstance({ problem: 'storage', n: 201, alpha: 0.3, seed: 1 }, 0));
 * const w = new Int8Array(201).fill(1); // not a solution: its training error is ≈ 0.5 at every d
 * orThrow(binaryLocalEnergy(inst, w, { distances: [0.01, 0.05], samples: 5 })).mean; // [≈ 0.5, ≈ 0.5]
 */
export function binaryLocalEnergy(instance: BinaryInstance, weights: ArrayLike<number>, options: BinaryLocalEnergyOptions = {}): E.Either<BbpError, BinaryLocalEnergyProfile> {
  return attempt(() => {
    if (weights.length !== instance.n) fail(invalidArgument('weights.length', weights.length, `the instance size N = ${instance.n}`));
    for (let i = 0; i < weights.length; i++) if (weights[i] !== 1 && weights[i] !== -1) fail(invalidArgument(`weights[${i}]`, weights[i], '±1'));
    const kappa = checkKappa(options.kappa ?? 0);
    const seed = options.seed ?? 0;
    if (!(Number.isSafeInteger(seed) && seed >= 0)) fail(invalidArgument('seed', seed, 'a non-negative integer'));
    const { distances, samples } = localEnergySettings(options, instance.n);
    return localEnergyProfile(instance, weights, kappa, distances, samples, seed, LOCAL_ENERGY_STREAM);
  });
}

/** Run the solver on instance `index` of checked settings. @internal */
export function solveTask(settings: SolveSettings, index: number): BinarySolveInstance {
  const instance = drawInstance(settings.spec, index);
  const run: BinarySolverRun =
    settings.solver === 'anneal' ? annealInstance(instance, settings.kappa, settings.anneal!, SOLVER_STREAM) : sbpiInstance(instance, settings.kappa, settings.sbpi!, SOLVER_STREAM);
  const le = settings.localEnergy;
  const localEnergy = le !== null && run.solved ? localEnergyProfile(instance, run.weights, settings.kappa, le.distances, le.samples, settings.spec.seed, LOCAL_ENERGY_STREAM).mean : null;
  return { index, solved: run.solved, iterations: run.iterations, trainingError: run.trainingError, localEnergy };
}

/** Assemble the report from per-instance runs (in any order). @internal */
export function solveReport(settings: SolveSettings, results: readonly BinarySolveInstance[]): BinarySolveReport {
  const instances = [...results].sort((a, b) => a.index - b.index);
  const { spec } = settings;
  const count = instances.length;
  const solved = instances.filter((r) => r.solved);
  const rate = solved.length / count;
  const le = settings.localEnergy;
  let localEnergy: BinaryLocalEnergyProfile | null = null;
  if (le !== null && solved.length > 0) {
    const stats = le.distances.map((_, k) => meanAndStandardError(solved.map((r) => r.localEnergy![k]!)));
    localEnergy = { distances: le.distances, mean: stats.map((s) => s.mean), standardError: stats.map((s) => (s.n > 1 ? s.standardError : Number.NaN)) };
  }
  return {
    parameters: {
      ...instanceEcho(spec, settings.kappa, settings.indices),
      solver: settings.solver,
      settings: { ...(settings.anneal ?? settings.sbpi ?? {}) },
      localEnergy: le,
    },
    instances,
    successRate: { mean: rate, standardError: Math.sqrt((rate * (1 - rate)) / count), n: count },
    iterations: meanAndStandardError(solved.map((r) => r.iterations)),
    localEnergy,
  };
}

/**
 * Run simulated annealing or SBPI on a family of seeded instances at one `α`: success rate (with its
 * binomial standard error), iterations, and optionally the mean local-energy profile of the solutions
 * found. Runs in the calling thread (the command line spreads instances over worker threads).
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const r = orThrow(binarySolve({ problem: 'storage', n: 201, alpha: 0.4, seed: 1 }, { solver: 'sbpi', instances: 4 }));
 * r.successRate; // { mean: 1, standardError: 0, n: 4 }
 */
export function binarySolve(spec: BinaryInstanceSpec, options: BinarySolveOptions): E.Either<BbpError, BinarySolveReport> {
  return attempt(() => {
    const settings = solveSettings(spec, options);
    return solveReport(settings, settings.indices.map((index) => solveTask(settings, index)));
  });
}
