import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { attempt } from '../../../src/errors.js';
import { sampleProblem, type ProblemParameters } from '../../../src/numeric/montecarlo/problem.js';

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i]! * b[bo + i]!;
  return s;
}

describe('sampleProblem', () => {
  const base: ProblemParameters = { n: 40, alpha: 2.5, p: 3, pstar: 4, seed: 11 };

  it('has the documented shapes and carries its parameters', () => {
    const pb = sampleProblem(base);
    expect(pb.m).toBe(100);
    expect(pb.x.length).toBe(100 * 40);
    expect(pb.student.length).toBe(3 * 40);
    expect(pb.teacher.length).toBe(4 * 40);
    expect([pb.n, pb.alpha, pb.p, pb.pstar, pb.seed]).toEqual([40, 2.5, 3, 4, 11]);
    expect(sampleProblem({ ...base, alpha: 0.51 }).m).toBe(20); // round(20.4)
  });

  it('student rows lie on the sphere |w|² = n; teacher rows are orthogonal with |w*|² = n', () => {
    const { n, p, pstar, student, teacher } = sampleProblem(base);
    for (let l = 0; l < p; l++) expect(dot(student, l * n, student, l * n, n)).toBeCloseTo(n, 10);
    for (let k = 0; k < pstar; k++) {
      for (let q = 0; q < pstar; q++) {
        expect(dot(teacher, k * n, teacher, q * n, n)).toBeCloseTo(k === q ? n : 0, 10);
      }
    }
  });

  it('a full teacher basis (pstar = n) is orthonormal too', () => {
    const n = 12;
    const { teacher } = sampleProblem({ n, alpha: 1, p: 1, pstar: n, seed: 5 });
    let worst = 0;
    for (let k = 0; k < n; k++) {
      for (let q = 0; q < n; q++) worst = Math.max(worst, Math.abs(dot(teacher, k * n, teacher, q * n, n) - (k === q ? n : 0)));
    }
    expect(worst).toBeLessThan(1e-12 * n);
  });

  it('inputs look standard normal', () => {
    const { x } = sampleProblem({ n: 100, alpha: 10, p: 1, pstar: 1, seed: 3 });
    let s1 = 0;
    let s2 = 0;
    for (const v of x) {
      s1 += v;
      s2 += v * v;
    }
    expect(Math.abs(s1 / x.length)).toBeLessThan(5 / Math.sqrt(x.length));
    expect(Math.abs(s2 / x.length - 1)).toBeLessThan(5 * Math.sqrt(2 / x.length));
  });

  it('is reproducible by seed, and different seeds differ', () => {
    const a = sampleProblem(base);
    const b = sampleProblem(base);
    expect(b.x).toEqual(a.x);
    expect(b.student).toEqual(a.student);
    expect(b.teacher).toEqual(a.teacher);
    const c = sampleProblem({ ...base, seed: 12 });
    expect(c.x[0]).not.toBe(a.x[0]);
    expect(c.student[0]).not.toBe(a.student[0]);
    expect(c.teacher[0]).not.toBe(a.teacher[0]);
  });

  it('changing alpha keeps student and teacher and extends the inputs; changing p or pstar keeps leading rows', () => {
    const a = sampleProblem(base);
    const b = sampleProblem({ ...base, alpha: 4 });
    expect(b.student).toEqual(a.student);
    expect(b.teacher).toEqual(a.teacher);
    expect(b.x.subarray(0, a.x.length)).toEqual(a.x);
    const c = sampleProblem({ ...base, p: 1, pstar: 2 });
    expect(c.student).toEqual(a.student.subarray(0, base.n));
    expect(c.teacher).toEqual(a.teacher.subarray(0, 2 * base.n));
    expect(c.x).toEqual(a.x);
  });

  it('names the bad parameter', () => {
    const cases: Array<[Partial<ProblemParameters>, string]> = [
      [{ n: 0 }, 'n'],
      [{ n: 2.5 }, 'n'],
      [{ alpha: 0 }, 'alpha'],
      [{ alpha: Number.NaN }, 'alpha'],
      [{ alpha: Number.POSITIVE_INFINITY }, 'alpha'],
      [{ alpha: 0.001 }, 'alpha'], // round(0.04) = 0 inputs
      [{ p: 0 }, 'p'],
      [{ p: 41 }, 'p'],
      [{ pstar: 1.5 }, 'pstar'],
      [{ pstar: 41 }, 'pstar'],
      [{ seed: -1 }, 'seed'],
    ];
    for (const [change, parameter] of cases) {
      const r = attempt(() => sampleProblem({ ...base, ...change }));
      expect(E.isLeft(r) && r.left._tag === 'InvalidArgument' ? r.left.parameter : 'accepted').toBe(parameter);
    }
  });
});
