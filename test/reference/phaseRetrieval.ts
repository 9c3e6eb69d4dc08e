/**
 * Independent, high-accuracy scalar implementation of the large-N theory of real phase retrieval
 * (THEORY §6.3: p = p* = 1 of the reference model), used only to check the library's general solver.
 * It imports nothing from `src/`.
 *
 * Hessian: (1/N) Σ_μ T(z_μ, y_μ) x_μ x_μᵀ, T(z, y) = 4(3z² − y)/(y + a), z ~ N(0,1), y = t², t ~ N(0,1).
 *
 * All resolvent integrands are written with the common denominator
 *     D(g) = (y + a)(1 − gT) = a + (1 + 4g) y − 12 g z²,      T/(1 − gT) = 4(3z² − y)/D,
 * which stays > 0 for g ∈ [g_sing, 0], g_sing = −1/4, and removes the cancellation in 1 − gT at g_sing
 * (where D = a + 3z² and T/(1 − gT) = 4(3z² − y)/(a + 3z²)).
 *
 * Monotonicity used below (proved pointwise): g²·E[T²/(1 − gT)²] = E[(x/(1 + x))²], x = |g|T, is strictly
 * increasing in |g| for every T, so λ'(g) = (α g² E[T²/(1−gT)²] − 1)/g² has at most one root in
 * (g_sing, 0), and the edge is sharp iff α > α_c = 16 / E[T²/(1 − g_sing T)²].
 */
import { expectation2D, type Expectation2DOptions } from './adaptiveQuadrature.js';

export type EdgeKind = 'sharp' | 'smooth';

export interface EdgeResult {
  lambda: number;
  g: number;
  kind: EdgeKind;
}

export interface OutlierResult {
  lambda: number;
  g: number;
  m2: number;
}

export interface BBPResult {
  alpha: number;
  g: number;
  transition: 'continuous' | 'discontinuous';
  /** λ_- = λ* at α_BBP. */
  lambda: number;
}

export interface ReferencePhaseRetrieval {
  readonly a: number;
  readonly gSing: number;
  sigma(alpha: number, g: number): number;
  lambdaOfG(alpha: number, g: number): number;
  /** λ'(g) = −1/g² + α E[T²/(1 − gT)²]. */
  dLambda(alpha: number, g: number): number;
  edge(alpha: number): EdgeResult;
  outlier(alpha: number): OutlierResult | null;
  alphaBBP(): BBPResult;
  alphaC(): number | null;
  /** k-th moment (k = 1, 2, 3) of the limiting spectral density, from the free cumulants α E[T^k]. */
  moment(alpha: number, k: number): number;
  /** E[T^n] (n ≥ 0). */
  tMoment(n: number): number;
  /** The α-free expectations the theory is built from (for cross-checks). */
  expectations: {
    /** E[T/(1 − gT)] */
    r1(g: number): number;
    /** E[T²/(1 − gT)²] */
    r2(g: number): number;
    /** E[(y − 1) T/(1 − gT)] */
    f(g: number): number;
    /** E[y T/(1 − gT)] */
    y1(g: number): number;
    /** E[y T²/(1 − gT)²] */
    y2(g: number): number;
  };
}

const EPS = Number.EPSILON;

/**
 * Brent's root finder (bisection / secant / inverse quadratic interpolation) on a bracket [a, b]
 * with f(a)·f(b) ≤ 0. Own implementation, tolerance near machine precision.
 */
