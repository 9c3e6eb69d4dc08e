// The SGD figures: well-formed standalone SVG (parsed as XML) holding the marks each figure must show, drawn
// from a small seeded simulation with its ODE (ODE vs simulation, distance, conserved quantity) and from an
// escape record of the shape `bbp sgd escape` prints.
import { describe, expect, it } from 'vitest';
import { sgdRecordTimes, sgdSimulateOde, sgdSimulateReport, sgdSimulateRequest, sgdSimulateSeeds } from '../../src/cli/sgdSimulate.js';
import {
  sgdConservedFigure, sgdDistanceFigure, sgdEscapeFigure, sgdOdeVsSimulationFigure, type SgdEscapeData, type SgdOdeVsSimulationData,
} from '../../src/plot/sgdFigures.js';
import { byClass, elements, parseXml, textOf, type XmlElement } from './xml.js';

/** Well-formed, no NaN/Infinity anywhere, and each panel a complete chart (frame, ticks, labels, legend). */
function checkDocument(svg: string, panels: number): { doc: XmlElement; panels: XmlElement[] } {
  const doc = parseXml(svg);
  expect(doc.name).toBe('svg');
  expect(doc.attrs['viewBox']).toMatch(/^0 0 \d+ \d+$/);
  for (const e of elements(doc)) for (const v of Object.values(e.attrs)) expect(v).not.toMatch(/NaN|Infinity/);
  const found = panels === 1 ? [doc] : byClass(doc, 'panel');
  expect(found).toHaveLength(panels);
  for (const panel of found) {
    expect(byClass(panel, 'frame')).toHaveLength(1);
    expect(byClass(panel, 'axis', 'x', 'tick-labels')[0]!.children.length).toBeGreaterThanOrEqual(2);
    expect(byClass(panel, 'axis', 'y', 'tick-labels')[0]!.children.length).toBeGreaterThanOrEqual(2);
    expect(byClass(panel, 'axis', 'x', 'label')).toHaveLength(1);
    expect(byClass(panel, 'legend')).toHaveLength(1);
  }
  return { doc, panels: found };
}

const legend = (panel: XmlElement): string => textOf(byClass(panel, 'legend')[0]!);

describe('SGD figures from a small seeded run (p = 2, p* = 1, N = 80, 3 seeds, in-process)', async () => {
  const request = sgdSimulateRequest({ p: '2', pstar: '1', eta: '0.3', q0: '1', r0: '[[0.3],[0.4]]', seed: '1', n: '80', tMax: '2', points: '5', seeds: '3', workers: '1' });
  const ode = sgdSimulateOde(request, sgdRecordTimes(request.tMax, request.points, request.n));
  const report = sgdSimulateReport(request, await sgdSimulateSeeds(request), ode) as unknown as SgdOdeVsSimulationData;

  it('ODE vs simulation: three panels; an ODE curve and simulation points with error bars for the risk, Q11, Q12, Q22, R11, R21', () => {
    const { doc, panels } = checkDocument(sgdOdeVsSimulationFigure(report, { description: 'bbp plot sgd-ode-vs-sim' }), 3);
    expect(textOf(byClass(doc, 'figure-title')[0]!)).toMatch(/ODE vs simulation N = 80, 3 seeds/);
    const [risk, q, r] = panels as [XmlElement, XmlElement, XmlElement];
    expect(byClass(risk, 'curve')).toHaveLength(1);
    expect(byClass(risk, 'point')).toHaveLength(5);
    expect(byClass(risk, 'errorbar').length).toBeGreaterThanOrEqual(4); // t = 0 has SE 0
    expect(byClass(q, 'curve')).toHaveLength(3);
    expect(byClass(q, 'point')).toHaveLength(15);
    expect(legend(q)).toMatch(/Q11.*Q12.*Q22/);
    expect(byClass(r, 'curve')).toHaveLength(2);
    expect(legend(r)).toMatch(/R11.*R21/);
    // The first simulated point sits on the ODE's first point (exact initial condition): same pixel position.
    const first = byClass(r, 'point')[0]!;
    const path = byClass(r, 'curve')[0]!.attrs['d']!;
    const [x0, y0] = /^M([\d.]+),([\d.]+)/.exec(path)!.slice(1).map(Number) as [number, number];
    expect(Number(first.attrs['cx'])).toBeCloseTo(x0, 1);
    expect(Number(first.attrs['cy'])).toBeCloseTo(y0, 1);
  });

  it('distance to the predicted solution and the conserved quantity: ODE curve, simulation points, log axis', () => {
    const data = (field: 'distanceToSolution' | 'conservedDrift') => ({
      label: 'square:2 learning square:1, η = 0.3',
      ode: { t: ode.t, values: ode[field]! },
      simulation: { t: report.t as number[], values: (report[field] ?? []) as (number | null)[], n: 80, seeds: 3 },
    });
    for (const [draw, field] of [[sgdDistanceFigure, 'distanceToSolution'], [sgdConservedFigure, 'conservedDrift']] as const) {
      const { doc } = checkDocument(draw(data(field)), 1);
      expect(byClass(doc, 'curve')).toHaveLength(1);
      expect(byClass(doc, 'point')).toHaveLength(5);
      expect(legend(doc)).toMatch(/ODE.*simulation N = 80, 3 seeds/);
    }
  });
});

describe('escape figure', () => {
  const data: SgdEscapeData = {
    pstar: 1,
    n: 1000,
    seeds: 4,
    curves: [1, 2, 3].map((p) => ({
      p,
      points: [0.5, 1, 1.5, 2].map((eta) => ({ eta, escapeTime: 40 / eta + 10 * (eta - p) ** 2, standardError: 2, escaped: 4, predictedEscapeTime: 38 / eta + 10 * (eta - p) ** 2 })),
      optimalEta: 0.9 * p,
      optimalEtaGrowthRate: p,
    })),
    optimalEtaSlope: 0.9,
    optimalEtaGrowthRateSlope: 1,
  };

  it('two panels: escape time curves per p with error bars, predictions dashed, optimal η vs p with slopes', () => {
    const { panels } = checkDocument(sgdEscapeFigure(data), 2);
    const [times, optimal] = panels as [XmlElement, XmlElement];
    // Per p: the measured line and the dashed prediction.
    expect(byClass(times, 'curve')).toHaveLength(6);
    expect(byClass(times, 'curve').filter((c) => c.attrs['stroke-dasharray'] === '5 4')).toHaveLength(3);
    expect(byClass(times, 'errorbar')).toHaveLength(12);
    expect(byClass(times, 'marker-line')).toHaveLength(3);
    expect(legend(times)).toMatch(/p = 1.*p = 2.*p = 3.*closed-form prediction/);
    expect(byClass(optimal, 'point')).toHaveLength(3);
    expect(legend(optimal)).toMatch(/slope 0\.9.*slope 1/);
  });
});
