import { availableParallelism } from 'node:os';
import type { LoadModel, LoadProtocol } from './result.js';
import { assertTargetAllowed, LOOPBACK_ONLY, type TargetPolicy } from './target-policy.js';

/** What to run. Only `url`, `model`, `durationMs` (and `rate` for the open model) are required. */
export interface LoadOptions {
  url: string;
  /** closed: `concurrency` requests in flight, each sent when the previous one ends; open: `rate` requests/s. */
  model: LoadModel;
  /**
   * http1 (keep-alive, default), http2 (h2c with prior knowledge for http:, ALPN for https:) or grpc (unary calls
   * over HTTP/2: the URL's path is `/<package.Service>/<Method>`, `body` the serialized request message).
   */
  protocol?: LoadProtocol;
  /** Default GET (gRPC: POST, the only method it takes). */
  method?: string;
  /** HTTP headers; for gRPC, the call's metadata (ASCII values). */
  headers?: Record<string, string>;
  /** HTTP: sent as is. gRPC: the serialized request message, as bytes or base64 text (default: empty message). */
  body?: string | Uint8Array;
  /** Open model: requests per second over all threads. */
  rate?: number;
  /** TCP connections over all threads (default 16; at least one per thread). */
  connections?: number;
  /** Closed model: requests in flight over all threads (default = connections). */
  concurrency?: number;
  /** The measured window, after the warm-up. */
  durationMs: number;
  /** Load sent before the measured window and left out of every figure (default 0). */
  warmupMs?: number;
  /** Per request, from the moment it is written to a connection to the end of its response (default 10 s). */
  timeoutMs?: number;
  /** A response body past this many bytes aborts its request as body_too_large (default 8 MiB). */
  maxBodyBytes?: number;
  /** Worker threads (default: the available cores, at most one per connection). 1 runs in the calling thread. */
  threads?: number;
  /** Open model: a send later than this after its intended time is a late start (default 10 ms). */
  lateThresholdMs?: number;
  /** Targets beyond loopback are refused unless this allows them (default LOOPBACK_ONLY). */
  targetPolicy?: TargetPolicy;
  /** https: verify the target's certificate (default true). */
  rejectUnauthorized?: boolean;
}

/** Options checked and completed with their defaults. */
export interface ValidatedOptions {
  url: string;
  origin: string;
  path: string;
  model: LoadModel;
  protocol: LoadProtocol;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  rate: number | undefined;
  connections: number;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  maxBodyBytes: number;
  threads: number;
  lateThresholdMs: number;
  rejectUnauthorized: boolean;
}

export class LoadOptionsError extends Error {
  readonly code = 'INVALID_LOAD_OPTIONS';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'LoadOptionsError';
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers the client owns: a connection-level header in a load test would change what is measured. */
const RESERVED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'te',
]);

/**
 * Checks every option (naming the field of the first problem) and the target policy, so that bad input fails before
 * anything is opened.
 */
export function validateOptions(options: LoadOptions): ValidatedOptions {
  const url = parseUrl(options.url);
  assertTargetAllowed(url, options.targetPolicy ?? LOOPBACK_ONLY);
  if (options.model !== 'closed' && options.model !== 'open')
    throw new LoadOptionsError('model', `must be "closed" or "open", got ${String(options.model)}`);
  const protocol = options.protocol ?? 'http1';
  if (protocol !== 'http1' && protocol !== 'http2' && protocol !== 'grpc')
    throw new LoadOptionsError('protocol', `must be "http1", "http2" or "grpc", got ${String(protocol)}`);
  const grpc = protocol === 'grpc';
  const method = options.method ?? (grpc ? 'POST' : 'GET');
  if (!TOKEN.test(method))
    throw new LoadOptionsError('method', `not an HTTP method token: ${JSON.stringify(method)}`);
  if (grpc && method !== 'POST')
    throw new LoadOptionsError('method', `gRPC calls are POST requests, got ${JSON.stringify(method)}`);
  let headers = validateHeaders(options.headers ?? {});
  if (options.body !== undefined && typeof options.body !== 'string' && !(options.body instanceof Uint8Array))
    throw new LoadOptionsError('body', 'must be a string or bytes');
  let body = options.body;
  checkContentLength(headers, body);
  if (grpc) {
    checkGrpcPath(url);
    headers = grpcHeaders(headers);
    body = grpcFrame(options.body);
  }

  const connections = integer('connections', options.connections ?? 16, 1);
  const concurrency = integer('concurrency', options.concurrency ?? connections, 1);
  const rate = options.model === 'open' ? positive('rate', options.rate) : undefined;
  if (options.model === 'closed' && options.rate !== undefined)
    throw new LoadOptionsError(
      'rate',
      'only the open model takes a rate (the closed model runs as fast as it can)',
    );
  const durationMs = positive('durationMs', options.durationMs);
  const warmupMs = nonNegative('warmupMs', options.warmupMs ?? 0);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
  const maxBodyBytes = integer('maxBodyBytes', options.maxBodyBytes ?? 8 * 1024 * 1024, 0);
  const lateThresholdMs = positive('lateThresholdMs', options.lateThresholdMs ?? 10);
  let threads = integer('threads', options.threads ?? availableParallelism(), 1);
  // Every thread needs a connection of its own, and (open model) at least one request per second.
  threads = Math.min(
    threads,
    connections,
    options.model === 'closed' ? concurrency : Math.max(1, Math.floor(rate ?? 1)),
  );
  return {
    url: url.href,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    model: options.model,
    protocol,
    method,
    headers: grpc ? { ...headers, 'grpc-timeout': grpcTimeout(timeoutMs) } : headers,
    body,
    rate,
    connections,
    concurrency,
    durationMs,
    warmupMs,
    timeoutMs,
    maxBodyBytes,
    threads,
    lateThresholdMs,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  };
}

