/**
 * Gaussian expectations of polynomials by Wick's (Isserlis') theorem, exactly and symbolically.
 *
 * A polynomial in `d` centred jointly Gaussian variables `u₀ … u_{d−1}` is a map from exponent vectors to
 * coefficients ({@link GaussPoly}). Its expectation is a polynomial in the covariance entries `C_ab`
 * (`a ≤ b`, packed upper triangle, {@link CovPoly}): `E[u_a·m] = Σ_b C_ab E[∂m/∂u_b]`, applied recursively
 * (with memoization) — the sum over perfect pairings, collected. {@link covPolyExpr} turns the result into a
 * DSL expression; {@link compileCovPolys} into flat typed arrays evaluated without allocation.
 *
 * @module
 */
import { add, mul, sym, type Expr } from '../../dsl/expr.js';

/** A term of a {@link GaussPoly}: coefficient times `Π u_a^{e_a}`. */
export interface GaussTerm {
  readonly e: readonly number[];
  readonly c: number;
}

/** A polynomial in `d` Gaussian variables, keyed by the exponent vector. */
export type GaussPoly = ReadonlyMap<string, GaussTerm>;

/** A term of a {@link CovPoly}: coefficient times the product of the packed covariance entries `f`. */
export interface CovTerm {
  readonly f: readonly number[];
  readonly c: number;
}

/** A polynomial in the covariance entries, keyed by the sorted factor list. */
export type CovPoly = ReadonlyMap<string, CovTerm>;

/** Index of `C_ab` (`a ≤ b` or not) in the packed upper triangle of a d×d symmetric matrix. */
export function pairIndex(d: number, a: number, b: number): number {
  const [i, j] = a <= b ? [a, b] : [b, a];
  return i * d - (i * (i - 1)) / 2 + (j - i);
}

function addTerm<T extends { c: number }>(map: Map<string, T>, key: string, make: () => T, c: number): void {
  const t = map.get(key);
  if (t === undefined) map.set(key, { ...make(), c });
  else (t as { c: number }).c += c;
}

/** `Σ_k coefficients[k]·u_a^k` (a polynomial activation of the variable `a`). */
export function gaussUnivariate(d: number, a: number, coefficients: readonly number[]): GaussPoly {
  const out = new Map<string, GaussTerm>();
  coefficients.forEach((c, k) => {
    if (c === 0) return;
    const e = new Array<number>(d).fill(0);
    e[a] = k;
    out.set(e.join(','), { e, c });
  });
  return out;
}

/** `Σ_k w_k·P_k`. */
export function gaussLinear(parts: readonly (readonly [number, GaussPoly])[]): GaussPoly {
  const out = new Map<string, GaussTerm>();
  for (const [w, poly] of parts) for (const [key, t] of poly) addTerm(out, key, () => ({ e: t.e, c: 0 }), w * t.c);
  for (const [key, t] of out) if (t.c === 0) out.delete(key);
  return out;
}

/** The product of polynomials. */
export function gaussProduct(...polys: readonly GaussPoly[]): GaussPoly {
  let acc: GaussPoly = polys[0]!;
  for (const next of polys.slice(1)) {
    const out = new Map<string, GaussTerm>();
    for (const x of acc.values()) {
      for (const y of next.values()) {
        const e = x.e.map((v, k) => v + y.e[k]!);
        addTerm(out, e.join(','), () => ({ e, c: 0 }), x.c * y.c);
      }
    }
    acc = out;
  }
  return acc;
}

/**
 * `E[Π u_a^{e_a}]` for `u ~ N(0, C)` as a polynomial in the packed entries of `C`, memoized in `memo`.
 */
export function wickMoment(e: readonly number[], memo: Map<string, CovPoly> = new Map()): CovPoly {
  const key = e.join(',');
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const d = e.length;
  const a = e.findIndex((v) => v > 0);
  const out = new Map<string, CovTerm>();
  if (a < 0) {
    out.set('', { f: [], c: 1 });
  } else {
    const rest = e.slice();
    rest[a]! -= 1;
    for (let b = 0; b < d; b++) {
      const m = rest[b]!;
      if (m === 0) continue;
      const sub = rest.slice();
      sub[b]! -= 1;
      const pair = pairIndex(d, a, b);
      for (const t of wickMoment(sub, memo).values()) {
        const f = [...t.f, pair].sort((x, y) => x - y);
        addTerm(out, f.join(','), () => ({ f, c: 0 }), m * t.c);
      }
    }
  }
  memo.set(key, out);
  return out;
}

/** `E[P(u)]` for `u ~ N(0, C)`, exactly, as a polynomial in the packed covariance entries. */
export function gaussianExpectation(poly: GaussPoly, memo: Map<string, CovPoly> = new Map()): CovPoly {
  const out = new Map<string, CovTerm>();
  for (const t of poly.values()) {
    for (const m of wickMoment(t.e, memo).values()) addTerm(out, m.f.join(','), () => ({ f: m.f, c: 0 }), t.c * m.c);
  }
  for (const [key, t] of out) if (t.c === 0) out.delete(key);
  return out;
}

/** A {@link CovPoly} as a DSL expression, `names[k]` naming the packed covariance entry `k`. */
export function covPolyExpr(poly: CovPoly, names: readonly string[]): Expr {
  return add(...[...poly.values()].map((t) => mul(t.c, ...t.f.map((k) => sym(names[k]!)))));
}

/** Several {@link CovPoly}s flattened for fast evaluation (see {@link evaluateCovPolys}). */
export interface CompiledCovPolys {
  /** Number of polynomials. */
  readonly outputs: number;
  /** Terms of polynomial `k`: `termStart[k] … termStart[k+1]`. */
  readonly termStart: Int32Array;
  /** Coefficient of each term. */
  readonly coefficients: Float64Array;
  /** Factors of term `t`: `factors[factorStart[t] … factorStart[t+1]]` (packed covariance indices). */
  readonly factorStart: Int32Array;
  /** Packed covariance indices. */
  readonly factors: Int32Array;
}

/** Flatten polynomials into typed arrays. */
export function compileCovPolys(polys: readonly CovPoly[]): CompiledCovPolys {
  const termStart = new Int32Array(polys.length + 1);
  const coefficients: number[] = [];
  const factorStart: number[] = [0];
  const factors: number[] = [];
  polys.forEach((poly, k) => {
    for (const t of poly.values()) {
      coefficients.push(t.c);
      factors.push(...t.f);
      factorStart.push(factors.length);
    }
    termStart[k + 1] = coefficients.length;
  });
  return {
    outputs: polys.length,
    termStart,
    coefficients: Float64Array.from(coefficients),
    factorStart: Int32Array.from(factorStart),
    factors: Int32Array.from(factors),
  };
}

/** Evaluate compiled polynomials at the packed covariance `cov` into `out` (no allocation). */
export function evaluateCovPolys(c: CompiledCovPolys, cov: Float64Array, out: Float64Array): void {
  const { termStart, coefficients, factorStart, factors } = c;
  for (let k = 0; k < c.outputs; k++) {
    let sum = 0;
    for (let t = termStart[k]!; t < termStart[k + 1]!; t++) {
      let v = coefficients[t]!;
      for (let f = factorStart[t]!; f < factorStart[t + 1]!; f++) v *= cov[factors[f]!]!;
      sum += v;
    }
    out[k] = sum;
  }
}
