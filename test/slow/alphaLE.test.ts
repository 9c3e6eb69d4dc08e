// α_LE(κ = 0) by Brent's method on the smallest slope of φ_FP(d) for κ_max(α) references (minutes: run with
// BBP_SLOW=1). The curves just below and just above it must be monotone and non-monotone on a fine grid of d
// around the touching point, a check by a different route (sign pattern of the slopes, no minimization).
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alphaLE, franzParisi } from '../../src/localEntropy.js';

describe('alphaLE (slow)', () => {
  it('α_LE(0) ≈ 0.729 < α_c(0); φ_FP(d) of κ_max references is monotone at α_LE − 0.005, not at α_LE + 0.005', () => {
    const r = alphaLE(0, { alphaTolerance: 1e-4 });
    if (E.isLeft(r)) throw new Error(r.left.message);
    const { alphaLE: a, alphaC, dTouch } = r.right;
    expect(a).toBeGreaterThan(0.7);
    expect(a).toBeLessThan(alphaC);
    expect(r.right.bracket[1] - r.right.bracket[0]).toBeLessThanOrEqual(2e-4);
    const dGrid = Array.from({ length: 13 }, (_, k) => dTouch * 4 ** ((k - 6) / 6));
    const curve = (alpha: number) => {
      const c = franzParisi({ alpha, kappa: 0, kappaRef: 'max', dGrid });
      if (E.isLeft(c)) throw new Error(c.left.message);
      return c.right;
    };
    expect(curve(a - 0.005).monotone).toBe(true);
    expect(curve(a + 0.005).monotone).toBe(false);
  }, 900_000);
});
