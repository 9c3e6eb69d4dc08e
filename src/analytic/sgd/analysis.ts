/**
 * Closed forms of the quadratic network's SGD dynamics (THEORY §8, `σ = σ* = z²`, `T = I`):
 *
 * - **Plateau.** With `R = 0` and `Q = qI` the ODEs keep `R = 0`; the norm obeys `dq/dt = F(q, 0)` and the
 *   overlaps grow as `dR/dt = g(q) R`, `g(q) = −(2η/p)(q − 1 + 2q/p − 2/p*)` (the full finite-η ODE, linearized
 *   in `R`: `dQ` is quadratic in `R`, so the `R` block of the Jacobian is `g·I` exactly). `F(q, 0) = 0` is a
 *   quadratic in `q`: `a q² + b q + c = 0` with `a = (η/p)(1 + 2/p)(1 + 4/p)`, `b = −(1 + 2/p)(1 + 2η/p)`,
 *   `c = 1 + (η/p)(1 + 2/p*)`; `qStar` is the root continuous with `p/(p + 2)` at `η → 0`.
 *   Averaging over `R(0)` with i.i.d. `N(0, 1/N)` entries, `E[RRᵀ] = ρ I` with `ρ = (pstar/N) e^{2gt}`, and the
 *   norm follows linearly, so the relative risk reduction out of the plateau is `A e^{2gt}` with
 *   `A = −(pstar/N)(∂_ρ risk + ∂_q risk · ∂_ρ F/(2g − ∂_q F))/plateauRisk`, all derivatives taken symbolically
 *   (DSL) on `F(q, ρ)` and `risk(q, ρ)`, the ODE and risk evaluated at `Q = qI`, `RRᵀ = ρI`.
 * - **Solutions.** For `p ≥ p*` the zero-risk set is `W = √(p/p*) O W*`, `OᵀO = I`, i.e. `Q = RRᵀ`,
 *   `RᵀR = (p/p*) I`. The closest point to `W₀` maximizes `tr(Oᵀ R₀)`: `O` is the orthogonal polar factor of
 *   `R₀`. Along the ODE from `Q(0) ∝ I` the flow keeps `Q = qI + U D Uᵀ`, `R = U Σ Vᵀ` with `U`, `V` fixed
 *   (every term of `dR/dt = K(Q) R` and `dQ/dt` is a polynomial in `Q`, `RRᵀ`), so the polar factor `UVᵀ` of
 *   `R` is conserved and the run ends at that closest solution.
 * - **Landscape.** The population risk as a function of the `pN` weights has second variation
 *   `H(V,V) = 2 tr(G VVᵀ)/N + (tr δQ)²/p² + 2 tr δQ²/p² − 4|δR|²/(pp*)` with `G = sI/p + 2Q/p²`,
 *   `δQ = (VWᵀ + WVᵀ)/N`, `δR = VW*ᵀ/N`; splitting `V` along the teacher span, the student span and the rest
 *   gives the counts of {@link landscapeCounts}.
 *
 * @module
 */
import { add, mul, pow, sym, type Expr } from '../../dsl/expr.js';
import { compileExpr } from '../../dsl/compile.js';
import { differentiate } from '../../dsl/derivatives.js';
import { orThrow } from '../../errors.js';
import { symmetricEigen } from '../../numeric/linalg/symmetricEigen.js';
import type { Rng } from '../../numeric/random.js';

// ---------------------------------------------------------------------------------------------------------
// Plateau

const q = sym('q');
const rho = sym('rho');
const eta = sym('eta');

/** `F(q, ρ) = dq/dt` and `risk(q, ρ)` at `Q = qI`, `RRᵀ = ρI` (from the closed matrix form), as DSL expressions. */
export function plateauExprs(p: number, pstar: number): { readonly F: Expr; readonly risk: Expr; readonly g: Expr } {
  const s = add(q, -1);
  const trB2 = add(mul(1 / p, pow(q, 2)), mul(-2 / pstar, rho), 1 / pstar);
  const e2 = add(pow(s, 2), mul(2, trB2));
  const m11 = add(mul(1 / p, pow(q, 2)), mul(-1 / pstar, rho));
  const cacac = add(mul(1 / p, m11, q), mul(-1 / pstar, rho, add(mul(1 / p, q), -1 / pstar)));
  const F = add(
    mul(-4 / p, eta, add(mul(s, q), mul(2, m11))),
    mul(4 / (p * p), pow(eta, 2), add(mul(e2, q), mul(4, s, m11), mul(8, cacac))),
  );
  const g = mul(-2 / p, eta, add(s, mul(2 / p, q), -2 / pstar));
  return { F, risk: mul(0.5, e2), g };
}

