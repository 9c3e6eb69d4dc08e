import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel } from '../../src/analytic/compile.js';
import { gaussianTrapezoidRule } from '../../src/numeric/quadrature/gaussianRule.js';
import { quadraticVertex } from '../../src/analytic/quadraticModel.js';
import { quadraticActivation } from '../../src/analytic/vertexLaw.js';
import {
  activations, compileExpr, losses, model, student, teacher, validateModel, type Model,
} from '../../src/dsl/index.js';
import { gaussHermiteProbabilists } from '../../src/numeric/quadrature/gauss.js';
import { createSpectralSolver, type SpectralSolver } from '../../src/numeric/spectral/solver.js';
import { closeRel, left, referenceModel, right, squaredDenominatorModel, tanhStudentModel } from './helpers.js';

const compile = (m: Model): CompiledModel => right(compileModel(right(validateModel(m))));

describe('the reference model from the DSL equals the hand-written quadraticVertex', () => {
  it('vertex eigenvalues are the closed forms of THEORY §2', () => {
    const c = compile(referenceModel(3, 2, 0.7));
    expect(c.reduction).toBe('rotation-invariant (r, y)');
    expect(c.law.variables).toEqual(['r', 'y']);
    const [c1, c2] = c.law.eigenvalues.map((e) => right(compileExpr(e.expr, ['r', 'y'])));
    expect(c.law.eigenvalues.map((e) => e.multiplicity)).toEqual([1 / 3, 2 / 3]);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (r, y) => {
        const args = Float64Array.of(r, y);
        const e1 = ((4 / 3) * ((3 * r) / 3 - y)) / (y + 0.7);
        const e2 = ((4 / 3) * (r / 3 - y)) / (y + 0.7);
        return closeRel(c1!(args), e1, 1e-13, 1) && closeRel(c2!(args), e2, 1e-13, 1);
      }),
      { numRuns: 200 },
    );
  });

  it('threshold, edge and outlier agree to 1e-10 over p, p*, a, scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.constantFrom(1, 0.5),
        (p, pstar, a, scale) => {
          const c = compile(referenceModel(p, pstar, a, scale));
          expect(c.cMinAttained).toBe(false);
          expect(c.infimum.toward).toEqual(['y → +∞']);
          expect(closeRel(c.cMin, (-4 / p) * scale, 1e-12)).toBe(true);
          const mine = createSpectralSolver(c.vertex());
          const ref = createSpectralSolver(quadraticVertex({ p, pstar, a, scale }));
          const t1 = mine.threshold();
          const t2 = ref.threshold();
          const floor = scale * 4 / p; // eigenvalue scale: relative to it where λ crosses 0
          const label = `p=${p} p*=${pstar} a=${a} scale=${scale}`;
          expect(t1.transition, label).toBe(t2.transition);
          expect(closeRel(t1.alphaBBP, t2.alphaBBP, 1e-10), `${label}: α_BBP ${t1.alphaBBP} vs ${t2.alphaBBP}`).toBe(true);
          expect(closeRel(t1.edge, t2.edge, 1e-10, floor), `${label}: edge at α_BBP`).toBe(true);
          for (const alpha of [0.5 * t2.alphaBBP, 2 * t2.alphaBBP]) {
            const e1 = mine.edge(alpha);
            const e2 = ref.edge(alpha);
            expect(e1.kind).toBe(e2.kind);
            expect(closeRel(e1.lambda, e2.lambda, 1e-10, floor), `${label}: edge(${alpha}) ${e1.lambda} vs ${e2.lambda}`).toBe(true);
          }
          const o1 = mine.outlier(2 * t2.alphaBBP);
          const o2 = ref.outlier(2 * t2.alphaBBP);
          expect(o1 === null).toBe(o2 === null);
          if (o1 && o2) {
            expect(closeRel(o1.lambda, o2.lambda, 1e-10, floor), `${label}: λ* ${o1.lambda} vs ${o2.lambda}`).toBe(true);
            expect(closeRel(o1.m2, o2.m2, 1e-10), `${label}: m² ${o1.m2} vs ${o2.m2}`).toBe(true);
          }
        },
      ),
      { numRuns: 6, seed: 20240611 },
    );
  });

  it('says what it is', () => {
    const c = compile(referenceModel(2, 1, 1.5));
    expect(c.description).toContain('loss normalizedSquare: (yhat - y)^2/(y + a)');
    expect(c.description).toContain('reduction: rotation-invariant (r, y)');
    expect(c.description).toContain('c_min = -2, approached as y → +∞ (not attained)');
    expect(c.vertex().description).toContain('rotation-invariant (r, y)');
    expect([c.p, c.pstar, c.scale]).toEqual([2, 1, 1]);
  });
});

