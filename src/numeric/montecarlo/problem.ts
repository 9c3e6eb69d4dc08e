/**
 * One finite-N sample of the teacher–student problem (THEORY §1): Gaussian inputs, a student on the sphere,
 * an orthonormal teacher.
 *
 * @module
 */
import { fail, invalidArgument } from '../../errors.js';
import { createRng } from '../random.js';

/**
 * Parameters of one sample.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const params: ProblemParameters = { n: 1000, alpha: 2, p: 2, pstar: 1, seed: 7 }; // M = round(α·N) = 2000 inputs
 */
export interface ProblemParameters {
  /** Input dimension N (positive integer). */
  readonly n: number;
  /** Samples per dimension; the number of inputs is `m = round(alpha·n)`. */
  readonly alpha: number;
  /** Student hidden units (positive integer ≤ n). */
  readonly p: number;
  /** Teacher hidden units (positive integer ≤ n). */
  readonly pstar: number;
  /** Non-negative safe integer. */
  readonly seed: number;
}

/**
 * A sampled problem. Matrices are row-major `Float64Array`s.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const pb: Problem = sampleProblem({ n: 100, alpha: 2, p: 2, pstar: 1, seed: 7 });
 * [pb.m, pb.x.length]; // [200, 200·100]: M = αN inputs, row-major
 */
export interface Problem {
  /** Input dimension N. */
  readonly n: number;
  /** Sample ratio α = M/N requested. */
  readonly alpha: number;
  /** Number of inputs, `round(alpha·n)`. */
  readonly m: number;
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** Seed of every random draw of the problem. */
  readonly seed: number;
  /** Inputs, m×n, entries N(0, 1). */
  readonly x: Float64Array;
  /** Student weights, p×n; each row uniform on the sphere |w|² = n. */
  readonly student: Float64Array;
  /** Teacher weights, pstar×n; orthogonal rows with |w*|² = n. */
  readonly teacher: Float64Array;
}

/** Child streams of the root rng; fixed so that each part of the problem is reproducible on its own. */
const STREAM_X = 0;
const STREAM_STUDENT = 1;
const STREAM_TEACHER = 2;

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) fail(invalidArgument(name, value, 'a positive integer'));
}

/**
 * Sample inputs, student and teacher for `(n, alpha, p, pstar, seed)`.
 *
 * Each part comes from its own child stream of `createRng(seed)`, and rows are drawn in order, so changing
 * `alpha` keeps student and teacher (and extends or truncates the rows of `x`), and changing `p` or `pstar`
 * keeps the leading rows. Throws a `BbpFailure` (`InvalidArgument` naming the parameter) on bad input.
 * @category Monte Carlo
 * @since 0.1.0
 * @example
 * const pb = sampleProblem({ n: 100, alpha: 4, p: 2, pstar: 1, seed: 1 }); // pb.m === 400
 */
export function sampleProblem(parameters: ProblemParameters): Problem {
  const { n, alpha, p, pstar, seed } = parameters;
  positiveInteger('n', n);
  if (!(alpha > 0) || !Number.isFinite(alpha)) fail(invalidArgument('alpha', alpha, 'a positive finite number'));
  const m = Math.round(alpha * n);
  if (m < 1) fail(invalidArgument('alpha', alpha, `a value with round(alpha·n) ≥ 1 for n = ${n}`));
  positiveInteger('p', p);
  if (p > n) fail(invalidArgument('p', p, `an integer ≤ n = ${n}`));
  positiveInteger('pstar', pstar);
  if (pstar > n) fail(invalidArgument('pstar', pstar, `an integer ≤ n = ${n}`));
  const rng = createRng(seed);

  const x = rng.split(STREAM_X).fillNormal(new Float64Array(m * n));

  const student = rng.split(STREAM_STUDENT).fillNormal(new Float64Array(p * n));
  for (let l = 0; l < p; l++) scaleRow(student, l * n, n, Math.sqrt(n));

  const teacherRng = rng.split(STREAM_TEACHER);
  const teacher = new Float64Array(pstar * n);
  const row = new Float64Array(n);
  for (let k = 0; k < pstar; k++) {
    // Redraw in the (probability-zero) event that a Gaussian falls inside the span of the previous rows.
    for (;;) {
      teacherRng.fillNormal(row);
      const before = norm(row, 0, n);
      // Two passes of modified Gram–Schmidt against the unit rows so far: the second pass removes what
      // rounding left after the first, keeping the rows orthogonal to machine precision.
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < k; q++) {
          const off = q * n;
          let dot = 0;
          for (let i = 0; i < n; i++) dot += teacher[off + i]! * row[i]!;
          dot /= n; // rows q < k have squared norm n
          for (let i = 0; i < n; i++) row[i] = row[i]! - dot * teacher[off + i]!;
        }
      }
      if (norm(row, 0, n) > 1e-8 * before) break;
    }
    teacher.set(row, k * n);
    scaleRow(teacher, k * n, n, Math.sqrt(n));
  }

  return { n, alpha, m, p, pstar, seed, x, student, teacher };
}

function norm(a: Float64Array, offset: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = a[offset + i]!;
    s += v * v;
  }
  return Math.sqrt(s);
}

/** Rescale `a[offset .. offset+n)` to Euclidean norm `target`. */
function scaleRow(a: Float64Array, offset: number, n: number, target: number): void {
  const f = target / norm(a, offset, n);
  for (let i = 0; i < n; i++) a[offset + i] = a[offset + i]! * f;
}
