import type { ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { AuthFailure } from '../auth/auth-failure.js';
import type { Authenticator } from '../auth/authenticator.js';
import { credentialOf } from '../auth/credential-recheck.js';
import type { ClientAddresses } from '../http/client-address.js';
import { pickForwardedHeaders, type GatewayContext } from '../http/gateway-context.js';
import type { GatewayMetrics } from '../metrics/gateway.metrics.js';
import type { OperationRunner, StartedOperation } from './operation-runner.js';
import { onceClosed } from './once-closed.js';

interface WebSocketOptions {
  path: string;
  schema: GraphQLSchema;
  runner: OperationRunner;
  forwardHeaders: readonly string[];
  clientAddresses: ClientAddresses;
  authenticator: Authenticator;
  metrics: GatewayMetrics;
  logger: Logger;
  maxPayloadBytes: number;
  connectionInitTimeoutMs: number;
}

type RunContext = GatewayContext & { started: Exclude<StartedOperation, { kind: 'rejected' }> };

/** graphql-ws on the public GraphQL path: subscriptions relayed from their subgraph, other operations executed. */
export function attachWebSocketServer(server: HttpServer, options: WebSocketOptions): WebSocketServer {
  // Messages are bounded like HTTP bodies: a larger frame closes the socket with 1009 before it is buffered.
  const wss = new WebSocketServer({ server, path: options.path, maxPayload: options.maxPayloadBytes });
  useServer(
    {
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      // Browsers cannot set headers on a WebSocket: credentials may come in connection_init instead.
      onConnect: async (ctx) => {
        try {
          await options.authenticator.authenticate(clientHeaders(ctx));
          return true;
        } catch (error) {
          if (error instanceof AuthFailure) return false;
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const fromParams = pickForwardedHeaders(lowerCaseKeys(ctx.connectionParams), options.forwardHeaders);
        const fromUpgrade = pickForwardedHeaders(ctx.extra.request.headers, options.forwardHeaders);
        // Again per operation: a long-lived socket must not outlive its token or keep a stale role.
        const headers = clientHeaders(ctx);
        const clientAddress = options.clientAddresses.of(ctx.extra.request);
        const caller = await options.authenticator.authenticate(headers, {
          ...(clientAddress === undefined ? {} : { clientAddress }),
        });
        const context: GatewayContext = {
          forwardedHeaders: { ...fromUpgrade, ...fromParams },
          caller,
          credential: credentialOf(headers),
          operation: {},
        };
        const started = options.runner.start(payload, context, {
          socket: ctx.extra.socket,
          address: clientAddress,
        });
        if (started.kind === 'rejected') return started.errors;
        const args: ExecutionArgs = {
          schema: options.schema,
          document: started.document,
          operationName: (payload.operationName as string | null | undefined) ?? undefined,
          contextValue: { ...context, started } satisfies RunContext,
        };
        return args;
      },
      subscribe: (args) => relay(args, options),
      execute: (args) => relay(args, options),
    },
    wss,
  );
  wss.on('error', (error) => options.logger.warn({ err: error }, 'websocket server error'));
  return wss;
}

function relay(
  args: ExecutionArgs,
  options: WebSocketOptions,
): Promise<ExecutionResult> | AsyncIterableIterator<ExecutionResult> {
  const { started } = args.contextValue as RunContext;
  // graphql-ws only serialises the result, so an already formatted one (errors masked) fits.
  if (started.kind === 'result') return started.result as Promise<ExecutionResult>;
  options.metrics.subscriptionOpened('ws');
  return onceClosed(started.events, () => options.metrics.subscriptionClosed('ws'));
}

function clientHeaders(ctx: {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { request: { headers: Readonly<Record<string, string | string[] | undefined>> } };
}): Record<string, string | string[] | undefined> {
  return { ...ctx.extra.request.headers, ...lowerCaseKeys(ctx.connectionParams) };
}

function lowerCaseKeys(params: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {}))
    if (typeof value === 'string') out[key.toLowerCase()] = value;
  return out;
}