/** The plateau of the quadratic network at learning rate `eta` (see the module comment). */
export interface PlateauClosedForm {
  /** Norm fixed point `Q = qStar·I`, `R = 0`; null when `F(q, 0) = 0` has no real root (η too large). */
  readonly qStar: number | null;
  /** Risk there. */
  readonly plateauRisk: number | null;
  /** Exponential growth rate of the overlaps out of the plateau, at finite η. */
  readonly growthRate: number | null;
  /** `dF/dq` at the fixed point (negative: the norm fixed point is stable). */
  readonly normRelaxationRate: number | null;
  /** `A` of the relative risk reduction `A e^{2gt}` averaged over `R(0)` ~ N(0, 1/N). */
  readonly riskReductionPrefactor: number | null;
  /** `ln(1/(2A))/(2g)`: when the linearized reduction reaches one half. */
  readonly predictedEscapeTime: number | null;
}

/** {@link PlateauClosedForm} for widths `p`, `p*`, learning rate `eta`, input dimension `n` (for the `R(0)` average). */
export function plateauClosedForm(p: number, pstar: number, etaValue: number, n: number): PlateauClosedForm {
  const a = (etaValue / p) * (1 + 2 / p) * (1 + 4 / p);
  const b = -(1 + 2 / p) * (1 + (2 * etaValue) / p);
  const c = 1 + (etaValue / p) * (1 + 2 / pstar);
  const disc = b * b - 4 * a * c;
  if (!(disc >= 0)) {
    return { qStar: null, plateauRisk: null, growthRate: null, normRelaxationRate: null, riskReductionPrefactor: null, predictedEscapeTime: null };
  }
  // smaller root, written to avoid cancellation as a → 0
  const qStar = (2 * c) / (-b + Math.sqrt(disc));
  const { F, risk, g } = plateauExprs(p, pstar);
  const order = ['q', 'rho', 'eta'];
  const ev = (e: Expr): number => orThrow(compileExpr(e, order))(Float64Array.of(qStar, 0, etaValue));
  const d = (e: Expr, v: string): Expr => orThrow(differentiate(e, v));
  const plateauRisk = ev(risk);
  const growthRate = ev(g);
  const fq = ev(d(F, 'q'));
  const fr = ev(d(F, 'rho'));
  const riskQ = ev(d(risk, 'q'));
  const riskR = ev(d(risk, 'rho'));
  const A = (-(pstar / n) * (riskR + (riskQ * fr) / (2 * growthRate - fq))) / plateauRisk;
  const predictedEscapeTime = growthRate > 0 && A > 0 && A < 0.5 ? Math.log(1 / (2 * A)) / (2 * growthRate) : null;
  return { qStar, plateauRisk, growthRate, normRelaxationRate: fq, riskReductionPrefactor: A, predictedEscapeTime };
}

// ---------------------------------------------------------------------------------------------------------
// Solutions and the conserved quantity

/**
 * The orthogonal polar factor `O = R (RᵀR)^{-1/2}` of the p×p* matrix `R` (p ≥ p*), or undefined when `R`
 * has rank below p* (relative threshold 1e-12 on the eigenvalues of `RᵀR`).
 */
export function polarFactor(R: Float64Array, p: number, pstar: number): Float64Array | undefined {
  const rtr = new Float64Array(pstar * pstar);
  for (let k = 0; k < pstar; k++) {
    for (let l = 0; l < pstar; l++) {
      let v = 0;
      for (let i = 0; i < p; i++) v += R[i * pstar + k]! * R[i * pstar + l]!;
      rtr[k * pstar + l] = v;
    }
  }
  const eig = symmetricEigen(rtr, pstar, { vectors: true });
  const top = eig.values[pstar - 1]!;
  if (!(eig.values[0]! > 1e-12 * top) || !(top > 0)) return undefined;
  const v = eig.vectors!;
  const inv = new Float64Array(pstar * pstar); // (RᵀR)^{-1/2} = Σ_j μ_j^{-1/2} v_j v_jᵀ
  for (let j = 0; j < pstar; j++) {
    const w = 1 / Math.sqrt(eig.values[j]!);
    for (let k = 0; k < pstar; k++) for (let l = 0; l < pstar; l++) inv[k * pstar + l]! += w * v[j * pstar + k]! * v[j * pstar + l]!;
  }
  const o = new Float64Array(p * pstar);
  for (let i = 0; i < p; i++) {
    for (let l = 0; l < pstar; l++) {
      let s = 0;
      for (let k = 0; k < pstar; k++) s += R[i * pstar + k]! * inv[k * pstar + l]!;
      o[i * pstar + l] = s;
    }
  }
  // one Newton–Schulz step O ← O(3I − OᵀO)/2 restores orthonormality lost to the conditioning of RᵀR
  const oto = new Float64Array(pstar * pstar);
  for (let k = 0; k < pstar; k++) for (let l = 0; l < pstar; l++) {
    let v = 0;
    for (let i = 0; i < p; i++) v += o[i * pstar + k]! * o[i * pstar + l]!;
    oto[k * pstar + l] = (k === l ? 3 : 0) - v;
  }
  const refined = new Float64Array(p * pstar);
  for (let i = 0; i < p; i++) for (let l = 0; l < pstar; l++) {
    let v = 0;
    for (let k = 0; k < pstar; k++) v += o[i * pstar + k]! * oto[k * pstar + l]!;
    refined[i * pstar + l] = 0.5 * v;
  }
  return refined;
}

