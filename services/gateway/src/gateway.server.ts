import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { subscriptionRoutes, supergraphSubgraphs } from '@meshplane/graphql/composition';
import type { GraphQLSchema } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { Authenticator } from './auth/authenticator.js';
import { JwksProxy } from './auth/jwks-proxy.js';
import { CredentialRecheck } from './auth/credential-recheck.js';
import { loadSubgraphUrls, type GatewayConfig } from './config/gateway.config.js';
import { createPooledFetcher } from './datasource/pooled-fetcher.js';
import { createSubgraphDataSource } from './datasource/subgraph.datasource.js';
import { maskErrors } from './errors/mask-errors.js';
import { loadGraphiqlAssets } from './graphiql/graphiql.assets.js';
import { SubgraphReadiness } from './health/subgraph-readiness.js';
import type { GatewayContext } from './http/gateway-context.js';
import { ClientAddresses } from './http/client-address.js';
import { createHttpHandler } from './http/http.handler.js';
import { operationPolicyPlugin } from './http/operation-policy.plugin.js';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { OperationRunner, type ExecuteOperation } from './subscriptions/operation-runner.js';
import { SseHandler } from './subscriptions/sse.handler.js';
import { SubscriptionPlanner } from './subscriptions/subscription-planner.js';
import { SubscriptionSlots } from './subscriptions/subscription-slots.js';
import { attachWebSocketServer } from './subscriptions/websocket.server.js';
import { cidrBlockList, disableVendorTelemetry, type Env } from '@meshplane/config';
import { traceIncomingRequests, tracingEnabled } from '@meshplane/telemetry';
import type { InternalContext } from '@meshplane/auth';

export const GRAPHQL_PATH = '/graphql';

/** WebSocket close code for "going away": the server is shutting down. */
const GOING_AWAY = 1001;

export interface GatewayOptions {
  config: GatewayConfig;
  supergraphSdl: string;
  logger: Logger;
  /** Environment for SUBGRAPH_URL_<NAME> overrides; defaults to the process environment. */
  env?: Env;
  /** Process-level default metrics (event loop, memory); off in tests that start several gateways. */
  defaultMetrics?: boolean;
}

export interface RunningGateway {
  /** `http://host:port/graphql` */
  url: string;
  server: Server;
  /** Graceful stop: refuse new work, end subscriptions (1001), finish in-flight requests. */
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const subgraphUrls = loadSubgraphUrls(supergraphSubgraphs(options.supergraphSdl), options.env);
  const fetcher = createPooledFetcher({
    connectionsPerOrigin: config.SUBGRAPH_CONNECTIONS,
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
  });
  const limits = {
    maxDepth: config.MAX_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxCost: config.MAX_COST,
    maxIntrospectionCost: config.MAX_INTROSPECTION_COST,
  };
  const providersUrl = config.PROVIDERS_URL ?? providersOrigin(subgraphUrls);
  const jwks = new JwksProxy(providersUrl, 60_000, config.AUTH_TIMEOUT_MS);
  const authenticator = new Authenticator({
    contextSecrets: config.INTERNAL_CONTEXT_SECRET,
    contextTtlMs: config.CONTEXT_TTL_MS,
    providersUrl,
    localIssuer: config.LOCAL_PROVIDER_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    remoteProviders: config.REMOTE_PROVIDERS,
    jwksMaxAgeMs: config.JWKS_MAX_AGE_MS,
    jwksRefetchCooldownMs: config.JWKS_REFETCH_COOLDOWN_MS,
    cacheMaxAgeMs: config.AUTH_CACHE_MAX_AGE_MS,
    cacheMaxEntries: config.AUTH_CACHE_MAX_ENTRIES,
    fetchTimeoutMs: config.AUTH_TIMEOUT_MS,
  });
  const sign = (caller: InternalContext, audience: string) => authenticator.sign(caller, audience);
  const metrics = new GatewayMetrics({ defaultMetrics: options.defaultMetrics ?? true });

