/**
 * The one abstraction every large-N solver works on: a rotation-invariant vertex law.
 *
 * Over integration nodes `i` (probability weights `wᵢ`) the p×p vertex `A` has eigenvalues `c_{ij}`
 * with multiplicity fractions `m_j` (`Σ m_j = 1`, i.e. multiplicity/p), and the planted signal enters
 * through the weight `sᵢ` (`y`, or `E[t_k² | node]`). All of THEORY §3–§5 is then a set of weighted
 * sums over `(i, j)`: see {@link vertexSums}. A model compiled from the DSL produces the same record.
 *
 * @module
 */
import { fail, invalidArgument, noFiniteEdge } from '../../errors.js';

/**
 * A discretized rotation-invariant vertex law.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const v = quadraticVertex({ p: 2, pstar: 1, a: 1.5 });
 * [v.size, v.rank, v.cMin]; // [3540, 2, -2]
 */
export interface Vertex {
  /** Number of integration nodes. */
  readonly size: number;
  /** Number of distinct eigenvalues per node. */
  readonly rank: number;
  /** Probability weight of each node (length `size`). */
  readonly weight: Float64Array;
  /** Signal weight of each node: `y` for the teacher output, so that `E[s] = 1` (length `size`). */
  readonly signal: Float64Array;
  /** Eigenvalues `c_{ij}`, row-major `size × rank`. */
  readonly eigen: Float64Array;
  /** Fraction of the p eigenvalues carried by each column (length `rank`, sums to 1). */
  readonly multiplicity: Float64Array;
  /**
   * Infimum of the eigenvalues over the continuous law (not over the nodes): it fixes
   * `g_sing = 1/cMin`. `-Infinity` when the vertex is unbounded below (no finite left edge).
   */
  readonly cMin: number;
  /**
   * Whether the continuous law attains `cMin` with positive density (then `E h'(g_sing) = ∞` and the edge is
   * always sharp, no `α_c`), as opposed to approaching it only toward infinity. Default: whether a node sits
   * exactly at `cMin`.
   */
  readonly cMinAttained?: boolean;
  /**
   * Probability (eigenvalues weighted by multiplicity) that a vertex eigenvalue is exactly 0 under the
   * continuous law; it fixes the atom of the spectrum at 0. Default 0. (Nodes of a rule may hit 0 by
   * coincidence; that is not an atom of the law.)
   */
  readonly zeroMass?: number;
  /** A line saying what the vertex is (model, parameters, rule), carried into results. */
  readonly description: string;
}

/**
 * Weighted sums of a vertex at a real `g` (all `E` over the vertex law, `h = (1/p) tr A(I − gA)⁻¹`):
 * `[E h, E h', E s·h, E s·h']` with `h' = (1/p) tr A²(I − gA)⁻²`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * const sums: VertexSums = vertexSums(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), -0.2);
 * const [h, dh, sh, sdh] = sums; // E h, E h', E s·h, E s·h' at g = −0.2
 */
export type VertexSums = Float64Array;

/**
 * Fill `out` with `[E h(g), E h'(g), E s h(g), E s h'(g)]` (see {@link VertexSums}). One pass, no
 * allocation: this is the hot loop of every threshold computation.
 * @category Solvers
 * @since 0.1.0
 * @example
 * vertexSums(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), -0.2); // [0.58904…, 1.94086…, -0.42873…, 1.79157…]
 */
export function vertexSums(vertex: Vertex, g: number, out: Float64Array = new Float64Array(4)): VertexSums {
  const { size, rank, weight, signal, eigen, multiplicity } = vertex;
  let h0 = 0;
  let h1 = 0;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < size; i++) {
    let a0 = 0;
    let a1 = 0;
    for (let j = 0; j < rank; j++) {
      const c = eigen[i * rank + j]!;
      const q = c / (1 - g * c);
      const m = multiplicity[j]!;
      a0 += m * q;
      a1 += m * q * q;
    }
    const w = weight[i]!;
    const ws = w * signal[i]!;
    h0 += w * a0;
    h1 += w * a1;
    s0 += ws * a0;
    s1 += ws * a1;
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = s0;
  out[3] = s1;
  return out;
}

/**
 * `g_sing = 1/cMin` for `cMin < 0`; `-Infinity` when the vertex is bounded below by a non-negative number
 * (then the resolvent is analytic on the whole negative g axis). Throws a `BbpFailure` (`NoFiniteEdge`) when
 * `cMin = −∞`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * singularG(quadraticVertex({ p: 2, pstar: 1, a: 1.5 })); // -0.5 = 1/c_min = −p/4
 */
export function singularG(vertex: Vertex): number {
  if (vertex.cMin === -Infinity) {
    fail(noFiniteEdge(`the vertex eigenvalues of ${vertex.description} are unbounded below`));
  }
  return vertex.cMin < 0 ? 1 / vertex.cMin : -Infinity;
}

/**
 * Check the invariants of a vertex (lengths, weights, multiplicities, `cMin` a lower bound) once, at
 * construction; throws a `BbpFailure` (`InvalidArgument`) otherwise. Returns the vertex.
 * @category Solvers
 * @since 0.1.0
 * @example
 * // the constant vertex c = 1 (Marchenko–Pastur)
 * const mp = validateVertex({
 *   size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(1),
 *   multiplicity: Float64Array.of(1), cMin: 1, description: 'constant vertex c = 1',
 * });
 */
export function validateVertex(vertex: Vertex): Vertex {
  const { size, rank, weight, signal, eigen, multiplicity } = vertex;
  if (!(size >= 1) || weight.length !== size || signal.length !== size || eigen.length !== size * rank) {
    fail(invalidArgument('vertex', vertex.description, 'consistent array lengths'));
  }
  let m = 0;
  for (let j = 0; j < rank; j++) m += multiplicity[j]!;
  if (multiplicity.length !== rank || Math.abs(m - 1) > 1e-12) {
    fail(invalidArgument('vertex.multiplicity', Array.from(multiplicity), 'fractions summing to 1'));
  }
  for (let i = 0; i < eigen.length; i++) {
    if (!Number.isFinite(eigen[i]!)) fail(invalidArgument('vertex.eigen', eigen[i], 'finite eigenvalues'));
    if (eigen[i]! < vertex.cMin) fail(invalidArgument('vertex.cMin', vertex.cMin, `a lower bound of every eigenvalue (found ${eigen[i]})`));
  }
  return vertex;
}
