// The four figures from small seeded runs (small N, few seeds, coarse ranges): the data records against the
// library, and the SVG parsed as XML and searched for the marks each figure must hold.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { hessianSpectrumSample } from '../../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../../src/numeric/montecarlo/problem.js';
import { densityData, overlapData, phaseData, thresholdVsPData, type DensityData, type OverlapData, type PhaseData, type ThresholdVsPData } from '../../src/plot/data.js';
import { densityFigure, overlapFigure, phaseFigure, thresholdVsPFigure } from '../../src/plot/figures.js';
import { bottomEigenpairSample } from '../../src/plot/montecarlo.js';
import { overlapCurve, spectrum, threshold } from '../../src/theory.js';
import { modelInput } from '../../src/cli/modelFlags.js';
import { byClass, elements, parseXml, textOf, type XmlElement } from './xml.js';

const right = <A,>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const MODEL = { p: 2, pstar: 1, a: 1.5 };

/** Parse, and check what every figure has: a viewBox, the frame, ticks on both axes, axis labels, a legend. */
function commonMarks(svg: string): XmlElement {
  const doc = parseXml(svg);
  expect(doc.name).toBe('svg');
  expect(doc.attrs['viewBox']).toMatch(/^0 0 \d+ \d+$/);
  expect(byClass(doc, 'frame')).toHaveLength(1);
  expect(byClass(doc, 'axis', 'x', 'tick-labels')[0]!.children.length).toBeGreaterThanOrEqual(2);
  expect(byClass(doc, 'axis', 'y', 'tick-labels')[0]!.children.length).toBeGreaterThanOrEqual(3);
  expect(byClass(doc, 'axis', 'x', 'label')).toHaveLength(1);
  expect(byClass(doc, 'axis', 'y', 'label')).toHaveLength(1);
  expect(byClass(doc, 'legend')).toHaveLength(1);
  // Every number in the drawing is finite.
  for (const e of elements(doc)) for (const v of Object.values(e.attrs)) expect(v).not.toMatch(/NaN|Infinity/);
  return doc;
}

const legendText = (doc: XmlElement): string => textOf(byClass(doc, 'legend')[0]!);

describe('bottom eigenpair by inverse iteration = hessianSpectrumSample', () => {
  it('same bottom eigenvalue and teacher overlap (N = 40, several α and seeds)', () => {
    const model = quadraticReferenceModel(MODEL);
    for (const alpha of [0.5, 1.5, 4]) {
      for (const seed of [1, 2, 3]) {
        const problem = sampleProblem({ n: 40, alpha, p: 2, pstar: 1, seed });
        const fast = bottomEigenpairSample(problem, model);
        const full = hessianSpectrumSample(problem, model, { k: 1 });
        expect(fast.bottom).toBe(full.bottom[0]);
        expect(Math.abs(fast.overlap - full.overlaps[0]!), `α = ${alpha}, seed ${seed}`).toBeLessThan(1e-9);
        expect(fast.residual).toBeLessThan(1e-10);
      }
    }
  });
});

