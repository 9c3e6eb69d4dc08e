/**
 * Seeded instances of the binary perceptron problems of THEORY §9: storage (random labels), teacher–student
 * (`N = D`, Gaussian inputs) and random features (`x = σ(Fξ/√D)`, labels from a binary teacher).
 *
 * An instance stores the signed patterns `z^μ_i = y^μ x^μ_i` (pattern-major), so that the stability of a
 * binary student `w` is `Δ^μ = Σ_i w_i z^μ_i / √N`; a solution at margin `κ` has `Δ^μ ≥ κ` for every `μ`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, type BbpError } from '../../errors.js';
import { createRng, type Rng } from '../random.js';

/**
 * The three problems: `storage` (random ±1 labels), `teacher-student` (binary teacher, student with
 * `N = D`, Gaussian inputs), `random-features` (Gaussian inputs `ξ ∈ ℝ^D`, features `σ(Fξ/√D) ∈ ℝ^N`).
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const problem: BinaryProblem = 'storage';
 */
export type BinaryProblem = 'storage' | 'teacher-student' | 'random-features';

/**
 * A family of instances as echoed in every finite-N report: the spec resolved (`P`, `D`, features), the
 * margin and the instance indices.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const echo: BinaryInstanceEcho = { problem: 'storage', n: 15, alpha: 0.5, p: 8, d: 15, alphaD: null, features: 'sign', kappa: 0, seed: 1, indices: [0, 1] };
 */
export interface BinaryInstanceEcho {
  /** The problem. */
  readonly problem: BinaryProblem;
  /** Number of weights `N`. */
  readonly n: number;
  /** `α` as given. */
  readonly alpha: number;
  /** Number of patterns `P = max(1, round(αN))`. */
  readonly p: number;
  /** Input dimension `D`. */
  readonly d: number;
  /** Random features: `α_D` as given; null otherwise. */
  readonly alphaD: number | null;
  /** Kind of feature entries (`sign`, `gaussian`, `tanh`). */
  readonly features: 'sign' | 'gaussian' | 'tanh';
  /** Margin `κ`. */
  readonly kappa: number;
  /** Seed of the family. */
  readonly seed: number;
  /** Indices of the instances. */
  readonly indices: readonly number[];
}

/**
 * Parameters of a family of seeded instances; instance `index` is drawn from `createRng(seed).split(index)`.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const spec: BinaryInstanceSpec = { problem: 'storage', n: 15, alpha: 0.5, seed: 1 };
 */
export interface BinaryInstanceSpec {
  /** Which problem (THEORY §9). */
  readonly problem: BinaryProblem;
  /** Number of binary weights `N` (a positive integer). */
  readonly n: number;
  /** `α = P/N > 0`; the number of patterns is `P = max(1, round(αN))`. */
  readonly alpha: number;
  /** Storage only: `sign` (±1 entries, the default) or `gaussian` pattern entries. */
  readonly patterns?: 'sign' | 'gaussian';
  /** Random features only: `α_D = P/D > 0`; the input dimension is `D = max(1, round(P/α_D))`. Default 1. */
  readonly alphaD?: number;
  /** Random features only: the feature map `σ`, `sign` (the default) or `tanh`. */
  readonly activation?: 'sign' | 'tanh';
  /** Seed of the family (a non-negative safe integer). */
  readonly seed: number;
}

/**
 * One drawn instance.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const inst = orThrow(binaryInstance({ problem: 'teacher-student', n: 11, alpha: 1, seed: 3 }, 0));
 * inst.p; // 11 patterns
 */
export interface BinaryInstance {
  /** The problem. */
  readonly problem: BinaryProblem;
  /** Number of weights `N`. */
  readonly n: number;
  /** Number of patterns `P`. */
  readonly p: number;
  /** Input dimension `D` (`N` for storage and teacher–student; `round(P/α_D)` for random features). */
  readonly d: number;
  /** Seed of the family. */
  readonly seed: number;
  /** Index of this instance in the family (its random stream is `createRng(seed).split(index)`). */
  readonly index: number;
  /** Kind of the entries of `x`: `sign` (±1, so with odd `N` stabilities are never 0), `gaussian` or `tanh`. */
  readonly features: 'sign' | 'gaussian' | 'tanh';
  /** Signed patterns `z[μ·N + i] = y^μ x^μ_i` (`P × N`, pattern-major). */
  readonly z: Float64Array;
  /** Labels `y^μ ∈ {±1}`. */
  readonly labels: Int8Array;
  /** The binary teacher `w* ∈ {±1}^D` (null for storage). */
  readonly teacher: Int8Array | null;
  /** Random features only: the projection `F` (`N × D`, row-major, N(0,1) entries); null otherwise. */
  readonly projection: Float64Array | null;
}

