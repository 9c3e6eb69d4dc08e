/**
 * The SGD expectations of non-polynomial activations by cubature over `(λ, ν) = L ξ`, `ξ ~ N(0, I_{p+p*})`,
 * `C = LLᵀ`: a Gauss–Hermite product rule when `p + p*` is small, a randomly shifted Halton (quasi-Monte
 * Carlo) point set otherwise, whose independent shifts give an error estimate. The point set is fixed once,
 * so the right-hand side is a smooth deterministic function of `Q`, `R` (the ODE integrator needs that).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { compileExpr } from '../../dsl/compile.js';
import type { Expr } from '../../dsl/expr.js';
import { invalidArgument, type BbpError } from '../../errors.js';
import { gaussHermiteProbabilists } from '../../numeric/quadrature/gauss.js';
import { shiftedHaltonNormal } from '../../numeric/spectral/matrix/qmc.js';
import type { SgdDynamics } from './equations.js';

/**
 * Options of the quadrature route of the SGD equations (non-polynomial activations).
 * @category SGD
 * @since 0.2.0
 * @example
 * const q: SgdQuadratureOptions = { maxProductNodes: 20000, qmcPoints: 2048, replicates: 8, seed: 1 };
 */
export interface SgdQuadratureOptions {
  /** Largest Gauss–Hermite product rule (`n^(p+p*)` nodes, n ≥ 10 per dimension) before switching to QMC (default 30000: p + p* ≤ 4). */
  readonly maxProductNodes?: number;
  /** Gauss–Hermite nodes per dimension (default: the most within `maxProductNodes`, at most 20). */
  readonly nodesPerDimension?: number;
  /** QMC points per replicate (default 2048). */
  readonly qmcPoints?: number;
  /** Independent random shifts of the QMC point set (default 8; ≥ 2 for the error estimate). */
  readonly replicates?: number;
  /** Seed of the QMC shifts (default 1). */
  readonly seed?: number;
}

/** A cubature rule for `N(0, I_d)`: `count` points (row-major `count × d`) and weights summing to 1. */
interface NormalRule {
  readonly d: number;
  readonly count: number;
  readonly points: Float64Array;
  readonly weights: Float64Array;
  /** Replicate of each point (QMC), for the error estimate. */
  readonly replicate?: Int32Array;
  readonly replicates?: number;
}

function productRule(d: number, n: number): NormalRule {
  const g = gaussHermiteProbabilists(n);
  const count = n ** d;
  const points = new Float64Array(count * d);
  const weights = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let rest = k;
    let w = 1;
    for (let a = 0; a < d; a++) {
      const i = rest % n;
      rest = (rest - i) / n;
      points[k * d + a] = g.nodes[i]!;
      w *= g.weights[i]!;
    }
    weights[k] = w;
  }
  return { d, count, points, weights };
}

function qmcRule(d: number, perReplicate: number, replicates: number, seed: number): NormalRule {
  const count = perReplicate * replicates;
  const points = new Float64Array(count * d);
  const replicate = new Int32Array(count);
  for (let r = 0; r < replicates; r++) {
    points.set(shiftedHaltonNormal(d, perReplicate, seed, r), r * perReplicate * d);
    replicate.fill(r, r * perReplicate, (r + 1) * perReplicate);
  }
  return { d, count, points, weights: new Float64Array(count).fill(1 / count), replicate, replicates };
}

