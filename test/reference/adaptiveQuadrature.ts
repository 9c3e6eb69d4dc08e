/**
 * Independent adaptive quadrature used by the reference (test-only) implementation of the
 * large-N theory. Nothing here is shared with `src/`: it is a from-scratch global adaptive
 * Gauss–Kronrod (G10–K21) integrator in the spirit of QUADPACK's QAG, plus a map for
 * half-lines and a nested 2D Gaussian expectation.
 *
 * Error control: the interval with the largest error estimate is bisected until the summed
 * error estimate is below max(absTol, relTol·|I|), or until it is at the roundoff level of the
 * integrand (≈ 10 ε ∫|f|), or the interval budget is exhausted (then `converged = false`).
 */

/** Kronrod 21-point abscissae on [-1, 1] (non-negative half; index 10 is the centre). */
const XGK: readonly number[] = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
  0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
  0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
  0.294392862701460198131126603103866, 0.14887433898163121088482600112972, 0,
];

/** Kronrod 21-point weights, matching XGK. */
const WGK: readonly number[] = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939,
  0.05475589657435199603138130024458, 0.07503967481091995276704314091619,
  0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.123491976262065851077208745947502, 0.134709217311473325928054001771707,
  0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
  0.149445554002916905664936468389821,
];

/** Gauss 10-point weights for the abscissae XGK[1], XGK[3], ..., XGK[9]. */
const WG: readonly number[] = [
  0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
  0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
  0.295524224714752870173892994651338,
];

/** Exposed for self-tests of the rule (polynomial exactness). */
export const gaussKronrod21 = { xgk: XGK, wgk: WGK, wg: WG } as const;

const EPS = Number.EPSILON;

export interface QuadOptions {
  /** Relative tolerance on the integral (default 1e-14). */
  relTol?: number;
  /** Absolute tolerance (default 0). */
  absTol?: number;
  /** Maximum number of subintervals (default 2000). */
  maxIntervals?: number;
}

export interface QuadResult {
  value: number;
  /** Summed error estimate. */
  error: number;
  /** Estimate of ∫|f| (sets the roundoff floor). */
  absIntegral: number;
  intervals: number;
  evaluations: number;
  converged: boolean;
}

interface Segment {
  a: number;
  b: number;
  value: number;
  error: number;
  resabs: number;
}

function kronrod21(f: (x: number) => number, a: number, b: number): Segment {
  const centr = 0.5 * (a + b);
  const hlgth = 0.5 * (b - a);
  const fc = f(centr);
  let resk = fc * (WGK[10] as number);
  let resabs = Math.abs(resk);
  let resg = 0;
  const fv1 = new Array<number>(10);
  const fv2 = new Array<number>(10);
  for (let j = 0; j < 10; j++) {
    const dx = hlgth * (XGK[j] as number);
    const f1 = f(centr - dx);
    const f2 = f(centr + dx);
    fv1[j] = f1;
    fv2[j] = f2;
    const w = WGK[j] as number;
    resk += w * (f1 + f2);
    resabs += w * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) resg += (WG[(j - 1) / 2] as number) * (f1 + f2);
  }
  const reskh = 0.5 * resk;
  let resasc = (WGK[10] as number) * Math.abs(fc - reskh);
  for (let j = 0; j < 10; j++) {
    resasc += (WGK[j] as number) * (Math.abs((fv1[j] as number) - reskh) + Math.abs((fv2[j] as number) - reskh));
  }
  const value = resk * hlgth;
  resabs *= Math.abs(hlgth);
  resasc *= Math.abs(hlgth);
  let error = Math.abs((resk - resg) * hlgth);
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, Math.pow((200 * error) / resasc, 1.5));
  // Roundoff floor: a 21-term weighted sum cannot be trusted below a few ulps of ∫|f|.
  error = Math.max(error, 5 * EPS * resabs);
  if (!Number.isFinite(value) || !Number.isFinite(error)) {
    throw new Error(`adaptiveQuadrature: non-finite integrand on [${a}, ${b}]`);
  }
  return { a, b, value, error, resabs };
}

