/**
 * Exhaustive enumeration of all `2^N` binary weight vectors with a Gray-code walk: consecutive vectors
 * differ by one flipped weight, so each step updates the `P` unnormalized stabilities `h^μ = Σ_i w_i z^μ_i`
 * in `O(P)` and keeps the number of violated constraints incrementally. Counts the solutions at margin `κ`,
 * and, with a teacher, the generalization error of the solutions and of their barycenter.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { createRng } from '../random.js';
import { meanAndStandardError, type MeanAndStandardError } from '../statistics.js';
import { instanceEcho, checkKappa, checkPositiveInteger, drawInstance, resolveSpec, testError, testSet, type BinaryInstance, type BinaryInstanceEcho, type BinaryInstanceSpec, type ResolvedSpec } from './instances.js';

/** Largest `N` enumerated (2³⁰ ≈ 10⁹ vectors). @internal */
export const BINARY_ENUMERATION_MAX_N = 30;

/**
 * Options of {@link binaryEnumerate}.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const options: BinaryEnumerationOptions = { kappa: 0, instances: 20 };
 */
export interface BinaryEnumerationOptions {
  /** Margin `κ ≥ 0` (default 0). */
  readonly kappa?: number;
  /** Number of instances (indices `firstIndex … firstIndex + instances − 1`); default 10. */
  readonly instances?: number;
  /** Index of the first instance (default 0). */
  readonly firstIndex?: number;
  /** Random features: solutions kept (reservoir sample) to estimate their mean test error; default 64. */
  readonly sampleSolutions?: number;
  /** Random features: size of the test set; default 2000. */
  readonly testSize?: number;
}

/**
 * Enumeration of one instance.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const r = orThrow(binaryEnumerate({ problem: 'storage', n: 11, alpha: 0.5, seed: 1 }, { instances: 1 }));
 * r.instances[0]!.count; // number of solutions of instance 0
 */
export interface BinaryEnumerationInstance {
  /** Index of the instance in the family. */
  readonly index: number;
  /** Number of solutions (weight vectors with every stability `≥ κ`). */
  readonly count: number;
  /** `log(count)/N`, or null when there is no solution. */
  readonly logCountPerN: number | null;
  /**
   * Generalization error averaged over the solutions: exact `arccos(w·w* / N)/π` for teacher–student; for
   * random features the test error of a uniform sample of at most `sampleSolutions` solutions. Null for
   * storage or without solutions.
   */
  readonly eg: number | null;
  /**
   * Generalization error of the barycenter `w̄ = mean of the solutions` (real-valued, predicting `sign(w̄·x)`):
   * exact `arccos(w̄·w* / (|w̄| √N))/π` for teacher–student, test error for random features; null as `eg`.
   */
  readonly egBarycenter: number | null;
  /** Random features: how many solutions entered `eg` (the reservoir size); otherwise `count`. */
  readonly egSamples: number;
}

/**
 * Enumeration over a family of instances, with means ± standard errors.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const r = orThrow(binaryEnumerate({ problem: 'teacher-student', n: 13, alpha: 1, seed: 1 }, { instances: 4 }));
 * r.eg; // { mean, standardError, n } over the 4 instances
 */
export interface BinaryEnumerationReport {
  /** The parameters, resolved (`p`, `d` included) and echoed. */
  readonly parameters: BinaryEnumerationParameters;
  /** One record per instance. */
  readonly instances: readonly BinaryEnumerationInstance[];
  /** Fraction of instances with at least one solution. */
  readonly solvableFraction: number;
  /** Mean ± SE of `log(count)/N` over the solvable instances (the quenched free entropy at finite N). */
  readonly logCountPerN: MeanAndStandardError;
  /** Mean ± SE over instances of the solution-averaged generalization error (null for storage). */
  readonly eg: MeanAndStandardError | null;
  /** Mean ± SE over instances of the barycenter's generalization error (null for storage). */
  readonly egBarycenter: MeanAndStandardError | null;
}

/**
 * The resolved parameters of an enumeration, as echoed in its report.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * orThrow(binaryEnumerate({ problem: 'storage', n: 11, alpha: 0.5, seed: 1 }, { instances: 2 })).parameters.p; // 6
 */
export interface BinaryEnumerationParameters extends BinaryInstanceEcho {
  /** Random features: the reservoir size and test-set size used for `eg`; null otherwise. */
  readonly sampling: {
    /** Solutions kept (reservoir sample) per instance for `eg`. */
    readonly sampleSolutions: number;
    /** Test inputs per instance. */
    readonly testSize: number;
  } | null;
}

/** Resolved enumeration settings. @internal */
export interface EnumerationSettings {
  readonly spec: ResolvedSpec;
  readonly kappa: number;
  readonly indices: number[];
  readonly sampleSolutions: number;
  readonly testSize: number;
}

