/**
 * The discretized p×p vertex law of a committee student without a rotation-invariant reduction
 * (THEORY §2–§3): `A = scale·[ℓ''·(1/p²)·σ'(z)σ'(z)ᵀ + ℓ'·(1/p)·diag(σ''(z))]`, `z ~ N(0, I_p)`, `y` from the
 * teacher rule. Exchangeability of the units makes the resolvent `G = g₁·P₁ + g⊥·P⊥` (`P₁ = 11ᵀ/p`), and
 * every sum of the solver then needs only, per node, the eigenvalues `c_j` of `A` and the squared
 * projections `a_j = (êᵀv_j)²` of its eigenvectors on `ê = 1/√p` (see `solver.ts`). Those are invariant under
 * permutations of `z`, so a tensor rule is summed over sorted tuples `z₁ ≤ … ≤ z_p` only (weight × orbit size).
 *
 * The nodes also keep `z` and `A` (for the unrestricted matrix iteration and the student-direction spikes,
 * which are not permutation invariant per node: their matrices are averaged over the group afterwards).
 *
 * @module
 */
import { fail, invalidArgument, noFiniteEdge } from '../../../errors.js';
import type { PointwiseModel } from '../../montecarlo/pointwiseModel.js';
import type { QuadratureRule } from '../../quadrature/gauss.js';

/**
 * The teacher side of the law: values of `y`, probability weights and the signal weight
 * `s = E[t_k² | y]` of each node (quadratic teacher `σ* = b t² + d`: `y = b w + d`, `s = w`).
 * @category Solvers
 * @since 0.1.0
 * @example
 * // σ* = t², p* = 1: y = w ~ χ²₁ = Gamma(1/2, 2), and the signal weight is w itself
 * const w = gammaLogRule(0.5, 2);
 * const teacherRule: TeacherRule = { y: w.nodes, weights: w.weights, signal: w.nodes };
 */
export interface TeacherRule {
  /** Teacher output `y` at each node. */
  readonly y: Float64Array;
  /** Probability weight of each node. */
  readonly weights: Float64Array;
  /** Signal weight `E[t_k² | node]` of each node. */
  readonly signal: Float64Array;
}

/**
 * A discretized matrix vertex law.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const law: MatrixVertexLaw = c.law();
 * [law.p, law.size, law.cMin, law.symmetrized]; // [2, 210984, -0.76980…, true]
 */
export interface MatrixVertexLaw {
  /** Student width (size of the vertex). */
  readonly p: number;
  /** Number of nodes `(z, y)`. */
  readonly size: number;
  /** Probability weight of each node (orbit size included for sorted tensor rules). */
  readonly weight: Float64Array;
  /** Teacher signal weight `s` of each node. */
  readonly signal: Float64Array;
  /** Eigenvalues of `A`, `size × p`. */
  readonly eigen: Float64Array;
  /** `(êᵀv_j)²`, `size × p` (each row sums to 1). */
  readonly projection: Float64Array;
  /** The student coordinates `z` of each node, `size × p`. */
  readonly z: Float64Array;
  /** The vertex `A` of each node, `size × p × p`. */
  readonly matrix: Float64Array;
  /**
   * True when the nodes are one representative per permutation orbit (sorted tensor rule): matrices that
   * are not permutation invariant per node must be averaged over the symmetric group.
   */
  readonly symmetrized: boolean;
  /** Infimum of the smallest vertex eigenvalue over the continuous law (`g_sing = 1/cMin` when < 0). */
  readonly cMin: number;
  /** Whether a node attains `cMin` (false: approached as y → ∞ or between nodes). */
  readonly cMinAttained: boolean;
  /** What the law is (model, rule), carried into results. */
  readonly description: string;
}

/**
 * Options of {@link matrixVertexLaw}.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const w = gammaLogRule(0.5, 2);
 * const options: MatrixLawOptions = { rule: gaussianTrapezoidRule(0.5), cMin: -0.7698 };
 * matrixVertexLaw(c.pointwise, { y: w.nodes, weights: w.weights, signal: w.nodes }, options);
 */