  let apiSchema: GraphQLSchema | undefined;
  disableVendorTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      createSubgraphDataSource(name, subgraphUrls.get(name) ?? url ?? '', fetcher.fetcher, sign),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    // main.ts owns shutdown; Apollo's own handler would re-raise the signal and exit with 143.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    introspection: config.INTROSPECTION,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: maskErrors((error) => logger.warn({ err: error }, 'masked an unexpected error')),
    // No HTTP caching of GraphQL responses here, so computing a cache policy per response is wasted work.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      operationPolicyPlugin(limits),
    ],
  });
  await apollo.start();
  if (!apiSchema) throw new Error('The gateway loaded no schema from the supergraph');

  const execute: ExecuteOperation = async (request, contextValue) => {
    const response = await apollo.executeOperation(request, { contextValue });
    if (response.body.kind !== 'single')
      throw new Error('Incremental delivery is not supported on this transport');
    return response.body.singleResult;
  };
  const planner = new SubscriptionPlanner({
    schema: apiSchema,
    routes: subscriptionRoutes(options.supergraphSdl),
    limits,
    introspection: config.INTROSPECTION,
  });
  const recheck = new CredentialRecheck(authenticator, config.SUBSCRIPTION_RECHECK_MS, (error) =>
    logger.warn({ err: error }, 'subscription credential check failed'),
  );
  const slots = new SubscriptionSlots({
    perSocket: config.MAX_SUBSCRIPTIONS_PER_SOCKET,
    perCaller: config.MAX_SUBSCRIPTIONS_PER_CALLER,
    perSubgraph: config.SUBGRAPH_SUBSCRIPTION_CONNECTIONS,
  });
  const runner = new OperationRunner(planner, subgraphUrls, execute, sign, recheck, slots);
  const sse = new SseHandler(runner, metrics, (error) =>
    logger.warn({ err: error }, 'subscription cleanup failed'),
  );
  const readiness = new SubgraphReadiness(subgraphUrls, 2_000);

  const clientAddresses = new ClientAddresses(
    config.TRUSTED_PROXY_CIDRS.length > 0 ? cidrBlockList(config.TRUSTED_PROXY_CIDRS) : undefined,
  );
  let shuttingDown = false;
  const handler = createHttpHandler({
    graphqlPath: GRAPHQL_PATH,
    apollo,
    sse,
    assets: loadGraphiqlAssets(),
    readiness,
    metrics,
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    forwardHeaders: config.FORWARD_HEADERS,
    clientAddresses,
    authenticator,
    jwks,
    isShuttingDown: () => shuttingDown,
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, tracedHandler(handler));
  const wss = attachWebSocketServer(server, {
    path: GRAPHQL_PATH,
    schema: apiSchema,
    runner,
    forwardHeaders: config.FORWARD_HEADERS,
    clientAddresses,
    authenticator,
    metrics,
    logger,
    maxPayloadBytes: config.BODY_LIMIT_BYTES,
    connectionInitTimeoutMs: config.WS_CONNECTION_INIT_TIMEOUT_MS,
  });
  await listen(server, config.HOST, config.PORT);
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;

  const close = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    closeWebSockets(wss);
    sse.closeAll();
    recheck.close();
    await withTimeout(closed, config.SHUTDOWN_TIMEOUT_MS, () => server.closeAllConnections());
    await apollo.stop();
    await Promise.all([fetcher.close(), readiness.close()]);
  };
  return { url: `http://${host}:${port}${GRAPHQL_PATH}`, server, close };
}

/**
 * With tracing on, every request but probes and scrapes gets a SERVER span. A client's own `traceparent` is linked,
 * never continued: at the public edge a caller must not choose our trace ids or force sampling.
 */
function tracedHandler(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!tracingEnabled()) return (req, res) => void handler(req, res);
  const trace = traceIncomingRequests({
    trustRemoteParent: false,
    routes: [GRAPHQL_PATH],
    ignorePaths: ['/healthz', '/readyz', '/metrics'],
  });
  return (req, res) => trace(req, res, () => void handler(req, res));
}

/** Where the providers subgraph runs: identity is resolved there. */
function providersOrigin(subgraphUrls: ReadonlyMap<string, string>): string {
  const url = subgraphUrls.get('providers');
  if (url === undefined)
    throw new Error('PROVIDERS_URL is required when the supergraph has no providers subgraph');
  return new URL('/', url).toString();
}

function closeWebSockets(wss: WebSocketServer): void {
  for (const client of wss.clients) client.close(GOING_AWAY, 'Server shutting down');
  wss.close();
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function withTimeout(promise: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}
