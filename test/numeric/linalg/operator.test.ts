import { describe, expect, it } from 'vitest';
import { BbpFailure } from '../../../src/errors.js';
import { applyToBlock, denseOperator, diagonalOperator, type LinearOperator } from '../../../src/numeric/linalg/operator.js';
import { symmetricMatVec } from '../../../src/numeric/linalg/symmetricEigen.js';
import { createRng } from '../../../src/numeric/random.js';

function parameterOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof BbpFailure && e.error._tag === 'InvalidArgument') return e.error.parameter;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('denseOperator', () => {
  const n = 23;
  const rng = createRng(8);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  const op = denseOperator(a, n);

  it('applies the matrix, singly and by blocks, the same as symmetricMatVec', () => {
    expect(op.size).toBe(n);
    const count = 3;
    const x = rng.fillNormal(new Float64Array(count * n));
    const blockOut = new Float64Array(count * n);
    op.applyBlock!(x, blockOut, count);
    const ref = new Float64Array(n);
    const single = new Float64Array(n);
    for (let c = 0; c < count; c++) {
      const xc = x.subarray(c * n, (c + 1) * n);
      symmetricMatVec(a, n, xc, ref);
      op.apply(xc, single);
      expect([...single]).toEqual([...ref]);
      expect([...blockOut.subarray(c * n, (c + 1) * n)]).toEqual([...ref]);
    }
  });

  it('rejects a matrix of the wrong size', () => {
    expect(parameterOf(() => denseOperator(new Float64Array(5), 2))).toBe('matrix.length');
    expect(parameterOf(() => denseOperator(new Float64Array(4), -2))).toBe('n');
  });
});

describe('diagonalOperator', () => {
  it('multiplies componentwise and copies its values', () => {
    const d = [3, -1, 0.5];
    const op = diagonalOperator(d);
    d[0] = 100; // the operator keeps its own copy
    const out = new Float64Array(3);
    op.apply(Float64Array.of(1, 2, 4), out);
    expect([...out]).toEqual([3, -2, 2]);
  });

  it('rejects non-finite entries, quoting the index', () => {
    expect(parameterOf(() => diagonalOperator([1, Number.NaN]))).toBe('d[1]');
  });
});

describe('applyToBlock', () => {
  it('falls back to one apply per vector when the operator has no applyBlock', () => {
    let calls = 0;
    const op: LinearOperator = {
      size: 2,
      apply(x, out) {
        calls++;
        out[0] = x[1]!;
        out[1] = x[0]!;
      },
    };
    const out = new Float64Array(6);
    applyToBlock(op, Float64Array.of(1, 2, 3, 4, 5, 6), out, 3);
    expect(calls).toBe(3);
    expect([...out]).toEqual([2, 1, 4, 3, 6, 5]);
  });

  it('uses applyBlock when present', () => {
    let blocks = 0;
    const op: LinearOperator = {
      size: 1,
      apply: () => {
        throw new Error('not expected');
      },
      applyBlock(x, out, count) {
        blocks++;
        for (let i = 0; i < count; i++) out[i] = 2 * x[i]!;
      },
    };
    const out = new Float64Array(2);
    applyToBlock(op, Float64Array.of(1, 5), out, 2);
    expect(blocks).toBe(1);
    expect([...out]).toEqual([2, 10]);
  });
});
