import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { inSpan, SpanKind, SpanStatusCode, traceHeaders, type SpanSpec } from '@meshplane/telemetry';
import { STATUS_CODES } from 'node:http';
import { Agent } from 'undici';

export interface PooledFetcher {
  fetcher: Fetcher;
  close(): Promise<void>;
}

/**
 * A Fetcher for RemoteGraphQLDataSource on undici's keep-alive connection pools. Apollo's default
 * (make-fetch-happen) opens, caches and retries in ways that cost milliseconds per subgraph call;
 * this one reuses sockets and does nothing beyond one HTTP exchange.
 */
export function createPooledFetcher(options: {
  connectionsPerOrigin: number;
  timeoutMs: number;
}): PooledFetcher {
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const target = (url: string) => {
    let parsed = targets.get(url);
    if (!parsed) {
      const u = new URL(url);
      parsed = { origin: u.origin, path: `${u.pathname}${u.search}` };
      targets.set(url, parsed);
    }
    return parsed;
  };
  const fetcher: Fetcher = (url: string, init: FetcherRequestInit = {}) => {
    const { origin, path } = target(url);
    const method = init.method ?? 'GET';
    // With tracing on, a CLIENT span whose context the subgraph continues (traceparent).
    return inSpan(
      () => subgraphRequestSpan(method, url),
      async (span) => {
        const response = await agent.request({
          origin,
          path,
          method: method as 'GET',
          headers: span === undefined ? init.headers : { ...init.headers, ...traceHeaders() },
          body: init.body,
          signal: init.signal as AbortSignal | undefined,
        });
        const text = await response.body.text();
        span?.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
        return new PooledFetcherResponse(url, response.statusCode, response.headers, text);
      },
    );
  };
  return { fetcher, close: () => agent.close() };
}

function subgraphRequestSpan(method: string, url: string): SpanSpec {
  const { hostname, port } = new URL(url);
  return {
    name: method,
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      'url.full': url,
      'server.address': hostname,
      ...(port === '' ? {} : { 'server.port': Number(port) }),
    },
  };
}

class PooledFetcherResponse implements FetcherResponse {
  readonly redirected = false;
  readonly headers: ResponseHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    rawHeaders: Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {
    this.headers = new ResponseHeaders(rawHeaders);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return Promise.resolve(this.body);
  }

  json(): Promise<unknown> {
    this.bodyUsed = true;
    try {
      return Promise.resolve(JSON.parse(this.body) as unknown);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return Promise.resolve(new TextEncoder().encode(this.body).buffer as ArrayBuffer);
  }

  clone(): FetcherResponse {
    return new PooledFetcherResponse(this.url, this.status, Object.fromEntries(this.headers), this.body);
  }
}

/**
 * Response headers over undici's already lower-cased record. The WHATWG Headers class validates and
 * normalises every name and value, work repeated on every subgraph response for nothing.
 */
class ResponseHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) this.map.set(name, typeof value === 'string' ? value : value.join(', '));
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, existing === undefined ? value : `${existing}, ${value}`);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}