/** Checked, resolved parameters of a spec (shared by every finite-N routine). @internal */
export interface ResolvedSpec {
  readonly problem: BinaryProblem;
  readonly n: number;
  readonly alpha: number;
  readonly p: number;
  readonly d: number;
  readonly patterns: 'sign' | 'gaussian';
  readonly alphaD: number | null;
  readonly activation: 'sign' | 'tanh';
  readonly features: 'sign' | 'gaussian' | 'tanh';
  readonly seed: number;
}

const PROBLEMS: readonly BinaryProblem[] = ['storage', 'teacher-student', 'random-features'];

/** A positive integer parameter, or a typed failure. @internal */
export function checkPositiveInteger(name: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!(Number.isSafeInteger(v) && v >= 1 && v <= max)) fail(invalidArgument(name, v, max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`));
  return v;
}

/** A finite margin `κ ≥ 0`, or a typed failure. @internal */
export function checkKappa(kappa: number): number {
  if (!(Number.isFinite(kappa) && kappa >= 0)) fail(invalidArgument('kappa', kappa, 'a finite margin ≥ 0'));
  return kappa;
}

/** The echo of a family in a report. @internal */
export function instanceEcho(spec: ResolvedSpec, kappa: number, indices: readonly number[]): BinaryInstanceEcho {
  const { problem, n, alpha, p, d, alphaD, features, seed } = spec;
  return { problem, n, alpha, p, d, alphaD, features, kappa, seed, indices };
}

/** Check and resolve a spec (throws a `BbpFailure`). @internal */
export function resolveSpec(spec: BinaryInstanceSpec): ResolvedSpec {
  if (!PROBLEMS.includes(spec.problem)) fail(invalidArgument('problem', spec.problem, `one of ${PROBLEMS.join(', ')}`));
  const n = checkPositiveInteger('n', spec.n);
  if (!(Number.isFinite(spec.alpha) && spec.alpha > 0)) fail(invalidArgument('alpha', spec.alpha, 'a finite number > 0'));
  if (!(Number.isSafeInteger(spec.seed) && spec.seed >= 0)) fail(invalidArgument('seed', spec.seed, 'a non-negative integer'));
  const patterns = spec.patterns ?? 'sign';
  if (patterns !== 'sign' && patterns !== 'gaussian') fail(invalidArgument('patterns', patterns, 'sign or gaussian'));
  const activation = spec.activation ?? 'sign';
  if (activation !== 'sign' && activation !== 'tanh') fail(invalidArgument('activation', activation, 'sign or tanh'));
  if (spec.problem !== 'storage' && spec.patterns !== undefined && spec.patterns !== 'gaussian') {
    fail(invalidArgument('patterns', spec.patterns, `no patterns option for ${spec.problem} (its inputs are Gaussian)`));
  }
  const p = Math.max(1, Math.round(spec.alpha * n));
  let d = n;
  let alphaD: number | null = null;
  if (spec.problem === 'random-features') {
    alphaD = spec.alphaD ?? 1;
    if (!(Number.isFinite(alphaD) && alphaD > 0)) fail(invalidArgument('alphaD', alphaD, 'a finite number > 0'));
    d = Math.max(1, Math.round(p / alphaD));
  } else if (spec.alphaD !== undefined) fail(invalidArgument('alphaD', spec.alphaD, 'no alphaD outside random-features'));
  const features = spec.problem === 'storage' ? patterns : spec.problem === 'teacher-student' ? 'gaussian' : activation;
  return { problem: spec.problem, n, alpha: spec.alpha, p, d, patterns, alphaD, activation, features, seed: spec.seed };
}

/** Random ±1 vector of length `n`. */
function randomSigns(rng: Rng, n: number): Int8Array {
  const s = new Int8Array(n);
  for (let i = 0; i < n; i++) s[i] = rng.uniform() < 0.5 ? -1 : 1;
  return s;
}

/**
 * Random-features map: `out[i] = σ((F ξ)_i / √D)` for the `N × D` projection `F`. @internal
 */
export function randomFeatureMap(projection: Float64Array, n: number, d: number, activation: 'sign' | 'tanh', xi: Float64Array, out: Float64Array): Float64Array {
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * d;
    for (let k = 0; k < d; k++) s += projection[row + k]! * xi[k]!;
    s *= scale;
    out[i] = activation === 'sign' ? (s > 0 ? 1 : -1) : Math.tanh(s);
  }
  return out;
}

/** Draw instance `index` of a resolved spec (internal: no checks). @internal */
export function drawInstance(r: ResolvedSpec, index: number): BinaryInstance {
  const rng = createRng(r.seed).split(index);
  const { n, p, d } = r;
  const z = new Float64Array(p * n);
  const labels = new Int8Array(p);
  let teacher: Int8Array | null = null;
  let projection: Float64Array | null = null;
  if (r.problem === 'storage') {
    for (let k = 0; k < z.length; k++) z[k] = r.patterns === 'sign' ? (rng.uniform() < 0.5 ? -1 : 1) : rng.normal();
    labels.set(randomSigns(rng, p));
  } else {
    teacher = randomSigns(rng, d);
    const xi = new Float64Array(d);
    const x = new Float64Array(n);
    if (r.problem === 'random-features') projection = rng.fillNormal(new Float64Array(n * d));
    for (let mu = 0; mu < p; mu++) {
      rng.fillNormal(xi);
      let t = 0;
      for (let k = 0; k < d; k++) t += teacher[k]! * xi[k]!;
      labels[mu] = t > 0 ? 1 : -1;
      if (projection === null) x.set(xi);
      else randomFeatureMap(projection, n, d, r.activation, xi, x);
      for (let i = 0; i < n; i++) z[mu * n + i] = labels[mu]! * x[i]!;
    }
  }
  return { problem: r.problem, n, p, d, seed: r.seed, index, features: r.features, z, labels, teacher, projection };
}

/**
 * Draw instance `index` (a non-negative integer) of the family `spec`. Reproducible: the same
 * `(spec, index)` gives the same instance on every run, in any thread.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const inst = orThrow(binaryInstance({ problem: 'random-features', n: 15, alpha: 0.5, alphaD: 1, seed: 7 }, 2));
 * inst.d; // 8 = round(P / alphaD) with P = round(0.5 · 15)
 */
export function binaryInstance(spec: BinaryInstanceSpec, index: number): E.Either<BbpError, BinaryInstance> {
  return attempt(() => {
    if (!(Number.isSafeInteger(index) && index >= 0)) fail(invalidArgument('index', index, 'a non-negative integer'));
    return drawInstance(resolveSpec(spec), index);
  });
}

/**
 * Training error of `w` on an instance: the fraction of patterns with stability `Δ^μ < κ`.
 * @category Binary finite N
 * @since 0.2.0
 * @example
 * const inst = orThrow(binaryInstance({ problem: 'storage', n: 11, alpha: 0.5, seed: 1 }, 0));
 * binaryTrainingError(inst, new Int8Array(11).fill(1), 0); // a fraction in [0, 1]
 */
export function binaryTrainingError(instance: BinaryInstance, w: ArrayLike<number>, kappa: number): number {
  const { n, p, z } = instance;
  const threshold = kappa * Math.sqrt(n);
  let errors = 0;
  for (let mu = 0; mu < p; mu++) {
    let h = 0;
    const row = mu * n;
    for (let i = 0; i < n; i++) h += w[i]! * z[row + i]!;
    if (h < threshold) errors++;
  }
  return errors / p;
}

/**
 * Test set of an instance with a teacher, for the generalization error of a student: `size` fresh inputs
 * (from the stream `createRng(seed).split(index).split(1)`), their features and teacher labels.
 * Teacher–student errors have the exact form `arccos(w·w* / N)/π` and do not need it. @internal
 */
export function testSet(instance: BinaryInstance, activation: 'sign' | 'tanh', size: number): { x: Float64Array; y: Int8Array } {
  const { n, d, teacher, projection } = instance;
  if (teacher === null) throw new Error('testSet: the instance has no teacher');
  const rng = createRng(instance.seed).split(instance.index).split(1);
  const x = new Float64Array(size * n);
  const y = new Int8Array(size);
  const xi = new Float64Array(d);
  const row = new Float64Array(n);
  for (let t = 0; t < size; t++) {
    rng.fillNormal(xi);
    let s = 0;
    for (let k = 0; k < d; k++) s += teacher[k]! * xi[k]!;
    y[t] = s > 0 ? 1 : -1;
    if (projection === null) x.set(xi, t * n);
    else x.set(randomFeatureMap(projection, n, d, activation, xi, row), t * n);
  }
  return { x, y };
}

/** Fraction of test points where `sign(w·x) ≠ y` (a tie `w·x = 0` counts as half an error). @internal */
export function testError(set: { x: Float64Array; y: Int8Array }, n: number, w: ArrayLike<number>): number {
  const size = set.y.length;
  let errors = 0;
  for (let t = 0; t < size; t++) {
    let s = 0;
    const row = t * n;
    for (let i = 0; i < n; i++) s += w[i]! * set.x[row + i]!;
    const m = s * set.y[t]!;
    errors += m < 0 ? 1 : m === 0 ? 0.5 : 0;
  }
  return errors / size;
}