/** The zero-risk point `Q = (p/p*) O Oᵀ`, `R = √(p/p*) O` for a p×p* `O` with orthonormal columns. */
export function solutionFromPolar(o: Float64Array, p: number, pstar: number): { readonly Q: Float64Array; readonly R: Float64Array } {
  const c = p / pstar;
  const Q = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let k = 0; k < pstar; k++) v += o[i * pstar + k]! * o[j * pstar + k]!;
      Q[i * p + j] = c * v;
    }
  }
  return { Q, R: o.map((x) => Math.sqrt(c) * x) };
}

// ---------------------------------------------------------------------------------------------------------
// Landscape

/**
 * Where the population-risk Hessian is taken: the origin `W = 0`, the plateau (`R = 0`, `Q = p/(p+2)·I`, the
 * stationary point of the risk), a zero-risk solution.
 * @category SGD
 * @since 0.2.0
 * @example
 * const where: SgdLandscapePoint = 'plateau';
 */
export type SgdLandscapePoint = 'origin' | 'plateau' | 'solution';

/** Eigenvalue counts of the `pN × pN` population-risk Hessian. */
export interface LandscapeCounts {
  readonly negative: number;
  readonly null: number;
  readonly positive: number;
  /** At solutions: null directions tangent to the zero-risk manifold (its dimension `pp* − p*(p*+1)/2`). */
  readonly nullTangent?: number;
  /** At solutions: the other null directions (`(p − p*)(N − p*)`, only for `p > p*`). */
  readonly nullNonTangent?: number;
}

/**
 * The closed-form counts (derivation in the module comment). Origin: `H = −(2/pN)|V|² − (4/(pp*N))|V P*|²`,
 * all `pN` negative. Plateau (`N ≥ p + p*`): teacher-span directions `pp*` negative; the `N − p − p*`
 * directions outside both spans null; in the student span `V = AW`, antisymmetric `A` null (`p(p−1)/2`),
 * symmetric `A` positive (`p(p+1)/2`). Solution (`p ≥ p*`): in the teacher span `V = (OX + O⊥Y)W*` gives
 * `pp*·H ∝ 4(tr X)² + 2|X + Xᵀ|²`: symmetric `X` positive, antisymmetric `X` and all `Y` null and tangent;
 * outside the teacher span `H ∝ |OᵀV⊥|²`: `p*(N − p*)` positive, `(p − p*)(N − p*)` null, not tangent.
 */
export function landscapeCounts(n: number, p: number, pstar: number, point: SgdLandscapePoint): LandscapeCounts {
  switch (point) {
    case 'origin':
      return { negative: p * n, null: 0, positive: 0 };
    case 'plateau':
      return { negative: p * pstar, null: p * (n - p - pstar) + (p * (p - 1)) / 2, positive: (p * (p + 1)) / 2 };
    case 'solution': {
      const nullTangent = p * pstar - (pstar * (pstar + 1)) / 2;
      const nullNonTangent = (p - pstar) * (n - pstar);
      return { negative: 0, null: nullTangent + nullNonTangent, positive: pstar * (n - pstar) + (pstar * (pstar + 1)) / 2, nullTangent, nullNonTangent };
    }
  }
}

/** `count` orthonormal rows of length `n` (row-major), from Gaussian vectors by Gram–Schmidt. */
function orthonormalRows(count: number, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(count * n);
  for (let r = 0; r < count; r++) {
    const v = new Float64Array(n);
    for (;;) {
      rng.fillNormal(v);
      for (let pass = 0; pass < 2; pass++) {
        for (let s = 0; s < r; s++) {
          let dot = 0;
          for (let a = 0; a < n; a++) dot += v[a]! * out[s * n + a]!;
          for (let a = 0; a < n; a++) v[a]! -= dot * out[s * n + a]!;
        }
      }
      const norm = Math.hypot(...v);
      if (norm > 1e-8) {
        for (let a = 0; a < n; a++) out[r * n + a] = v[a]! / norm;
        break;
      }
    }
  }
  return out;
}

