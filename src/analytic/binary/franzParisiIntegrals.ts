/**
 * The nested Gaussian integrals of the Franz–Parisi free entropy of the binary perceptron (THEORY §9), with
 * their saddle-point moments, on rules that stay accurate when `1 − q` is small (`d → 0`). Plain numbers,
 * preallocated buffers; results are written into caller-owned records.
 *
 * Entropic term, `g̃ = √q̂̃ z̃`, `X = a z̃ + Ŝ − t̂ + b z`, `a = t̂/√q̂̃`, `b² = q̂ − t̂²/q̂̃`:
 *
 *     I = ∫Dz̃ (1 + tanh g̃) ∫Dz log 2cosh X,   S = E[(1 + tanh g̃) tanh X],
 *     q = E[(1 + tanh g̃) tanh² X],   t = E[(1 + tanh g̃) tanh g̃ tanh X].
 *
 * The inner `z` integrals are split into a closed-form part (`|X|`, `sign X`) and a part localized at
 * `|X| ≲ 20` (`log(1 + e^{−2|X|})`, `1 − tanh|X|`, `sech² X`), integrated in `X` with Gauss–Legendre panels:
 * exact for any `b`, however large (`q̂ → ∞` as `d → 0`). `1 − S`, `1 − q` and `I − (Ŝ − t̂) − a E[(1 + tanh g̃) z̃]`
 * are accumulated directly, so nothing cancels as `d → 0`.
 *
 * Energetic term: the reference stability `ũ = √q̃ z₀ + √(1 − q̃) x₁ ≥ κ̃` and the constrained field
 * `h = (t/√q̃) z₀ + A x₁ + B z₁`. Given `z₀`, `h` has the skew-normal density
 * `N(h; m₀, σ²) H((u₀σ² − A(h − m₀))/(σB)) / H(u₀)`, `m₀ = t z₀/√q̃`, `σ² = A² + B² = q − t²/q̃`, so
 * `G_E^FP = E_{z₀} ∫ dh p(h|z₀) log H((κ − h)/√(1 − q))` is a 2D integral: `z₀` on an equispaced (trapezoidal)
 * Gaussian rule, `h` on Gauss–Legendre panels graded geometrically toward the two narrow features, the margin
 * `h = κ` (width `√(1 − q)`) and the edge of the reference's truncation (width `σB/|A|`, a jump when `B = 0`).
 * The saddle-point moments follow from Gaussian integration by parts (covariance derivatives):
 *
 *     q̂ = α/(1 − q) E[(G/H)²(X_h)],   t̂ = α/(√(1 − q̃)√(1 − q)) E_{z₀}[G/H(u₀) ⟨G/H(X_h)⟩_{z₀}],
 *     X_h = (κ − h)/√(1 − q),   u₀ = (κ̃ − √q̃ z₀)/√(1 − q̃).
 *
 * @module
 * @internal
 */
import { gaussLegendre, type QuadratureRule } from '../../numeric/quadrature/gauss.js';
import { gaussianTrapezoidRule } from '../../numeric/quadrature/gaussianRule.js';
import { gaussianMillsRatio, gaussianTail, logGaussianTail } from '../../numeric/special/gaussianTail.js';

const LOG_SQRT_2PI = 0.91893853320467274178;
/** Beyond |X| = 20 the localized parts (`≈ e^{−2|X|}`) are below 1e-17. */
const LOCAL_RANGE = 20;
/** Breakpoint capacity of one panel layout. */
const MAX_BREAKS = 4096;
/** Half-width of the z̃ range (the normal density is below 1e-19 beyond it). */
const OUTER_RANGE = 9.5;

/**
 * Quadrature settings of the Franz–Parisi integrals; {@link refinedFranzParisiQuadrature} doubles them.
 * @internal
 */
export interface FranzParisiQuadrature {
  /**
   * Base step of the equispaced Gaussian rules (default 0.1): `z̃` uses it (or less, inside the integrand's
   * analytic strip), `z₀` twice it, the inner `z` of the entropic moments 2.5 times it.
   */
  readonly step: number;
  /** Gauss–Legendre nodes per panel (default 8). */
  readonly panelNodes: number;
  /** Ratio of successive panel widths away from a feature (default 2). */
  readonly grading: number;
  /** Largest panel, in units of the local Gaussian scale (default 2). */
  readonly panelWidth: number;
}

