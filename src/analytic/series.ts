/**
 * The self-energy diagrams of `dsl/diagrams.ts` evaluated on a rotation-invariant vertex law (THEORY §3).
 *
 * In scalar form (`G = g I`) the term `α E[s A (G A)ⁿ]` is `α gⁿ E[s (1/p) tr A^{n+1}]`
 * `= α gⁿ Σᵢ wᵢ sᵢ Σⱼ mⱼ c_{ij}^{n+1}` (`sᵢ = 1` for the bulk self-energy). Term by term the self-energy gives
 * the free cumulants `κ_{n+1}` (the coefficient of `gⁿ`), hence the moments of the spectrum; resummed it is the
 * closed form `α E[s (1/p) tr A (I − gA)⁻¹]` of the solvers. The series converges to it for
 * `|g| < 1/max|c|` ({@link convergenceRadius}), geometrically with ratio `|g|·max|c|`.
 *
 * Evaluation returns plain numbers (these are the inner loops of tests and plots); the diagrams themselves
 * are validated at construction.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';
import {
  diagramKind, selfEnergyKind, series, type Diagram, type DiagramKind, type DiagramKindLike, type DiagramSeries, type DiagramTerm,
} from '../dsl/diagrams.js';
import { momentsFromFreeCumulants } from '../numeric/spectral/moments.js';
import { vertexSums, type Vertex } from '../numeric/spectral/vertex.js';

/**
 * `μ_k = E[s (1/p) tr A^k]`, `k = 1..count` (index `k − 1`), with `s = 1` for the self-energy kind.
 * One pass over the nodes.
 */
function traceMoments(vertex: Vertex, kind: DiagramKind, count: number): Float64Array {
  const { size, rank, weight, signal, eigen, multiplicity } = vertex;
  const withSignal = kind._tag === 'Signal';
  const mu = new Float64Array(count);
  for (let i = 0; i < size; i++) {
    const wi = withSignal ? weight[i]! * signal[i]! : weight[i]!;
    if (wi === 0) continue;
    for (let j = 0; j < rank; j++) {
      const c = eigen[i * rank + j]!;
      const w = wi * multiplicity[j]!;
      let power = 1;
      for (let k = 0; k < count; k++) {
        power *= c;
        mu[k]! += w * power;
      }
    }
  }
  return mu;
}

/**
 * The coefficients of `g⁰..g^order` of a truncated series in scalar form: entry `n` is
 * `α E[s (1/p) tr A^{n+1}]`. For the self-energy these are the free cumulants `κ₁..κ_{order+1}`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * seriesCoefficients(series('selfEnergy', 2), quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 2);
 * // [κ₁, κ₂, κ₃] at α = 2: [2.6928…, 18.2626…, 176.084…]
 */
export function seriesCoefficients(s: DiagramSeries, vertex: Vertex, alpha: number): Float64Array {
  const mu = traceMoments(vertex, s.kind, s.terms.reduce((m, t) => Math.max(m, t.vertices), 0));
  const out = new Float64Array(s.terms.length);
  s.terms.forEach((t, k) => (out[k] = alpha * mu[t.order]!));
  return out;
}

/**
 * One term in scalar form: `α gⁿ E[s (1/p) tr A^{n+1}]` (`s = 1` for the self-energy, the vertex's
 * `signal` weight for the signal kind, whatever its label `y` or `t_k²`).
 * @category Analytic
 * @since 0.1.0
 * @example
 * // the constant vertex c = 1 (Marchenko–Pastur): κₙ = α cⁿ, Σ(g) = α c/(1 − g c)
 * const mp = validateVertex({
 *   size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(1),
 *   multiplicity: Float64Array.of(1), cMin: 1, description: 'constant vertex c = 1',
 * });
 * evaluateTerm(selfEnergyTerm(1), mp, 2, -0.5); // α g E[(1/p) tr A²] = g κ₂ = −1
 */
export function evaluateTerm(term: DiagramTerm, vertex: Vertex, alpha: number, g: number): number {
  const mu = traceMoments(vertex, term.kind, term.vertices);
  return alpha * g ** term.order * mu[term.order]!;
}

/**
 * A truncated series in scalar form, `Σ_{n=0}^{order} α gⁿ E[s (1/p) tr A^{n+1}]` (Horner in `g`).
 * @category Analytic
 * @since 0.1.0
 * @example
 * // the constant vertex c = 1 (Marchenko–Pastur): κₙ = α cⁿ, Σ(g) = α c/(1 − g c)
 * const mp = validateVertex({
 *   size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(1),
 *   multiplicity: Float64Array.of(1), cMin: 1, description: 'constant vertex c = 1',
 * });
 * evaluateSeries(series('selfEnergy', 20), mp, 2, -0.5); // 1.333334 ≈ evaluateResummed('selfEnergy', mp, 2, -0.5) = 4/3
 */
export function evaluateSeries(s: DiagramSeries, vertex: Vertex, alpha: number, g: number): number {
  const coefficients = seriesCoefficients(s, vertex, alpha);
  const last = s.terms.length - 1;
  let total = 0;
  for (let k = last; k >= 0; k--) {
    const gap = k === last ? 0 : s.terms[k + 1]!.order - s.terms[k]!.order;
    total = total * g ** gap + coefficients[k]!;
  }
  return total * g ** (s.terms[0]?.order ?? 0);
}

