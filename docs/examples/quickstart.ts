// The README's TypeScript quick start, run by test/docs/examples.test.ts so that it cannot rot.
import { orThrow, spectrum, threshold } from '../../src/index.js';

export function quickstart() {
  const t = orThrow(threshold({ p: 2, pstar: 1, a: 1.5 }));
  const s = orThrow(spectrum({ p: 2, pstar: 1, a: 1.5 }, 2));
  return { alphaBBP: t.alphaBBP, transition: t.transition, edge: s.edge, edgeKind: s.edgeKind, outlier: s.outlier, m2: s.m2 };
}
