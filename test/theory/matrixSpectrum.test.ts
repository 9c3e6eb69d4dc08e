/**
 * `spectrum` and `overlapCurve` for the p×p matrix reduction (non-quadratic students): the matrix path on a
 * quadratic student against the rotation-invariant solver, the density's mass and moments against
 * quadrature-free closed forms, and a seeded dense Monte Carlo check for a tanh student.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/analytic/compile.js';
import { compileMatrixModel, withMatrixQmc, type MatrixCompiledModel } from '../../src/analytic/matrixVertex.js';
import { activations, losses, model, student, teacher, type Activation } from '../../src/dsl/index.js';
import { orThrow } from '../../src/errors.js';
import { symmetricEigen } from '../../src/numeric/linalg/symmetricEigen.js';
import { denseHessian } from '../../src/numeric/montecarlo/denseHessian.js';
import { sampleProblem } from '../../src/numeric/montecarlo/problem.js';
import { matrixDensityOnGrid, matrixSpectralMoments } from '../../src/numeric/spectral/matrix/density.js';
import type { MatrixVertexLaw } from '../../src/numeric/spectral/matrix/law.js';
import { createMatrixSolver } from '../../src/numeric/spectral/matrix/solver.js';
import { meanAndStandardError } from '../../src/numeric/statistics.js';
import { overlapCurve, spectrum, threshold } from '../../src/theory.js';

const mk = (p: number, act: Activation, a = 1) =>
  model({ teacher: teacher({ width: 1, activation: activations.square }), student: student({ width: p, activation: act }), loss: losses.normalizedSquare(a) });
const rel = (x: number, y: number, floor = 1e-300): number => Math.abs(x - y) / Math.max(Math.abs(y), floor);
const grid = (from: number, to: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, k) => from + ((to - from) * k) / (n - 1));

/** Trapezoid ∫ f ρ dλ on a uniform grid. */
function integrate(lambda: Float64Array, rho: Float64Array, f: (x: number) => number): number {
  let s = 0;
  for (let k = 1; k < lambda.length; k++) s += 0.5 * (lambda[k]! - lambda[k - 1]!) * (f(lambda[k]!) * rho[k]! + f(lambda[k - 1]!) * rho[k - 1]!);
  return s;
}

/**
 * m₁, m₂, m₃ by direct p×p matrix products over the nodes of an unsorted law (no eigen-decomposition, no
 * series): with S₀ = αE[A], S₁ = αE[A²], S₂ = αE[A S₀ A] + αE[A³], G = w Σⱼ (wΣ)ʲ gives
 * M₁ = S₀, M₂ = S₁ + S₀², M₃ = S₂ + S₀S₁ + S₁S₀ + S₀³ and m_k = tr M_k / p.
 */
function momentsByMatrixProducts(law: MatrixVertexLaw, alpha: number): number[] {
  const { p, size, weight, matrix } = law;
  const pp = p * p;
  const mul = (a: Float64Array, b: Float64Array): Float64Array => {
    const c = new Float64Array(pp);
    for (let r = 0; r < p; r++) for (let s = 0; s < p; s++) for (let k = 0; k < p; k++) c[r * p + s]! += a[r * p + k]! * b[k * p + s]!;
    return c;
  };
  const add = (...xs: Float64Array[]): Float64Array => xs.reduce((acc, x) => acc.map((v, i) => v + x[i]!), new Float64Array(pp));
  const scaled = (x: Float64Array, c: number): Float64Array => x.map((v) => v * c);
  const tr = (x: Float64Array): number => Array.from({ length: p }, (_, l) => x[l * p + l]!).reduce((s, v) => s + v, 0) / p;
  let S0: Float64Array = new Float64Array(pp);
  let S1: Float64Array = new Float64Array(pp);
  let A3: Float64Array = new Float64Array(pp);
  for (let i = 0; i < size; i++) {
    const A = matrix.slice(i * pp, (i + 1) * pp);
    const w = alpha * weight[i]!;
    const A2 = mul(A, A);
    S0 = add(S0, scaled(A, w));
    S1 = add(S1, scaled(A2, w));
    A3 = add(A3, scaled(mul(A2, A), w));
  }
  let ASA: Float64Array = new Float64Array(pp);
  for (let i = 0; i < size; i++) {
    const A = matrix.slice(i * pp, (i + 1) * pp);
    ASA = add(ASA, scaled(mul(mul(A, S0), A), alpha * weight[i]!));
  }
  const S2 = add(ASA, A3);
  return [tr(S0), tr(add(S1, mul(S0, S0))), tr(add(S2, mul(S0, S1), mul(S1, S0), mul(mul(S0, S0), S0)))];
}

