import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamTarget {
  /** The subgraph's HTTP GraphQL URL; its WebSocket URL is derived from it. */
  httpUrl: string;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  /** Forwarded on the upgrade request and in connection_init, since subgraphs may read either. */
  headers: Record<string, string>;
}

/** `http://host/graphql` → `ws://host/graphql`, `https` → `wss`. */
export function websocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Subscribes on the owning subgraph over its own graphql-ws connection and exposes the events as an
 * async iterator. `return()` closes the upstream connection at once, even while waiting for an event,
 * which an async generator could not do.
 */
export function subscribeUpstream(target: UpstreamTarget): AsyncIterableIterator<ExecutionResult> {
  const headers = target.headers;
  class HeaderForwardingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client: Client = createClient({
    url: websocketUrl(target.httpUrl),
    webSocketImpl: HeaderForwardingWebSocket,
    connectionParams: headers,
    lazy: true,
    retryAttempts: 0,
  });
  const upstream = client.iterate({
    query: target.query,
    operationName: target.operationName ?? null,
    variables: target.variables ?? null,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await upstream.return?.();
    await client.dispose();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const result = await upstream.next();
        if (result.done) await close();
        return result as IteratorResult<ExecutionResult>;
      } catch (error) {
        await close();
        throw upstreamError(error);
      }
    },
    async return() {
      await close();
      return { done: true, value: undefined };
    },
  };
}

/** graphql-ws rejects with an error list, a CloseEvent or an Error; the client gets one readable Error. */
function upstreamError(error: unknown): Error {
  if (Array.isArray(error)) {
    return new Error(error.map((e: { message?: unknown }) => String(e.message)).join('; '));
  }
  if (error instanceof Error) return new Error(`Subgraph subscription failed: ${error.message}`);
  const code = (error as { code?: unknown }).code;
  return new Error(
    `Subgraph subscription connection closed${typeof code === 'number' ? ` (code ${code})` : ''}.`,
  );
}
