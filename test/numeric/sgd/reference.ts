// Independent reference for the quadratic network (σ = σ* = z², T = I), derived by hand for these tests (not
// from the library's ODE code). With u = (λ, ν) ~ N(0, C), C = [[Q, R], [Rᵀ, I]], A = diag(I_p/p, −I_p*/p*),
// D = ŷ − y = uᵀAu and Wick's theorem (15 pairings of six factors, 3 of four):
//   E[D u_i u_j]    = tr(AC) C_ij + 2 (CAC)_ij
//   E[D² u_i u_j]   = [tr(AC)² + 2 tr(ACAC)] C_ij + 4 tr(AC) (CAC)_ij + 8 (CACAC)_ij
//   E[D²]           = tr(AC)² + 2 tr(ACAC)
// and δ_i = 2 D λ_i / p, so
//   dR_ik/dt = −η (2/p) E[D λ_i ν_k],  dQ_ij/dt = −η (2/p) (E[D λ_i λ_j] + E[D λ_j λ_i]) + η² (4/p²) E[D² λ_i λ_j],
//   risk = ½ E[D²].
// Integrated with classical RK4 at a fixed small step.

/** The full covariance C (m×m, m = p + p*) and the products needed. */
function moments(p: number, pstar: number, Q: Float64Array, R: Float64Array) {
  const m = p + pstar;
  const C = new Float64Array(m * m);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) C[i * m + j] = Q[i * p + j]!;
    for (let k = 0; k < pstar; k++) {
      C[i * m + p + k] = R[i * pstar + k]!;
      C[(p + k) * m + i] = R[i * pstar + k]!;
    }
  }
  for (let k = 0; k < pstar; k++) C[(p + k) * m + p + k] = 1;
  const a = (i: number) => (i < p ? 1 / p : -1 / pstar);
  // CAC and CACAC
  const CAC = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += C[i * m + l]! * a(l) * C[l * m + j]!;
    CAC[i * m + j] = s;
  }
  const CACAC = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += CAC[i * m + l]! * a(l) * C[l * m + j]!;
    CACAC[i * m + j] = s;
  }
  let trAC = 0;
  let trACAC = 0;
  for (let i = 0; i < m; i++) {
    trAC += a(i) * C[i * m + i]!;
    trACAC += a(i) * CAC[i * m + i]!;
  }
  return { m, C, CAC, CACAC, trAC, trACAC };
}

/** Population risk ½E[(ŷ − y)²] of the quadratic network. */
export function quadraticRisk(p: number, pstar: number, Q: Float64Array, R: Float64Array): number {
  const { trAC, trACAC } = moments(p, pstar, Q, R);
  return 0.5 * (trAC * trAC + 2 * trACAC);
}

/** Right-hand side (dQ, dR) of the quadratic network's ODE. */
export function quadraticRhs(p: number, pstar: number, eta: number, Q: Float64Array, R: Float64Array, dQ: Float64Array, dR: Float64Array): void {
  const { m, C, CAC, CACAC, trAC, trACAC } = moments(p, pstar, Q, R);
  const e1 = (i: number, j: number) => trAC * C[i * m + j]! + 2 * CAC[i * m + j]!;
  const e2 = (i: number, j: number) => (trAC * trAC + 2 * trACAC) * C[i * m + j]! + 4 * trAC * CAC[i * m + j]! + 8 * CACAC[i * m + j]!;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) dQ[i * p + j] = -eta * (2 / p) * (e1(i, j) + e1(j, i)) + eta * eta * (4 / (p * p)) * e2(i, j);
    for (let k = 0; k < pstar; k++) dR[i * pstar + k] = -eta * (2 / p) * e1(i, p + k);
  }
}

/** Q, R at each of `times` (non-decreasing, from 0) by RK4 with step ≤ h. */
export function integrateQuadratic(
  p: number, pstar: number, eta: number, Q0: Float64Array, R0: Float64Array, times: readonly number[], h = 0.002,
): { Q: Float64Array[]; R: Float64Array[] } {
  const nq = p * p;
  const nr = p * pstar;
  const y = new Float64Array(nq + nr);
  y.set(Q0, 0);
  y.set(R0, nq);
  const f = (s: Float64Array, out: Float64Array) => {
    const dQ = new Float64Array(nq);
    const dR = new Float64Array(nr);
    quadraticRhs(p, pstar, eta, s.subarray(0, nq), s.subarray(nq), dQ, dR);
    out.set(dQ, 0);
    out.set(dR, nq);
  };
  const k1 = new Float64Array(y.length);
  const k2 = new Float64Array(y.length);
  const k3 = new Float64Array(y.length);
  const k4 = new Float64Array(y.length);
  const tmp = new Float64Array(y.length);
  const Q: Float64Array[] = [];
  const R: Float64Array[] = [];
  let t = 0;
  for (const target of times) {
    while (t < target - 1e-14) {
      const dt = Math.min(h, target - t);
      f(y, k1);
      for (let i = 0; i < y.length; i++) tmp[i] = y[i]! + 0.5 * dt * k1[i]!;
      f(tmp, k2);
      for (let i = 0; i < y.length; i++) tmp[i] = y[i]! + 0.5 * dt * k2[i]!;
      f(tmp, k3);
      for (let i = 0; i < y.length; i++) tmp[i] = y[i]! + dt * k3[i]!;
      f(tmp, k4);
      for (let i = 0; i < y.length; i++) y[i] = y[i]! + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      t += dt;
    }
    Q.push(y.slice(0, nq));
    R.push(y.slice(nq));
  }
  return { Q, R };
}