describe('density figure (N = 40, 3 seeds)', () => {
  let data: DensityData;
  it('data: theory from spectrum, histogram normalized like ρ', () => {
    data = right(densityData(MODEL, 2, { n: 40, seeds: 3, seed: 1 }));
    const s = right(spectrum(MODEL, 2));
    expect(data.theory.edge).toBe(s.edge);
    expect(data.theory.outlier).toBe(s.outlier);
    expect(data.window[0]).toBeLessThan(s.outlier!);
    const mc = data.monteCarlo!;
    expect(mc.seeds).toEqual([1, 2, 3]);
    expect(mc.eigenvalues).toBe(3 * 2 * 40);
    expect(mc.bottom.map((b) => b.length)).toEqual([2, 2, 2]);
    // The histogram integrates to the fraction of eigenvalues inside the window.
    const { edges, density } = mc.histogram;
    const mass = density.reduce((acc, h, b) => acc + h * (edges[b + 1]! - edges[b]!), 0);
    expect(mass).toBeCloseTo(1 - mc.outsideWindow, 12);
  });

  it('SVG: bars, the ρ curve, λ₋ and λ* marker lines, the rug, legend text', () => {
    const doc = commonMarks(densityFigure(data, { description: 'bbp plot density' }));
    expect(byClass(doc, 'bar').length).toBeGreaterThanOrEqual(15);
    expect(byClass(doc, 'curve')).toHaveLength(1);
    expect(byClass(doc, 'marker-line')).toHaveLength(2);
    expect(byClass(doc, 'marker-label').map(textOf)).toEqual(['λ−', 'λ*']);
    expect(byClass(doc, 'rug')).toHaveLength(1);
    const legend = legendText(doc);
    for (const s of ['Monte Carlo, N = 40, 3 seeds', 'theory ρ(λ)', 'edge λ', 'outlier λ', 'lowest 2 eigenvalues']) expect(legend).toContain(s);
  });

  it('α < 1: the atom at zero is counted in no bin, and named in the legend', () => {
    const d = right(densityData(MODEL, 0.5, { n: 30, seeds: 2, seed: 5 }));
    // H has rank αpN: exactly (1 − α)pN zero eigenvalues per sample.
    expect(d.monteCarlo!.atomFraction).toBeCloseTo(0.5, 12);
    expect(d.theory.atomAtZero).toBeCloseTo(0.5, 12);
    const doc = commonMarks(densityFigure(d));
    expect(legendText(doc)).toContain('atom at λ = 0 of mass 0.5');
  });

  it('theory only (n = 0) and p = inf: no bars, the reason recorded', () => {
    const d = right(densityData({ p: Infinity, pstar: 1, a: 1.5 }, 2, { n: 40, seeds: 2, seed: 1 }));
    expect(d.monteCarlo).toBeNull();
    expect(d.monteCarloSkipped).toContain('p = inf');
    const doc = commonMarks(densityFigure(d));
    expect(byClass(doc, 'bar')).toHaveLength(0);
    expect(byClass(doc, 'curve')).toHaveLength(1);
  });
});

describe('overlap figure (N = 30, 3 seeds, two values of a)', () => {
  let data: OverlapData;
  it('data: m² from overlapCurve, mean ± SE over the seeds', () => {
    const range = { from: 0.5, to: 3, step: 0.25 };
    data = right(
      overlapData(
        [0.7, 1.5].map((a) => ({ a, model: { ...MODEL, a } })),
        range,
        { n: 30, seeds: 3, seed: 1, alphas: [1.5, 3] },
      ),
    );
    expect(data.curves.map((c) => c.transition)).toEqual(['continuous', 'discontinuous']);
    const ref = right(overlapCurve({ ...MODEL, a: 1.5 }, range));
    expect(data.curves[1]!.points).toEqual(ref.points);
    expect(data.curves[1]!.alphaBBP).toBe(ref.alphaBBP);
    // The jump of the discontinuous transition: m² just above α_BBP is clearly positive.
    expect(data.curves[1]!.m2AtThreshold).toBeGreaterThan(0.05);
    expect(data.curves[0]!.m2AtThreshold).toBe(0);
    for (const c of data.curves) {
      expect(c.monteCarlo.map((p) => p.alpha)).toEqual([1.5, 3]);
      for (const p of c.monteCarlo) {
        expect(p.values).toHaveLength(3);
        expect(p.mean).toBeCloseTo(p.values.reduce((x, y) => x + y, 0) / 3, 14);
        expect(p.se).toBeGreaterThan(0);
      }
    }
  });

  it('SVG: theory curves, points with error bars, α_BBP lines, legend', () => {
    const doc = commonMarks(overlapFigure(data));
    // a = 0.7: one curve; a = 1.5 (discontinuous): below, the dotted jump, above.
    expect(byClass(doc, 'curve')).toHaveLength(4);
    expect(byClass(doc, 'point')).toHaveLength(4);
    expect(byClass(doc, 'errorbar')).toHaveLength(4);
    expect(byClass(doc, 'marker-line')).toHaveLength(2);
    const legend = legendText(doc);
    for (const s of ['a = 0.7 (continuous', 'a = 1.5 (discontinuous', 'N = 30, 3 seeds: mean ± SE', 'αBBP']) expect(legend).toContain(s);
  });
});