/** Default quadrature. @internal */
export const DEFAULT_FP_QUADRATURE: FranzParisiQuadrature = { step: 0.1, panelNodes: 8, grading: 2, panelWidth: 2 };

/** Every rule doubled: half the steps, twice the nodes per panel, panels graded by √ratio, half as wide. @internal */
export function refinedFranzParisiQuadrature(q: FranzParisiQuadrature): FranzParisiQuadrature {
  return { step: q.step / 2, panelNodes: 2 * q.panelNodes, grading: Math.sqrt(q.grading), panelWidth: q.panelWidth / 2 };
}

/** Entropic integrals at `(q̂, t̂, Ŝ)`. @internal */
export interface FpEntropic {
  /** `I − (Ŝ − t̂)·norm − a·lin`, the part of the entropic integral that stays small as `d → 0`. */
  rest: number;
  /** `E[(1 + tanh g̃) z̃]` (`= √q̂̃(1 − q̃)` for a consistent reference). */
  lin: number;
  /** `E[(1 + tanh g̃)]`, 1 up to rounding. */
  norm: number;
  /** `1 − S(Ŝ)`. */
  oneMinusS: number;
  /** `1 − q`. */
  oneMinusQ: number;
  /** `t`. */
  t: number;
}

/** Energetic integrals at `(q, t)`. @internal */
export interface FpEnergetic {
  /** `G_E^FP`. */
  logH: number;
  /** `E[(G/H)²(X_h)]`. */
  gh2: number;
  /** `E_{z₀}[G/H(u₀) ⟨G/H(X_h)⟩]`. */
  cross: number;
  /** `E_{z₀}[G/H(u₀) E[G/H(X_h) | ũ = κ̃]]`, the edge term of `∂G_E/∂S = edge/(√(1 − q̃)√(1 − q))`. */
  edge: number;
  /** Largest deviation from 1 of the quadrature's normalization of `p(h|z₀)` over the `z₀` nodes. */
  normalizationError: number;
}

/** Reference (the typical solution at margin `κ̃`) and problem parameters of the Franz–Parisi integrals. @internal */
export interface FpParameters {
  /** Overlap `q̃` of two references. */
  readonly qRef: number;
  /** Its conjugate `q̂̃`. */
  readonly qHatRef: number;
  /** Reference margin `κ̃`. */
  readonly kappaRef: number;
  /** Margin `κ` of the constrained solutions. */
  readonly kappa: number;
  /** Overlap `S = 1 − 2d` with the reference. */
  readonly s: number;
}

/**
 * Gauss–Legendre panels on `[lo, hi]` with breakpoints graded geometrically toward up to two features, each
 * given by a position and a width; gaps wider than `maxWidth` are split evenly. Buffers are reused.
 */
class PanelRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  private readonly breaks = new Float64Array(MAX_BREAKS);
  private count = 0;
  private readonly gl: QuadratureRule;

  constructor(
    panelNodes: number,
    private readonly ratio: number,
  ) {
    this.gl = gaussLegendre(panelNodes);
    this.nodes = new Float64Array(MAX_BREAKS * panelNodes);
    this.weights = new Float64Array(MAX_BREAKS * panelNodes);
  }

  private push(x: number): void {
    if (this.count < MAX_BREAKS) this.breaks[this.count++] = x;
  }

  /** Breakpoints `from ± width·ratio^k` inside `[lo, hi]` (direction `dir`). */
  private grade(from: number, width: number, dir: number, lo: number, hi: number): void {
    const span = hi - lo;
    for (let w = width; w < span; w *= this.ratio) {
      const x = from + dir * w;
      if (x <= lo || x >= hi) break;
      this.push(x);
    }
  }

  /** Grade toward a feature at `pos` of width `width` (outside `[lo, hi]`: grade from the nearer end). */
  private feature(pos: number, width: number, lo: number, hi: number): void {
    if (!Number.isFinite(pos) || !(width > 0)) return;
    const span = hi - lo;
    const w = Math.max(width, 1e-15 * span);
    if (pos > lo && pos < hi) {
      this.push(pos);
      this.grade(pos, w, 1, lo, hi);
      this.grade(pos, w, -1, lo, hi);
    } else {
      // A Gaussian-like tail at distance δ from the feature varies on the scale width²/δ.
      const delta = pos <= lo ? lo - pos : pos - hi;
      const first = Math.max(w * Math.min(1, w / Math.max(delta, w)), 1e-15 * span);
      if (pos <= lo) this.grade(lo, first, 1, lo, hi);
      else this.grade(hi, first, -1, lo, hi);
    }
  }

  /** Lay out the panels; returns the number of nodes. */
  build(lo: number, hi: number, maxWidth: number, pos1: number, width1: number, pos2: number, width2: number): number {
    this.count = 0;
    this.push(lo);
    this.push(hi);
    this.feature(pos1, width1, lo, hi);
    this.feature(pos2, width2, lo, hi);
    const b = this.breaks.subarray(0, this.count).sort();
    const gn = this.gl.nodes;
    const gw = this.gl.weights;
    const m = gn.length;
    let k = 0;
    for (let i = 0; i + 1 < b.length; i++) {
      const a0 = b[i]!;
      const a1 = b[i + 1]!;
      if (!(a1 > a0)) continue;
      const pieces = Math.min(256, Math.max(1, Math.ceil((a1 - a0) / maxWidth)));
      const len = (a1 - a0) / pieces;
      for (let p = 0; p < pieces; p++) {
        const c = a0 + (p + 0.5) * len;
        const h = 0.5 * len;
        if (k + m > this.nodes.length) throw new Error(`PanelRule: more than ${this.nodes.length} nodes on [${lo}, ${hi}]`);
        for (let j = 0; j < m; j++) {
          this.nodes[k] = c + h * gn[j]!;
          this.weights[k] = h * gw[j]!;
          k++;
        }
      }
    }
    return k;
  }
}

/**
 * Evaluator of the Franz–Parisi integrals for one quadrature setting: rules and buffers are built once and
 * reused by every call. @internal
 */
export class FranzParisiIntegrator {
  private readonly outer: QuadratureRule;
  private readonly panels: PanelRule;
  private readonly local: PanelRule;
  private readonly innerRule: QuadratureRule;
  private readonly localWidth: number;
  private readonly inner = { e0: 0, e1: 0, e2: 0 };

  constructor(readonly quadrature: FranzParisiQuadrature = DEFAULT_FP_QUADRATURE) {
    this.outer = gaussianTrapezoidRule(2 * quadrature.step);
    this.panels = new PanelRule(quadrature.panelNodes, quadrature.grading);
    this.local = new PanelRule(quadrature.panelNodes, quadrature.grading);
    this.innerRule = gaussianTrapezoidRule(2.5 * quadrature.step);
    this.localWidth = 20 * quadrature.step;
  }