describe('matrix spectrum of a quadratic student reproduces the rotation-invariant (r, y) solver', () => {
  it('p = 2, p* = 1, a = 1, α = 3: edge, outlier, m², moments to ≤ 1e-7 and the density to 2e-6', () => {
    const m = mk(2, activations.square);
    const matrix = orThrow(compileMatrixModel(m));
    const scalar = orThrow(compileModel(m));
    const g = { from: -1.5, to: 12, points: 10 };
    const mine = orThrow(spectrum(matrix, 3, { quadrature: { gaussianStep: 0.25 }, grid: g }));
    const ref = orThrow(spectrum(scalar, 3, { grid: g }));
    expect(mine.model).toMatchObject({ reduction: 'permutation-symmetric p×p resolvent', p: 2 });
    expect(rel(mine.edge, ref.edge)).toBeLessThan(1e-8);
    expect(mine.edgeKind).toBe(ref.edgeKind);
    expect(rel(mine.edgeG, ref.edgeG)).toBeLessThan(1e-7);
    expect(ref.outlier).not.toBeNull();
    expect(rel(mine.outlier!, ref.outlier!)).toBeLessThan(1e-8);
    expect(rel(mine.m2, ref.m2)).toBeLessThan(1e-7);
    // rotation invariance: both teacher families carry the same outlier (multiplicity 1 and p − 1)
    const fam = mine.outliers!.filter((o) => o.family !== 'student');
    expect(fam.map((o) => o.family).sort()).toEqual(['teacher-1', 'teacher-perp']);
    expect(rel(fam[0]!.lambda, fam[1]!.lambda)).toBeLessThan(1e-8);
    mine.moments.forEach((v, k) => expect(rel(v, ref.moments[k]!)).toBeLessThan(1e-9));
    expect(mine.atomAtZero).toBe(ref.atomAtZero);
    expect(mine.densityMaxResidual).toBeLessThan(1e-10);
    mine.density.rho.forEach((r, k) => expect(Math.abs(r - ref.density.rho[k]!)).toBeLessThan(2e-6 * Math.max(r, 1e-3)));
  });
});

describe('density and moments of a tanh student (p = 2, trapezoid rule, step 0.5)', () => {
  const c = orThrow(compileMatrixModel(mk(2, activations.tanh)));
  const rule = { gaussianStep: 0.5 };
  const law = c.law(rule);

  it('the series moments equal direct matrix products over the unsorted law, and the sorted law gives the same', () => {
    const full = c.fullLaw(rule);
    for (const alpha of [0.5, 30]) {
      const direct = momentsByMatrixProducts(full, alpha);
      const series = matrixSpectralMoments(full, alpha, 3);
      const sorted = matrixSpectralMoments(law, alpha, 3);
      direct.forEach((v, k) => {
        expect(rel(series[k]!, v)).toBeLessThan(1e-11);
        expect(rel(sorted[k]!, v)).toBeLessThan(1e-11);
      });
    }
  });

  it('α = 30: ∫ρ = 1 − atom, ∫λρ = m₁, ∫λ²ρ = m₂ (trapezoid on 601 points from the edge)', () => {
    // a coarse law is enough: these identities hold for any discretized law (its own moments)
    const coarse = c.law({ gaussianStep: 0.7, step: 0.5 });
    const alpha = 30;
    const solver = createMatrixSolver(coarse);
    const edge = solver.edge(alpha).lambda;
    const moments = matrixSpectralMoments(coarse, alpha, 2);
    const sd = Math.sqrt(moments[1]! - moments[0]! ** 2);
    const d = matrixDensityOnGrid(solver, alpha, grid(edge, moments[0]! + 5 * sd, 601), sd);
    expect(d.density.subarray(-20).every((r) => r < 1e-30)).toBe(true); // the grid covers the support
    expect(d.atom).toBe(0);
    // the trapezoid rule's error at the square-root edges (left edge and both sides of the gap near λ ≈ 1.5)
    // is O(h^1.5) ≈ 1e-4 here (h ≈ 0.045; measured 2.5e-4 between 401 and 801 points)
    const targets = [1 - d.atom, moments[0]!, moments[1]!];
    [(x: number) => 1, (x: number) => x, (x: number) => x * x].forEach((f, k) => {
      expect(Math.abs(integrate(d.lambda, d.density, f) - targets[k]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(targets[k]!)));
    });
  });
});