/** Check the spec and options of an enumeration (throws a `BbpFailure`). @internal */
export function enumerationSettings(spec: BinaryInstanceSpec, options: BinaryEnumerationOptions = {}): EnumerationSettings {
  const r = resolveSpec(spec);
  if (r.n > BINARY_ENUMERATION_MAX_N) fail(invalidArgument('n', r.n, `at most ${BINARY_ENUMERATION_MAX_N} for exhaustive enumeration (2^n vectors)`));
  if (r.features === 'sign' && r.n % 2 === 0) fail(invalidArgument('n', r.n, 'an odd number with sign features (so that no stability is exactly 0)'));
  const kappa = checkKappa(options.kappa ?? 0);
  const count = checkPositiveInteger('instances', options.instances ?? 10);
  const first = options.firstIndex ?? 0;
  if (!(Number.isSafeInteger(first) && first >= 0)) fail(invalidArgument('firstIndex', first, 'a non-negative integer'));
  const sampleSolutions = checkPositiveInteger('sampleSolutions', options.sampleSolutions ?? 64);
  const testSize = checkPositiveInteger('testSize', options.testSize ?? 2000);
  return { spec: r, kappa, indices: Array.from({ length: count }, (_, k) => first + k), sampleSolutions, testSize };
}

/**
 * Index of the weight flipped at step `k ≥ 1` of the binary reflected Gray code: the number of trailing
 * zeros of `k`. @internal
 */
export function grayFlipIndex(k: number): number {
  return 31 - Math.clz32(k & -k);
}

/** Enumerate one instance (the hot loop). @internal */
export function enumerateInstance(instance: BinaryInstance, kappa: number, sampleSolutions: number, testSize: number, activation: 'sign' | 'tanh'): BinaryEnumerationInstance {
  const { n, p, z, teacher, problem } = instance;
  // Column-major copies: flipping weight i touches zc[i·P … i·P + P − 1]. Sign features give integer fields,
  // kept in Int32Array (exact, and about twice as fast); continuous features use Float64Array.
  const integer = instance.features === 'sign';
  const zf = new Float64Array(integer ? 0 : p * n);
  const zi = new Int32Array(integer ? p * n : 0);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) (integer ? zi : zf)[i * p + mu] = z[mu * n + i]!;
  const w = new Int32Array(n).fill(1);
  const hf = new Float64Array(integer ? 0 : p);
  const hi = new Int32Array(integer ? p : 0);
  for (let mu = 0; mu < p; mu++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += z[mu * n + i]!;
    if (integer) hi[mu] = t;
    else hf[mu] = t;
  }
  // A solution has every field h^μ ≥ κ√N; integer fields: h ≥ ceil(κ√N).
  const threshold = kappa * Math.sqrt(n);
  const thresholdInt = Math.ceil(threshold);
  let violated = integer ? stepInt(hi, zi, 0, p, 0, thresholdInt) : stepFloat(hf, zf, 0, p, 0, threshold);

  const ts = problem === 'teacher-student';
  const rf = problem === 'random-features';
  // Teacher–student: histogram of the teacher overlap m = w·w* ∈ {−N, −N+2, …, N}, index (m + N)/2.
  const overlapCounts = new Float64Array(n + 1);
  let m = 0;
  if (teacher !== null && ts) for (let i = 0; i < n; i++) m += teacher[i]!;
  // Barycenter Σ_solutions w, accumulated lazily: bar[i] gets w_i × (solutions seen since i last flipped).
  const bar = new Float64Array(n);
  const since = new Float64Array(n);
  // Random features: reservoir sample of solutions.
  const reservoir = rf ? new Int8Array(sampleSolutions * n) : null;
  const rng = rf ? createRng(instance.seed).split(instance.index).split(2) : null;

  let count = 0;
  const total = 2 ** n;
  for (let k = 0; k < total; k++) {
    if (k > 0) {
      const i = grayFlipIndex(k);
      const s = w[i]!;
      bar[i] = bar[i]! + s * (count - since[i]!);
      since[i] = count;
      w[i] = -s;
      if (ts) m -= 2 * s * teacher![i]!;
      violated = integer ? stepInt(hi, zi, i * p, p, -2 * s, thresholdInt) : stepFloat(hf, zf, i * p, p, -2 * s, threshold);
    }
    if (violated !== 0) continue;
    count++;
    if (ts) overlapCounts[(m + n) >> 1]!++;
    else if (reservoir !== null && rng !== null) {
      const slot = count <= sampleSolutions ? count - 1 : Math.floor(rng.uniform() * count);
      if (slot < sampleSolutions) for (let j = 0; j < n; j++) reservoir[slot * n + j] = w[j]!;
    }
  }
  for (let i = 0; i < n; i++) bar[i] = bar[i]! + w[i]! * (count - since[i]!);

  const logCountPerN = count > 0 ? Math.log(count) / n : null;
  if (count === 0 || problem === 'storage' || teacher === null) return { index: instance.index, count, logCountPerN, eg: null, egBarycenter: null, egSamples: 0 };
  // `bar` is the (unnormalized) real-valued barycenter Σ_solutions w: exact integers below 2^53.
  if (ts) {
    let eg = 0;
    for (let j = 0; j <= n; j++) if (overlapCounts[j]! > 0) eg += overlapCounts[j]! * Math.acos(Math.max(-1, Math.min(1, (2 * j - n) / n)));
    let mb = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      mb += bar[i]! * teacher[i]!;
      norm += bar[i]! * bar[i]!;
    }
    const cosine = norm > 0 ? Math.max(-1, Math.min(1, mb / Math.sqrt(norm * n))) : 0;
    return { index: instance.index, count, logCountPerN, eg: eg / count / Math.PI, egBarycenter: Math.acos(cosine) / Math.PI, egSamples: count };
  }
  const set = testSet(instance, activation, testSize);
  const kept = Math.min(count, sampleSolutions);
  let eg = 0;
  for (let s = 0; s < kept; s++) eg += testError(set, n, reservoir!.subarray(s * n, (s + 1) * n));
  return { index: instance.index, count, logCountPerN, eg: eg / kept, egBarycenter: testError(set, n, bar), egSamples: kept };
}