/** `A·B` for row-major `A` (m×k) and `B` (k×n). */
function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) {
    const x = a[i * k + l]!;
    if (x !== 0) for (let j = 0; j < n; j++) out[i * n + j]! += x * b[l * n + j]!;
  }
  return out;
}

/** `A·Bᵀ` for row-major `A` (m×k) and `B` (n×k). */
function matmulT(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let v = 0;
    for (let l = 0; l < k; l++) v += a[i * k + l]! * b[j * k + l]!;
    out[i * n + j] = v;
  }
  return out;
}

/** The population risk of the quadratic network as a function of the weights `W` (p×N), teacher `W*` (p*×N). */
export function weightRisk(w: Float64Array, wStar: Float64Array, n: number, p: number, pstar: number): number {
  const Q = matmulT(w, w, p, n, p).map((x) => x / n);
  const R = matmulT(w, wStar, p, n, pstar).map((x) => x / n);
  let trQ = 0, trQ2 = 0, trRR = 0;
  for (let i = 0; i < p; i++) trQ += Q[i * p + i]!;
  for (let a = 0; a < p * p; a++) trQ2 += Q[a]! * Q[a]!;
  for (let a = 0; a < p * pstar; a++) trRR += R[a]! * R[a]!;
  const s = trQ / p - 1;
  return 0.5 * s * s + trQ2 / (p * p) - (2 * trRR) / (p * pstar) + 1 / pstar;
}

/** The weights at a landscape point, with a random orthonormal teacher. */
export interface LandscapeWeights {
  readonly w: Float64Array;
  readonly wStar: Float64Array;
  /** At solutions: the p×p* polar factor `O`. */
  readonly o?: Float64Array;
}

/** Weights `W` (p×N) at `point` and a teacher `W*` (p*×N, `W*W*ᵀ = N I`), from `rng`. */
export function landscapeWeights(n: number, p: number, pstar: number, point: SgdLandscapePoint, rng: Rng): LandscapeWeights {
  const basis = orthonormalRows(pstar + p, n, rng);
  const sqrtN = Math.sqrt(n);
  const wStar = basis.slice(0, pstar * n).map((x) => sqrtN * x);
  if (point === 'origin') return { w: new Float64Array(p * n), wStar };
  if (point === 'plateau') {
    const scale = Math.sqrt((n * p) / (p + 2));
    return { w: basis.slice(pstar * n, (pstar + p) * n).map((x) => scale * x), wStar };
  }
  const oT = orthonormalRows(pstar, p, rng); // rows: columns of O
  const o = new Float64Array(p * pstar);
  for (let i = 0; i < p; i++) for (let k = 0; k < pstar; k++) o[i * pstar + k] = oT[k * p + i]!;
  const w = matmul(o, wStar, p, pstar, n).map((x) => Math.sqrt(p / pstar) * x);
  return { w, wStar, o };
}

/** Hessian-vector product of {@link weightRisk} at `W`: `(2/N)(G'W + GV) − (4/(pp*N)) δR W*`. */
export function weightRiskHessianVector(x: LandscapeWeights, v: Float64Array, n: number, p: number, pstar: number): Float64Array {
  const { w, wStar } = x;
  const Q = matmulT(w, w, p, n, p).map((t) => t / n);
  let trQ = 0;
  for (let i = 0; i < p; i++) trQ += Q[i * p + i]!;
  const s = trQ / p - 1;
  const vw = matmulT(v, w, p, n, p);
  const dQ = new Float64Array(p * p);
  let trdQ = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) dQ[i * p + j] = (vw[i * p + j]! + vw[j * p + i]!) / n;
  for (let i = 0; i < p; i++) trdQ += dQ[i * p + i]!;
  const G = Q.map((t) => (2 * t) / (p * p));
  const dG = dQ.map((t) => (2 * t) / (p * p));
  for (let i = 0; i < p; i++) {
    G[i * p + i]! += s / p;
    dG[i * p + i]! += trdQ / (p * p);
  }
  const dR = matmulT(v, wStar, p, n, pstar).map((t) => t / n);
  const a = matmul(dG, w, p, p, n);
  const b = matmul(G, v, p, p, n);
  const c = matmul(dR, wStar, p, pstar, n);
  return a.map((t, k) => (2 / n) * (t + b[k]!) - (4 / (p * pstar * n)) * c[k]!);
}

