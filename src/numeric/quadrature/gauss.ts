/**
 * Gaussian quadrature rules by the Golub–Welsch algorithm: the nodes are the eigenvalues of the
 * Jacobi matrix of the orthogonal polynomials, the weights μ₀ times the squared first components of its
 * normalized eigenvectors.
 *
 * @module
 */
import { fail, invalidArgument, notConverged } from '../../errors.js';
import { tridiagonalEigen } from '../linalg/tridiagonalEigen.js';
import { logGamma } from '../special/gamma.js';

/**
 * An n-point quadrature rule: ∫ f dμ ≈ Σᵢ weights[i]·f(nodes[i]). Nodes are ascending.
 * @category Quadrature
 * @since 0.1.0
 */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Gauss rule from the monic three-term recurrence p₍ₖ₊₁₎(x) = (x − a[k])·pₖ(x) − b[k]·p₍ₖ₋₁₎(x) of the
 * orthogonal polynomials of a measure with total mass `mu0`. Uses a[0..n-1] and b[1..n-1] (b[0] is
 * ignored; conventionally it equals mu0), so n = a.length and b.length must be n. Exact for polynomials
 * of degree ≤ 2n − 1.
 * @category Quadrature
 * @since 0.1.0
 * @example
 * gaussFromRecurrence(Float64Array.of(0, 0), Float64Array.of(2, 1 / 3), 2).nodes // => ±1/√3
 */
export function gaussFromRecurrence(a: Float64Array, b: Float64Array, mu0: number): QuadratureRule {
  if (!(mu0 > 0) || !Number.isFinite(mu0)) fail(invalidArgument('mu0', mu0, 'a finite positive number'));
  return golubWelsch(a, b, Math.log(mu0));
}

/**
 * Golub–Welsch with the total mass given by its logarithm, so that masses like Γ(α+1) for large α do not
 * overflow: each weight is exp(log μ₀ + 2·log|v₀|), which underflows cleanly to 0 rather than giving NaN.
 */
function golubWelsch(a: Float64Array, b: Float64Array, logMu0: number): QuadratureRule {
  const n = a.length;
  if (n < 1) fail(invalidArgument('a.length', n, 'at least 1'));
  if (b.length !== n) fail(invalidArgument('b.length', b.length, `a.length = ${n}`));
  for (let k = 0; k < n; k++) if (!Number.isFinite(a[k]!)) fail(invalidArgument(`a[${k}]`, a[k], 'a finite number'));
  const off = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) {
    const bk = b[k]!;
    if (!(bk > 0) || !Number.isFinite(bk)) fail(invalidArgument(`b[${k}]`, bk, 'a finite positive number'));
    off[k - 1] = Math.sqrt(bk);
  }
  // Allow generous sweeps: Jacobi matrices of large n are easy, but failure here would be silent.
  const eig = tridiagonalEigen(a, off, { vectors: 'first', maxIterations: 60 });
  if (!eig.converged) fail(notConverged('golubWelsch', `QL did not converge for n = ${n}`, { iterations: eig.iterations }));
  const v0 = eig.firstComponents!;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.abs(v0[i]!);
    weights[i] = c === 0 ? 0 : Math.exp(logMu0 + 2 * Math.log(c));
  }
  return { nodes: eig.values, weights };
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) fail(invalidArgument('n', n, 'a positive integer'));
}

/**
 * n-point Gauss–Legendre rule on [−1, 1] (weight 1).
 * @category Quadrature
 * @since 0.1.0
 */
export function gaussLegendre(n: number): QuadratureRule {
  checkCount(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let k = 1; k < n; k++) b[k] = (k * k) / (4 * k * k - 1);
  const rule = golubWelsch(a, b, Math.log(2));
  symmetrize(rule);
  return rule;
}

/**
 * n-point Gauss–Hermite rule for the weight e^(−x²) on ℝ (physicists' convention; weights sum to √π).
 * @category Quadrature
 * @since 0.1.0
 */
export function gaussHermite(n: number): QuadratureRule {
  checkCount(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let k = 1; k < n; k++) b[k] = k / 2;
  const rule = golubWelsch(a, b, 0.5 * Math.log(Math.PI));
  symmetrize(rule);
  return rule;
}

/**
 * n-point Gauss–Hermite rule for the standard normal law: Σ weights[i]·f(nodes[i]) ≈ E[f(Z)], Z ~ N(0, 1)
 * (weights sum to 1).
 * @category Quadrature
 * @since 0.1.0
 */
export function gaussHermiteProbabilists(n: number): QuadratureRule {
  checkCount(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let k = 1; k < n; k++) b[k] = k;
  const rule = golubWelsch(a, b, 0);
  symmetrize(rule);
  return rule;
}

/**
 * n-point generalized Gauss–Laguerre rule for the weight x^alpha·e^(−x) on (0, ∞), alpha > −1 (weights
 * sum to Γ(alpha + 1)). For large n the weights of the largest nodes underflow to 0.
 * @category Quadrature
 * @since 0.1.0
 */
export function gaussLaguerre(n: number, alpha = 0): QuadratureRule {
  checkCount(n);
  if (!(alpha > -1) || !Number.isFinite(alpha)) fail(invalidArgument('alpha', alpha, 'a finite number > -1'));
  return laguerre(n, alpha, logGamma(alpha + 1));
}

function laguerre(n: number, alpha: number, logMu0: number): QuadratureRule {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    a[k] = 2 * k + alpha + 1;
    b[k] = k * (k + alpha);
  }
  return golubWelsch(a, b, logMu0);
}

/**
 * n-point Gauss rule for the Gamma(shape, scale) law (density x^(shape−1)·e^(−x/scale) /
 * (Γ(shape)·scale^shape)): Σ weights[i]·f(nodes[i]) ≈ E[f(X)], weights sum to 1. The χ²ₖ law is
 * Gamma(k/2, 2); the exponential law of mean m is Gamma(1, m).
 * @category Quadrature
 * @since 0.1.0
 */
export function gammaGauss(n: number, shape: number, scale: number): QuadratureRule {
  checkCount(n);
  if (!(shape > 0) || !Number.isFinite(shape)) fail(invalidArgument('shape', shape, 'a finite positive number'));
  if (!(scale > 0) || !Number.isFinite(scale)) fail(invalidArgument('scale', scale, 'a finite positive number'));
  // X = scale·Y with Y having density y^(shape−1)e^(−y)/Γ(shape): Laguerre with alpha = shape − 1, mass 1.
  const rule = laguerre(n, shape - 1, 0);
  const nodes = rule.nodes;
  for (let i = 0; i < n; i++) nodes[i] = nodes[i]! * scale;
  return rule;
}

/**
 * Rules of symmetric weights: average mirrored nodes and weights so that the rule is exactly symmetric
 * (odd moments vanish exactly and the middle node of an odd rule is exactly 0).
 */
function symmetrize(rule: QuadratureRule): void {
  const x = rule.nodes;
  const w = rule.weights;
  const n = x.length;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const xi = 0.5 * (x[j]! - x[i]!);
    x[i] = -xi;
    x[j] = xi;
    const wi = 0.5 * (w[i]! + w[j]!);
    w[i] = wi;
    w[j] = wi;
  }
  if (n % 2 === 1) x[(n - 1) >> 1] = 0;
}