describe('tanh student p = 2 on a square teacher (p* = 1, a = 1, α = 4): theory vs dense Monte Carlo Hessians', () => {
  it('moments m₁, m₂ and the eigenvalue counts below two points, within 3 standard errors (N = 120, 8 seeds)', () => {
    const c = orThrow(compileMatrixModel(mk(2, activations.tanh)));
    const alpha = 4;
    const law = c.law({ gaussianStep: 0.5 }); // m₁, m₂ within 1e-6 of step 0.2
    const solver = createMatrixSolver(law);
    const edge = solver.edge(alpha).lambda;
    const moments = matrixSpectralMoments(law, alpha, 2);
    const sd = Math.sqrt(moments[1]! - moments[0]! ** 2);
    // (a cut nearer the edge, λ = −1, shows the O(1/N) edge bias at N = 120: 3.4 SE; at N = 300 it agrees)
    const cuts = [0, 1.5];
    const d = matrixDensityOnGrid(solver, alpha, grid(edge, 1.5, 161), sd);
    // eigenvalues below x at size pN: pN·∫ρ plus the outliers below x (each family with its multiplicity)
    const n = 120;
    const outliers = (['teacher-1', 'teacher-perp', 'student'] as const).flatMap((f) =>
      // teacher families: p* = 1 direction along 1, p*(p − 1) = 1 on its complement
      solver.outliers(alpha, f).map((o) => ({ lambda: o.lambda, count: f === 'student' ? o.multiplicity : 1 })),
    );
    console.log(`edge ${edge}, outliers ${JSON.stringify(outliers)}`);
    const cdf = cuts.map((x) =>
      integrate(d.lambda, d.density.map((r, k) => (d.lambda[k]! <= x ? r : 0)), () => 1) +
      outliers.filter((o) => o.lambda <= x).reduce((s, o) => s + o.count, 0) / (2 * n),
    );
    const rows: number[][] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const pb = sampleProblem({ n, alpha, p: 2, pstar: 1, seed });
      const ev = symmetricEigen(denseHessian(pb, c.pointwise).matrix, 2 * n).values;
      const size = ev.length;
      rows.push([
        ev.reduce((s, v) => s + v, 0) / size,
        ev.reduce((s, v) => s + v * v, 0) / size,
        ...cuts.map((x) => ev.filter((v) => v <= x).length / size),
      ]);
    }
    const theory = [moments[0]!, moments[1]!, ...cdf];
    theory.forEach((t, k) => {
      const e = meanAndStandardError(rows.map((r) => r[k]!));
      console.log(`quantity ${k}: theory ${t}, Monte Carlo ${e.mean} ± ${e.standardError}`);
      expect(Math.abs(e.mean - t)).toBeLessThan(3 * e.standardError);
    });
  });
});

