/**
 * The Franz–Parisi free entropy of the storage problem (THEORY §9) stated in the DSL's free-entropy terms, so
 * that it prints (text, LaTeX) and its saddle-point equations come from symbolic differentiation. The energetic
 * term uses the skew-normal form of the truncated inner integral (`src/analytic/binary/franzParisiIntegrals.ts`):
 *
 *     G_E^FP = ∫Dz₀ ∫Dy [H((u₀ − a y)/b) / H(u₀)] log H((κ − t z₀/√q̃ − σ y)/√(1 − q)),
 *     σ² = q − t²/q̃,  a = (S − t)/(σ√(1 − q̃)),  b = √(1 − a²),  u₀ = (κ̃ − √q̃ z₀)/√(1 − q̃),
 *
 * equal to the THEORY form `∫Dz₀ [∫_{u₀}^∞ Du ∫Dz₁ log H(…)] / H(u₀)` (`h = σ y` has the law of `A u + B z₁`
 * given `u ≥ u₀`). The solver (`franzParisi.ts`) uses hand-compiled equations on graded quadrature that stays
 * accurate as `d → 0`; this statement is checked against it (the same φ, a vanishing symbolic gradient at its
 * saddle point) where the DSL's generic Gaussian rules are accurate.
 *
 * @module
 * @internal
 */
import { add, call, div, mul, pow, sub, sym } from '../../dsl/expr.js';
import { freeEntropy, gaussianIntegral, type FreeEntropy } from '../../dsl/freeEntropy.js';
import { orThrow } from '../../errors.js';

/**
 * `φ_FP(q, qhat, t, that, shat; alpha, kappa, kappaRef, S, qRef, qhatRef)`. @internal
 */
export function franzParisiFreeEntropy(): FreeEntropy {
  const [q, qhat, t, that, shat] = ['q', 'qhat', 't', 'that', 'shat'].map((n) => sym(n)) as [ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>];
  const [alpha, kappa, kappaRef, S, qRef, qhatRef] = ['alpha', 'kappa', 'kappaRef', 'S', 'qRef', 'qhatRef'].map((n) => sym(n)) as [
    ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>,
  ];
  const zt = sym('zt');
  const z = sym('z');
  const z0 = sym('z0');
  const y = sym('y');
  const sqrt = (e: Parameters<typeof call>[1]) => call('sqrt', e);
  // entropic: ∫Dz̃ (1 + tanh √q̂̃ z̃) ∫Dz log 2cosh((t̂/√q̂̃) z̃ + √(q̂ − t̂²/q̂̃) z + Ŝ − t̂)
  const field = add(mul(div(that, sqrt(qhatRef)), zt), mul(sqrt(sub(qhat, div(pow(that, 2), qhatRef))), z), shat, mul(-1, that));
  const entropic = gaussianIntegral('zt', gaussianIntegral('z', mul(add(1, call('tanh', mul(sqrt(qhatRef), zt))), call('log2cosh', field))));
  // energetic, skew-normal form
  const s1 = sqrt(sub(1, qRef));
  const sigma = sqrt(sub(q, div(pow(t, 2), qRef)));
  const a = div(sub(S, t), mul(sigma, s1));
  const b = sqrt(sub(1, pow(a, 2)));
  const u0 = div(sub(kappaRef, mul(sqrt(qRef), z0)), s1);
  const weight = call('exp', sub(call('logH', div(sub(u0, mul(a, y)), b)), call('logH', u0)));
  const logH = call('logH', div(sub(sub(kappa, div(mul(t, z0), sqrt(qRef))), mul(sigma, y)), sqrt(sub(1, q))));
  const energetic = gaussianIntegral('z0', gaussianIntegral('y', mul(weight, logH)));
  return orThrow(
    freeEntropy({
      name: 'franz-parisi (storage)',
      orderParameters: ['q', 'qhat', 't', 'that', 'shat'],
      parameters: ['alpha', 'kappa', 'kappaRef', 'S', 'qRef', 'qhatRef'],
      terms: [mul(-1, shat, S), mul(that, t), mul(0.5, qhat, q), mul(-0.5, qhat), entropic, { coefficient: alpha, integral: energetic }],
    }),
  );
}
