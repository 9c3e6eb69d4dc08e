// The examples quoted in the README are real code with the printed values.
import { describe, expect, it } from 'vitest';
import { quickstart } from '../../docs/examples/quickstart.js';

describe('README quick start', () => {
  it('prints what the README says', () => {
    const r = quickstart();
    expect(r.alphaBBP.toFixed(11)).toBe('1.32293760710');
    expect(r.transition).toBe('discontinuous');
    expect(r.edge.toFixed(4)).toBe('-1.7795');
    expect(r.edgeKind).toBe('sharp');
    expect(r.outlier!.toFixed(4)).toBe('-1.9007');
    expect(r.m2.toFixed(4)).toBe('0.2719');
  });
});

describe('README: your own model', () => {
  it('gives α_BBP ≈ 2.5346, continuous', async () => {
    const { newLoss } = await import('../../docs/examples/newLoss.js');
    const t = newLoss();
    expect(t.alphaBBP.toFixed(4)).toBe('2.5346');
    expect(t.transition).toBe('continuous');
  });
});