/** The tangent space of the zero-risk manifold at `W = √(p/p*) O W*`: `(OX + O⊥Y) W*`, `X` antisymmetric. */
export function tangentBasis(x: LandscapeWeights, n: number, p: number, pstar: number): Float64Array[] {
  const o = x.o!;
  const out: Float64Array[] = [];
  const push = (dO: Float64Array): void => {
    out.push(matmul(dO, x.wStar, p, pstar, n));
  };
  // OX with X = e_k e_lᵀ − e_l e_kᵀ
  for (let k = 0; k < pstar; k++) {
    for (let l = k + 1; l < pstar; l++) {
      const dO = new Float64Array(p * pstar);
      for (let i = 0; i < p; i++) {
        dO[i * pstar + l] = o[i * pstar + k]!;
        dO[i * pstar + k] = -o[i * pstar + l]!;
      }
      push(dO);
    }
  }
  // O⊥ Y: columns orthogonal to O's
  const complement: Float64Array[] = [];
  for (let e = 0; e < p && complement.length < p - pstar; e++) {
    const v = new Float64Array(p);
    v[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < pstar; k++) {
        let dot = 0;
        for (let i = 0; i < p; i++) dot += v[i]! * o[i * pstar + k]!;
        for (let i = 0; i < p; i++) v[i]! -= dot * o[i * pstar + k]!;
      }
      for (const u of complement) {
        let dot = 0;
        for (let i = 0; i < p; i++) dot += v[i]! * u[i]!;
        for (let i = 0; i < p; i++) v[i]! -= dot * u[i]!;
      }
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-6) complement.push(v.map((t) => t / norm));
  }
  for (const u of complement) {
    for (let l = 0; l < pstar; l++) {
      const dO = new Float64Array(p * pstar);
      for (let i = 0; i < p; i++) dO[i * pstar + l] = u[i]!;
      push(dO);
    }
  }
  return out;
}

/** Counts from the explicit `pN × pN` Hessian (eigenvalues within `1e-8·max|λ|` of zero are null). */
export function explicitLandscapeCounts(n: number, p: number, pstar: number, point: SgdLandscapePoint, rng: Rng): LandscapeCounts & { readonly eigenvalueRange: readonly [number, number] } {
  const x = landscapeWeights(n, p, pstar, point, rng);
  const dim = p * n;
  const h = new Float64Array(dim * dim);
  const e = new Float64Array(dim);
  for (let col = 0; col < dim; col++) {
    e.fill(0);
    e[col] = 1;
    h.set(weightRiskHessianVector(x, e, n, p, pstar), col * dim);
  }
  const eig = symmetricEigen(h, dim, { vectors: point === 'solution' });
  const values = eig.values;
  const scale = Math.max(Math.abs(values[0]!), Math.abs(values[dim - 1]!));
  const tol = 1e-8 * scale;
  let negative = 0, zero = 0, positive = 0;
  const nullIndices: number[] = [];
  values.forEach((v, k) => {
    if (v < -tol) negative++;
    else if (v > tol) positive++;
    else {
      zero++;
      nullIndices.push(k);
    }
  });
  const range = [values[0]!, values[dim - 1]!] as const;
  if (point !== 'solution') return { negative, null: zero, positive, eigenvalueRange: range };
  // nullTangent: the dimension of (tangent space) ∩ (null space) = rank of the projection of an orthonormal
  // tangent basis on the null eigenvectors: eigenvalues ≈ 1 of TᵀP T.
  const tangent = tangentBasis(x, n, p, pstar);
  const ortho: Float64Array[] = [];
  for (const t of tangent) {
    const v = Float64Array.from(t);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of ortho) {
        let dot = 0;
        for (let a = 0; a < dim; a++) dot += v[a]! * u[a]!;
        for (let a = 0; a < dim; a++) v[a]! -= dot * u[a]!;
      }
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) ortho.push(v.map((t2) => t2 / norm));
  }
  const vecs = eig.vectors!;
  const k = ortho.length;
  const coords = ortho.map((t) => nullIndices.map((j) => {
    let dot = 0;
    for (let a = 0; a < dim; a++) dot += t[a]! * vecs[j * dim + a]!;
    return dot;
  }));
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let v = 0;
    for (let l = 0; l < nullIndices.length; l++) v += coords[i]![l]! * coords[j]![l]!;
    m[i * k + j] = v;
  }
  const nullTangent = k === 0 ? 0 : Array.from(symmetricEigen(m, k).values).filter((v) => v > 0.5).length;
  return { negative, null: zero, positive, nullTangent, nullNonTangent: zero - nullTangent, eigenvalueRange: range };
}
