import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { comparisonChart, escapeXml, latencyDistributionChart, timeSeriesChart } from '../index.js';
import { latency, loadResult } from './load-result.fixture.js';

/** Parses strictly: any warning or error (not well-formed, bad entity) fails the test. */
function parseSvg(svg: string): Document {
  const fail = (message: string) => {
    throw new Error(`not well-formed: ${message}`);
  };
  const document = new DOMParser({
    onError: (level, message) => fail(`${level}: ${message}`),
  }).parseFromString(svg, 'image/svg+xml');
  expect(document.documentElement?.tagName).toBe('svg');
  return document;
}

function elements(root: Document | Element, className: string): Element[] {
  return Array.from(root.getElementsByTagName('*')).filter(
    (element) => element.getAttribute('class') === className,
  );
}

function text(element: Element): string {
  return element.getElementsByTagName('text')[0]?.textContent ?? '';
}

describe('latency distribution chart', () => {
  const svg = latencyDistributionChart([{ label: 'baseline', latency: latency(1, 2, 4) }], {
    width: 720,
    height: 400,
  });
  const document = parseSvg(svg);

  it('puts 50/90/99/99.9/99.99 on a log 1/(1−p) axis: each nine the same width, 50→90 log10(5) of one', () => {
    const ticks = elements(document, 'x-tick');
    expect(ticks.map(text)).toEqual(['50%', '90%', '99%', '99.9%', '99.99%']);
    const xs = ticks.map((tick) => Number(tick.getElementsByTagName('line')[0]?.getAttribute('x1')));
    // Plot from x = 64 to 720 − 20 = 700.
    expect(xs[0]).toBe(64);
    expect(xs[4]).toBe(700);
    const nine = (xs[2] as number) - (xs[1] as number);
    expect((xs[3] as number) - (xs[2] as number)).toBeCloseTo(nine, 1);
    expect((xs[4] as number) - (xs[3] as number)).toBeCloseTo(nine, 1);
    expect((xs[1] as number) - (xs[0] as number)).toBeCloseTo(nine * Math.log10(5), 1);
  });

  it('scales the y axis from 0 to a round number above the largest latency', () => {
    // p99.99 of the fixture is 4 × 1.8 = 7.2 ms.
    expect(elements(document, 'y-tick').map(text)).toEqual(['0', '2', '4', '6', '8']);
  });

  it('draws the percentiles where they belong and leaves unreported ones out', () => {
    const withGap = latency(1, 2, 4);
    withGap.percentiles.p95 = Number.NaN;
    const line = elements(
      parseSvg(latencyDistributionChart([{ label: 'x', latency: withGap }])),
      'series',
    )[0] as Element;
    const points = (line.getAttribute('points') as string)
      .split(' ')
      .map((point) => point.split(',').map(Number));
    expect(points).toHaveLength(6);
    // p50 = 1 ms on a 0–8 ms axis of 316 px from y = 36: 36 + 316 − 316/8.
    expect(points[0]).toEqual([64, 312.5]);
  });

  it('escapes labels: a URL with <script> in it stays text', () => {
    const url = 'http://127.0.0.1:8080/?q=<script>alert("x")</script>&a=\'1\'';
    const chart = comparisonChart([
      { label: url, result: loadResult({ url }) },
      { label: 'meshed & co', result: loadResult() },
    ]);
    const parsed = parseSvg(chart);
    expect(parsed.getElementsByTagName('script')).toHaveLength(0);
    expect(chart).not.toContain('<script>');
    const legend = elements(parsed, 'legend-item').map(text);
    expect(legend).toEqual([url, 'meshed & co']);
    expect(elements(parsed, 'series').map((line) => line.getAttribute('data-label'))).toEqual([
      url,
      'meshed & co',
    ]);
  });

  it('needs two results to compare, and marks uncorrected latency in the legend', () => {
    expect(() => comparisonChart([{ label: 'a', result: loadResult() }])).toThrow(RangeError);
    const chart = comparisonChart([
      { label: 'a', result: loadResult() },
      { label: 'b', result: loadResult({ latency: { uncorrected: latency(1, 2, 3) } }) },
    ]);
    expect(elements(parseSvg(chart), 'legend-item').map(text)).toEqual(['a', 'b (uncorrected)']);
  });
});

describe('time series chart', () => {
  it('has rate, latency and error panels over the seconds of the run', () => {
    const document = parseSvg(timeSeriesChart(loadResult({ url: 'http://127.0.0.1/<b>' })));
    const panels = elements(document, 'panel');
    expect(panels.map((panel) => panel.getAttribute('data-panel'))).toEqual(['rate', 'latency', 'errors']);
    expect(elements(panels[1] as Element, 'series').map((line) => line.getAttribute('data-label'))).toEqual([
      'p50',
      'p99',
    ]);
    const rate = elements(panels[0] as Element, 'y-tick').map(text);
    expect(rate).toEqual(['0', '500', '1000', '1500']);
    expect(elements(document, 'x-tick').map(text)).toEqual(['0', '1', '2']);
    expect(document.getElementsByTagName('title')[0]?.textContent).toBe('Per second: http://127.0.0.1/<b>');
    const rateLine = elements(panels[0] as Element, 'series')[0] as Element;
    expect((rateLine.getAttribute('points') as string).split(' ')).toHaveLength(3);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('<a href="x">&\'\u0001</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });
});
