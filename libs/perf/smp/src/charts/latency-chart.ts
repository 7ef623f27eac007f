import type { LatencyPercentiles, LatencyStats, LoadResult } from '@meshplane/perf-loadgen';
import { coordinate, escapeXml, figure, legend, niceTicks, PALETTE, svgDocument, type Frame } from './svg.js';

export interface LatencySeries {
  label: string;
  latency: LatencyStats;
}

export interface ChartSize {
  width?: number;
  height?: number;
  title?: string;
}

const POINTS: [keyof LatencyPercentiles, number][] = [
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99_9', 0.999],
  ['p99_99', 0.9999],
];

/** The x axis: 1/(1−p) on a log scale, so each extra nine gets the same room. */
export const PERCENTILE_TICKS: { label: string; fraction: number }[] = [
  { label: '50%', fraction: 0.5 },
  { label: '90%', fraction: 0.9 },
  { label: '99%', fraction: 0.99 },
  { label: '99.9%', fraction: 0.999 },
  { label: '99.99%', fraction: 0.9999 },
];

const X_MIN = Math.log10(1 / (1 - 0.5));
const X_MAX = Math.log10(1 / (1 - 0.9999));

/**
 * Latency by percentile, one line per series, on the log percentile axis HdrHistogram's plots use (x = 1/(1−p)).
 * Figures a generator did not report are left out of the line, never drawn as zero.
 */
export function latencyDistributionChart(series: LatencySeries[], size: ChartSize = {}): string {
  const frame: Frame = {
    width: size.width ?? 720,
    height: size.height ?? 400,
    left: 64,
    right: 20,
    top: 36,
    bottom: 48,
  };
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const x = (fraction: number) =>
    frame.left + ((Math.log10(1 / (1 - fraction)) - X_MIN) / (X_MAX - X_MIN)) * plotWidth;
  const values = series
    .flatMap((s) => POINTS.map(([key]) => s.latency.percentiles[key]))
    .filter(Number.isFinite);
  const yTicks = niceTicks(Math.max(0, ...values));
  const yMax = yTicks.at(-1) as number;
  const y = (ms: number) => frame.top + plotHeight - (ms / yMax) * plotHeight;
  const title = size.title ?? 'Latency by percentile';

  const body: string[] = [
    `<text x="${frame.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  body.push(`<g class="y-axis">`);
  for (const tick of yTicks) {
    const ty = coordinate(y(tick));
    body.push(
      `<g class="y-tick" data-value="${tick}"><line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/><text x="${frame.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${figure(tick)}</text></g>`,
    );
  }
  body.push(
    `<text transform="translate(16 ${coordinate(frame.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">latency (ms)</text>`,
    '</g>',
  );
  body.push(`<g class="x-axis">`);
  for (const tick of PERCENTILE_TICKS) {
    const tx = coordinate(x(tick.fraction));
    body.push(
      `<g class="x-tick" data-fraction="${tick.fraction}"><line x1="${tx}" x2="${tx}" y1="${frame.top}" y2="${frame.top + plotHeight}" stroke="#e0e0e0"/><text x="${tx}" y="${frame.top + plotHeight + 16}" text-anchor="middle">${tick.label}</text></g>`,
    );
  }
  body.push(
    `<text x="${coordinate(frame.left + plotWidth / 2)}" y="${frame.height - 8}" text-anchor="middle">percentile</text>`,
    '</g>',
  );

  series.forEach((s, index) => {
    const color = PALETTE[index % PALETTE.length] as string;
    const points = POINTS.filter(([key]) => Number.isFinite(s.latency.percentiles[key])).map(
      ([key, fraction]) => `${coordinate(x(fraction))},${coordinate(y(s.latency.percentiles[key]))}`,
    );
    body.push(
      `<polyline class="series" data-label="${escapeXml(s.label)}" points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
    );
  });
  body.push(
    ...legend(
      frame,
      series.map((s) => s.label),
    ),
  );
  return svgDocument(frame, title, body);
}

/** The latency a result is judged on: corrected when it has it. */
export function resultLatencySeries(result: LoadResult, label = result.url): LatencySeries {
  const corrected = result.latency.corrected;
  return {
    label: corrected ? label : `${label} (uncorrected)`,
    latency: corrected ?? result.latency.uncorrected,
  };
}

/** Two or more results overlaid (baseline vs meshed, or several meshes). */
export function comparisonChart(
  results: { label: string; result: LoadResult }[],
  size: ChartSize = {},
): string {
  if (results.length < 2) throw new RangeError('a comparison chart needs at least two results');
  return latencyDistributionChart(
    results.map(({ label, result }) => resultLatencySeries(result, label)),
    { title: 'Latency by percentile: comparison', ...size },
  );
}
