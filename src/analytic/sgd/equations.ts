/**
 * The overlap ODEs of one-pass SGD (THEORY §8) derived from the activations of a model:
 *
 *     dR_ik/dt = −η E[δ_i ν_k],   dQ_ij/dt = −η E[δ_i λ_j + δ_j λ_i] + η² E[δ_i δ_j],   risk = E[½(ŷ − y)²]
 *
 * with `δ_i = (ŷ − y) σ'(λ_i)/p` and `(λ, ν) ~ N(0, [[Q, R], [Rᵀ, T]])`. For polynomial activations every
 * expectation is derived exactly by Wick's theorem ({@link sgdPolynomials}, {@link sgdEquationExprs}: DSL expressions in the
 * entries `Q_ij`, `R_ik`, `T_kl` and `eta`, printable, and compiled to flat arrays). {@link sgdDynamics}
 * picks the numeric route: the closed matrix form for the quadratic network, the compiled Wick polynomials
 * for other polynomial activations, quadrature otherwise.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Activation } from '../../dsl/activation.js';
import { activationDerivatives } from '../../dsl/model.js';
import { add, mul, sym, type Expr } from '../../dsl/expr.js';
import { invalidArgument, type BbpError } from '../../errors.js';
import { quadraticRhs, quadraticRisk, quadraticWorkspace } from './quadratic.js';
import { quadratureDynamics, type SgdQuadratureOptions } from './quadrature.js';
import {
  compileCovPolys, covPolyExpr, evaluateCovPolys, gaussianExpectation, gaussLinear, gaussProduct, gaussUnivariate,
  pairIndex, type CovPoly, type GaussPoly,
} from './wick.js';

/**
 * The coefficients `[c₀, c₁, …]` of `expr` as a polynomial in `variable`, or undefined when it is not a
 * polynomial (a function call, a negative or fractional power, another symbol).
 */
export function polynomialCoefficients(expr: Expr, variable = 'z'): number[] | undefined {
  const plus = (a: number[], b: number[]): number[] => Array.from({ length: Math.max(a.length, b.length) }, (_, k) => (a[k] ?? 0) + (b[k] ?? 0));
  const times = (a: number[], b: number[]): number[] => {
    const out = new Array<number>(a.length + b.length - 1).fill(0);
    a.forEach((x, i) => b.forEach((y, j) => (out[i + j]! += x * y)));
    return out;
  };
  const go = (e: Expr): number[] | undefined => {
    switch (e._tag) {
      case 'Num':
        return [e.value];
      case 'Sym':
        return e.name === variable ? [0, 1] : undefined;
      case 'Add': {
        let acc: number[] = [0];
        for (const t of e.terms) {
          const c = go(t);
          if (c === undefined) return undefined;
          acc = plus(acc, c);
        }
        return acc;
      }
      case 'Mul': {
        let acc: number[] = [1];
        for (const f of e.factors) {
          const c = go(f);
          if (c === undefined) return undefined;
          acc = times(acc, c);
        }
        return acc;
      }
      case 'Pow': {
        const n = e.exponent._tag === 'Num' ? e.exponent.value : NaN;
        if (!(Number.isInteger(n) && n >= 0 && n <= 16)) return undefined;
        const b = go(e.base);
        if (b === undefined) return undefined;
        let acc: number[] = [1];
        for (let k = 0; k < n; k++) acc = times(acc, b);
        return acc;
      }
      case 'Call':
        return undefined;
    }
  };
  const c = go(expr);
  if (c === undefined) return undefined;
  while (c.length > 1 && c[c.length - 1] === 0) c.pop();
  return c;
}

/** `[c₁, 2c₂, 3c₃, …]`. */
function derivativeCoefficients(c: readonly number[]): number[] {
  const out = c.slice(1).map((x, k) => (k + 1) * x);
  return out.length === 0 ? [0] : out;
}

/** Names of the packed covariance entries of `(λ₁…λ_p, ν₁…ν_p*)`: `Q_ij`, `R_ik`, `T_kl` (1-based). */
export function covarianceNames(p: number, pstar: number): string[] {
  const d = p + pstar;
  const wide = Math.max(p, pstar) > 9;
  const name = (letter: string, i: number, j: number): string => (wide ? `${letter}_${i},${j}` : `${letter}_${i}${j}`);
  const names = new Array<string>((d * (d + 1)) / 2);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      names[pairIndex(d, a, b)] = b < p ? name('Q', a + 1, b + 1) : a < p ? name('R', a + 1, b - p + 1) : name('T', a - p + 1, b - p + 1);
    }
  }
  return names;
}

