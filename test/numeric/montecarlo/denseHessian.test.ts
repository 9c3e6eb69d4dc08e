import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../../src/errors.js';
import { denseHessian, loss, vertexMatrices } from '../../../src/numeric/montecarlo/denseHessian.js';
import { quadraticReferenceModel, type PointwiseModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem, type Problem } from '../../../src/numeric/montecarlo/problem.js';
import { tanhModel } from './models.js';

/**
 * σ(z) = z²/2 and the linear loss ℓ = c·p·ŷ: ℓ'' = 0, ℓ' = c·p, σ'' = 1, so every vertex is A = c·I and
 * H = c·(XᵀX/n) ⊗ I_p.
 */
function constantVertexModel(p: number, pstar: number, c: number): PointwiseModel {
  return {
    p,
    pstar,
    scale: 1,
    teacherOutput: () => 0,
    studentOutput: (z) => {
      let s = 0;
      for (let l = 0; l < p; l++) s += z[l]! * z[l]! / 2;
      return s / p;
    },
    loss: (yhat) => c * p * yhat,
    lossDerivatives: (_yhat, _y, out) => {
      out[0] = c * p;
      out[1] = 0;
    },
    activationDerivatives: (_z, out) => {
      out[0] = _z;
      out[1] = 1;
    },
  };
}

/** H from the definition, entry by entry: (1/n) Σ_μ x_μi x_μj A_μ[l][l']. */
function naiveHessian(problem: Problem, A: Float64Array): Float64Array {
  const { n, m, p, x } = problem;
  const size = p * n;
  const H = new Float64Array(size * size);
  for (let l = 0; l < p; l++) {
    for (let lp = 0; lp < p; lp++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let mu = 0; mu < m; mu++) s += x[mu * n + i]! * x[mu * n + j]! * A[mu * p * p + l * p + lp]!;
          H[(l * n + i) * size + lp * n + j] = s / n;
        }
      }
    }
  }
  return H;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (const v of a) s = Math.max(s, Math.abs(v));
  return s;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]! - b[i]!));
  return s;
}

describe('vertexMatrices', () => {
  it('reference model: A = 4/(p(y+a))·[(2/p)zzᵀ + (ŷ − y)I] (THEORY §2), times scale', () => {
    const problem = sampleProblem({ n: 20, alpha: 1, p: 3, pstar: 2, seed: 8 });
    const a = 0.7;
    const scale = 0.5;
    const A = vertexMatrices(problem, quadraticReferenceModel({ p: 3, pstar: 2, a, scale }));
    const { n, m, p, pstar, x, student, teacher } = problem;
    const z = new Float64Array(p);
    for (let mu = 0; mu < m; mu++) {
      for (let l = 0; l < p; l++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += student[l * n + i]! * x[mu * n + i]!;
        z[l] = s / Math.sqrt(n);
      }
      let y = 0;
      for (let k = 0; k < pstar; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += teacher[k * n + i]! * x[mu * n + i]!;
        y += (s * s) / n / pstar;
      }
      const yhat = (z[0]! ** 2 + z[1]! ** 2 + z[2]! ** 2) / p;
      const f = (scale * 4) / (p * (y + a));
      for (let l = 0; l < p; l++) {
        for (let q = 0; q < p; q++) {
          const expected = f * ((2 / p) * z[l]! * z[q]! + (l === q ? yhat - y : 0));
          expect(A[mu * p * p + l * p + q]).toBeCloseTo(expected, 12);
        }
      }
    }
  });
});

