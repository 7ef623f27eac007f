import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { GRAPHIQL_ASSET_PREFIX, renderGraphiqlPage } from '../graphiql/graphiql.page.js';
import type { StaticAsset } from '../graphiql/graphiql.assets.js';
import { AuthFailure } from '../auth/auth-failure.js';
import type { Authenticator } from '../auth/authenticator.js';
import { credentialOf } from '../auth/credential-recheck.js';
import type { JwksProxy } from '../auth/jwks-proxy.js';
import type { SubgraphReadiness } from '../health/subgraph-readiness.js';
import type { GatewayMetrics } from '../metrics/gateway.metrics.js';
import { SseHandler } from '../subscriptions/sse.handler.js';
import type { SubscriptionRequest } from '../subscriptions/subscription-planner.js';
import type { ClientAddresses } from './client-address.js';
import { CHARTS_PREFIX, chartRequestOf, serveChart } from './charts.route.js';
import { preventCsrf } from './csrf.js';
import { pickForwardedHeaders, type GatewayContext } from './gateway-context.js';
import { ClientRequestError, parseJsonBody, readBody } from './read-body.js';

export interface HttpHandlerOptions {
  graphqlPath: string;
  apollo: ApolloServer<GatewayContext>;
  sse: SseHandler;
  assets: ReadonlyMap<string, StaticAsset>;
  readiness: SubgraphReadiness;
  metrics: GatewayMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  forwardHeaders: readonly string[];
  clientAddresses: ClientAddresses;
  authenticator: Authenticator;
  jwks: JwksProxy;
  isShuttingDown: () => boolean;
}

/**
 * The gateway's whole HTTP surface on plain node:http: no framework in the hot path, because every
 * microsecond here is added to every query (see README for the measurements).
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const graphiqlPage = renderGraphiqlPage(options.graphqlPath);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.isShuttingDown()) res.setHeader('connection', 'close');
    try {
      await route(req, res, options, graphiqlPage);
    } catch (error) {
      if (error instanceof AuthFailure) {
        if (error.status === 503)
          options.logger.warn({ err: error.cause, reason: error.code }, 'authentication unavailable');
        sendJson(res, error.status, error.toBody());
        return;
      }
      if (error instanceof ClientRequestError) {
        sendJson(res, error.status, {
          errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      options.logger.error({ err: error, path: pathOf(req) }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    }
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpHandlerOptions,
  graphiqlPage: string,
) {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const search = queryStart === -1 ? '' : url.slice(queryStart);
  if (path === options.graphqlPath) return graphql(req, res, options, search, graphiqlPage);
  if (path.startsWith(GRAPHIQL_ASSET_PREFIX) && req.method === 'GET') {
    const asset = options.assets.get(path.slice(GRAPHIQL_ASSET_PREFIX.length));
    if (!asset) return sendJson(res, 404, { error: 'not found' });
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
    res.end(asset.body);
    return;
  }
  if (path.startsWith(CHARTS_PREFIX)) {
    return serveChart(res, req.method ?? 'GET', chartRequestOf(path), options.apollo, () =>
      contextOf(req, options),
    );
  }
  switch (path) {
    case '/healthz':
      return sendJson(res, 200, { status: 'ok' });
    case '/readyz': {
      const report = await options.readiness.report(!options.isShuttingDown());
      return sendJson(res, report.ready ? 200 : 503, report);
    }
    case '/.well-known/jwks.json': {
      const body = req.method === 'GET' ? await options.jwks.body() : undefined;
      if (body === undefined)
        return sendJson(res, req.method === 'GET' ? 503 : 405, { error: 'unavailable' });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' });
      res.end(body);
      return;
    }
    case '/metrics':
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      res.end(await options.metrics.render());
      return;
    default:
      return sendJson(res, 404, { error: 'not found' });
  }
}

async function graphql(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpHandlerOptions,
  search: string,
  graphiqlPage: string,
) {
  const method = req.method ?? 'GET';
  const sse = SseHandler.accepts(req);
  if (method === 'GET' && !sse && (req.headers.accept ?? '').includes('text/html')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(graphiqlPage);
    return;
  }
  // Apollo applies these rules to its own requests; SSE never reaches Apollo, so they apply here first.
  if (sse && (method === 'POST' || method === 'GET')) preventCsrf(req.headers);
  const body =
    method === 'POST'
      ? parseJsonBody(await readBody(req, options.bodyLimitBytes), req.headers['content-type'])
      : undefined;
  const clientAddress = options.clientAddresses.of(req);
  const context = await contextOf(req, options, clientAddress);
  if (sse && (method === 'POST' || method === 'GET')) {
    return options.sse.handle(res, sseRequest(method, body, search), context, method, clientAddress);
  }
  const started = performance.now();
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers: headerMap(req), search, body },
    context: () => Promise.resolve(context),
  });
  await send(res, response);
  options.metrics.requestFinished(context.operation.type ?? 'invalid', (performance.now() - started) / 1000);
}

/** Who is calling (authenticated from the request's headers), for the GraphQL and chart paths alike. */
async function contextOf(
  req: IncomingMessage,
  options: HttpHandlerOptions,
  clientAddress = options.clientAddresses.of(req),
): Promise<GatewayContext> {
  return {
    forwardedHeaders: pickForwardedHeaders(req.headers, options.forwardHeaders),
    caller: await options.authenticator.authenticate(req.headers, {
      ...(clientAddress === undefined ? {} : { clientAddress }),
    }),
    credential: credentialOf(req.headers),
    operation: {},
  };
}

function sseRequest(method: string, body: unknown, search: string): SubscriptionRequest {
  if (method === 'POST') return (body ?? {}) as SubscriptionRequest;
  const params = new URLSearchParams(search);
  const variables = params.get('variables');
  let parsedVariables: unknown;
  try {
    parsedVariables = variables ? JSON.parse(variables) : undefined;
  } catch {
    throw new ClientRequestError(400, 'The "variables" parameter is not valid JSON.');
  }
  return {
    query: params.get('query') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
    variables: parsedVariables,
  };
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function send(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // A known length avoids chunked encoding, so the response leaves in one write instead of several.
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?', 1)[0] ?? '/';
}