/** The Wick derivation as polynomials in the packed covariance entries (see {@link deriveSgdEquations}). */
export interface SgdPolynomials {
  readonly p: number;
  readonly pstar: number;
  /** `E[½(ŷ − y)²]`. */
  readonly risk: CovPoly;
  /** `−E[δ_i ν_k]` (p×p*, row-major): `dR/dt = η·rLinear`. */
  readonly rLinear: readonly CovPoly[];
  /** `−E[δ_i λ_j + δ_j λ_i]` for `i ≤ j` (packed upper triangle of p×p). */
  readonly qLinear: readonly CovPoly[];
  /** `E[δ_i δ_j]` for `i ≤ j`: `dQ/dt = η·qLinear + η²·qQuadratic`. */
  readonly qQuadratic: readonly CovPoly[];
}

/** Wick's theorem applied to the SGD expectations of polynomial activations with coefficients `student`, `teacher`. */
export function sgdPolynomials(p: number, pstar: number, student: readonly number[], teacher: readonly number[]): SgdPolynomials {
  const d = p + pstar;
  const memo = new Map<string, CovPoly>();
  const expect = (poly: GaussPoly): CovPoly => gaussianExpectation(poly, memo);
  const lambda = (i: number): GaussPoly => gaussUnivariate(d, i, [0, 1]);
  const nu = (k: number): GaussPoly => gaussUnivariate(d, p + k, [0, 1]);
  const yhat = gaussLinear(Array.from({ length: p }, (_, i) => [1 / p, gaussUnivariate(d, i, student)] as const));
  const y = gaussLinear(Array.from({ length: pstar }, (_, k) => [1 / pstar, gaussUnivariate(d, p + k, teacher)] as const));
  const delta = gaussLinear([[1, yhat], [-1, y]]);
  const dsigma = derivativeCoefficients(student);
  // δ_i = Δ σ'(λ_i)/p
  const deltas = Array.from({ length: p }, (_, i) => gaussLinear([[1 / p, gaussProduct(delta, gaussUnivariate(d, i, dsigma))]]));
  const risk = expect(gaussLinear([[0.5, gaussProduct(delta, delta)]]));
  const rLinear: CovPoly[] = [];
  for (let i = 0; i < p; i++) for (let k = 0; k < pstar; k++) rLinear.push(expect(gaussLinear([[-1, gaussProduct(deltas[i]!, nu(k))]])));
  const qLinear: CovPoly[] = [];
  const qQuadratic: CovPoly[] = [];
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      qLinear.push(expect(gaussLinear([[-1, gaussProduct(deltas[i]!, lambda(j))], [-1, gaussProduct(deltas[j]!, lambda(i))]])));
      qQuadratic.push(expect(gaussProduct(deltas[i]!, deltas[j]!)));
    }
  }
  return { p, pstar, risk, rLinear, qLinear, qQuadratic };
}

/**
 * The SGD equations of a model as DSL expressions in `Q_ij`, `R_ik`, `T_kl` and `eta` (print them with
 * `printExpr(…, 'text' | 'latex')`).
 */
export interface SgdEquationExprs {
  /** `E[½(ŷ − y)²]`. */
  readonly risk: Expr;
  /** `dR_ik/dt`, p×p*, row-major. */
  readonly dR: readonly Expr[];
  /** `dQ_ij/dt`, p×p, row-major (symmetric). */
  readonly dQ: readonly Expr[];
}

/** The polynomials of {@link sgdPolynomials} as DSL expressions. */
export function sgdEquationExprs(polys: SgdPolynomials): SgdEquationExprs {
  const { p, pstar } = polys;
  const names = covarianceNames(p, pstar);
  const eta = sym('eta');
  const dQ = new Array<Expr>(p * p);
  let u = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++, u++) {
      const e = add(mul(eta, covPolyExpr(polys.qLinear[u]!, names)), mul(eta, eta, covPolyExpr(polys.qQuadratic[u]!, names)));
      dQ[i * p + j] = e;
      dQ[j * p + i] = e;
    }
  }
  return {
    risk: covPolyExpr(polys.risk, names),
    dR: polys.rLinear.map((c) => mul(eta, covPolyExpr(c, names))),
    dQ,
  };
}