export function brentRoot(
  f: (x: number) => number,
  a0: number,
  b0: number,
  fa0?: number,
  fb0?: number,
  xtol = 0,
  maxIter = 200,
): number {
  let a = a0;
  let b = b0;
  let fa = fa0 ?? f(a);
  let fb = fb0 ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new Error(`brentRoot: no sign change on [${a0}, ${b0}] (${fa}, ${fb})`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < maxIter; it++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * EPS * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

export interface ReferenceOptions extends Expectation2DOptions {
  /** Grid size of the scan for the first root of the sharp-regime BBP condition (default 48). */
  scanPoints?: number;
}

export function referencePhaseRetrieval(a: number, opts: ReferenceOptions = {}): ReferencePhaseRetrieval {
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`referencePhaseRetrieval: need a > 0, got ${a}`);
  const gSing = -0.25;
  const quadOpts: Expectation2DOptions = {};
  if (opts.outerRelTol !== undefined) quadOpts.outerRelTol = opts.outerRelTol;
  if (opts.innerRelTol !== undefined) quadOpts.innerRelTol = opts.innerRelTol;
  if (opts.maxIntervals !== undefined) quadOpts.maxIntervals = opts.maxIntervals;
  if (opts.inner !== undefined) quadOpts.inner = opts.inner;
  const scanPoints = opts.scanPoints ?? 48;

  const E = (f: (z2: number, y: number) => number): number => expectation2D(f, quadOpts).value;

  const checkG = (g: number): void => {
    if (!(g >= gSing && g <= 0)) throw new Error(`g = ${g} outside [g_sing, 0] = [${gSing}, 0]`);
  };

  const memo = (fn: (g: number) => number): ((g: number) => number) => {
    const cache = new Map<number, number>();
    return (g: number) => {
      checkG(g);
      const hit = cache.get(g);
      if (hit !== undefined) return hit;
      const v = fn(g);
      cache.set(g, v);
      return v;
    };
  };

  // D(g) = (y + a)(1 − gT) = a + (1 + 4g) y − 12 g z²
  const r1 = memo((g) => E((z2, y) => (4 * (3 * z2 - y)) / (a + (1 + 4 * g) * y - 12 * g * z2)));
  const r2 = memo((g) =>
    E((z2, y) => {
      const u = (4 * (3 * z2 - y)) / (a + (1 + 4 * g) * y - 12 * g * z2);
      return u * u;
    }),
  );
  const f = memo((g) => E((z2, y) => ((y - 1) * 4 * (3 * z2 - y)) / (a + (1 + 4 * g) * y - 12 * g * z2)));
  const y1 = memo((g) => E((z2, y) => (y * 4 * (3 * z2 - y)) / (a + (1 + 4 * g) * y - 12 * g * z2)));
  const y2 = memo((g) =>
    E((z2, y) => {
      const u = (4 * (3 * z2 - y)) / (a + (1 + 4 * g) * y - 12 * g * z2);
      return y * u * u;
    }),
  );
  // r(g) = g E[T²/(1−gT)²] − E[(y−1) T/(1−gT)]: zero where the edge and outlier conditions meet.
  // Built from the same memoised integrals as α_c and α_smooth, so the regime decision is consistent.
  const bbpCond = (g: number): number => g * r2(g) - f(g);
  const tMomentCache = new Map<number, number>();
  const tMoment = (n: number): number => {
    if (!Number.isInteger(n) || n < 0) throw new Error(`tMoment: n must be a non-negative integer, got ${n}`);
    if (n === 0) return 1;
    const hit = tMomentCache.get(n);
    if (hit !== undefined) return hit;
    const v = E((z2, y) => Math.pow((4 * (3 * z2 - y)) / (y + a), n));
    tMomentCache.set(n, v);
    return v;
  };

  const sigma = (alpha: number, g: number): number => alpha * r1(g);
  const lambdaOfG = (alpha: number, g: number): number => {
    if (g === 0) throw new Error('lambdaOfG: g = 0 corresponds to λ = −∞');
    return 1 / g + alpha * r1(g);
  };
  const dLambda = (alpha: number, g: number): number => -1 / (g * g) + alpha * r2(g);

  const alphaCValue = (): number => 1 / (gSing * gSing * r2(gSing));

  const edge = (alpha: number): EdgeResult => {
    if (!(alpha > 0)) throw new Error(`edge: need α > 0, got ${alpha}`);
    // S(g) = α g² E[T²/(1−gT)²] − 1 has the sign of λ'(g); increasing in |g|, S(0) = −1.
    const S = (g: number): number => alpha * g * g * r2(g) - 1;
    const sSing = S(gSing);
    if (sSing <= 0) return { lambda: lambdaOfG(alpha, gSing), g: gSing, kind: 'smooth' };
    const g = brentRoot(S, gSing, 0, sSing, -1);
    return { lambda: lambdaOfG(alpha, g), g, kind: 'sharp' };
  };

  const outlier = (alpha: number): OutlierResult | null => {
    const e = edge(alpha);
    // q(g) = 1 − α g E[(y−1)T/(1−gT)] = g·(1/g − α E[...]); q(0) = 1.
    const q = (g: number): number => 1 - alpha * g * f(g);
    const qEdge = q(e.g);
    if (!(qEdge < 0)) return null;
    const g = brentRoot(q, e.g, 0, qEdge, 1);
    const lambda = lambdaOfG(alpha, g);
    const lp = dLambda(alpha, g);
    const m2 = 1 / (1 - (alpha * y2(g)) / lp);
    return { lambda, g, m2 };
  };

  const alphaBBP = (): BBPResult => {
    const alphaC = alphaCValue();
    // Smooth regime: outlier condition at g_sing, 1/g_sing = α E[(y−1)T/(1−g_sing T)], is linear in α.
    const alphaSmooth = 1 / (gSing * f(gSing));
    if (alphaSmooth <= alphaC) {
      return {
        alpha: alphaSmooth,
        g: gSing,
        transition: 'discontinuous',
        lambda: lambdaOfG(alphaSmooth, gSing),
      };
    }
    // Sharp regime: α = 1/(g² r2) (edge) and α = 1/(g f) (outlier) ⇒ g r2(g) − f(g) = 0. α(g) = 1/(g² r2)
    // increases monotonically as g goes from g_sing to 0, so the first root from g_sing gives the smallest α.
    let gPrev = gSing;
    let vPrev = bbpCond(gSing);
    // α_smooth > α_c ⇔ r(g_sing) < 0 analytically; if rounding says otherwise we sit at the tricritical
    // point α_smooth = α_c, where the BBP point is g_sing itself.
    if (vPrev >= 0) return { alpha: alphaC, g: gSing, transition: 'continuous', lambda: lambdaOfG(alphaC, gSing) };
    for (let i = 1; i <= scanPoints; i++) {
      const g = gSing * (1 - i / scanPoints); // from g_sing up to 0
      const v = bbpCond(g);
      if (vPrev === 0 || v * vPrev < 0 || v === 0) {
        const gr = vPrev === 0 ? gPrev : brentRoot(bbpCond, gPrev, g, vPrev, v);
        if (gr === 0) break;
        const alpha = 1 / (gr * gr * r2(gr));
        return { alpha, g: gr, transition: 'continuous', lambda: lambdaOfG(alpha, gr) };
      }
      gPrev = g;
      vPrev = v;
    }
    throw new Error(`alphaBBP: no BBP transition found for a = ${a}`);
  };

  const moment = (alpha: number, k: number): number => {
    const k1 = alpha * tMoment(1);
    if (k === 1) return k1;
    const k2 = alpha * tMoment(2);
    if (k === 2) return k2 + k1 * k1;
    const k3 = alpha * tMoment(3);
    if (k === 3) return k3 + 3 * k2 * k1 + k1 * k1 * k1;
    throw new Error(`moment: k must be 1, 2 or 3, got ${k}`);
  };

  return {
    a,
    gSing,
    sigma,
    lambdaOfG,
    dLambda,
    edge,
    outlier,
    alphaBBP,
    alphaC: alphaCValue,
    moment,
    tMoment,
    expectations: { r1, r2, f, y1, y2 },
  };
}
