/**
 * Self-checks of the independent reference implementation (test/reference). The comparison with the
 * library's general solver lives elsewhere; nothing here imports from `src/`.
 */
import { describe, expect, it } from 'vitest';
import {
  expectation1D,
  expectation2D,
  gaussKronrod21,
  integrate,
  integrateHalfLine,
} from './adaptiveQuadrature.js';
import { brentRoot, referencePhaseRetrieval } from './phaseRetrieval.js';

const A_VALUES = [0.05, 0.3, 0.7, 1.5, 5] as const;

/** erfcx(u) = e^{u²} erfc(u) for 0 ≤ u ≤ ~2, from the all-positive series
 *  erf(u) = (2/√π) e^{−u²} Σ_n 2^n u^{2n+1} / (2n+1)!!  (no cancellation inside the sum). */
function erfcxSeries(u: number): number {
  let term = u;
  let sum = u;
  for (let n = 1; n < 200; n++) {
    term *= (2 * u * u) / (2 * n + 1);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return Math.exp(u * u) - (2 / Math.sqrt(Math.PI)) * sum;
}

/** J(a) = E_z[1/(a + 3z²)] = √(π/(6a)) e^{a/6} erfc(√(a/6)). */
function jClosed(a: number): number {
  const u = Math.sqrt(a / 6);
  return (Math.sqrt(Math.PI) / (6 * u)) * erfcxSeries(u);
}

/** J2(a) = E_z[1/(a + 3z²)²] = −dJ/da, differentiating the closed form of J in u = √(a/6). */
function j2Closed(a: number): number {
  const u = Math.sqrt(a / 6);
  const ex = erfcxSeries(u);
  return (Math.sqrt(Math.PI) / (72 * u)) * (ex / (u * u) - 2 * ex + 2 / (Math.sqrt(Math.PI) * u));
}

/** E_t[1/(t² + a)] = √(π/(2a)) e^{a/2} erfc(√(a/2)). */
function invYPlusA(a: number): number {
  return Math.sqrt(Math.PI / (2 * a)) * erfcxSeries(Math.sqrt(a / 2));
}

const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe('Gauss–Kronrod rule and adaptive quadrature', () => {
  it('G10–K21 integrates monomials exactly (K21 to degree 31, G10 to degree 19)', () => {
    const { xgk, wgk, wg } = gaussKronrod21;
    const rule = (k: number, gaussOnly: boolean): number => {
      let s = gaussOnly ? 0 : (wgk[10] as number) * (k === 0 ? 1 : 0);
      for (let j = 0; j < 10; j++) {
        const x = xgk[j] as number;
        const fx = Math.pow(x, k) + Math.pow(-x, k);
        if (gaussOnly) {
          if (j % 2 === 1) s += (wg[(j - 1) / 2] as number) * fx;
        } else s += (wgk[j] as number) * fx;
      }
      return s;
    };
    for (let k = 0; k <= 31; k++) {
      const exact = k % 2 === 0 ? 2 / (k + 1) : 0;
      expect(Math.abs(rule(k, false) - exact)).toBeLessThan(4e-16);
      if (k <= 19) expect(Math.abs(rule(k, true) - exact)).toBeLessThan(4e-16);
    }
    // and they are not exact one degree higher (the rules are what they claim to be)
    expect(Math.abs(rule(32, false) - 2 / 33)).toBeGreaterThan(1e-14);
    expect(Math.abs(rule(20, true) - 2 / 21)).toBeGreaterThan(1e-10);
  });

  it('resolves a nearly singular Lorentzian and an endpoint singularity', () => {
    const eps = 1e-3;
    const r = integrate((x) => 1 / (x * x + eps * eps), 0, 1);
    expect(rel(r.value, Math.atan(1 / eps) / eps)).toBeLessThan(1e-13);
    expect(r.converged).toBe(true);
    const s = integrate((x) => 1 / Math.sqrt(x), 0, 1, { relTol: 1e-12 });
    expect(rel(s.value, 2)).toBeLessThan(1e-11);
  });

  it('half-line map: ∫_0^∞ e^{-x} x^3 = 6 and ∫_0^∞ e^{-x²/2} = √(π/2)', () => {
    expect(rel(integrateHalfLine((x) => Math.exp(-x) * x ** 3, 0).value, 6)).toBeLessThan(1e-14);
    expect(rel(integrateHalfLine((x) => Math.exp(-0.5 * x * x), 0).value, Math.sqrt(Math.PI / 2))).toBeLessThan(
      1e-14,
    );
  });

  it('2D Gaussian/χ²_1 expectations with closed forms (1e-13 relative)', () => {
    expect(rel(expectation2D((z2) => z2).value, 1)).toBeLessThan(1e-13);
    expect(rel(expectation2D((_z2, y) => y * y).value, 3)).toBeLessThan(1e-13);
    expect(rel(expectation2D((z2, y) => z2 * z2 * y * y * y).value, 45)).toBeLessThan(1e-13);
    // E[1/(y+1)] = √(π/2) e^{1/2} erfc(1/√2) ≈ 0.65567954241879…, erfc from its series
    const e1 = invYPlusA(1);
    expect(rel(e1, Math.sqrt(Math.PI / 2) * Math.exp(0.5) * 0.31731050786291410283)).toBeLessThan(1e-15);
    expect(rel(expectation2D((_z2, y) => 1 / (y + 1)).value, e1)).toBeLessThan(1e-13);
    for (const a of A_VALUES) {
      expect(rel(expectation2D((_z2, y) => 1 / (y + a)).value, invYPlusA(a))).toBeLessThan(1e-13);
      expect(rel(expectation2D((z2) => 1 / (a + 3 * z2)).value, jClosed(a))).toBeLessThan(1e-13);
      expect(rel(expectation1D((z2) => 1 / (a + 3 * z2) ** 2).value, j2Closed(a))).toBeLessThan(1e-13);
    }
  });

  it('swapping the nesting order gives the same 2D integral', () => {
    for (const a of [0.05, 1.5]) {
      const f = (z2: number, y: number): number => ((y - 1) * (3 * z2 - y) ** 2) / (a + 0.3 * y + 2.4 * z2) ** 2;
      const v1 = expectation2D(f).value;
      const v2 = expectation2D(f, { inner: 't' }).value;
      expect(rel(v2, v1)).toBeLessThan(1e-13);
    }
  });

  it('brentRoot finds roots to machine precision', () => {
    expect(rel(brentRoot((x) => x * x - 2, 0, 2), Math.SQRT2)).toBeLessThan(4e-16);
    expect(rel(brentRoot((x) => Math.cos(x) - x, 0, 1), 0.7390851332151607)).toBeLessThan(4e-16);
  });
});

describe('reference phase retrieval (p = p* = 1)', () => {
  for (const a of A_VALUES) {
    describe(`a = ${a}`, () => {
      const m = referencePhaseRetrieval(a);
      const { r1, r2, f, y1, y2 } = m.expectations;

      it('closed forms at g_sing: α_c = 1/K and α_smooth = 1/(2J)', () => {
        const J = jClosed(a);
        const K = 1 - (2 * a + 2) * J + (a * a + 2 * a + 3) * j2Closed(a);
        expect(rel(m.alphaC() as number, 1 / K)).toBeLessThan(1e-12);
        expect(rel(f(m.gSing), -8 * J)).toBeLessThan(1e-12);
        // E[T] = 4((3 + a) E[1/(y+a)] − 1)
        expect(rel(m.tMoment(1), 4 * ((3 + a) * invYPlusA(a) - 1))).toBeLessThan(1e-12);
        expect(rel(r1(0), m.tMoment(1))).toBeLessThan(1e-13);
      });

      it('edge: condition residual, kind consistent with α_c, single root of λ\'', () => {
        const alphaC = m.alphaC() as number;
        for (const alpha of [0.5 * alphaC, 2 * alphaC, 4, 10]) {
          const e = m.edge(alpha);
          expect(e.kind).toBe(alpha > alphaC ? 'sharp' : 'smooth');
          if (e.kind === 'sharp') {
            // λ'(g_-) = 0 relative to its two terms, and λ(g) is maximal there
            expect(Math.abs(m.dLambda(alpha, e.g)) * e.g * e.g).toBeLessThan(1e-13);
            const dg = 0.1 * Math.min(e.g - m.gSing, -e.g);
            expect(m.lambdaOfG(alpha, e.g - dg)).toBeLessThan(e.lambda);
            expect(m.lambdaOfG(alpha, e.g + dg)).toBeLessThan(e.lambda);
          } else {
            expect(e.g).toBe(m.gSing);
            expect(m.dLambda(alpha, m.gSing)).toBeLessThanOrEqual(0);
          }
          expect(rel(e.lambda, m.lambdaOfG(alpha, e.g))).toBeLessThan(1e-15);
          // λ' has one sign change on (g_sing, 0) at most
          let changes = 0;
          let prev = m.dLambda(alpha, m.gSing);
          for (let i = 1; i < 40; i++) {
            const v = m.dLambda(alpha, m.gSing * (1 - i / 40));
            if (v * prev < 0) changes++;
            prev = v;
          }
          expect(changes).toBe(e.kind === 'sharp' ? 1 : 0);
        }
      });

      it('α_BBP: λ* = λ_- there, outlier only above it, m² continuous iff sharp', () => {
        const bbp = m.alphaBBP();
        const alphaC = m.alphaC() as number;
        expect(bbp.transition).toBe(bbp.alpha > alphaC ? 'continuous' : 'discontinuous');
        const e = m.edge(bbp.alpha);
        expect(rel(e.lambda, bbp.lambda)).toBeLessThan(1e-12);
        // the outlier equation holds at the edge
        expect(Math.abs(1 / bbp.g - bbp.alpha * f(bbp.g)) * Math.abs(bbp.g)).toBeLessThan(1e-12);
        expect(m.outlier(bbp.alpha * (1 - 1e-7))).toBeNull();
        const o = m.outlier(bbp.alpha * (1 + 1e-7));
        expect(o).not.toBeNull();
        if (bbp.transition === 'continuous') expect((o as { m2: number }).m2).toBeLessThan(1e-6);
        else expect((o as { m2: number }).m2).toBeGreaterThan(0.01);
      });

      it('α_BBP is stable under tightening / loosening the quadrature and swapping the nesting', () => {
        const base = m.alphaBBP().alpha;
        const tight = referencePhaseRetrieval(a, { outerRelTol: 1e-15, innerRelTol: 1e-16 }).alphaBBP().alpha;
        const loose = referencePhaseRetrieval(a, { outerRelTol: 1e-12, innerRelTol: 1e-13 }).alphaBBP().alpha;
        const swapped = referencePhaseRetrieval(a, { inner: 't' }).alphaBBP().alpha;
        expect(rel(tight, base)).toBeLessThan(1e-10);
        expect(rel(loose, base)).toBeLessThan(1e-10);
        expect(rel(swapped, base)).toBeLessThan(1e-10);
      });

      it('outlier at α = 4 and 10: consistency of λ*, g*, m²', () => {
        for (const alpha of [4, 10]) {
          const e = m.edge(alpha);
          const o = m.outlier(alpha);
          if (o === null) {
            expect(alpha).toBeLessThanOrEqual(m.alphaBBP().alpha);
            continue;
          }
          expect(o.g).toBeGreaterThan(e.g);
          expect(o.g).toBeLessThan(0);
          expect(o.lambda).toBeLessThan(e.lambda);
          expect(rel(m.lambdaOfG(alpha, o.g), o.lambda)).toBeLessThan(1e-12);
          // second form of the outlier equation: λ* = α E[y T/(1 − g*T)]
          expect(rel(alpha * y1(o.g), o.lambda)).toBeLessThan(1e-12);
          // m² formula with λ'(g*) from a finite difference of λ(g)
          const h = 1e-5 * Math.abs(o.g);
          const lp = (m.lambdaOfG(alpha, o.g + h) - m.lambdaOfG(alpha, o.g - h)) / (2 * h);
          expect(rel(lp, m.dLambda(alpha, o.g))).toBeLessThan(1e-6);
          expect(rel(1 / (1 - (alpha * y2(o.g)) / lp), o.m2)).toBeLessThan(1e-6);
          expect(o.m2).toBeGreaterThan(0);
          expect(o.m2).toBeLessThan(1);
        }
      });

      it('moments from free cumulants; Σ matches its series E[T^{n+1}] g^n', () => {
        // E[T^n] from 1D: exact Gaussian moments of z, E[z^{2k}] = (2k−1)!!, then an integral over y
        const dfact = [1, 1, 3, 15, 105];
        const binom = [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]];
        for (let n = 1; n <= 4; n++) {
          const oneD = expectation1D((y) => {
            let s = 0;
            for (let k = 0; k <= n; k++) {
              s += (binom[n] as number[])[k]! * 3 ** k * dfact[k]! * (-y) ** (n - k);
            }
            return (4 ** n * s) / (y + a) ** n;
          }).value;
          expect(rel(m.tMoment(n), oneD)).toBeLessThan(1e-12);
        }
        const alpha = 2.5;
        const [t1, t2, t3, t4] = [1, 2, 3, 4].map((n) => m.tMoment(n)) as [number, number, number, number];
        expect(rel(m.moment(alpha, 1), alpha * t1)).toBeLessThan(1e-15);
        expect(rel(m.moment(alpha, 2), alpha * t2 + alpha * alpha * t1 * t1)).toBeLessThan(1e-15);
        expect(rel(m.moment(alpha, 3), alpha * t3 + 3 * alpha * alpha * t2 * t1 + alpha ** 3 * t1 ** 3)).toBeLessThan(
          1e-15,
        );
        // Σ(g)/α − (E T + g E T² + g² E T³) = g³ E[T⁴] + O(g⁴)
        const g = -1e-4 * Math.min(1, a);
        const resid = r1(g) - (t1 + g * t2 + g * g * t3);
        expect(rel(resid, g ** 3 * t4)).toBeLessThan(0.05);
        expect(rel(m.sigma(alpha, g), alpha * r1(g))).toBeLessThan(1e-15);
        // and r2 is the derivative of g ↦ E[T/(1−gT)]
        const gg = -0.1;
        const d = (r1(gg + 1e-5) - r1(gg - 1e-5)) / 2e-5;
        expect(rel(d, r2(gg))).toBeLessThan(1e-7);
      });
    });
  }
});