function parseUrl(raw: unknown): URL {
  if (typeof raw !== 'string') throw new LoadOptionsError('url', 'must be a string');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoadOptionsError('url', `not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LoadOptionsError('url', `only http: and https: URLs, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '')
    throw new LoadOptionsError(
      'url',
      'credentials in the URL are not accepted (send an Authorization header)',
    );
  return url;
}

function validateHeaders(headers: Record<string, string>): Record<string, string> {
  const valid: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers[${JSON.stringify(name)}]`;
    if (!TOKEN.test(name)) throw new LoadOptionsError(field, 'invalid header name');
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw new LoadOptionsError(field, 'a connection-level header is set by the client, not by a load test');
    if (typeof value !== 'string' || !HEADER_VALUE.test(value))
      throw new LoadOptionsError(
        field,
        'invalid header value (control characters such as CR/LF are not allowed)',
      );
    valid[name.toLowerCase()] = value;
  }
  return valid;
}

/** A Content-Length header is only accepted when it is the body's: the client frames the request itself. */
function checkContentLength(headers: Record<string, string>, body: string | Uint8Array | undefined): void {
  const declared = headers['content-length'];
  if (declared === undefined) return;
  const actual =
    body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (declared.trim() !== String(actual))
    throw new LoadOptionsError(
      'headers["content-length"]',
      `${JSON.stringify(declared)} is not the body's length (${actual} bytes); leave it out, the client sets it`,
    );
}

/** gRPC's method path: `/<package.Service>/<Method>`, nothing else (no query, no fragment). */
const GRPC_PATH = /^\/[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\/[A-Za-z_][A-Za-z0-9_]*$/;
/** The request message cap: gRPC servers refuse more than 4 MiB by default. */
export const GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Metadata the gRPC client owns (the HTTP/2 framing of the call), never taken from a load test's headers. */
const GRPC_RESERVED = new Set(['content-type', 'grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding']);

function checkGrpcPath(url: URL): void {
  if (!GRPC_PATH.test(url.pathname) || url.search !== '' || url.hash !== '')
    throw new LoadOptionsError(
      'url',
      `a gRPC target's path is /<package.Service>/<Method> (e.g. /grpc.health.v1.Health/Check), got ${JSON.stringify(url.pathname + url.search)}`,
    );
}

/** gRPC's timeout header: at most 8 digits and a unit. */
function grpcTimeout(timeoutMs: number): string {
  const ms = Math.ceil(timeoutMs);
  return ms <= 99_999_999 ? `${ms}m` : `${Math.min(Math.ceil(ms / 1000), 99_999_999)}S`;
}

function grpcHeaders(headers: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(headers)) {
    const field = `headers[${JSON.stringify(name)}]`;
    if (GRPC_RESERVED.has(name) || name.startsWith('grpc-'))
      throw new LoadOptionsError(field, 'set by the gRPC client, not by a load test');
    if (name.endsWith('-bin')) throw new LoadOptionsError(field, 'binary metadata (-bin) is not supported');
    if (!/^[\x20-\x7e]*$/.test(headers[name] as string))
      throw new LoadOptionsError(field, 'gRPC metadata values are printable ASCII');
  }
  return { ...headers, 'content-type': 'application/grpc', te: 'trailers' };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The request message in gRPC's length-prefixed framing: no compression flag, 4-byte big-endian length, message. */
function grpcFrame(body: string | Uint8Array | undefined): Uint8Array {
  let message: Uint8Array;
  if (body === undefined) message = new Uint8Array(0);
  else if (typeof body === 'string') {
    if (!BASE64.test(body))
      throw new LoadOptionsError('body', 'a gRPC request message is given as bytes or base64 text');
    message = Buffer.from(body, 'base64');
  } else message = body;
  if (message.byteLength > GRPC_MAX_MESSAGE_BYTES)
    throw new LoadOptionsError('body', `the gRPC request message is over ${GRPC_MAX_MESSAGE_BYTES} bytes`);
  const frame = new Uint8Array(5 + message.byteLength);
  new DataView(frame.buffer).setUint32(1, message.byteLength);
  frame.set(message, 5);
  return frame;
}

function positive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new LoadOptionsError(field, `must be a positive number, got ${String(value)}`);
  return value;
}

function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new LoadOptionsError(field, `must be zero or a positive number, got ${String(value)}`);
  return value;
}

function integer(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new LoadOptionsError(field, `must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}
