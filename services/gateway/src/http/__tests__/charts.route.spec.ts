import { describe, expect, it } from 'vitest';
import { chartRequestOf } from '../charts.route.js';

const RUN = '6f1b2c4e-8a57-4f2e-9d1c-3b5a7e9f0c12';
const OTHER = '0b8d1f2a-3c4e-4f5a-8b6c-7d8e9f0a1b2c';

describe('chartRequestOf', () => {
  it("names a run's latency and time-series charts and a comparison's, as GraphQL queries with variables", () => {
    expect(chartRequestOf(`/charts/perf/runs/${RUN}/latency.svg`)?.variables).toEqual({
      id: RUN,
      kind: 'LATENCY',
    });
    expect(chartRequestOf(`/charts/perf/runs/${RUN}/time-series.svg`)?.variables).toEqual({
      id: RUN,
      kind: 'TIME_SERIES',
    });
    expect(chartRequestOf(`/charts/perf/compare/${RUN}/${OTHER}.svg`)?.variables).toEqual({
      baseline: RUN,
      meshed: OTHER,
    });
  });

  it('picks the SVG from the answer, and nothing from a run without a result', () => {
    const chart = chartRequestOf(`/charts/perf/runs/${RUN}/latency.svg`);
    expect(chart?.pick({ performanceRun: { result: { chartSvg: '<svg/>' } } })).toBe('<svg/>');
    expect(chart?.pick({ performanceRun: { result: null } })).toBeUndefined();
    expect(chart?.pick({ performanceRun: null })).toBeUndefined();
  });

  it('names nothing for any other path: no id, a malformed id, another kind, traversal, a query in the path', () => {
    for (const path of [
      '/charts/perf/runs/latency.svg',
      `/charts/perf/runs/${RUN}/latency.png`,
      `/charts/perf/runs/${RUN}/cpu.svg`,
      `/charts/perf/runs/${RUN}x/latency.svg`,
      `/charts/perf/runs/../${RUN}/latency.svg`,
      `/charts/perf/runs/${RUN}/latency.svg/extra`,
      `/charts/perf/compare/${RUN}.svg`,
      `/charts/perf/runs/${RUN.replace('-', '%2D')}/latency.svg`,
      '/charts/',
    ])
      expect(chartRequestOf(path), path).toBeUndefined();
  });
});
