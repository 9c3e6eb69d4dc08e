// φ_FP stated in the DSL (symbolic saddle-point equations, generic Gaussian rules) against the hand-compiled
// solver: the same value and a vanishing symbolic gradient at the solver's saddle point, at distances where the
// DSL's sinh-mapped rules are accurate (measured: step 0.05 reaches ~1e-12 at d = 0.2 and ~1e-10 at d = 0.1;
// at d = 0.05 only ~3e-5 on the gradient, which is why the solver has its own graded quadrature).
import { describe, expect, it } from 'vitest';
import { franzParisiFreeEntropy } from '../../../src/analytic/binary/franzParisiDsl.js';
import { solveFranzParisi } from '../../../src/analytic/binary/franzParisi.js';
import { solveStorage } from '../../../src/analytic/binary/storage.js';
import { compileFreeEntropy, printFreeEntropy } from '../../../src/dsl/freeEntropy.js';
import { orThrow } from '../../../src/errors.js';

describe('Franz–Parisi free entropy in the DSL', () => {
  const fe = franzParisiFreeEntropy();

  it('prints with its five order parameters and the nested Gaussian integrals', () => {
    expect(fe.orderParameters).toEqual(['q', 'qhat', 't', 'that', 'shat']);
    const text = printFreeEntropy(fe);
    expect(text).toContain('∫Dzt ∫Dz');
    expect(text).toContain('∫Dz0 ∫Dy');
    expect(printFreeEntropy(fe, 'latex')).toContain('\\log 2\\cosh');
  });

  it('symbolic saddle-point equations vanish at the hand-compiled solution, and φ agrees', () => {
    const alpha = 0.6;
    const kappaRef = 0.2;
    const ref = solveStorage({ alpha, kappa: kappaRef }, { tolerance: 1e-14 });
    for (const [d, phiTol, gradTol] of [[0.2, 1e-11, 1e-10], [0.1, 1e-12, 5e-9]] as const) {
      const p = solveFranzParisi({ alpha, kappa: 0, kappaRef, d, reference: { q: ref.q, qHat: ref.qHat } }, { tolerance: 1e-13 });
      expect(p.converged).toBe(true);
      const c = orThrow(compileFreeEntropy(fe, { alpha, kappa: 0, kappaRef, S: 1 - 2 * d, qRef: ref.q, qhatRef: ref.qHat }, { quadratureStep: 0.05 }));
      const x = Float64Array.of(p.q, p.qHat, p.t, p.tHat, p.sHat);
      const g = new Float64Array(5);
      c.gradient(x, g);
      expect(Math.abs(c.phi(x) - p.phi)).toBeLessThan(phiTol);
      for (const v of g) expect(Math.abs(v)).toBeLessThan(gradTol);
    }
  });
});
