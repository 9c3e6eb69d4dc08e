// Pointwise models shared by the Monte Carlo tests.
import type { PointwiseModel } from '../../../src/numeric/montecarlo/pointwiseModel.js';

/**
 * A non-polynomial model: σ = σ* = tanh, ℓ = log(1 + (ŷ − y)²), with an overall scale (vertices with every
 * entry non-zero and of both signs).
 */
export function tanhModel(p: number, pstar: number, scale: number): PointwiseModel {
  return {
    p,
    pstar,
    scale,
    teacherOutput: (t) => {
      let s = 0;
      for (let k = 0; k < pstar; k++) s += Math.tanh(t[k]!);
      return s / pstar;
    },
    studentOutput: (z) => {
      let s = 0;
      for (let l = 0; l < p; l++) s += Math.tanh(z[l]!);
      return s / p;
    },
    loss: (yhat, y) => Math.log1p((yhat - y) ** 2),
    lossDerivatives: (yhat, y, out) => {
      const d = yhat - y;
      const q = 1 + d * d;
      out[0] = (2 * d) / q;
      out[1] = (2 * (1 - d * d)) / (q * q);
    },
    activationDerivatives: (z, out) => {
      const t = Math.tanh(z);
      out[0] = 1 - t * t;
      out[1] = -2 * t * (1 - t * t);
    },
  };
}