  /**
   * `X ~ N(μ, b²)`: `e0 = E log 2cosh X − μ`, `e1 = 1 − E tanh X`, `e2 = E sech² X`, into `this.inner`.
   * For `b ≤ 1` the trapezoidal rule in `z` (the integrands are analytic in the strip `|Im X| < π/2`, i.e.
   * `|Im z| < π/(2b)`: error `≈ e^{−2π²/(2b·h)}`); for `b > 1` the closed forms of `E|X|`, `E sign X` plus the
   * parts localized at `|X| ≲ 20` on Gauss–Legendre panels in `X` split at the kink `X = 0`.
   */
  private innerMoments(mu: number, b: number): void {
    const out = this.inner;
    if (b <= 1) {
      const z = this.innerRule.nodes;
      const wz = this.innerRule.weights;
      let l0 = 0;
      let l1 = 0;
      let l2 = 0;
      for (let k = 0; k < z.length; k++) {
        const x = mu + b * z[k]!;
        const e = Math.exp(-2 * Math.abs(x));
        const w = wz[k]!;
        const c1 = (2 * e) / (1 + e); // 1 − tanh|x|
        l0 += w * (Math.max(-2 * x, 0) + Math.log1p(e)); // log 2cosh x − x
        l1 += w * (x >= 0 ? c1 : 2 - c1); // 1 − tanh x
        l2 += w * ((4 * e) / ((1 + e) * (1 + e)));
      }
      out.e0 = l0;
      out.e1 = l1;
      out.e2 = l2;
      return;
    }
    const r = mu / b;
    // E[(−X)₊] = b G(r) − μ H(r), written without cancellation for r > 0.
    const hr = gaussianTail(r);
    const negPart = r > 0 ? b * hr * (gaussianMillsRatio(r) - r) : b * Math.exp(-0.5 * r * r - LOG_SQRT_2PI) - mu * hr;
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    const lo = Math.max(mu - 10 * b, -LOCAL_RANGE);
    const hi = Math.min(mu + 10 * b, LOCAL_RANGE);
    if (hi > lo) {
      const rule = this.local;
      const n = rule.build(lo, hi, this.localWidth, 0, this.localWidth, NaN, 0);
      const inv = 1 / b;
      for (let k = 0; k < n; k++) {
        const x = rule.nodes[k]!;
        const y = (x - mu) * inv;
        const w = rule.weights[k]! * inv * Math.exp(-0.5 * y * y - LOG_SQRT_2PI);
        const e = Math.exp(-2 * Math.abs(x));
        const c1 = (2 * e) / (1 + e);
        l0 += w * Math.log1p(e);
        l1 += w * (x >= 0 ? c1 : -c1);
        l2 += w * ((4 * e) / ((1 + e) * (1 + e)));
      }
    }
    out.e0 = 2 * negPart + l0;
    out.e1 = 2 * hr + l1;
    out.e2 = l2;
  }

  /** Fill `out` with the entropic integrals at `(q̂, t̂, Ŝ)` for the reference conjugate `qHatRef`. */
  entropic(qHatRef: number, qHat: number, tHat: number, sHat: number, out: FpEntropic): void {
    const sr = Math.sqrt(qHatRef);
    const a = sr > 0 ? tHat / sr : 0;
    const b = Math.sqrt(Math.max(0, qHat - a * a));
    const shift = sHat - tHat;
    // Trapezoidal rule in z̃ with a step inside the analytic strips of tanh(√q̂̃ z̃) (π/(2√q̂̃)) and of the
    // inner moments as functions of μ = a z̃ + Ŝ − t̂ (π/2 in μ, wider, ∝ b, after smoothing by a broad b).
    const h = Math.min(this.quadrature.step, 0.3 / Math.max(sr, 1e-300), (0.3 * Math.max(b, 1)) / Math.max(Math.abs(a), 1e-300));
    const K = Math.ceil(OUTER_RANGE / h);
    let rest = 0;
    let lin = 0;
    let norm = 0;
    let mass = 0;
    let oneMinusS = 0;
    let oneMinusQ = 0;
    let t = 0;
    for (let k = -K; k <= K; k++) {
      const zk = k * h;
      const g = Math.exp(-0.5 * zk * zk);
      mass += g;
      const th = Math.tanh(sr * zk);
      const w = g * (1 + th);
      if (w === 0) continue;
      this.innerMoments(a * zk + shift, b);
      const m = this.inner;
      rest += w * m.e0;
      lin += w * zk;
      norm += w;
      oneMinusS += w * m.e1;
      oneMinusQ += w * m.e2;
      t += w * th * (1 - m.e1);
    }
    const inv = 1 / mass;
    out.rest = rest * inv;
    out.lin = lin * inv;
    out.norm = norm * inv;
    out.oneMinusS = oneMinusS * inv;
    out.oneMinusQ = oneMinusQ * inv;
    out.t = t * inv;
  }

  /** `E[G/H((κ − h)/√(1 − q))]` for `h ~ N(mean, B²)` (the field at the reference's edge `ũ = κ̃`). */
  private edgeMoment(mean: number, B: number, kappa: number, sc: number): number {
    if (!(B > 1e-13 * sc)) return gaussianMillsRatio((kappa - mean) / sc);
    const rule = this.local;
    const n = rule.build(mean - 9 * B, mean + 9 * B, this.quadrature.panelWidth * B, kappa, sc, NaN, 0);
    const inv = 1 / B;
    let ge = 0;
    let zsum = 0;
    for (let j = 0; j < n; j++) {
      const h = rule.nodes[j]!;
      const y = (h - mean) * inv;
      const w = rule.weights[j]! * Math.exp(-0.5 * y * y);
      zsum += w;
      ge += w * gaussianMillsRatio((kappa - h) / sc);
    }
    return ge / zsum;
  }