/** Global adaptive G10–K21 integration of f over the finite interval [a, b]. */
export function integrate(f: (x: number) => number, a: number, b: number, opts: QuadOptions = {}): QuadResult {
  const relTol = opts.relTol ?? 1e-14;
  const absTol = opts.absTol ?? 0;
  const maxIntervals = opts.maxIntervals ?? 2000;
  if (a === b) return { value: 0, error: 0, absIntegral: 0, intervals: 0, evaluations: 0, converged: true };
  const segs: Segment[] = [kronrod21(f, a, b)];
  let evaluations = 21;
  for (;;) {
    let value = 0;
    let error = 0;
    let absInt = 0;
    let worst = 0;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i] as Segment;
      value += s.value;
      error += s.error;
      absInt += s.resabs;
      if (s.error > (segs[worst] as Segment).error) worst = i;
    }
    const tol = Math.max(absTol, relTol * Math.abs(value));
    const roundoffLimited = error <= 10 * EPS * absInt;
    if (error <= tol || roundoffLimited || segs.length >= maxIntervals) {
      return {
        value,
        error,
        absIntegral: absInt,
        intervals: segs.length,
        evaluations,
        converged: error <= tol || roundoffLimited,
      };
    }
    const s = segs[worst] as Segment;
    const mid = 0.5 * (s.a + s.b);
    if (!(mid > Math.min(s.a, s.b) && mid < Math.max(s.a, s.b))) {
      // Interval cannot be split further in floating point: accept what we have.
      return { value, error, absIntegral: absInt, intervals: segs.length, evaluations, converged: false };
    }
    segs[worst] = kronrod21(f, s.a, mid);
    segs.push(kronrod21(f, mid, s.b));
    evaluations += 42;
  }
}

/**
 * ∫_a^∞ f(x) dx through x = a + s/(1 − s), s ∈ [0, 1), dx = ds/(1 − s)². The Kronrod nodes never
 * touch s = 1. f must decay (e.g. a Gaussian factor): where f underflows to 0 the mapped integrand is 0.
 */
export function integrateHalfLine(f: (x: number) => number, a: number, opts: QuadOptions = {}): QuadResult {
  const g = (s: number): number => {
    const om = 1 - s;
    const x = a + s / om;
    const v = f(x);
    return v === 0 ? 0 : v / (om * om);
  };
  return integrate(g, 0, 1, opts);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export interface Expectation2DOptions {
  /** Relative tolerance of the outer integral (default 1e-14). */
  outerRelTol?: number;
  /** Relative tolerance of each inner integral (default 1e-15, i.e. roundoff-limited). */
  innerRelTol?: number;
  maxIntervals?: number;
  /**
   * Which variable is integrated innermost (default 'z'). Swapping the order gives a numerically
   * different path to the same value, used as a self-check.
   */
  inner?: 'z' | 't';
}

/**
 * E[f(z², y)] with z, t independent standard Gaussians and y = t² (so y ~ χ²_1): the χ²_1 density
 * y^{-1/2} e^{-y/2}/√(2π) is removed by the substitution y = t². Both variables enter only through
 * their squares, so E = 4 ∫_0^∞ φ(t) ∫_0^∞ φ(z) f(z², t²) dz dt, done as nested adaptive integrals
 * (z innermost by default). Each factor that is nearly singular for small a, 1/(y + a) near t = 0 and
 * 1/(a + 3z²) near z = 0, is resolved by the adaptive bisection of the corresponding 1D integral.
 */
export function expectation2D(
  f: (z2: number, y: number) => number,
  opts: Expectation2DOptions = {},
): { value: number; error: number; absIntegral: number; evaluations: number } {
  const inner: QuadOptions = { relTol: opts.innerRelTol ?? 1e-15, maxIntervals: opts.maxIntervals ?? 2000 };
  const outer: QuadOptions = { relTol: opts.outerRelTol ?? 1e-14, maxIntervals: opts.maxIntervals ?? 2000 };
  let evaluations = 0;
  let innerErr = 0;
  const zInner = (opts.inner ?? 'z') === 'z';
  const innerIntegral = (u: number): number => {
    const wu = Math.exp(-0.5 * u * u);
    if (wu === 0) return 0;
    const u2 = u * u;
    const r = integrateHalfLine(
      (v) => {
        const wv = Math.exp(-0.5 * v * v);
        if (wv === 0) return 0;
        return wv * (zInner ? f(v * v, u2) : f(u2, v * v));
      },
      0,
      inner,
    );
    evaluations += r.evaluations;
    innerErr = Math.max(innerErr, r.error / Math.max(r.absIntegral, Number.MIN_VALUE));
    return wu * r.value;
  };
  const r = integrateHalfLine(innerIntegral, 0, outer);
  const c = 4 * INV_SQRT_2PI * INV_SQRT_2PI;
  // Combined estimate: outer estimate plus the worst inner relative error applied to ∫|f|.
  const absIntegral = c * r.absIntegral;
  return { value: c * r.value, error: c * r.error + innerErr * absIntegral, absIntegral, evaluations };
}

/** E[f(z²)] for one standard Gaussian z (1D, adaptive, even integrand). */
export function expectation1D(f: (z2: number) => number, opts: QuadOptions = {}): QuadResult {
  const r = integrateHalfLine(
    (z) => {
      const w = Math.exp(-0.5 * z * z);
      return w === 0 ? 0 : w * f(z * z);
    },
    0,
    { relTol: 1e-15, ...opts },
  );
  const c = 2 * INV_SQRT_2PI;
  return { ...r, value: c * r.value, error: c * r.error, absIntegral: c * r.absIntegral };
}