describe('models without a finite left edge, or outside the supported reductions', () => {
  it('the plain square loss with a quadratic network: NoFiniteEdge naming the loss', () => {
    const m = model({
      teacher: teacher({ width: 1, activation: activations.square }),
      student: student({ width: 2, activation: activations.square }),
      loss: losses.square,
    });
    const e = left(compileModel(right(validateModel(m))));
    expect(e._tag).toBe('NoFiniteEdge');
    expect(e.message).toContain('loss square "(yhat - y)^2"');
    expect(e.message).toContain('unbounded below as y → +∞');
  });

  it('a pole of the loss inside the support: NoFiniteEdge', () => {
    const loss = right(losses.loss('(yhat - y)^2/(y - 0.3)^2'));
    const m = model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: 2, activation: activations.square }), loss });
    const e = left(compileModel(m));
    expect(e._tag).toBe('NoFiniteEdge');
    expect(e.message).toContain('(yhat - y)^2/(y - 0.3)^2');
  });

  const unsupported: [string, Model, string][] = [
    [
      'tanh student of width 2',
      model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: 2, activation: activations.tanh }), loss: losses.normalizedSquare(1) }),
      'invalid student = "tanh with width 2": expected a rotation-invariant vertex',
    ],
    [
      'tanh teacher of width 2',
      model({ teacher: teacher({ width: 2, activation: activations.tanh }), student: student({ width: 2, activation: activations.square }), loss: losses.normalizedSquare(1) }),
      'invalid teacher = "tanh with width 2": expected σ*(z) = b·z² + d for a teacher of width p* > 1',
    ],
    [
      'relu teacher',
      model({ teacher: teacher({ width: 1, activation: activations.relu }), student: student({ width: 1, activation: activations.square }), loss: losses.normalizedSquare(1) }),
      'expected a smooth teacher activation',
    ],
    [
      'infinite width',
      model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: Infinity, activation: activations.square }), loss: losses.normalizedSquare(1) }),
      'invalid student.width = "Infinity": expected a finite width',
    ],
    [
      'tanh student on a tanh teacher (coupled planted directions)',
      model({ teacher: teacher({ width: 1, activation: activations.tanh }), student: student({ width: 1, activation: activations.tanh }), loss: losses.square }),
      'expected decoupled planted directions',
    ],
  ];
  for (const [name, m, message] of unsupported) {
    it(name, () => {
      const e = left(compileModel(m));
      expect(e._tag).toBe('InvalidArgument');
      expect(e.message).toContain(message);
    });
  }

  it('relu student: refused by differentiation unless a convention is chosen, then by the reduction', () => {
    const m = model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: 1, activation: activations.relu }), loss: losses.normalizedSquare(1) });
    expect(left(compileModel(m)).message).toContain('relu is not differentiable everywhere');
    expect(left(compileModel(m, { differentiate: { almostEverywhere: true } })).message).toContain('expected a smooth student activation');
  });

  it('bad rule options throw InvalidArgument from vertex()', () => {
    const c = compile(tanhStudentModel());
    expect(() => c.vertex({ hermiteNodes: 1.5 })).toThrow('invalid hermiteNodes = 1.5');
    expect(() => c.vertex({ gaussianStep: 0 })).toThrow('invalid gaussianStep = 0');
  });
});

