import { describe, expect, it } from 'vitest';
import { vertexInfimum, type SupportAxis } from '../../src/analytic/cMin.js';
import { left, right } from './helpers.js';

const half = (name: string): SupportAxis => ({ name, domain: 'half-line' });
const line = (name: string): SupportAxis => ({ name, domain: 'real-line' });
const HH = [half('r'), half('y')] as const;

describe('vertexInfimum: closed forms', () => {
  it('approached at infinity: −y/(y + 1) → −1 as y → ∞ (Aitken removes the 1/y tail)', () => {
    const inf = right(vertexInfimum((_r, y) => -y / (y + 1), HH, 'test'));
    expect(inf.attained).toBe(false);
    expect(inf.toward).toEqual(['y → +∞']);
    expect(Math.abs(inf.value + 1)).toBeLessThan(1e-15);
  });

  it('the reference vertex shape: min of (4/p)(3r/p − y)/(y + a) and (4/p)(r/p − y)/(y + a) → −4/p', () => {
    const p = 3;
    const a = 0.2;
    const f = (r: number, y: number): number => Math.min(((4 / p) * ((3 * r) / p - y)) / (y + a), ((4 / p) * (r / p - y)) / (y + a));
    const inf = right(vertexInfimum(f, HH, 'test'));
    expect(inf.attained).toBe(false);
    expect(inf.at.r).toBe(0);
    expect(Math.abs(inf.value + 4 / p) / (4 / p)).toBeLessThan(1e-14);
  });

  it('attained inside: (r − 1)² + (y − 2)² − 3 → −3 at (1, 2); also far out, at r = 1e7', () => {
    const inf = right(vertexInfimum((r, y) => (r - 1) ** 2 + (y - 2) ** 2 - 3, HH, 'test'));
    expect(inf.attained).toBe(true);
    expect(inf.value).toBeCloseTo(-3, 14);
    expect(inf.at.r).toBeCloseTo(1, 6);
    expect(inf.at.y).toBeCloseTo(2, 6);
    const far = right(vertexInfimum((r, y) => (Math.log10(r) - 7) ** 2 - 1 + 1 / (1 + y), HH, 'test'));
    expect(far.attained).toBe(false); // 1/(1 + y) → 0 only as y → ∞
    expect(far.value).toBeCloseTo(-1, 12);
    const farAttained = right(vertexInfimum((r, y) => (Math.log10(r) - 7) ** 2 - 1 + (y - 1) ** 2, HH, 'test'));
    expect(farAttained.attained).toBe(true);
    expect(farAttained.value).toBeCloseTo(-1, 12);
    expect(farAttained.at.r! / 1e7).toBeCloseTo(1, 5);
  });

  it('boundary minimum on a half-line: r + (y − 1)² − 1 → −1 at r = 0', () => {
    const inf = right(vertexInfimum((r, y) => r + (y - 1) ** 2 - 1, HH, 'test'));
    expect(inf.attained).toBe(true);
    expect(inf.at.r).toBe(0);
    expect(inf.value).toBeCloseTo(-1, 14);
  });

  it('real lines, both signs: −u²/(1 + u²) − exp(−v²) → −2 as u → ±∞ (not attained)', () => {
    const inf = right(vertexInfimum((u, v) => -(u * u) / (1 + u * u) - Math.exp(-v * v), [line('z'), line('t')], 'test'));
    expect(inf.attained).toBe(false);
    expect(inf.toward.length).toBe(1);
    expect(inf.toward[0]).toMatch(/^z → [+−]∞$/);
    expect(Math.abs(inf.value + 2)).toBeLessThan(1e-14);
    expect(inf.at.t).toBeCloseTo(0, 6);
  });

  it('saturating (exponential) approach: −1 + exp(−y) is approached, not attained', () => {
    const inf = right(vertexInfimum((r, y) => -1 + Math.exp(-y) + r, HH, 'test'));
    expect(inf.attained).toBe(false);
    expect(inf.value).toBe(-1);
  });
});

describe('vertexInfimum: unbounded below and undefined', () => {
  it('linear and logarithmic divergence along a ray: NoFiniteEdge naming the model', () => {
    const lin = left(vertexInfimum((r, y) => r - y, HH, 'my loss'));
    expect(lin._tag).toBe('NoFiniteEdge');
    expect(lin.message).toContain('the vertex eigenvalues of my loss are unbounded below as y → +∞');
    const log = left(vertexInfimum((r, y) => r - Math.log1p(y), HH, 'my loss'));
    expect(log._tag).toBe('NoFiniteEdge');
    const diagonal = left(vertexInfimum((u, v) => -Math.abs(u * v) / (1 + u * u + v * v) * Math.log1p(Math.abs(u)), [line('z'), line('t')], 'diag'));
    expect(diagonal._tag).toBe('NoFiniteEdge');
  });

  it('a pole inside the support, and −∞ on a grid point', () => {
    const pole = left(vertexInfimum((r, y) => r - 1 / Math.abs(y - 0.37), HH, 'pole'));
    expect(pole._tag).toBe('NoFiniteEdge');
    expect(pole.message).toContain('near');
    const onGrid = left(vertexInfimum((r, y) => r - 1 / (y - 1) ** 2, HH, 'grid'));
    expect(onGrid._tag).toBe('NoFiniteEdge');
    expect(onGrid.message).toContain('−∞ at r = 0, y = 1');
  });

  it('NaN everywhere: InvalidArgument', () => {
    expect(left(vertexInfimum(() => NaN, HH, 'nan'))._tag).toBe('InvalidArgument');
  });
});