  /** Fill `out` with the energetic integrals at overlap `1 − q = oneMinusQ` and `t`. */
  energetic(p: FpParameters, oneMinusQ: number, t: number, out: FpEnergetic): void {
    const { qRef, kappaRef, kappa, s } = p;
    const sqr = Math.sqrt(qRef);
    const s1qr = Math.sqrt(1 - qRef);
    const q = 1 - oneMinusQ;
    const sc = Math.sqrt(oneMinusQ);
    const A = (s - t) / s1qr;
    const sigma2 = Math.max(0, q - (t * t) / qRef);
    const B = Math.sqrt(Math.max(0, sigma2 - A * A));
    const sigma = Math.sqrt(sigma2);
    const z = this.outer.nodes;
    const wz = this.outer.weights;
    const rule = this.panels;
    let logH = 0;
    let gh2 = 0;
    let cross = 0;
    let edge = 0;
    let normErr = 0;
    for (let k = 0; k < z.length; k++) {
      const z0 = z[k]!;
      const u0 = (kappaRef - sqr * z0) / s1qr;
      const logHu0 = logGaussianTail(u0);
      const ghu0 = gaussianMillsRatio(u0);
      const m0 = (t * z0) / sqr;
      let l = 0;
      let g1 = 0;
      let g2 = 0;
      let ge = 0;
      if (!(sigma > 1e-13)) {
        const x = (kappa - m0) / sc;
        const g = gaussianMillsRatio(x);
        l = logGaussianTail(x);
        g1 = g;
        g2 = g * g;
        ge = g;
      } else {
        ge = this.edgeMoment(m0 + A * u0, B, kappa, sc);
        const xHi = u0 > 0 ? u0 + Math.min(9, 45 / u0) : 9;
        const hA = m0 + A * u0;
        const hB = m0 + A * xHi;
        const lo = Math.min(hA, hB) - 9 * B;
        const hi = Math.max(hA, hB) + 9 * B;
        const hEdge = A !== 0 ? m0 + (u0 * sigma2) / A : NaN;
        const edgeWidth = A !== 0 ? (sigma * B) / Math.abs(A) : 0;
        const n = rule.build(lo, hi, this.quadrature.panelWidth * sigma, kappa, sc, hEdge, edgeWidth);
        const invSigma = 1 / sigma;
        const invSB = 1 / (sigma * B);
        const logNorm = -Math.log(sigma) - LOG_SQRT_2PI - logHu0;
        let zsum = 0;
        for (let j = 0; j < n; j++) {
          const h = rule.nodes[j]!;
          const y = (h - m0) * invSigma;
          let arg = (u0 * sigma2 - A * (h - m0)) * invSB;
          if (!Number.isFinite(arg)) arg = Number.isNaN(arg) ? 0 : arg > 0 ? 1e100 : -1e100;
          const w = rule.weights[j]! * Math.exp(-0.5 * y * y + logNorm + logGaussianTail(arg));
          if (w === 0) continue;
          const x = (kappa - h) / sc;
          const g = gaussianMillsRatio(x);
          zsum += w;
          l += w * logGaussianTail(x);
          g1 += w * g;
          g2 += w * g * g;
        }
        if (zsum > 0) {
          l /= zsum;
          g1 /= zsum;
          g2 /= zsum;
        }
        const e = Math.abs(zsum - 1);
        if (!(e <= normErr)) normErr = e;
      }
      const w0 = wz[k]!;
      logH += w0 * l;
      gh2 += w0 * g2;
      cross += w0 * ghu0 * g1;
      edge += w0 * ghu0 * ge;
    }
    out.logH = logH;
    out.gh2 = gh2;
    out.cross = cross;
    out.edge = edge;
    out.normalizationError = normErr;
  }
}