describe('structural detection of σ(z) = b z² + d', () => {
  it('recognises quadratics without a linear term, and nothing else', () => {
    expect(quadraticActivation(activations.square)).toEqual({ b: 1, d: 0 });
    expect(quadraticActivation(activations.polynomial([1, 0, 3]))).toEqual({ b: 3, d: 1 });
    expect(quadraticActivation(right(activations.activation('shifted', '(z + 1)^2 - 2*z')))).toEqual({ b: 1, d: 1 });
    expect(quadraticActivation(activations.polynomial([0, 1, 1]))).toBeNull();
    expect(quadraticActivation(activations.cube)).toBeNull();
    expect(quadraticActivation(activations.tanh)).toBeNull();
    expect(quadraticActivation(activations.relu)).toBeNull();
  });

  it('a general quadratic network (σ = 3z² + 1, σ* = 2z² − 1) uses the rotation-invariant reduction with y = 2w − 1', () => {
    const m = model({
      teacher: teacher({ width: 2, activation: activations.polynomial([-1, 0, 2]) }),
      student: student({ width: 3, activation: activations.polynomial([1, 0, 3]) }),
      loss: right(losses.loss('(yhat - y)^2/(y + 3)^2')),
    });
    const c = compile(m);
    expect(c.reduction).toBe('rotation-invariant (r, y)');
    expect(c.law.teacher).toMatchObject({ kind: 'quadratic', b: 2, d: -1 });
    // c₂ = 2bℓ'/p = 2(ŷ − y)/(y + 3)² at ŷ = r + 1: at r = 0 its minimum over y ≥ −1 is −1/4 at y = 5
    expect(c.cMinAttained).toBe(true);
    expect(closeRel(c.cMin, -0.25, 1e-12)).toBe(true);
    expect(c.infimum.at.r).toBe(0);
    expect(closeRel(c.infimum.at.y!, 5, 1e-6)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The two new models

describe('new model (i): quadratic network, loss (ŷ − y)²/(y + a)², p = 2, p* = 1, a = 1', () => {
  const c = compile(squaredDenominatorModel(1));
  const solver = createSpectralSolver(c.vertex());

  it('c_min = −1/(2a), attained at r = 0, y = a (not approached at infinity: the edge stays sharp)', () => {
    // c₂ = 2(r/2 − y)/(y + a)² and c₁ = (3r − 2y)/(y + a)² are smallest at r = 0, where −2y/(y + a)² has its
    // minimum −1/(2a) at y = a; both tend to 0 as y → ∞.
    expect(c.cMinAttained).toBe(true);
    expect(closeRel(c.cMin, -0.5, 1e-12)).toBe(true);
    expect(c.infimum.at.r).toBe(0);
    expect(closeRel(c.infimum.at.y!, 1, 1e-6)).toBe(true);
    expect(c.description).toContain('c_min = -0.5, attained at r = 0, y = 1');
  });

  it('α_BBP ≈ 2.5346, continuous transition; quadrature converged to 1e-10', () => {
    const t = solver.threshold();
    expect(t.transition).toBe('continuous');
    expect(closeRel(t.alphaBBP, 2.534637018734, 1e-10)).toBe(true);
    const fine = createSpectralSolver(c.vertex({ step: 0.15 })).threshold();
    expect(closeRel(fine.alphaBBP, t.alphaBBP, 1e-10)).toBe(true);
    // above threshold the outlier exists, below it does not
    expect(solver.outlier(0.9 * t.alphaBBP)).toBeNull();
    expect(solver.outlier(1.1 * t.alphaBBP)).not.toBeNull();
  });
});

describe('new model (ii): tanh student p = 1, quadratic teacher p* = 1, reference loss, a = 1', () => {
  const c = compile(tanhStudentModel(1));
  const solver = createSpectralSolver(c.vertex());

  it('scalar reduction, c = ℓ″σ′² + ℓ′σ″ at ŷ = tanh z', () => {
    expect(c.reduction).toBe('scalar (p = 1)');
    const f = right(compileExpr(c.law.eigenvalues[0]!.expr, ['z', 'y']));
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }), (z, y) => {
        const T = Math.tanh(z);
        const expected = (2 * (1 - T * T) * (1 - 3 * T * T + 2 * T * y)) / (y + 1);
        return closeRel(f(Float64Array.of(z, y)), expected, 1e-12, 1);
      }),
      { numRuns: 200 },
    );
  });

  it('c_min = −8/(3√3), approached as y → ∞ at tanh z = −1/√3', () => {
    // c = 2(1 − T²)(1 − 3T² + 2Ty)/(y + a) → 4T(1 − T²) as y → ∞, smallest at T = −1/√3.
    expect(c.cMinAttained).toBe(false);
    expect(c.infimum.toward).toEqual(['y → +∞']);
    expect(closeRel(c.cMin, -8 / (3 * Math.sqrt(3)), 1e-12)).toBe(true);
    expect(Math.abs(c.infimum.at.z! - Math.atanh(-1 / Math.sqrt(3)))).toBeLessThan(1e-6);
  });

  it('α_BBP ≈ 37.278, continuous; converged in both rules, and Gauss–Hermite needs ~5× the nodes', () => {
    const t = solver.threshold();
    expect(t.transition).toBe('continuous');
    expect(closeRel(t.alphaBBP, 37.278434885152, 1e-10)).toBe(true);
    const alpha = 2 * t.alphaBBP;
    const reference = { alphaBBP: t.alphaBBP, edge: solver.edge(alpha).lambda, outlier: solver.outlier(alpha)! };
    const check = (s: SpectralSolver, tol: number): boolean => {
      const o = s.outlier(alpha)!;
      return (
        closeRel(s.threshold().alphaBBP, reference.alphaBBP, tol) &&
        closeRel(s.edge(alpha).lambda, reference.edge, tol) &&
        closeRel(o.lambda, reference.outlier.lambda, tol) &&
        closeRel(o.m2, reference.outlier.m2, tol)
      );
    };
    // trapezoid step halved, Gamma step halved: < 1e-10
    expect(check(createSpectralSolver(c.vertex({ gaussianStep: 0.05 })), 1e-10)).toBe(true);
    expect(check(createSpectralSolver(c.vertex({ step: 0.15 })), 1e-10)).toBe(true);
    // Gauss–Hermite: 96 nodes are off by ~1e-6, 512 nodes agree (the strip of analyticity is narrow, see gaussianRule.ts)
    expect(check(createSpectralSolver(c.vertex({ hermiteNodes: 96 })), 1e-8)).toBe(false);
    expect(check(createSpectralSolver(c.vertex({ hermiteNodes: 512 })), 1e-10)).toBe(true);
  });

  it('the student’s own direction is a spike below the bulk (THEORY §5 lists only the teacher’s)', () => {
    const own = createSpectralSolver(c.studentDirection!());
    const t = own.threshold();
    expect(t.alphaBBP).toBeLessThan(solver.threshold().alphaBBP);
    const o = own.outlier(100)!;
    expect(o.lambda).toBeLessThan(solver.outlier(100)!.lambda);
    expect(o.m2).toBeGreaterThan(0.95);
    expect(compile(squaredDenominatorModel()).studentDirection).toBeNull();
  });
});

describe('Gaussian trapezoidal rule', () => {
  it('integrates moments of N(0, 1) exactly to rounding, symmetric nodes', () => {
    const rule = gaussianTrapezoidRule(0.1);
    const moment = (k: number): number => rule.nodes.reduce((s, z, i) => s + rule.weights[i]! * z ** k, 0);
    expect(Math.abs(moment(0) - 1)).toBeLessThan(1e-15);
    expect(Math.abs(moment(1))).toBeLessThan(1e-16);
    expect(Math.abs(moment(2) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(moment(4) - 3)).toBeLessThan(1e-13);
    expect(Math.abs(moment(6) - 15)).toBeLessThan(1e-12);
    const n = rule.nodes.length;
    expect(rule.nodes[(n - 1) / 2]).toBe(0);
    for (let i = 0; i < n; i++) expect(rule.nodes[i]! + rule.nodes[n - 1 - i]!).toBe(0);
  });

  it('E[tanh(z)²] matches Gauss–Hermite with 400 nodes to 1e-14 at step 0.1 (185 nodes)', () => {
    const mean = (rule: { nodes: Float64Array; weights: Float64Array }): number =>
      rule.nodes.reduce((s, z, i) => s + rule.weights[i]! * Math.tanh(z) ** 2, 0);
    const rule = gaussianTrapezoidRule(0.1);
    expect(rule.nodes.length).toBe(185);
    expect(Math.abs(mean(rule) - mean(gaussHermiteProbabilists(400)))).toBeLessThan(1e-14);
  });
});
