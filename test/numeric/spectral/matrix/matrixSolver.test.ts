import { describe, expect, it } from 'vitest';
import { compileMatrixModel } from '../../../../src/analytic/matrixVertex.js';
import { compileModel } from '../../../../src/analytic/compile.js';
import { quadraticVertex } from '../../../../src/analytic/quadraticModel.js';
import { activations, losses, model, student, teacher, type Activation } from '../../../../src/dsl/index.js';
import { orThrow } from '../../../../src/errors.js';
import { matrixFixedPoint } from '../../../../src/numeric/spectral/matrix/iterate.js';
import { replicateEstimate } from '../../../../src/numeric/spectral/matrix/qmc.js';
import { createMatrixSolver } from '../../../../src/numeric/spectral/matrix/solver.js';
import { createSpectralSolver } from '../../../../src/numeric/spectral/solver.js';

const mk = (p: number, act: Activation, a = 1) =>
  model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: p, activation: act }), loss: losses.normalizedSquare(a) });
const rel = (x: number, y: number, floor = 1): number => Math.abs(x - y) / Math.max(Math.abs(y), floor);

describe('matrix solver: quadratic student reproduces the rotation-invariant solver', () => {
  it('p = 2, p* = 1, a = 1: edge, outlier, m², α_BBP to 1e-8', () => {
    const c = orThrow(compileMatrixModel(mk(2, activations.square)));
    const ms = createMatrixSolver(c.law({ gaussianStep: 0.25, cMin: -2 }));
    const ref = createSpectralSolver(quadraticVertex({ p: 2, pstar: 1, a: 1 }));
    for (const alpha of [2, 5]) {
      const e = ms.edge(alpha);
      expect(rel(e.lambda, ref.edge(alpha).lambda)).toBeLessThan(1e-8);
      expect(rel(e.g1, e.gPerp)).toBeLessThan(1e-12); // rotation invariance: G = g·I
      const o = ref.outlier(alpha)!;
      for (const f of ['teacher-1', 'teacher-perp'] as const) {
        const mine = ms.outliers(alpha, f)[0]!;
        expect(rel(mine.lambda, o.lambda)).toBeLessThan(1e-8);
        expect(rel(mine.m2, o.m2)).toBeLessThan(1e-8);
      }
    }
    const t = ms.threshold('teacher-1');
    const tr = ref.threshold();
    expect(rel(t.alphaBBP, tr.alphaBBP)).toBeLessThan(1e-8);
    expect(t.transition).toBe(tr.transition);
  });
});

describe('matrix solver: p = 1 reproduces the scalar compiled model (tanh student, same trapezoid rule)', () => {
  const c1 = orThrow(compileModel(mk(1, activations.tanh)));
  const scalar = createSpectralSolver(c1.vertex({ gaussianStep: 0.2 }));
  const own = createSpectralSolver(c1.studentDirection!({ gaussianStep: 0.2 }));
  const ms = createMatrixSolver(orThrow(compileMatrixModel(mk(1, activations.tanh))).law({ gaussianStep: 0.2, cMin: c1.cMin }));
  it('edge, teacher outlier, student spike and both α_BBP to 1e-10', () => {
    expect(rel(ms.edge(80).lambda, scalar.edge(80).lambda)).toBeLessThan(1e-10);
    const o = ms.outliers(80, 'teacher-1')[0]!;
    expect(rel(o.lambda, scalar.outlier(80)!.lambda)).toBeLessThan(1e-10);
    expect(rel(o.m2, scalar.outlier(80)!.m2)).toBeLessThan(1e-10);
    const s = ms.outliers(80, 'student')[0]!;
    expect(rel(s.lambda, own.outlier(80)!.lambda)).toBeLessThan(1e-10);
    expect(rel(s.m2, own.outlier(80)!.m2)).toBeLessThan(1e-10);
    expect(rel(ms.threshold('teacher-1', { lo: 20 }).alphaBBP, scalar.threshold().alphaBBP)).toBeLessThan(1e-10);
    expect(rel(ms.threshold('student', { lo: 5 }).alphaBBP, own.threshold().alphaBBP)).toBeLessThan(1e-10);
  });
});

describe('the permutation-invariant ansatz equals the unrestricted matrix fixed point', () => {
  for (const [p, rule] of [[2, { gaussianStep: 0.4 }], [3, { hermiteNodes: 10 }]] as const) {
    it(`tanh student p = ${p}`, () => {
      const c = orThrow(compileMatrixModel(mk(p, activations.tanh)));
      const ms = createMatrixSolver(c.law(rule));
      const full = { ...c.fullLaw(rule), cMin: ms.law.cMin };
      const alpha = 30;
      const e = ms.edge(alpha);
      const lambda = e.lambda - 2;
      const bp = ms.resolvent(alpha, lambda);
      // start from an asymmetric matrix: the iteration must find the exchangeable solution
      const start = new Float64Array(p * p);
      for (let l = 0; l < p; l++) for (let m = 0; m < p; m++) start[l * p + m] = l === m ? (1 + 0.3 * l) / lambda : 0.02 * (l + m) / lambda;
      const fp = matrixFixedPoint(full, alpha, lambda, { start });
      for (let l = 0; l < p; l++) {
        for (let m = 0; m < p; m++) {
          const expected = (l === m ? bp.gPerp : 0) + (bp.g1 - bp.gPerp) / p;
          expect(Math.abs(fp.G[l * p + m]! - expected)).toBeLessThan(1e-9); // limited by the damped iteration's stopping rule
        }
      }
      expect(Math.abs(bp.g1 - bp.gPerp)).toBeGreaterThan(1e-2); // not rotation invariant
    });
  }
});

describe('randomized QMC for larger p', () => {
  it('p = 2: QMC agrees with the tensor rule within 4 standard errors; p = 4 gives an edge with an error bar', () => {
    const c = orThrow(compileMatrixModel(mk(2, activations.tanh)));
    const exact = createMatrixSolver(c.law({ gaussianStep: 0.3 })).edge(50).lambda;
    const laws = c.qmcLaws({ points: 1024, replicates: 6, seed: 3, cMin: -8 / (3 * Math.sqrt(3) * 2) });
    const [edge] = replicateEstimate(laws.length, (k) => [createMatrixSolver(laws[k]!).edge(50).lambda]);
    expect(Math.abs(edge!.mean - exact)).toBeLessThan(4 * edge!.standardError + 1e-9);
    expect(edge!.standardError).toBeLessThan(0.05);
    const c4 = orThrow(compileMatrixModel(mk(4, activations.tanh)));
    const l4 = c4.qmcLaws({ points: 256, replicates: 4, seed: 1, cMin: -8 / (3 * Math.sqrt(3) * 4) });
    const [e4] = replicateEstimate(l4.length, (k) => [createMatrixSolver(l4[k]!).edge(50).lambda]);
    expect(Number.isFinite(e4!.mean) && e4!.standardError > 0).toBe(true);
  });

  it('refuses a non-quadratic teacher', () => {
    const m = model({ teacher: teacher({ width: 1, activation: activations.tanh }), student: student({ width: 2, activation: activations.tanh }), loss: losses.normalizedSquare(1) });
    expect(compileMatrixModel(m)._tag).toBe('Left');
  });
});