describe('threshold-vs-p figure (p = 1 … 8)', () => {
  let data: ThresholdVsPData;
  it('data: α_BBP from threshold at every p, the p → ∞ limits', () => {
    data = right(thresholdVsPData((p, a) => ({ p, pstar: 1, a }), 1, [0.1, 1.5], [1, 8]));
    expect(data.curves.map((c) => c.points.map((p) => p.p))).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ]);
    expect(data.curves[1]!.points[1]!.alphaBBP).toBe(right(threshold({ p: 2, pstar: 1, a: 1.5 })).alphaBBP);
    expect(data.curves.map((c) => c.infiniteWidth)).toEqual([0.55, 1.25]);
    expect(data.smallALimit).toBe(0.5);
  });

  it('SVG: log x axis with powers of 2, curves, filled and open markers, limit lines, legend', () => {
    const doc = commonMarks(thresholdVsPFigure(data));
    expect(byClass(doc, 'axis', 'x', 'tick-labels')[0]!.children.map(textOf)).toEqual(['1', '2', '4', '8']);
    expect(byClass(doc, 'curve')).toHaveLength(2);
    const points = byClass(doc, 'point');
    const open = points.filter((e) => e.attrs['fill'] === '#ffffff');
    expect(points).toHaveLength(16);
    // a = 1.5 is discontinuous at every p here; a = 0.1 continuous.
    expect(open).toHaveLength(8);
    expect(byClass(doc, 'marker-line')).toHaveLength(3);
    expect(byClass(doc, 'marker-label', 'outside')[0]!.children.map(textOf).sort()).toEqual(['0.5', '0.55', '1.25']);
    const legend = legendText(doc);
    for (const s of ['a = 0.1', 'a = 1.5', 'p → ∞: p*(a + 1)/2', 'continuous (sharp edge)', 'discontinuous (smooth edge)']) expect(legend).toContain(s);
  });
});

describe('a width without a BBP transition is a gap, not an error', () => {
  it('(ŷ − y)²/(y + a)², a = 0.5: a transition at p = 6, none at p = 7', () => {
    const parse = (_: string, text: string) => Number(text);
    const model = (p: number, a: number) => modelInput({ loss: '(yhat-y)^2/(y+a)^2', p: String(p), pstar: '1', a: String(a), scale: '1', param: [] }, parse);
    const d = right(thresholdVsPData(model, 1, [0.5], [6, 7]));
    const [six, seven] = d.curves[0]!.points;
    expect(six!.alphaBBP).toBeGreaterThan(1);
    expect(seven).toMatchObject({ p: 7, alphaBBP: null, transition: null });
    expect(seven!.noTransition).toContain('no BBP transition');
    expect(d.curves[0]!.infiniteWidth).toBeNull();
    const doc = commonMarks(thresholdVsPFigure(d));
    expect(byClass(doc, 'point')).toHaveLength(1);
    expect(legendText(doc)).toContain('no BBP transition');
  });
});

describe('phase figure (12 values of a)', () => {
  let data: PhaseData;
  it('data: α_BBP and α_c from threshold', () => {
    const as = Array.from({ length: 12 }, (_, k) => 0.1 + (k * 2.9) / 11);
    data = right(phaseData((a) => ({ p: 2, pstar: 1, a }), as, 5));
    const t = right(threshold({ p: 2, pstar: 1, a: as[5]! }));
    expect(data.points[5]).toEqual({ a: as[5], alphaBBP: t.alphaBBP, alphaC: t.alphaC, transition: t.transition });
    expect(data.model).toEqual({ p: 2, pstar: 1, scale: 1 });
    // Continuous exactly where α_BBP lies above α_c.
    for (const p of data.points) expect(p.transition === 'continuous').toBe(p.alphaBBP! > (p.alphaC ?? 0));
  });

  it('SVG: the four regions, α_BBP and α_c curves, legend outside the plot', () => {
    const svg = phaseFigure(data);
    const doc = commonMarks(svg);
    expect(byClass(doc, 'region').length).toBeGreaterThanOrEqual(4);
    expect(byClass(doc, 'curve')).toHaveLength(2);
    const legend = legendText(doc);
    for (const s of ['uninformative, smooth edge', 'uninformative, sharp edge', 'informative, smooth edge', 'informative, sharp edge', 'αc', 'αBBP']) {
      expect(legend).toContain(s);
    }
    const frame = byClass(doc, 'frame')[0]!.attrs;
    const box = byClass(doc, 'legend-box')[0]!.attrs;
    expect(Number(box['x'])).toBeGreaterThan(Number(frame['x']) + Number(frame['width']));
    expect(Number(box['x']) + Number(box['width'])).toBeLessThanOrEqual(Number(doc.attrs['width']));
  });
});
