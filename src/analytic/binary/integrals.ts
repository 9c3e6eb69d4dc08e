/**
 * The Gaussian integrals of binary-network free entropies, on sinh-mapped rules that resolve the narrow
 * features of the small `1 − q` (large `q̂`) regime. Plain numbers; results written into caller-owned records.
 *
 * @module
 * @internal
 */
import { gaussianSinhRule } from '../../numeric/quadrature/sinhGaussianRule.js';
import { gaussianDensity, gaussianMillsRatio, gaussianTail, logGaussianTail, logTwoCosh } from '../../numeric/special/gaussianTail.js';

/** Entropic integrals of the ±1 prior at `q̂`. @internal */
export interface EntropicIntegrals {
  /** `∫Dz log 2cosh(√q̂ z)`. */
  logTwoCosh: number;
  /** `∫Dz tanh²(√q̂ z)`. */
  tanh2: number;
}

/** Fill `out` with the entropic integrals at `qHat ≥ 0` (`step`: sinh-rule step). @internal */
export function entropicIntegrals(qHat: number, step: number, out: EntropicIntegrals): void {
  if (!(qHat >= 0 && qHat < Infinity)) {
    out.logTwoCosh = NaN;
    out.tanh2 = NaN;
    return;
  }
  const a = Math.sqrt(qHat);
  if (a === 0) {
    out.logTwoCosh = Math.LN2;
    out.tanh2 = 0;
    return;
  }
  const rule = gaussianSinhRule(0, Math.min(1, 1 / a), step);
  let l = 0;
  let t2 = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    const h = a * rule.nodes[k]!;
    const w = rule.weights[k]!;
    const t = Math.tanh(h);
    l += w * logTwoCosh(h);
    t2 += w * t * t;
  }
  out.logTwoCosh = l;
  out.tanh2 = t2;
}

/** Energetic integrals of the storage problem. @internal */
export interface StorageEnergeticIntegrals {
  /** `∫Dz log H(u)`, `u = (κ − √q z)/√(1 − q)`. */
  logH: number;
  /** `∫Dz [G/H(u)]²`. */
  gh2: number;
}

/** Fill `out` with the storage energetic integrals at overlap `q ∈ [0, 1)` and margin `kappa`. @internal */
export function storageEnergeticIntegrals(q: number, kappa: number, step: number, out: StorageEnergeticIntegrals): void {
  if (!(q >= 0 && q < 1)) {
    out.logH = NaN;
    out.gh2 = NaN;
    return;
  }
  const sq = Math.sqrt(q);
  const sd = Math.sqrt(1 - q);
  const rule = q > 0 ? gaussianSinhRule(kappa / sq, sd / sq, step) : gaussianSinhRule(0, 1, step);
  let l = 0;
  let g2 = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    const u = (kappa - sq * rule.nodes[k]!) / sd;
    const w = rule.weights[k]!;
    const g = gaussianMillsRatio(u);
    l += w * logGaussianTail(u);
    g2 += w * g * g;
  }
  out.logH = l;
  out.gh2 = g2;
}

/** The teacher–student energetic term `G_E(Q₀, Q₁, M)` and its partial derivatives. @internal */
export interface TeacherEnergeticIntegrals {
  /** `G_E = 2∫Dt H(−M t/√(Q₁ − M²)) log H((κ − √Q₁ t)/√(Q₀ − Q₁))`. */
  value: number;
  /** `∂G_E/∂Q₀`. */
  dQ0: number;
  /** `∂G_E/∂Q₁`. */
  dQ1: number;
  /** `∂G_E/∂M`. */
  dM: number;
}