export interface MatrixLawOptions {
  /** The Gaussian rule of each `z_l` (tensor product, sorted orbits); or `points` for explicit points. */
  readonly rule?: QuadratureRule;
  /** Explicit points in `R^p` (row-major, `count × p`) with equal weights, e.g. a shifted QMC set. */
  readonly points?: Float64Array;
  /** Weights of the explicit points (default equal); normalized to sum 1. */
  readonly pointWeights?: Float64Array;
  /** Drop tensor nodes whose product weight is below this (default 1e-22). */
  readonly cutoff?: number;
  /** Override the searched `c_min` (scale included). */
  readonly cMin?: number;
  /** Overrides the generated description. */
  readonly description?: string;
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi (in place on `a`, vectors in `v` as columns).
 * @category Solvers
 * @since 0.1.0
 * @example
 * const values = new Float64Array(2);
 * const vectors = new Float64Array(4);
 * smallSymmetricEigen(2, Float64Array.of(2, 1, 1, 2), values, vectors);
 * values; // [1, 3] (in the order Jacobi leaves them); column j of `vectors` goes with values[j]
 */
export function smallSymmetricEigen(n: number, a: Float64Array, values: Float64Array, v: Float64Array): void {
  v.fill(0);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  if (n === 1) {
    values[0] = a[0]!;
    return;
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! * a[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    }
    if (off <= 1e-34 * diag || off === 0) break;
    for (let pI = 0; pI < n; pI++) {
      for (let q = pI + 1; q < n; q++) {
        const apq = a[pI * n + q]!;
        if (apq === 0) continue;
        const app = a[pI * n + pI]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + pI]!;
          const akq = a[k * n + q]!;
          a[k * n + pI] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[pI * n + k]!;
          const aqk = a[q * n + k]!;
          a[pI * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + pI]!;
          const vkq = v[k * n + q]!;
          v[k * n + pI] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
}

/**
 * A vertex evaluator bound to a pointwise model: `A(z, y)` into `out` (p×p), returning nothing.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const A = new Float64Array(4);
 * vertexEvaluator(c.pointwise)(Float64Array.of(0.5, -1), 1, A); // A(z, y) at z = (0.5, −1), y = 1, row-major 2×2
 */
export function vertexEvaluator(model: PointwiseModel): (z: Float64Array, y: number, out: Float64Array) => void {
  const p = model.p;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p);
  const ld = new Float64Array(2);
  const ad = new Float64Array(2);
  return (z, y, out) => {
    model.lossDerivatives(model.studentOutput(z), y, ld);
    for (let l = 0; l < p; l++) {
      model.activationDerivatives(z[l]!, ad);
      s1[l] = ad[0]!;
      s2[l] = ad[1]!;
    }
    const outer = (model.scale * ld[1]!) / (p * p);
    const diag = (model.scale * ld[0]!) / p;
    for (let l = 0; l < p; l++) {
      for (let q = 0; q < p; q++) out[l * p + q] = outer * s1[l]! * s1[q]!;
      out[l * p + l] = out[l * p + l]! + diag * s2[l]!;
    }
  };
}

/**
 * The full tensor product of a 1-D rule in `R^p` (not sorted): points and weights for
 * `matrixVertexLaw(…, { points, pointWeights })`, as needed by the unrestricted matrix iteration.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const { points, pointWeights } = tensorPoints(gaussianTrapezoidRule(0.5), 2);
 * points.length / 2; // number of points in R², each with its product weight in pointWeights
 */
export function tensorPoints(
  rule: QuadratureRule,
  p: number,
  cutoff = 1e-22,
): {
  /** The points, row-major `count × p`. */
  points: Float64Array;
  /** Their product weights. */
  pointWeights: Float64Array;
} {
  const n = rule.nodes.length;
  const pts: number[] = [];
  const ws: number[] = [];
  const idx = new Int32Array(p);
  const total = n ** p;
  for (let k = 0; k < total; k++) {
    let r = k;
    let w = 1;
    for (let l = 0; l < p; l++) {
      idx[l] = r % n;
      r = Math.floor(r / n);
      w *= rule.weights[idx[l]!]!;
    }
    if (w < cutoff) continue;
    for (let l = 0; l < p; l++) pts.push(rule.nodes[idx[l]!]!);
    ws.push(w);
  }
  return { points: Float64Array.from(pts), pointWeights: Float64Array.from(ws) };
}

/** Sorted tuples of indices `i₁ ≤ … ≤ i_p` into `n` nodes, with the number of distinct permutations. */
function sortedTuples(n: number, p: number, visit: (idx: Int32Array, orbit: number) => void): void {
  const idx = new Int32Array(p);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const rec = (pos: number, from: number): void => {
    if (pos === p) {
      let orbit = fact(p);
      let run = 1;
      for (let l = 1; l <= p; l++) {
        if (l < p && idx[l] === idx[l - 1]) run++;
        else {
          orbit /= fact(run);
          run = 1;
        }
      }
      visit(idx, orbit);
      return;
    }
    for (let i = from; i < n; i++) {
      idx[pos] = i;
      rec(pos + 1, i);
    }
  };
  rec(0, 0);
}

/**
 * Discretize the vertex law of a pointwise model (committee form) over a Gaussian rule in each `z_l`
 * (tensor, sorted orbits) or explicit points, times the teacher rule. `c_min` is searched over the nodes and
 * along `y → ∞` (refined by a compass search in `z`) unless given.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const w = gammaLogRule(0.5, 2); // y = w ~ χ²₁ for σ* = t², p* = 1
 * const law = matrixVertexLaw(c.pointwise, { y: w.nodes, weights: w.weights, signal: w.nodes }, { rule: gaussianTrapezoidRule(0.2) });
 * law.cMin; // -0.76980… (searched over the nodes and along y → ∞)
 */
export function matrixVertexLaw(model: PointwiseModel, teacher: TeacherRule, options: MatrixLawOptions = {}): MatrixVertexLaw {
  const p = model.p;
  if (!Number.isInteger(p) || p < 1 || p > 12) fail(invalidArgument('p', p, 'an integer in [1, 12]'));
  const cutoff = options.cutoff ?? 1e-22;
  const zs: number[] = [];
  const zw: number[] = [];
  let symmetrized = false;
  if (options.points !== undefined) {
    const pts = options.points;
    if (pts.length % p !== 0 || pts.length === 0) fail(invalidArgument('points.length', pts.length, `a positive multiple of p = ${p}`));
    const count = pts.length / p;
    const pw = options.pointWeights;
    if (pw !== undefined && pw.length !== count) fail(invalidArgument('pointWeights.length', pw.length, `the number of points ${count}`));
    for (let k = 0; k < count; k++) {
      for (let l = 0; l < p; l++) zs.push(pts[k * p + l]!);
      zw.push(pw === undefined ? 1 / count : pw[k]!);
    }
  } else {
    const rule = options.rule;
    if (rule === undefined) return fail(invalidArgument('options', 'no rule', 'a Gaussian rule or explicit points'));
    symmetrized = p > 1;
    sortedTuples(rule.nodes.length, p, (idx, orbit) => {
      let w = 1;
      for (let l = 0; l < p; l++) w *= rule.weights[idx[l]!]!;
      if (w < cutoff) return;
      for (let l = 0; l < p; l++) zs.push(rule.nodes[idx[l]!]!);
      zw.push(w * orbit);
    });
  }
  const nz = zw.length;
  const ny = teacher.y.length;
  const size = nz * ny;
  const pp = p * p;
  const weight = new Float64Array(size);
  const signal = new Float64Array(size);
  const eigen = new Float64Array(size * p);
  const projection = new Float64Array(size * p);
  const z = new Float64Array(size * p);
  const matrix = new Float64Array(size * pp);
  const A = vertexEvaluator(model);
  const zb = new Float64Array(p);
  const buf = new Float64Array(pp);
  const work = new Float64Array(pp);
  const vals = new Float64Array(p);
  const vecs = new Float64Array(pp);
  const invSqrtP = 1 / Math.sqrt(p);
  let lowest = Infinity;
  let total = 0;
  for (let i = 0; i < nz; i++) {
    for (let l = 0; l < p; l++) zb[l] = zs[i * p + l]!;
    for (let k = 0; k < ny; k++) {
      const node = i * ny + k;
      weight[node] = zw[i]! * teacher.weights[k]!;
      total += weight[node]!;
      signal[node] = teacher.signal[k]!;
      A(zb, teacher.y[k]!, buf);
      matrix.set(buf, node * pp);
      z.set(zb, node * p);
      work.set(buf);
      smallSymmetricEigen(p, work, vals, vecs);
      for (let j = 0; j < p; j++) {
        const c = vals[j]!;
        if (!Number.isFinite(c)) fail(invalidArgument('model', model, `finite vertex eigenvalues (got ${c} at z = ${Array.from(zb)}, y = ${teacher.y[k]})`));
        eigen[node * p + j] = c;
        let dot = 0;
        for (let l = 0; l < p; l++) dot += vecs[l * p + j]!;
        projection[node * p + j] = dot * dot * invSqrtP * invSqrtP;
        if (c < lowest) lowest = c;
      }
    }
  }
  for (let i = 0; i < size; i++) weight[i] = weight[i]! / total;
  let cMin = options.cMin;
  let attained = false;
  if (cMin === undefined) {
    const ray = rayInfimum(model, zs, nz);
    attained = lowest <= ray;
    cMin = Math.min(lowest, ray);
  } else if (cMin > lowest) {
    fail(invalidArgument('cMin', cMin, `a lower bound of the node eigenvalues (found ${lowest})`));
  }
  const description = options.description ?? `matrix vertex law p=${p}, ${nz} z-nodes${symmetrized ? ' (sorted orbits)' : ''} × ${ny} y-nodes`;
  return { p, size, weight, signal, eigen, projection, z, matrix, symmetrized, cMin, cMinAttained: attained, description };
}

/** Smallest vertex eigenvalue as y → ∞ (y = 1e12), minimized over the z-nodes and refined by a compass search. */
function rayInfimum(model: PointwiseModel, zs: readonly number[], nz: number): number {
  const p = model.p;
  const A = vertexEvaluator(model);
  const buf = new Float64Array(p * p);
  const vals = new Float64Array(p);
  const vecs = new Float64Array(p * p);
  const zb = new Float64Array(p);
  const Y = 1e12;
  const f = (x: Float64Array): number => {
    A(x, Y, buf);
    smallSymmetricEigen(p, buf, vals, vecs);
    let m = Infinity;
    for (let j = 0; j < p; j++) m = Math.min(m, vals[j]!);
    return Number.isFinite(m) ? m : Infinity;
  };
  let best = Infinity;
  const bestZ = new Float64Array(p);
  for (let i = 0; i < nz; i++) {
    for (let l = 0; l < p; l++) zb[l] = zs[i * p + l]!;
    const v = f(zb);
    if (v < best) {
      best = v;
      bestZ.set(zb);
    }
  }
  // compass search; a minimizer running off to |z| → ∞ means the eigenvalues are unbounded below.
  let step = 0.25;
  const trial = new Float64Array(p);
  for (let it = 0; step > 1e-9; it++) {
    if (it > 20000 || bestZ.some((v) => Math.abs(v) > 50)) {
      fail(noFiniteEdge(`the infimum of the vertex eigenvalues is not reached for |z| ≤ 50 (still decreasing at z = ${Array.from(bestZ, (v) => v.toPrecision(3)).join(', ')}: ${best.toPrecision(4)}); the matrix solvers need a located c_min`));
    }
    let improved = false;
    for (let l = 0; l < p && !improved; l++) {
      for (const sgn of [1, -1]) {
        trial.set(bestZ);
        trial[l] = trial[l]! + sgn * step;
        const v = f(trial);
        if (v < best) {
          best = v;
          bestZ.set(trial);
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return best;
}
