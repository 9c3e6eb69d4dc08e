/**
 * The quadratic network (`σ = σ* = z²`, `T = I`) in closed matrix form (THEORY §8).
 *
 * With `u = (λ, ν) ~ N(0, C)`, `C = [[Q, R], [Rᵀ, I]]`, the error is a quadratic form `Δ = ŷ − y = uᵀAu` with
 * `A = diag(I/p, −I/p*)`. Stein's lemma gives every moment the ODEs need in terms of `B = AC`:
 *
 *     E[Δ]            = tr B = s,           s = tr Q/p − 1
 *     E[Δ²]           = s² + 2 tr B²
 *     E[Δ u uᵀ]       = s C + 2 CAC
 *     E[Δ² u uᵀ]      = E[Δ²] C + 4 s CAC + 8 CACAC
 *
 * so, with `M = CAC` (`M₁₁ = Q²/p − RRᵀ/p*`, `M₁₂ = QR/p − R/p*`) and `δ_i = 2Δλ_i/p`:
 *
 *     risk   = ½ (s² + 2 tr B²),   tr B² = tr Q²/p² − 2 tr RRᵀ/(p p*) + 1/p*
 *     dR/dt  = −(2η/p) (s R + 2 M₁₂)
 *     dQ/dt  = −(4η/p) (s Q + 2 M₁₁) + (4η²/p²) (E[Δ²] Q + 4 s M₁₁ + 8 (M₁₁Q/p − M₁₂Rᵀ/p*))
 *
 * The state vector of the ODE is `[Q (p×p, row-major), R (p×p*, row-major)]`.
 *
 * @module
 */

/** Workspace of {@link quadraticRhs}: preallocated p×p and p×p* buffers. */
export interface QuadraticWorkspace {
  readonly p: number;
  readonly pstar: number;
  readonly m11: Float64Array;
  readonly m12: Float64Array;
  readonly cacac: Float64Array;
}

/** Buffers for {@link quadraticRhs}. */
export function quadraticWorkspace(p: number, pstar: number): QuadraticWorkspace {
  return { p, pstar, m11: new Float64Array(p * p), m12: new Float64Array(p * pstar), cacac: new Float64Array(p * p) };
}

/** `s = tr Q/p − 1` and `tr B²` of the state `[Q, R]`. */
function traces(p: number, pstar: number, y: Float64Array): { s: number; trB2: number } {
  let trQ = 0, trQ2 = 0, trRR = 0;
  for (let i = 0; i < p; i++) {
    trQ += y[i * p + i]!;
    for (let j = 0; j < p; j++) trQ2 += y[i * p + j]! * y[j * p + i]!;
  }
  const off = p * p;
  for (let a = 0; a < p * pstar; a++) trRR += y[off + a]! * y[off + a]!;
  return { s: trQ / p - 1, trB2: trQ2 / (p * p) - (2 * trRR) / (p * pstar) + 1 / pstar };
}

/**
 * The population risk `E[½(ŷ − y)²]` of the quadratic network at the state `[Q, R]`.
 */
export function quadraticRisk(p: number, pstar: number, y: Float64Array): number {
  const { s, trB2 } = traces(p, pstar, y);
  return 0.5 * (s * s + 2 * trB2);
}

/**
 * `d[Q, R]/dt` of the quadratic network at learning rate `eta`, written into `out` (no allocation).
 */
export function quadraticRhs(w: QuadraticWorkspace, eta: number, y: Float64Array, out: Float64Array): void {
  const { p, pstar, m11, m12, cacac } = w;
  const off = p * p;
  const { s, trB2 } = traces(p, pstar, y);
  const eDelta2 = s * s + 2 * trB2;
  // M11 = Q²/p − RRᵀ/p*, M12 = QR/p − R/p*
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let qq = 0;
      for (let l = 0; l < p; l++) qq += y[i * p + l]! * y[l * p + j]!;
      let rr = 0;
      for (let k = 0; k < pstar; k++) rr += y[off + i * pstar + k]! * y[off + j * pstar + k]!;
      m11[i * p + j] = qq / p - rr / pstar;
    }
    for (let k = 0; k < pstar; k++) {
      let qr = 0;
      for (let l = 0; l < p; l++) qr += y[i * p + l]! * y[off + l * pstar + k]!;
      m12[i * pstar + k] = qr / p - y[off + i * pstar + k]! / pstar;
    }
  }
  // (CACAC)₁₁ = M11 Q/p − M12 Rᵀ/p*
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let a = 0;
      for (let l = 0; l < p; l++) a += m11[i * p + l]! * y[l * p + j]!;
      let b = 0;
      for (let k = 0; k < pstar; k++) b += m12[i * pstar + k]! * y[off + j * pstar + k]!;
      cacac[i * p + j] = a / p - b / pstar;
    }
  }
  const c1 = (-4 * eta) / p;
  const c2 = (4 * eta * eta) / (p * p);
  for (let a = 0; a < p * p; a++) {
    const q = y[a]!;
    out[a] = c1 * (s * q + 2 * m11[a]!) + c2 * (eDelta2 * q + 4 * s * m11[a]! + 8 * cacac[a]!);
  }
  const cr = (-2 * eta) / p;
  for (let a = 0; a < p * pstar; a++) out[off + a] = cr * (s * y[off + a]! + 2 * m12[a]!);
}