describe('denseHessian', () => {
  it('constant vertex c·I gives c·(XᵀX/n) ⊗ I', () => {
    const c = 1.7;
    const problem = sampleProblem({ n: 9, alpha: 1.3, p: 2, pstar: 1, seed: 2 });
    const { n, m, x } = problem;
    const { size, matrix } = denseHessian(problem, constantVertexModel(2, 1, c));
    expect(size).toBe(18);
    for (let l = 0; l < 2; l++) {
      for (let lp = 0; lp < 2; lp++) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let g = 0;
            for (let mu = 0; mu < m; mu++) g += x[mu * n + i]! * x[mu * n + j]!;
            const expected = l === lp ? (c * g) / n : 0;
            expect(matrix[(l * n + i) * size + lp * n + j]).toBeCloseTo(expected, 12);
          }
        }
      }
    }
  });

  it('matches the entry-by-entry definition, odd and even n, p = 1..3', () => {
    for (const [n, p, pstar] of [
      [7, 3, 2],
      [8, 2, 1],
      [5, 1, 1],
      [1, 1, 1],
    ] as const) {
      const problem = sampleProblem({ n, alpha: 11 / n, p, pstar, seed: 100 + n });
      const model = quadraticReferenceModel({ p, pstar, a: 0.3 });
      const H = denseHessian(problem, model).matrix;
      const ref = naiveHessian(problem, vertexMatrices(problem, model));
      expect(maxAbsDiff(H, ref)).toBeLessThan(1e-12 * maxAbs(ref));
    }
  });

  it('is exactly symmetric', () => {
    const problem = sampleProblem({ n: 13, alpha: 3, p: 3, pstar: 2, seed: 4 });
    const { size, matrix } = denseHessian(problem, tanhModel(3, 2, 1));
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < a; b++) {
        if (matrix[a * size + b] !== matrix[b * size + a]) expect.fail(`H[${a},${b}] ≠ H[${b},${a}]`);
      }
    }
  });

  describe('equals the finite-difference Hessian of the loss (n = 5, p = 2, m = 7)', () => {
    const cases: Array<[string, (pstar: number) => PointwiseModel, number]> = [
      ['reference model, scale 1/2', (pstar) => quadraticReferenceModel({ p: 2, pstar, a: 0.5, scale: 0.5 }), 1],
      ['reference model, p* = 2', (pstar) => quadraticReferenceModel({ p: 2, pstar, a: 1 }), 2],
      ['tanh committee, log loss, scale 3', (pstar) => tanhModel(2, pstar, 3), 2],
    ];
    for (const [name, makeModel, pstar] of cases) {
      it(name, () => {
        const problem = sampleProblem({ n: 5, alpha: 1.4, p: 2, pstar, seed: 21 });
        expect(problem.m).toBe(7);
        const model = makeModel(pstar);
        const { size, matrix } = denseHessian(problem, model);
        const w = Float64Array.from(problem.student);
        const h = 1e-3;
        const at = (a: number, da: number, b: number, db: number): number => {
          w[a] = w[a]! + da;
          w[b] = w[b]! + db;
          const v = loss(problem, model, w);
          w[a] = w[a]! - da;
          w[b] = w[b]! - db;
          return v;
        };
        const fd = new Float64Array(size * size);
        for (let a = 0; a < size; a++) {
          for (let b = 0; b < size; b++) {
            fd[a * size + b] = (at(a, h, b, h) - at(a, h, b, -h) - at(a, -h, b, h) + at(a, -h, b, -h)) / (4 * h * h);
          }
        }
        expect(maxAbsDiff(matrix, fd)).toBeLessThan(1e-5 * maxAbs(fd));
      });
    }
  });

  it('loss at the student weights is scale·Σ ℓ', () => {
    const problem = sampleProblem({ n: 6, alpha: 2, p: 2, pstar: 1, seed: 1 });
    const l1 = loss(problem, quadraticReferenceModel({ p: 2, pstar: 1, a: 1 }));
    const l2 = loss(problem, quadraticReferenceModel({ p: 2, pstar: 1, a: 1, scale: 0.5 }));
    expect(l1).toBeGreaterThan(0);
    expect(l2).toBeCloseTo(l1 / 2, 12);
  });

  it('rejects a model of another size and weights of the wrong length', () => {
    const problem = sampleProblem({ n: 6, alpha: 2, p: 2, pstar: 1, seed: 1 });
    const r = attempt(() => denseHessian(problem, quadraticReferenceModel({ p: 3, pstar: 1, a: 1 })));
    expect(E.isLeft(r) && r.left.message).toBe("invalid model.p = 3: expected the problem's p = 2");
    const s = attempt(() => loss(problem, quadraticReferenceModel({ p: 2, pstar: 1, a: 1 }), new Float64Array(5)));
    expect(E.isLeft(s) && s.left._tag === 'InvalidArgument' && s.left.parameter).toBe('weights.length');
  });
});