/** Lower Cholesky factor of the d×d symmetric `c` into `l`; non-positive pivots (a singular covariance) give zero columns. */
export function choleskyInto(c: Float64Array, d: number, l: Float64Array): void {
  l.fill(0);
  for (let j = 0; j < d; j++) {
    let diag = c[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= l[j * d + k]! * l[j * d + k]!;
    const pivot = diag > 1e-14 * Math.abs(c[j * d + j]!) ? Math.sqrt(diag) : 0;
    l[j * d + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      let v = c[i * d + j]!;
      for (let k = 0; k < j; k++) v -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = pivot === 0 ? 0 : v / pivot;
    }
  }
}

/** The quadrature route, with an error estimate. */
export interface QuadratureDynamics extends SgdDynamics {
  /**
   * Per component of `[risk, d[Q, R]/dt]`: QMC, the standard error over the random shifts; product rule, the
   * difference from the rule with half the nodes per dimension (a conservative bound).
   */
  readonly errorEstimate: (eta: number, y: Float64Array) => Float64Array;
}

/** The SGD equations of activations `σ` (with derivative `σ'`) and `σ*` by cubature. */
export function quadratureDynamics(
  p: number,
  pstar: number,
  sigma: Expr,
  dsigma: Expr,
  sigmaStar: Expr,
  options: SgdQuadratureOptions,
): E.Either<BbpError, QuadratureDynamics> {
  const d = p + pstar;
  const maxNodes = options.maxProductNodes ?? 30000;
  const perDim = options.nodesPerDimension ?? Math.min(40, Math.floor(Math.pow(maxNodes, 1 / d) + 1e-9));
  const replicates = options.replicates ?? 8;
  if (!Number.isInteger(replicates) || replicates < 2) return E.left(invalidArgument('replicates', replicates, 'an integer ≥ 2'));
  const compiled = [compileExpr(sigma, ['z']), compileExpr(dsigma, ['z']), compileExpr(sigmaStar, ['z'])];
  for (const c of compiled) if (E.isLeft(c)) return c;
  const [fs, fds, ft] = compiled.map((c) => (c as E.Right<(a: Float64Array) => number>).right) as [
    (a: Float64Array) => number, (a: Float64Array) => number, (a: Float64Array) => number,
  ];
  const product = perDim >= 10 && perDim ** d <= maxNodes;
  const rule = product ? productRule(d, perDim) : qmcRule(d, options.qmcPoints ?? 2048, replicates, options.seed ?? 1);
  const n = p * p + p * pstar;
  const c = new Float64Array(d * d);
  const l = new Float64Array(d * d);
  const u = new Float64Array(d);
  const s = new Float64Array(p);
  const ds = new Float64Array(p);
  const z = new Float64Array(1);
  const groups = rule.replicates ?? 1;
  const acc = new Float64Array(groups * (1 + n)); // per replicate: [risk, dQ/dt, dR/dt]

  /** Accumulate `[risk, dQ/dt, dR/dt]` per replicate of `r` into `acc`. */
  const integrate = (r: NormalRule, eta: number, y: Float64Array): void => {
    const off = p * p;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        c[a * d + b] = a < p && b < p ? y[a * p + b]! : a < p ? y[off + a * pstar + (b - p)]! : b < p ? y[off + b * pstar + (a - p)]! : a === b ? 1 : 0;
      }
    }
    choleskyInto(c, d, l);
    acc.fill(0);
    for (let k = 0; k < r.count; k++) {
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let b = 0; b <= a; b++) v += l[a * d + b]! * r.points[k * d + b]!;
        u[a] = v;
      }
      let yhat = 0;
      for (let i = 0; i < p; i++) {
        z[0] = u[i]!;
        s[i] = fs(z);
        ds[i] = fds(z);
        yhat += s[i]!;
      }
      let ystar = 0;
      for (let m = 0; m < pstar; m++) {
        z[0] = u[p + m]!;
        ystar += ft(z);
      }
      const delta = yhat / p - ystar / pstar;
      const w = r.weights[k]!;
      const base = (r.replicate === undefined ? 0 : r.replicate[k]!) * (1 + n);
      acc[base]! += 0.5 * w * delta * delta;
      for (let i = 0; i < p; i++) {
        const di = (delta * ds[i]!) / p;
        for (let j = 0; j < p; j++) {
          const dj = (delta * ds[j]!) / p;
          acc[base + 1 + i * p + j]! += w * (-eta * (di * u[j]! + dj * u[i]!) + eta * eta * di * dj);
        }
        for (let m = 0; m < pstar; m++) acc[base + 1 + off + i * pstar + m]! += -eta * w * di * u[p + m]!;
      }
    }
  };
  /** Sum the replicates of `acc` into `out` (`[risk, d[Q, R]/dt]`). */
  const total = (out: Float64Array): void => {
    out.fill(0);
    for (let g = 0; g < groups; g++) for (let a = 0; a <= n; a++) out[a]! += acc[g * (1 + n) + a]!;
  };
  const all = new Float64Array(1 + n);
  let coarse: NormalRule | undefined;
  return E.right({
    route: product ? 'gauss-hermite' : 'qmc',
    p,
    pstar,
    rhs: (eta, y, out) => {
      integrate(rule, eta, y);
      total(all);
      out.set(all.subarray(1));
    },
    risk: (y) => {
      integrate(rule, 0, y);
      total(all);
      return all[0]!;
    },
    errorEstimate: (eta, y) => {
      const err = new Float64Array(1 + n);
      integrate(rule, eta, y);
      if (product) {
        total(err);
        coarse ??= productRule(d, Math.floor(perDim / 2));
        integrate(coarse, eta, y);
        total(all);
        for (let a = 0; a <= n; a++) err[a] = Math.abs(err[a]! - all[a]!);
        return err;
      }
      // each replicate's sum carries weight 1/groups of the total: its own estimate is groups × its sum
      for (let a = 0; a <= n; a++) {
        let mean = 0;
        for (let g = 0; g < groups; g++) mean += groups * acc[g * (1 + n) + a]!;
        mean /= groups;
        let v = 0;
        for (let g = 0; g < groups; g++) v += (groups * acc[g * (1 + n) + a]! - mean) ** 2;
        err[a] = Math.sqrt(v / (groups - 1) / groups);
      }
      return err;
    },
  });
}
