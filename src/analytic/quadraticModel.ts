/**
 * The reference model of THEORY §1–§2: quadratic student and teacher, loss `scale·(ŷ − y)²/(y + a)`.
 *
 * Its vertex `A = 4/(p(y+a))·[(2/p) z zᵀ + (ŷ − y) I]` has eigenvalues
 * `c₁ = (4/p)(3r/p − y)/(y + a)` (once, along z) and `c₂ = (4/p)(r/p − y)/(y + a)` (p − 1 times), with
 * `r = |z|² ~ χ²_p` and `y ~ χ²_{p*}/p*` independent. For `p = ∞` eigenvalues are rescaled by p and the
 * vertex becomes the scalar `c(y) = 4(1 − y)/(y + a)`.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';
import { gammaLogRule, type GammaLogRuleOptions } from '../numeric/quadrature/gammaLogRule.js';
import { validateVertex, type Vertex } from '../numeric/spectral/vertex.js';

/**
 * Parameters of the quadratic teacher–student model.
 * @category Models
 * @since 0.1.0
 * @example
 * const params: QuadraticModelParams = { p: 2, pstar: 1, a: 1.5, scale: 0.5 }; // the paper's eigenvalue axis
 */
export interface QuadraticModelParams {
  /** Student width: a positive integer, or `Infinity` for the `p → ∞` limit (eigenvalues rescaled by p). */
  readonly p: number;
  /** Teacher width: a positive integer. */
  readonly pstar: number;
  /** Loss regularizer `a > 0` in `(ŷ − y)²/(y + a)`. */
  readonly a: number;
  /**
   * Overall factor in front of the loss (default 1). It multiplies every eigenvalue and changes no
   * threshold; `scale = 0.5` gives the published paper's convention `½(y − ŷ)²/(a + y)`.
   */
  readonly scale?: number;
}

/**
 * Check the parameters, with an error naming the first bad one (thrown as a `BbpFailure`; the entry points
 * return it as `Left`). Returns them with the default `scale = 1` filled in.
 * @category Models
 * @since 0.1.0
 * @example
 * validateQuadraticParams({ p: 2, pstar: 1, a: 1.5 }); // { p: 2, pstar: 1, a: 1.5, scale: 1 }
 */
export function validateQuadraticParams(params: QuadraticModelParams): Required<QuadraticModelParams> {
  const { p, pstar, a } = params;
  const scale = params.scale ?? 1;
  if (!(p === Infinity || (Number.isInteger(p) && p >= 1))) fail(invalidArgument('p', p, 'a positive integer or inf'));
  if (!(Number.isInteger(pstar) && pstar >= 1)) fail(invalidArgument('pstar', pstar, 'a positive integer'));
  if (!(a > 0 && Number.isFinite(a))) fail(invalidArgument('a', a, 'a positive finite number'));
  if (!(scale > 0 && Number.isFinite(scale))) fail(invalidArgument('scale', scale, 'a positive finite number'));
  return { p, pstar, a, scale };
}

/**
 * The vertex law of the quadratic model on a tensor product of log-trapezoidal Gamma rules in `r` and `y`.
 * @category Models
 * @since 0.1.0
 * @example
 * const v = quadraticVertex({ p: 2, pstar: 1, a: 1.5 });
 * v.cMin; // -2 = -4/p
 */
export function quadraticVertex(params: QuadraticModelParams, rule: GammaLogRuleOptions = {}): Vertex {
  const { p, pstar, a, scale } = validateQuadraticParams(params);
  // Lumping the left tail must stay far inside the poles at y = −a and r = −ap.
  rule = { lumpBelow: 1e-6 * Math.min(1, a) ** 2, ...rule };
  const ys = gammaLogRule(pstar / 2, 2 / pstar, rule);
  const description = `quadratic model p=${p === Infinity ? 'inf' : p} pstar=${pstar} a=${a} scale=${scale}`;

  if (p === Infinity) {
    const n = ys.nodes.length;
    const eigen = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const y = ys.nodes[k]!;
      eigen[k] = (scale * 4 * (1 - y)) / (y + a);
    }
    return validateVertex({
      size: n, rank: 1, weight: ys.weights, signal: ys.nodes, eigen,
      multiplicity: new Float64Array([1]), cMin: -4 * scale, description,
    });
  }

  const rs = gammaLogRule(p / 2, 2, rule);
  const nr = rs.nodes.length;
  const ny = ys.nodes.length;
  const size = nr * ny;
  const rank = p === 1 ? 1 : 2;
  const weight = new Float64Array(size);
  const signal = new Float64Array(size);
  const eigen = new Float64Array(size * rank);
  const f = (scale * 4) / p;
  for (let i = 0; i < nr; i++) {
    const r = rs.nodes[i]! / p;
    for (let k = 0; k < ny; k++) {
      const y = ys.nodes[k]!;
      const node = i * ny + k;
      weight[node] = rs.weights[i]! * ys.weights[k]!;
      signal[node] = y;
      eigen[node * rank] = (f * (3 * r - y)) / (y + a);
      if (rank === 2) eigen[node * rank + 1] = (f * (r - y)) / (y + a);
    }
  }
  const multiplicity = rank === 1 ? new Float64Array([1]) : new Float64Array([1 / p, (p - 1) / p]);
  return validateVertex({ size, rank, weight, signal, eigen, multiplicity, cMin: -f, description });
}

/**
 * `α_BBP = p*(a + 1)/2`: the closed form of the `p → ∞` limit (THEORY §6.1).
 * @category Models
 * @since 0.1.0
 * @example
 * alphaBBPInfiniteWidth(1, 1.5); // 1.25
 */
export function alphaBBPInfiniteWidth(pstar: number, a: number): number {
  return (pstar * (a + 1)) / 2;
}
