import type { LoadResult, SecondSample } from '@meshplane/perf-loadgen';
import { coordinate, escapeXml, figure, niceTicks, PALETTE, svgDocument, type Frame } from './svg.js';
import type { ChartSize } from './latency-chart.js';

interface Panel {
  name: string;
  unit: string;
  lines: { label: string; value: (sample: SecondSample) => number }[];
}

const PANELS: Panel[] = [
  { name: 'rate', unit: 'req/s', lines: [{ label: 'requests/s', value: (s) => s.requests }] },
  {
    name: 'latency',
    unit: 'ms',
    lines: [
      { label: 'p50', value: (s) => s.p50Ms },
      { label: 'p99', value: (s) => s.p99Ms },
    ],
  },
  { name: 'errors', unit: 'errors/s', lines: [{ label: 'errors/s', value: (s) => s.errors }] },
];

/** Three panels over the measured window, one point per second: request rate, p50/p99 latency, errors. */
export function timeSeriesChart(result: LoadResult, size: ChartSize = {}): string {
  const title = size.title ?? `Per second: ${result.url}`;
  const frame: Frame = {
    width: size.width ?? 720,
    height: size.height ?? 480,
    left: 64,
    right: 20,
    top: 36,
    bottom: 40,
  };
  const series = [...result.series].sort((a, b) => a.second - b.second);
  const lastSecond = Math.max(1, ...series.map((s) => s.second));
  // Whole seconds: the series has one point per second.
  const xTicks = niceTicks(lastSecond, 8, 1);
  const xMax = xTicks.at(-1) as number;
  const plotWidth = frame.width - frame.left - frame.right;
  const gap = 28;
  const panelHeight = (frame.height - frame.top - frame.bottom - gap * (PANELS.length - 1)) / PANELS.length;
  const x = (second: number) => frame.left + (second / xMax) * plotWidth;

  const body: string[] = [
    `<text x="${frame.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  PANELS.forEach((panel, panelIndex) => {
    const top = frame.top + panelIndex * (panelHeight + gap);
    const values = series.flatMap((s) => panel.lines.map((line) => line.value(s))).filter(Number.isFinite);
    const yTicks = niceTicks(Math.max(0, ...values), 3);
    const yMax = yTicks.at(-1) as number;
    const y = (value: number) => top + panelHeight - (value / yMax) * panelHeight;
    body.push(`<g class="panel" data-panel="${panel.name}">`);
    body.push(
      `<text x="${frame.left}" y="${coordinate(top - 6)}">${escapeXml(`${panel.name} (${panel.unit})`)}</text>`,
    );
    for (const tick of yTicks) {
      const ty = coordinate(y(tick));
      body.push(
        `<g class="y-tick" data-value="${tick}"><line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/><text x="${frame.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${figure(tick)}</text></g>`,
      );
    }
    panel.lines.forEach((line, lineIndex) => {
      const points = series
        .filter((s) => Number.isFinite(line.value(s)))
        .map((s) => `${coordinate(x(s.second))},${coordinate(y(line.value(s)))}`);
      body.push(
        `<polyline class="series" data-label="${escapeXml(line.label)}" points="${points.join(' ')}" fill="none" stroke="${PALETTE[lineIndex % PALETTE.length] as string}" stroke-width="1.5"/>`,
      );
    });
    body.push('</g>');
  });
  const axisY = frame.height - frame.bottom;
  body.push('<g class="x-axis">');
  for (const tick of xTicks) {
    body.push(
      `<g class="x-tick" data-value="${tick}"><text x="${coordinate(x(tick))}" y="${axisY + 16}" text-anchor="middle">${figure(tick)}</text></g>`,
    );
  }
  body.push(
    `<text x="${coordinate(frame.left + plotWidth / 2)}" y="${frame.height - 6}" text-anchor="middle">second</text>`,
    '</g>',
  );
  return svgDocument(frame, title, body);
}
