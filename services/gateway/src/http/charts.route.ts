import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import type { GatewayContext } from './gateway-context.js';

/** Where the charts are served: `/charts/…`, one GraphQL query each, through the same plan, limits and checks. */
export const CHARTS_PREFIX = '/charts/';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const RUN_CHART = new RegExp(`^/charts/perf/runs/(${UUID})/(latency|time-series)\\.svg$`);
const COMPARISON_CHART = new RegExp(`^/charts/perf/compare/(${UUID})/(${UUID})\\.svg$`);

const RUN_QUERY = `query MeshplaneRunChart($id: ID!, $kind: PerformanceChartKind!) {
  performanceRun(id: $id) { result { chartSvg(kind: $kind) } } }`;
const COMPARISON_QUERY = `query MeshplaneComparisonChart($baseline: ID!, $meshed: ID!) {
  comparePerformanceResults(baselineId: $baseline, meshedId: $meshed) { chartSvg } }`;

/**
 * The SVG is Meshplane's own drawing (every text escaped), served so that even a browser opening it directly runs
 * nothing: no script, no external load (CSP `default-src 'none'`, inline styles only), no sniffing, never cached by
 * a shared cache (it is one organization's data).
 */
const SVG_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
} as const;

/** GraphQL error codes as the HTTP statuses a plain HTTP client expects. */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
};

export interface ChartRequest {
  query: string;
  variables: Record<string, string>;
  /** Where the SVG is in the answer's `data`. */
  pick: (data: Record<string, unknown>) => unknown;
  /** What a 404 says when the run exists but has no chart yet. */
  what: string;
}

/** The chart a path names, or undefined when it names none (a 404 without asking anything). */
export function chartRequestOf(path: string): ChartRequest | undefined {
  const run = RUN_CHART.exec(path);
  if (run) {
    const [, id = '', kind = ''] = run;
    return {
      query: RUN_QUERY,
      variables: { id, kind: kind === 'latency' ? 'LATENCY' : 'TIME_SERIES' },
      pick: (data) =>
        (data['performanceRun'] as { result?: { chartSvg?: unknown } | null } | null)?.result?.chartSvg,
      what: `performance run ${id} has no result yet`,
    };
  }
  const comparison = COMPARISON_CHART.exec(path);
  if (comparison) {
    const [, baseline = '', meshed = ''] = comparison;
    return {
      query: COMPARISON_QUERY,
      variables: { baseline, meshed },
      pick: (data) => (data['comparePerformanceResults'] as { chartSvg?: unknown } | null)?.chartSvg,
      what: `no comparison of ${baseline} and ${meshed}`,
    };
  }
  return undefined;
}

/**
 * `GET /charts/perf/runs/<run>/latency.svg`, `…/time-series.svg` and `GET /charts/perf/compare/<baseline>/<meshed>.svg`:
 * a result's SVG charts over plain HTTP (an `Authorization: Bearer` header, as for GraphQL). Each is the GraphQL query
 * a client would send, executed through the gateway with the caller's own context: the subgraph's tenancy and role
 * checks decide, and another organization's run is a 404 like one that does not exist.
 */
export async function serveChart(
  res: ServerResponse,
  method: string,
  chart: ChartRequest | undefined,
  apollo: ApolloServer<GatewayContext>,
  authenticate: () => Promise<GatewayContext>,
): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, 'charts are read with GET');
  if (!chart) return sendError(res, 404, 'no such chart');
  const context = await authenticate();
  const headers = new HeaderMap([['content-type', 'application/json']]);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers,
      search: '',
      body: { query: chart.query, variables: chart.variables },
    },
    context: () => Promise.resolve(context),
  });
  if (response.body.kind !== 'complete') return sendError(res, 502, 'the chart could not be read');
  const answer = JSON.parse(response.body.string) as {
    data?: Record<string, unknown> | null;
    errors?: { message?: string; extensions?: { code?: string } }[];
  };
  const error = answer.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? '';
    return sendError(res, STATUS_OF_CODE[code] ?? 502, error.message ?? 'the chart could not be read', code);
  }
  const svg = answer.data ? chart.pick(answer.data) : undefined;
  if (typeof svg !== 'string') return sendError(res, 404, chart.what, 'NOT_FOUND');
  res.writeHead(200, { ...SVG_HEADERS, 'content-length': Buffer.byteLength(svg) });
  res.end(method === 'HEAD' ? undefined : svg);
}

function sendError(res: ServerResponse, status: number, message: string, code?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ errors: [{ message, ...(code ? { extensions: { code } } : {}) }] }));
}