describe('overlapCurve, threshold and QMC for a matrix model', () => {
  const c = orThrow(compileMatrixModel(mk(2, activations.square)));
  it('the overlap curve of the quadratic student through the matrix path equals the scalar one', () => {
    const range = { from: 1, to: 3, step: 1 };
    const mine = orThrow(overlapCurve(c, range, { quadrature: { gaussianStep: 0.3 } }));
    const ref = orThrow(overlapCurve(orThrow(compileModel(mk(2, activations.square))), range));
    expect(rel(mine.alphaBBP, ref.alphaBBP)).toBeLessThan(1e-7);
    expect(mine.transition).toBe(ref.transition);
    mine.points.forEach((q, k) => {
      const r = ref.points[k]!;
      expect(Math.abs(q.m2 - r.m2)).toBeLessThan(1e-7);
      expect(q.outlier === null).toBe(r.outlier === null);
      expect(rel(q.edge, r.edge)).toBeLessThan(1e-7);
    });
  });

  it('QMC: means with standard errors that cover the tensor-rule value; bad settings are typed errors', () => {
    const tanh: MatrixCompiledModel = orThrow(compileMatrixModel(mk(2, activations.tanh)));
    const q = orThrow(withMatrixQmc(tanh, { points: 256, replicates: 4, seed: 4 }));
    const s = orThrow(spectrum(q, 4, { grid: { from: -1, to: 2, points: 4 } }));
    const law = tanh.law({ gaussianStep: 0.5 }); // edge within 1.3e-3 of step 0.2, moments within 2e-4
    const exactEdge = createMatrixSolver(law).edge(4).lambda;
    const exactMoments = matrixSpectralMoments(law, 4, 3);
    expect(s.qmc).toMatchObject({ points: 256, replicates: 4, seed: 4 });
    const qe = s.qmc!;
    expect(qe.edge!.n).toBe(4);
    expect(s.edge).toBe(qe.edge!.mean);
    expect(Math.abs(qe.edge!.mean - exactEdge)).toBeLessThan(4 * qe.edge!.standardError);
    qe.moments!.forEach((m, k) => expect(Math.abs(m.mean - exactMoments[k]!)).toBeLessThan(4 * m.standardError));
    expect(qe.densityStandardError).toHaveLength(4);
    const bad = [
      [{ points: 3 }, 'qmc.points'],
      [{ points: 1024, replicates: 1 }, 'qmc.replicates'],
      [{ points: 1024, seed: -1 }, 'qmc.seed'],
    ] as const;
    for (const [o, name] of bad) {
      const r = withMatrixQmc(tanh, o);
      expect(r._tag === 'Left' && r.left._tag === 'InvalidArgument' && r.left.parameter).toBe(name);
    }
  });

  it('threshold of the quadratic student through the matrix path equals the scalar one', () => {
    const t = orThrow(threshold(c, { quadrature: { gaussianStep: 0.3 } }));
    const ref = orThrow(threshold(orThrow(compileModel(mk(2, activations.square)))));
    expect(rel(t.alphaBBP, ref.alphaBBP)).toBeLessThan(1e-7);
  });

  it('typed errors: bad α or grid for a matrix model; a non-quadratic teacher of width 2 is refused, naming the teacher', () => {
    const a = spectrum(c, -1);
    expect(a._tag === 'Left' && a.left._tag === 'InvalidArgument' && a.left.parameter).toBe('alpha');
    const g = spectrum(c, 2, { quadrature: { gaussianStep: 0.6 }, grid: { from: 1, to: 0, points: 5 } });
    expect(g._tag === 'Left' && g.left._tag === 'InvalidArgument' && g.left.parameter).toBe('grid.to');
    const cert = threshold(c, { certify: true });
    expect(cert._tag === 'Left' && cert.left._tag === 'InvalidArgument' && cert.left.parameter).toBe('certify');
    const m = model({ teacher: teacher({ width: 2, activation: activations.tanh }), student: student({ width: 2, activation: activations.tanh }), loss: losses.normalizedSquare(1) });
    const r = compileMatrixModel(m);
    expect(r._tag === 'Left' && r.left._tag === 'InvalidArgument' && r.left.parameter).toBe('teacher');
    expect(r._tag === 'Left' && r.left.message).toContain('tanh with width 2');
  });
});
