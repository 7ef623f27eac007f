import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphqlRequestError, TransportError, type GraphqlErrorEntry } from './client-error.js';

/** graphql-ws (`graphql-transport-ws` over a WebSocket) or GraphQL over SSE (distinct connections mode). */
export type SubscriptionTransport = 'ws' | 'sse';

/** An open subscription: iterate it for each event's data; it ends when the server completes it or on close(). */
export interface LiveSubscription<TData> extends AsyncIterable<TData> {
  /** Resolves once the transport is connected (graphql-ws acknowledged, or the SSE stream opened). */
  readonly connected: Promise<void>;
  close(): Promise<void>;
}

export interface SubscriptionRequest {
  url: string;
  transport: SubscriptionTransport;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  headers: () => Promise<Record<string, string>>;
}

interface Sink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

interface ExecutionPayload {
  data?: unknown;
  errors?: readonly GraphqlErrorEntry[];
}

export function openSubscription<TData>(request: SubscriptionRequest): LiveSubscription<TData> {
  const queue = new EventQueue<TData>();
  let connect!: () => void;
  let refuse!: (error: unknown) => void;
  const connected = new Promise<void>((resolve, reject) => {
    connect = resolve;
    refuse = reject;
  });
  // An unawaited `connected` must not become an unhandled rejection: the error also reaches the iterator.
  connected.catch(() => undefined);
  const sink: Sink<ExecutionPayload> = {
    next: (payload) => {
      if (payload.errors?.length) {
        queue.fail(new GraphqlRequestError(payload.errors, 200, request.operationName));
      } else if (payload.data !== undefined && payload.data !== null) {
        queue.push(payload.data as TData);
      }
    },
    error: (error) => {
      const failure = subscriptionError(error, request);
      refuse(failure);
      queue.fail(failure);
    },
    complete: () => queue.end(),
  };
  const stop =
    request.transport === 'ws' ? overWebSocket(request, sink, connect) : overSse(request, sink, connect);
  return {
    connected,
    [Symbol.asyncIterator]: () => queue.iterator(),
    close: async () => {
      queue.end();
      await stop();
    },
  };
}

function overWebSocket(request: SubscriptionRequest, sink: Sink<ExecutionPayload>, connected: () => void) {
  const client = createWsClient({
    url: request.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    // A WebSocket cannot carry headers from a browser, so credentials travel in connection_init.
    connectionParams: request.headers,
    on: { connected: () => connected() },
  });
  const unsubscribe = client.subscribe(
    { query: request.query, variables: request.variables, operationName: request.operationName },
    sink,
  );
  return async () => {
    unsubscribe();
    await client.dispose();
  };
}

function overSse(request: SubscriptionRequest, sink: Sink<ExecutionPayload>, connected: () => void) {
  const client = createSseClient({
    url: request.url,
    headers: request.headers,
    retryAttempts: 0,
    on: { connected: () => connected() },
  });
  const unsubscribe = client.subscribe(
    { query: request.query, variables: request.variables, operationName: request.operationName },
    sink,
  );
  return () => {
    unsubscribe();
    client.dispose();
    return Promise.resolve();
  };
}

/** What each transport reports on failure, turned into the client's two error classes. */
function subscriptionError(error: unknown, request: SubscriptionRequest): Error {
  if (Array.isArray(error))
    return new GraphqlRequestError(error as GraphqlErrorEntry[], 200, request.operationName);
  if (error instanceof Error) {
    const status = (error as { response?: { status?: number } }).response?.status;
    return new TransportError(
      `subscription over ${request.transport === 'ws' ? 'graphql-ws' : 'SSE'} failed: ${error.message}`,
      status,
      { cause: error },
    );
  }
  const close = error as { code?: number; reason?: string } | null;
  if (close && typeof close.code === 'number') {
    return new TransportError(
      `the WebSocket closed with ${close.code}${close.reason ? ` (${close.reason})` : ''}`,
      undefined,
      { cause: error },
    );
  }
  return new TransportError(`subscription failed: ${String(error)}`);
}

/** Events pushed by a transport callback, pulled by an async iterator; at most one failure, then nothing. */
class EventQueue<T> {
  private readonly items: T[] = [];
  private failure: unknown;
  private ended = false;
  private wake?: () => void;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = error;
    this.ended = true;
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  async *iterator(): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