/**
 * The numeric form of the ODEs: `rhs` writes `d[Q, R]/dt` of the state `[Q (p×p), R (p×p*)]` (row-major,
 * `T = I`), `risk` the population risk. Both allocate nothing.
 */
export interface SgdDynamics {
  /** How the expectations are computed. */
  readonly route: 'closed form' | 'wick' | 'gauss-hermite' | 'qmc';
  /** Student width. */
  readonly p: number;
  /** Teacher width. */
  readonly pstar: number;
  /** `d[Q, R]/dt` at learning rate `eta`. */
  readonly rhs: (eta: number, y: Float64Array, out: Float64Array) => void;
  /** `E[½(ŷ − y)²]`. */
  readonly risk: (y: Float64Array) => number;
}

/** Fill the packed covariance of `(λ, ν)` from the state `[Q, R]` (`T = I`). */
function packCovariance(p: number, pstar: number, y: Float64Array, cov: Float64Array): void {
  const d = p + pstar;
  const off = p * p;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[pairIndex(d, a, b)] = b < p ? y[a * p + b]! : a < p ? y[off + a * pstar + (b - p)]! : a === b ? 1 : 0;
    }
  }
}

/** The compiled Wick polynomials as {@link SgdDynamics}. */
export function wickDynamics(polys: SgdPolynomials): SgdDynamics {
  const { p, pstar } = polys;
  const d = p + pstar;
  const compiled = compileCovPolys([polys.risk, ...polys.rLinear, ...polys.qLinear, ...polys.qQuadratic]);
  const cov = new Float64Array((d * (d + 1)) / 2);
  const values = new Float64Array(compiled.outputs);
  const nr = p * pstar;
  const nq = (p * (p + 1)) / 2;
  return {
    route: 'wick',
    p,
    pstar,
    rhs: (eta, y, out) => {
      packCovariance(p, pstar, y, cov);
      evaluateCovPolys(compiled, cov, values);
      let u = 0;
      for (let i = 0; i < p; i++) {
        for (let j = i; j < p; j++, u++) {
          const v = eta * values[1 + nr + u]! + eta * eta * values[1 + nr + nq + u]!;
          out[i * p + j] = v;
          out[j * p + i] = v;
        }
      }
      for (let a = 0; a < nr; a++) out[p * p + a] = eta * values[1 + a]!;
    },
    risk: (y) => {
      packCovariance(p, pstar, y, cov);
      evaluateCovPolys(compiled, cov, values);
      return values[0]!;
    },
  };
}

/** The closed matrix form of the quadratic network as {@link SgdDynamics}. */
export function closedFormDynamics(p: number, pstar: number): SgdDynamics {
  const w = quadraticWorkspace(p, pstar);
  return { route: 'closed form', p, pstar, rhs: (eta, y, out) => quadraticRhs(w, eta, y, out), risk: (y) => quadraticRisk(p, pstar, y) };
}

const isSquare = (c: readonly number[] | undefined): boolean => c !== undefined && c.length === 3 && c[0] === 0 && c[1] === 0 && c[2] === 1;

/** The numeric ODEs for student/teacher activations, by the best available route. */
export function sgdDynamics(p: number, pstar: number, student: Activation, teacher: Activation, quadrature: SgdQuadratureOptions = {}): E.Either<BbpError, SgdDynamics> {
  const cs = polynomialCoefficients(student.expr);
  const ct = polynomialCoefficients(teacher.expr);
  if (cs !== undefined && ct !== undefined) {
    if (isSquare(cs) && isSquare(ct)) return E.right(closedFormDynamics(p, pstar));
    const degree = 2 * Math.max(cs.length - 1, ct.length - 1) + 2 * Math.max(cs.length - 2, 0);
    if ((p + pstar) * degree > 160) {
      return E.left(invalidArgument('p + pstar', p + pstar, `a smaller model for the Wick derivation at polynomial degree ${degree} (or a non-polynomial route)`));
    }
    return E.right(wickDynamics(sgdPolynomials(p, pstar, cs, ct)));
  }
  const ds = activationDerivatives(student, { almostEverywhere: true });
  if (E.isLeft(ds)) return ds;
  const dt = activationDerivatives(teacher, { almostEverywhere: true });
  if (E.isLeft(dt)) return dt;
  return quadratureDynamics(p, pstar, ds.right.value, ds.right.first, dt.right.value, quadrature);
}