/** Add `f·zc[base + μ]` to every integer field and count the fields below `t` (branch-free). */
function stepInt(h: Int32Array, zc: Int32Array, base: number, p: number, f: number, t: number): number {
  let v = 0;
  for (let mu = 0; mu < p; mu++) {
    const now = (h[mu]! + f * zc[base + mu]!) | 0;
    h[mu] = now;
    v += (now - t) >>> 31; // 1 when now < t (fields and t are small integers: no overflow)
  }
  return v;
}

/** Add `f·zc[base + μ]` to every field and count the fields below `t`. */
function stepFloat(h: Float64Array, zc: Float64Array, base: number, p: number, f: number, t: number): number {
  let v = 0;
  for (let mu = 0; mu < p; mu++) {
    const now = h[mu]! + f * zc[base + mu]!;
    h[mu] = now;
    v += now < t ? 1 : 0;
  }
  return v;
}

/** Enumerate instance `index` of checked settings. @internal */
export function enumerationTask(settings: EnumerationSettings, index: number): BinaryEnumerationInstance {
  return enumerateInstance(drawInstance(settings.spec, index), settings.kappa, settings.sampleSolutions, settings.testSize, settings.spec.activation);
}

const statOrNull = (values: (number | null)[]): MeanAndStandardError | null => {
  const v = values.filter((x): x is number => x !== null);
  return v.length === 0 ? null : meanAndStandardError(v);
};

/** Assemble the report from the per-instance results (in any order). @internal */
export function enumerationReport(settings: EnumerationSettings, results: readonly BinaryEnumerationInstance[]): BinaryEnumerationReport {
  const instances = [...results].sort((a, b) => a.index - b.index);
  const { spec } = settings;
  const solvable = instances.filter((r) => r.count > 0);
  const withTeacher = spec.problem !== 'storage';
  return {
    parameters: {
      ...instanceEcho(spec, settings.kappa, settings.indices),
      sampling: spec.problem === 'random-features' ? { sampleSolutions: settings.sampleSolutions, testSize: settings.testSize } : null,
    },
    instances,
    solvableFraction: solvable.length / instances.length,
    logCountPerN: meanAndStandardError(solvable.map((r) => r.logCountPerN!)),
    eg: withTeacher ? statOrNull(instances.map((r) => r.eg)) : null,
    egBarycenter: withTeacher ? statOrNull(instances.map((r) => r.egBarycenter)) : null,
  };
}

/**
 * Exhaustive enumeration of all `2^N` binary weights (Gray-code walk, `O(P)` per vector) on a family of
 * seeded instances: the number of solutions at margin `κ`, `log #solutions / N`, and with a teacher the
 * generalization error of the solutions and of their barycenter, with means ± standard errors over the
 * instances. `N ≤ 30`; odd `N` with sign features. Runs in the calling thread (the command line spreads
 * instances over worker threads).
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const r = orThrow(binaryEnumerate({ problem: 'storage', n: 15, alpha: 0.4, seed: 1 }, { instances: 5 }));
 * r.logCountPerN.mean; // ≈ φ(α = 0.4) at N = 15
 */
export function binaryEnumerate(spec: BinaryInstanceSpec, options: BinaryEnumerationOptions = {}): E.Either<BbpError, BinaryEnumerationReport> {
  return attempt(() => {
    const settings = enumerationSettings(spec, options);
    return enumerationReport(settings, settings.indices.map((index) => enumerationTask(settings, index)));
  });
}