/**
 * Fill `out` with `G_E` and its derivatives (NaN outside `0 < Q₁ < Q₀`, `M² < Q₁`). With `a = √(Q₀ − Q₁)`,
 * `b = M/√(Q₁ − M²)`, `u = (κ − √Q₁ t)/a`, `p(t) = H(−b t)`:
 * `∂_{Q₀} = a⁻² ∫Dt p·(G/H)(u)·u`, `∂_M = 2 Q₁ (Q₁ − M²)^{−3/2} ∫Dt t G(bt) log H(u)`,
 * `∂_{Q₁} = ∫Dt [−M (Q₁ − M²)^{−3/2} t G(bt) log H(u) + p (G/H)(u) (t/(√Q₁ a) − u/a²)]`.
 * The rule is centred on the narrower of the two features (`u = 0` at `t = κ/√Q₁`, width `a/√Q₁`; the label
 * step at `t = 0`, width `1/b`).
 * @internal
 */
export function teacherEnergeticIntegrals(Q0: number, Q1: number, M: number, kappa: number, step: number, out: TeacherEnergeticIntegrals): void {
  const c2 = Q1 - M * M;
  if (!(Q1 > 0 && Q0 > Q1 && c2 > 0) || !Number.isFinite(Q0)) {
    out.value = out.dQ0 = out.dQ1 = out.dM = NaN;
    return;
  }
  const a = Math.sqrt(Q0 - Q1);
  const r = Math.sqrt(Q1);
  const c = Math.sqrt(c2);
  const b = M / c;
  const widthU = a / r;
  const widthP = Math.abs(b) > 0 ? 1 / Math.abs(b) : Infinity;
  const rule = widthU <= widthP ? gaussianSinhRule(kappa / r, widthU, step) : gaussianSinhRule(0, widthP, step);
  let v = 0;
  let dq0 = 0;
  let dm = 0;
  let dq1a = 0;
  let dq1b = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    const t = rule.nodes[k]!;
    const w = rule.weights[k]!;
    const u = (kappa - r * t) / a;
    const L = logGaussianTail(u);
    const gh = gaussianMillsRatio(u);
    const p = gaussianTail(-b * t);
    const tg = t * gaussianDensity(b * t);
    v += w * p * L;
    dq0 += w * p * gh * u;
    dm += w * tg * L;
    dq1a += w * tg * L;
    dq1b += w * p * gh * (t / (r * a) - u / (a * a));
  }
  const c3 = c2 * c;
  out.value = 2 * v;
  out.dQ0 = dq0 / (a * a);
  out.dM = (2 * Q1 * dm) / c3;
  out.dQ1 = (-M / c3) * dq1a + dq1b;
}

/** Entropic integrals of the ±1 prior with a field: `∫Dz f(√q̂ z + R̂)`. @internal */
export interface ShiftedEntropicIntegrals {
  /** `∫Dz log 2cosh(√q̂ z + R̂)`. */
  logTwoCosh: number;
  /** `∫Dz tanh(√q̂ z + R̂)`. */
  tanh: number;
  /** `∫Dz tanh²(√q̂ z + R̂)`. */
  tanh2: number;
}

/** Fill `out` with the entropic integrals of the teacher–student perceptron at `(q̂, R̂)`. @internal */
export function shiftedEntropicIntegrals(qHat: number, rHat: number, step: number, out: ShiftedEntropicIntegrals): void {
  if (!(qHat >= 0 && qHat < Infinity) || !Number.isFinite(rHat)) {
    out.logTwoCosh = out.tanh = out.tanh2 = NaN;
    return;
  }
  const a = Math.sqrt(qHat);
  if (a === 0) {
    const t = Math.tanh(rHat);
    out.logTwoCosh = logTwoCosh(rHat);
    out.tanh = t;
    out.tanh2 = t * t;
    return;
  }
  const rule = gaussianSinhRule(-rHat / a, Math.min(1, 1 / a), step);
  let l = 0;
  let t1 = 0;
  let t2 = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    const h = a * rule.nodes[k]! + rHat;
    const w = rule.weights[k]!;
    const t = Math.tanh(h);
    l += w * logTwoCosh(h);
    t1 += w * t;
    t2 += w * t * t;
  }
  out.logTwoCosh = l;
  out.tanh = t1;
  out.tanh2 = t2;
}
