/**
 * Moments of the spectrum from the self-energy series (THEORY §3): `Σ(g) = Σₙ α E[(1/p) tr A^{n+1}] gⁿ`, so
 * the free cumulants are `κₙ = α E[(1/p) tr Aⁿ]` and the moments follow from the free moment–cumulant
 * relation `mₙ = Σ_{s=1..n} κ_s [z^{n−s}] M(z)^s`, `M(z) = Σ_k m_k z^k`.
 *
 * @module
 */
import type { Vertex } from './vertex.js';

/**
 * Free cumulants `κ₁..κ_K` of the spectrum at sample ratio `α`: `κₙ = α E[(1/p) tr Aⁿ]`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * freeCumulants(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 2, 3); // [2.6928…, 18.2626…, 176.084…]
 */
export function freeCumulants(vertex: Vertex, alpha: number, order: number): Float64Array {
  const { size, rank, weight, eigen, multiplicity } = vertex;
  const kappa = new Float64Array(order);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < rank; j++) {
      const c = eigen[i * rank + j]!;
      const w = weight[i]! * multiplicity[j]!;
      let power = 1;
      for (let n = 0; n < order; n++) {
        power *= c;
        kappa[n]! += w * power;
      }
    }
  }
  for (let n = 0; n < order; n++) kappa[n]! *= alpha;
  return kappa;
}

/**
 * Moments `m₁..m_K` of the spectral density from its free cumulants.
 * @category Solvers
 * @since 0.1.0
 * @example
 * momentsFromFreeCumulants(Float64Array.of(1, 1, 1)); // semicircle+shift: m₁ = 1, m₂ = 2, m₃ = 5
 */
export function momentsFromFreeCumulants(kappa: Float64Array): Float64Array {
  const order = kappa.length;
  const m = new Float64Array(order + 1);
  m[0] = 1;
  for (let n = 1; n <= order; n++) {
    // power = coefficients of M(z)^s truncated at degree n − 1, for s = 1..n
    let power = new Float64Array(n);
    power[0] = 1;
    let total = 0;
    for (let s = 1; s <= n; s++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (power[i] === 0) continue;
        for (let j = 0; i + j < n; j++) next[i + j]! += power[i]! * m[j]!;
      }
      power = next;
      total += kappa[s - 1]! * power[n - s]!;
    }
    m[n] = total;
  }
  return m.subarray(1);
}

/**
 * Moments `∫ λᵏ ρ(λ) dλ`, `k = 1..order`, at sample ratio `α`.
 * @category Solvers
 * @since 0.1.0
 * @example
 * spectralMoments(quadraticVertex({ p: 2, pstar: 1, a: 1.5 }), 2, 3); // [2.6928…, 25.5139…, 343.144…]
 */
export function spectralMoments(vertex: Vertex, alpha: number, order: number): Float64Array {
  return momentsFromFreeCumulants(freeCumulants(vertex, alpha, order));
}