/**
 * The resummed closed form in scalar form, `α E[s (1/p) tr A (I − gA)⁻¹]`: for the self-energy kind this is
 * `Σ(g)` of the solvers (`createSpectralSolver(v).sigma(alpha, g)`). Valid wherever `1 − g c ≠ 0` on the
 * vertex, in particular on `(g_sing, 0)`; it agrees with the series only inside {@link convergenceRadius}.
 * @category Analytic
 * @since 0.1.0
 * @example
 * evaluateResummed('signal', quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 2, -0.2);
 * // α E[y h(g)] = -0.85747…, the right side of the outlier equation
 */
export function evaluateResummed(kind: DiagramKindLike, vertex: Vertex, alpha: number, g: number): number {
  const sums = vertexSums(vertex, g);
  return alpha * (diagramKind(kind)._tag === 'Signal' ? sums[2]! : sums[0]!);
}

/**
 * Any diagram in scalar form (dispatch to {@link evaluateTerm}, {@link evaluateSeries},
 * {@link evaluateResummed}).
 * @category Analytic
 * @since 0.1.0
 * @example
 * // the constant vertex c = 1 (Marchenko–Pastur): κₙ = α cⁿ, Σ(g) = α c/(1 − g c)
 * const mp = validateVertex({
 *   size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(1),
 *   multiplicity: Float64Array.of(1), cMin: 1, description: 'constant vertex c = 1',
 * });
 * evaluateDiagram(resummed('selfEnergy'), mp, 2, -0.5); // Σ(−0.5) = 2/(1 + 0.5) = 4/3
 * evaluateDiagram(selfEnergyTerm(0), mp, 2, -0.5); // κ₁ = 2
 */
export function evaluateDiagram(d: Diagram, vertex: Vertex, alpha: number, g: number): number {
  switch (d._tag) {
    case 'Term':
      return evaluateTerm(d, vertex, alpha, g);
    case 'Series':
      return evaluateSeries(d, vertex, alpha, g);
    case 'Resummed':
      return evaluateResummed(d.kind, vertex, alpha, g);
  }
}

/**
 * The free cumulants `κ₁..κ_order` read off the self-energy diagrams: `κ_{n+1}` is the coefficient of `gⁿ`
 * of `Σ(g)`, i.e. the diagram with `n + 1` vertex insertions. Equal to `freeCumulants(vertex, alpha, order)`.
 * @category Analytic
 * @since 0.1.0
 * @example
 * freeCumulantsFromDiagrams(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 2, 3);
 * // [α E[(1/p) tr A], α E[(1/p) tr A²], α E[(1/p) tr A³]] = [2.6928…, 18.2626…, 176.084…]
 */
export function freeCumulantsFromDiagrams(vertex: Vertex, alpha: number, order: number): Float64Array {
  if (!(Number.isInteger(order) && order >= 0)) fail(invalidArgument('order', order, 'a non-negative integer'));
  if (order === 0) return new Float64Array(0);
  return seriesCoefficients(series(selfEnergyKind, order - 1), vertex, alpha);
}

/**
 * The moments `∫ λᵏ ρ(λ) dλ`, `k = 1..order`, from the diagrams (free moment–cumulant relation).
 * @category Analytic
 * @since 0.1.0
 * @example
 * // the constant vertex c = 1 (Marchenko–Pastur): κₙ = α cⁿ, Σ(g) = α c/(1 − g c)
 * const mp = validateVertex({
 *   size: 1, rank: 1, weight: Float64Array.of(1), signal: Float64Array.of(1), eigen: Float64Array.of(1),
 *   multiplicity: Float64Array.of(1), cMin: 1, description: 'constant vertex c = 1',
 * });
 * momentsFromDiagrams(mp, 2, 2); // [α c, (α + α²) c²] = [2, 6]
 */
export function momentsFromDiagrams(vertex: Vertex, alpha: number, order: number): Float64Array {
  return momentsFromFreeCumulants(freeCumulantsFromDiagrams(vertex, alpha, order));
}

/**
 * The radius of convergence in `g` of the diagram series on this (discretized) vertex: `1/max|c_{ij}|`
 * over nodes of non-zero weight (`Infinity` for the zero vertex). For the continuous law use the supremum
 * of `|c|` instead; the nodes only approach it.
 * @category Analytic
 * @since 0.1.0
 * @example
 * convergenceRadius(quadraticVertex({ p: Infinity, pstar: 1, a: 0.5 })); // ≈ 1/8 = a/4
 */
export function convergenceRadius(vertex: Vertex): number {
  const { size, rank, weight, eigen, multiplicity } = vertex;
  let max = 0;
  for (let i = 0; i < size; i++) {
    if (weight[i] === 0) continue;
    for (let j = 0; j < rank; j++) {
      if (multiplicity[j] === 0) continue;
      max = Math.max(max, Math.abs(eigen[i * rank + j]!));
    }
  }
  return 1 / max;
}
