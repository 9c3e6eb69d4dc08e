// The local-entropy figure: well-formed standalone SVG (parsed as XML) with one curve per load, dashed where
// φ_FP(d) is not monotone, the zero line, a log d axis and a legend naming α, κ̃ and the monotonicity.
import { describe, expect, it } from 'vitest';
import { localEntropyFigure, type LocalEntropyFigureData } from '../../src/plot/localEntropyFigures.js';
import { byClass, elements, parseXml, textOf } from './xml.js';

const ds = [0.001, 0.003, 0.01, 0.03, 0.1];
const data: LocalEntropyFigureData = {
  kappa: 0,
  alphaLE: 0.729,
  curves: [
    { alpha: 0.65, kappaRef: 0.19, monotone: true, points: ds.map((d) => ({ d, phi: 0.8 * d ** 0.8, slope: 1 })) },
    { alpha: 0.8, kappaRef: 0.031, monotone: false, points: ds.map((d, i) => ({ d, phi: [-0.001, -0.02, -0.019, -0.03, 0.003][i]!, slope: i < 3 ? -1 : 1 })) },
  ],
};

describe('localEntropyFigure', () => {
  it('draws one curve per load (dashed when non-monotone), the zero line, and a legend', () => {
    const svg = localEntropyFigure(data, { description: 'bbp plot local-entropy --alphas 0.65,0.8' });
    const doc = parseXml(svg);
    expect(doc.name).toBe('svg');
    for (const e of elements(doc)) for (const v of Object.values(e.attrs)) expect(v).not.toMatch(/NaN|Infinity/);
    const curves = byClass(doc, 'curve');
    expect(curves).toHaveLength(2);
    expect(curves[0]!.attrs['stroke-dasharray']).toBeUndefined();
    expect(curves[1]!.attrs['stroke-dasharray']).toBe('6 4');
    expect(byClass(doc, 'point')).toHaveLength(10);
    expect(byClass(doc, 'marker-line')).toHaveLength(1); // φ_FP = 0
    const legend = textOf(byClass(doc, 'legend')[0]!);
    expect(legend).toMatch(/α = 0\.65.*monotone/);
    expect(legend).toMatch(/α = 0\.8.*non-monotone/);
    expect(textOf(byClass(doc, 'title')[0]!)).toMatch(/LE.*0\.729/);
    expect(svg).toContain('bbp plot local-entropy --alphas 0.65,0.8');
  });
});
