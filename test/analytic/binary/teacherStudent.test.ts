import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveTeacherStudent, teacherStudentTransition } from '../../../src/analytic/binary/teacherStudent.js';
import { referenceTeacherStudent } from './reference.js';

describe('teacher–student binary perceptron', () => {
  it('obeys the Nishimori identities q = R, q̂ = R̂ at κ = 0 (not imposed by the solver; property over α)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 1.4, noNaN: true }), (alpha) => {
      const s = solveTeacherStudent({ alpha, kappa: 0 });
      expect(s.converged).toBe(true);
      expect(Math.abs(s.q - s.R)).toBeLessThan(1e-11);
      expect(Math.abs(s.qHat - s.RHat)).toBeLessThan(1e-10 * Math.max(1, s.qHat));
      expect(s.ebary).toBeLessThanOrEqual(s.eg + 1e-15);
    }), { numRuns: 15 });
  });

  it('agrees with the Nishimori-line reference (adaptive quadrature, finite-difference q̂) at α = 0.7 and 1.2', () => {
    for (const alpha of [0.7, 1.2]) {
      const s = solveTeacherStudent({ alpha, kappa: 0 });
      const ref = referenceTeacherStudent(alpha);
      expect(Math.abs(s.q - ref.q)).toBeLessThan(1e-8);
      expect(Math.abs(s.phi - ref.phi)).toBeLessThan(1e-9);
    }
  });

  it('has the first-order transition α_GD ≈ 1.245 (Györgyi 1990) where φ of the poor branch reaches 0', () => {
    const alphaGD = teacherStudentTransition(0);
    expect(Math.abs(alphaGD - 1.245)).toBeLessThan(5e-4);
    // independent: the reference φ changes sign across α_GD ± 1e-6
    expect(referenceTeacherStudent(alphaGD - 1e-6).phi).toBeGreaterThan(0);
    expect(referenceTeacherStudent(alphaGD + 1e-6).phi).toBeLessThan(0);
    // tightening the solver and halving the quadrature step move it by < 1e-7
    expect(Math.abs(teacherStudentTransition(0, { tolerance: 1e-15 }) - alphaGD)).toBeLessThan(1e-7);
    expect(Math.abs(teacherStudentTransition(0, { quadratureStep: 0.05 }) - alphaGD)).toBeLessThan(1e-7);
  });

  it('ε_g decreases from 1/2 as α grows', () => {
    let prev = 0.5;
    for (const alpha of [1e-3, 0.2, 0.6, 1, 1.3]) {
      const eg = solveTeacherStudent({ alpha, kappa: 0 }).eg;
      expect(eg).toBeLessThan(prev);
      prev = eg;
    }
    expect(Math.abs(solveTeacherStudent({ alpha: 1e-6, kappa: 0 }).eg - 0.5)).toBeLessThan(1e-5);
  });

  it('solves with a margin (κ = 0.5) where Nishimori no longer holds, and rejects bad input', () => {
    const s = solveTeacherStudent({ alpha: 0.5, kappa: 0.5 });
    expect(s.converged).toBe(true);
    expect(s.q).toBeGreaterThan(s.R);
    expect(() => solveTeacherStudent({ alpha: -1, kappa: 0 })).toThrow(/invalid alpha = -1/);
    expect(() => teacherStudentTransition(-1)).toThrow(/invalid kappa = -1/);
  });
});
