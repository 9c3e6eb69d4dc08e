// The chart module: ticks, text escaping, rich text, and a chart with every kind of mark, checked as XML.
import { describe, expect, it } from 'vitest';
import { Chart, escapeXml, linearTicks, logTicks, niceDomain, parseRichText, stepDecimals, textWidth, tickLabel } from '../../src/plot/svg.js';
import { XmlError, byClass, elements, parseXml, textOf } from './xml.js';

describe('the XML checker itself', () => {
  it('accepts well-formed documents and rejects broken ones', () => {
    expect(parseXml('<?xml version="1.0"?><a x="1"><b/>t &amp; &#916;<c y=\'2\'></c></a>').name).toBe('a');
    for (const bad of ['<a><b></a></b>', '<a>', '<a></a><b/>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>x & y</a>', 'text<a/>', '<a b="<"/>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });
});

describe('ticks and labels', () => {
  it('linear ticks are multiples of 1, 2 or 5 × 10^k, inside the range', () => {
    expect(linearTicks(0, 1, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(-3.3, 11.9, 9)).toEqual({ ticks: [-2, 0, 2, 4, 6, 8, 10], step: 2 });
    expect(linearTicks(0.5, 4, 6).ticks).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
    // No floating-point debris such as 0.30000000000000004.
    for (const t of linearTicks(0, 0.9, 9).ticks) expect(String(t).length).toBeLessThanOrEqual(4);
  });

  it('nice domains extend outward to the tick step', () => {
    expect(niceDomain(0.03, 0.97, 5)).toEqual([0, 1]);
    expect(niceDomain(-1.78, 36.9, 6)).toEqual([-5, 40]);
    expect(niceDomain(2, 2)).toEqual([1.8, 2.2]);
  });

  it('log ticks: decades, plus 2 and 5 over short ranges', () => {
    expect(logTicks(1, 64).major).toEqual([1, 2, 5, 10, 20, 50]);
    expect(logTicks(1, 1e4).major).toEqual([1, 10, 100, 1000, 10000]);
    expect(logTicks(1, 1e4).minor).toContain(300);
  });

  it('labels: decimals from the step, a true minus sign, no −0', () => {
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(5)).toBe(0);
    expect(tickLabel(-1.5, 1)).toBe('\u22121.5');
    expect(tickLabel(-0.00000001, 2)).toBe('0.00');
    expect(tickLabel(2, 1)).toBe('2.0');
    expect(tickLabel(3e7, 0)).toBe('3.0e7');
  });

  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0001b')).toBe('a\uFFFDb');
  });

  it('rich text: _{…} and ^{…} become runs; a bare _ or ^ is literal', () => {
    expect(parseRichText('α_{BBP} = m^{2}')).toEqual([
      { text: 'α', shift: 'base' },
      { text: 'BBP', shift: 'sub' },
      { text: ' = m', shift: 'base' },
      { text: '2', shift: 'sup' },
    ]);
    expect(parseRichText('a_b^c')).toEqual([{ text: 'a_b^c', shift: 'base' }]);
    expect(textWidth('m^{2}', 10)).toBeLessThan(textWidth('m2', 10));
  });
});

describe('a chart with every kind of mark', () => {
  const chart = new Chart({ x: { label: 'λ <x> & "y"' }, y: { label: 'ρ(λ)', min: 0 }, title: 'A & B: p^{*} = 1', description: `bbp plot --a '1<2'` })
    .area([0, 1, 2], [0, 0, 0], [0.2, 0.3, 0.2], { color: '#eeeeee' }, { legend: 'region' })
    .bars([0, 0.5, 1, 1.5, 2], [0.1, 0.4, 0.3, 0.05], { color: '#56B4E9', opacity: 0.5 }, { legend: 'histogram' })
    .line([0, 1, Number.NaN, 1.5, 2], [0, 0.5, 0.4, 0.3, 0.1], { color: '#000000' }, { legend: 'theory' })
    .points([{ x: 0.5, y: 0.3, err: 0.05 }, { x: 1.5, y: 0.2 }], { shape: 'square', filled: false }, { legend: 'samples' })
    .vline(0.8, { dash: '4 2' }, { text: 'λ_{−}', legend: 'edge' })
    .hline(0.45, {}, { text: 'limit', side: 'outside' })
    .rug([0.1, 0.2])
    .text(1, 0.45, 'note <1>');
  const svg = chart.render();
  const doc = parseXml(svg);

  it('is a well-formed standalone SVG with a viewBox and generic fonts', () => {
    expect(doc.name).toBe('svg');
    expect(doc.attrs['xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(doc.attrs['viewBox']).toBe('0 0 640 420');
    expect(doc.attrs['font-family']).toBe('sans-serif');
    for (const e of elements(doc)) if (e.attrs['font-family'] !== undefined) expect(e.attrs['font-family']).toBe('sans-serif');
    expect(textOf(elements(doc).find((e) => e.name === 'desc')!)).toBe(`bbp plot --a '1<2'`);
  });

  it('holds axes, ticks, every layer and the legend', () => {
    expect(byClass(doc, 'frame')).toHaveLength(1);
    expect(byClass(doc, 'axis', 'x', 'ticks')).toHaveLength(1);
    expect(byClass(doc, 'axis', 'y', 'tick-labels')[0]!.children.length).toBeGreaterThanOrEqual(3);
    expect(textOf(byClass(doc, 'axis', 'x', 'label')[0]!)).toBe('λ <x> & "y"');
    expect(byClass(doc, 'region')).toHaveLength(1);
    expect(byClass(doc, 'bar')).toHaveLength(4);
    // The NaN splits the line into two pieces: two "M" commands in one path.
    const d = byClass(doc, 'curve')[0]!.attrs['d']!;
    expect(d.split('M').length - 1).toBe(2);
    expect(byClass(doc, 'point')).toHaveLength(2);
    expect(byClass(doc, 'errorbar')).toHaveLength(1);
    expect(byClass(doc, 'marker-line')).toHaveLength(2);
    expect(byClass(doc, 'rug')).toHaveLength(1);
    const legend = textOf(byClass(doc, 'legend')[0]!);
    for (const label of ['region', 'histogram', 'theory', 'samples', 'edge']) expect(legend).toContain(label);
    expect(textOf(byClass(doc, 'annotation')[0]!)).toBe('note <1>');
    expect(textOf(byClass(doc, 'marker-label', 'outside')[0]!)).toBe('limit');
  });

  it('keeps the legend inside the figure, and the plot inside the frame', () => {
    const box = byClass(doc, 'legend-box')[0]!.attrs;
    const x = Number(box['x']);
    const w = Number(box['width']);
    expect(x).toBeGreaterThan(0);
    expect(x + w).toBeLessThanOrEqual(640);
    const frame = byClass(doc, 'frame')[0]!.attrs;
    for (const e of byClass(doc, 'bar')) {
      expect(Number(e.attrs['x'])).toBeGreaterThanOrEqual(Number(frame['x']) - 1e-9);
      expect(Number(e.attrs['y']) + Number(e.attrs['height'])).toBeLessThanOrEqual(Number(frame['y']) + Number(frame['height']) + 1e-9);
    }
  });

  it('a short log axis still gets labelled ticks', () => {
    const s = new Chart({ x: { label: 'p', log: true, min: 5.5, max: 7.5 }, y: { label: 'y' } }).line([6, 7], [1, 2]).render();
    expect(byClass(parseXml(s), 'axis', 'x', 'tick-labels')[0]!.children.map(textOf)).toEqual(['6', '7']);
  });

  it('a log axis puts ticks at the requested values', () => {
    const s = new Chart({ x: { label: 'p', log: true, ticks: [1, 2, 4, 8] }, y: { label: 'y' } }).line([1, 3, 8], [1, 2, 3]).render();
    const labels = byClass(parseXml(s), 'axis', 'x', 'tick-labels')[0]!.children.map(textOf);
    expect(labels).toEqual(['1', '2', '4', '8']);
  });
});
