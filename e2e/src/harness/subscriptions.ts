import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { credentialHeaders, type Credentials } from './graphql-client.js';

/** Collects what a graphql-ws subscription through the gateway delivers. */
export class WsSubscription<T> {
  readonly received: T[] = [];
  readonly errors: unknown[] = [];
  private readonly client: Client;
  private unsubscribe?: () => void;
  private acknowledged!: Promise<void>;

  constructor(
    httpUrl: string,
    query: string,
    variables?: Record<string, unknown>,
    credentials: Credentials = {},
  ) {
    let ack!: () => void;
    this.acknowledged = new Promise((resolve) => (ack = resolve));
    this.client = createClient({
      url: httpUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      // Browsers cannot set headers on a WebSocket, so credentials travel in connection_init.
      connectionParams: credentialHeaders(credentials),
      on: { connected: () => ack() },
    });
    this.unsubscribe = this.client.subscribe<T>(
      { query, variables },
      {
        next: (value) => value.data && this.received.push(value.data as T),
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
  }

  connected(): Promise<void> {
    return this.acknowledged;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.client.dispose();
  }
}

/** graphql-sse "distinct connections" mode: one POST with Accept: text/event-stream per subscription. */
export class SseSubscription<T> {
  readonly received: T[] = [];
  private readonly abort = new AbortController();
  readonly done: Promise<void>;

  constructor(
    httpUrl: string,
    query: string,
    variables?: Record<string, unknown>,
    credentials: Credentials = {},
  ) {
    this.done = this.run(httpUrl, query, variables, credentials);
  }

  private async run(
    url: string,
    query: string,
    variables: Record<string, unknown> | undefined,
    credentials: Credentials,
  ): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...credentialHeaders(credentials),
      },
      body: JSON.stringify({ query, variables }),
      signal: this.abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`SSE subscription refused: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: ?(.*)$/m.exec(frame)?.[1];
          const data = /^data: ?(.*)$/m.exec(frame)?.[1];
          if (event === 'next' && data) {
            const payload = JSON.parse(data) as { data?: T };
            if (payload.data) this.received.push(payload.data);
          }
        }
      }
    } catch (error) {
      if (!this.abort.signal.aborted) throw error;
    }
  }

  close(): void {
    this.abort.abort();
  }
}
