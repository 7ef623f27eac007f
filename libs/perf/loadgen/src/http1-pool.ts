import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ConnectionClosedError, ConnectTimeoutError } from './error-class.js';
import { Http1ResponseParser, type ResponseLimits } from './http1-parser.js';

/** What every request of a load test sends: the same bytes, so they are built once. */
export interface Http1Request {
  method: string;
  /** Path and query, as the URL gives them (already percent-encoded). */
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

export interface Http1PoolOptions {
  /** http: or https: origin, e.g. http://127.0.0.1:8080. */
  origin: string;
  /** At most this many connections, each with at most one request in flight (no pipelining). */
  connections: number;
  /** A connection (TCP and TLS handshakes) not established within this long fails its request as a timeout. */
  connectTimeoutMs: number;
  /** https: verify the target's certificate. */
  rejectUnauthorized: boolean;
  limits: ResponseLimits;
}

/** Where a pool reports each request's progress; the token is the caller's own record of the request. */
export interface Http1Sink<T> {
  /** The request was written to a connection (latency is measured from here). */
  started(token: T): void;
  /** The response ended (status is its status code) or the request failed (error set; status 0 if none came). */
  completed(token: T, status: number, error: Error | undefined): void;
}

/** Methods a client may send again after a connection failure without knowing whether the first one arrived. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** Methods whose requests carry a Content-Length even without a body (RFC 9110 §8.6). */
const LENGTH_EVEN_EMPTY = new Set(['POST', 'PUT', 'PATCH']);

/** The bytes of a request: request line, Host, the load test's headers, Content-Length, body. Built once per run. */
export function serializeRequest(origin: URL, request: Http1Request): Buffer {
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? Buffer.from(request.body, 'utf8')
        : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  let head = `${request.method} ${request.path} HTTP/1.1\r\n`;
  if (request.headers.host === undefined) head += `host: ${origin.host}\r\n`;
  for (const [name, value] of Object.entries(request.headers))
    if (name !== 'content-length') head += `${name}: ${value}\r\n`;
  if (body !== undefined || LENGTH_EVEN_EMPTY.has(request.method))
    head += `content-length: ${body?.length ?? 0}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === undefined ? headBytes : Buffer.concat([headBytes, body]);
}

/**
 * A minimal HTTP/1.1 keep-alive client for load generation: `connections` sockets, one request in flight on each,
 * requests beyond that queued first in, first out. It does only what a load test needs (every request the same bytes,
 * the response's status and body size, never its content), and that is what makes it cheap per request: plain TCP
 * reads land in one reused buffer (`onread`, no stream machinery), and the requests made while the event loop handles
 * a batch of responses are written together after it, so that a burst wakes the target once. With undici the
 * generator, not the target, was the limit (about 0.55 of wrk's requests/s against nginx, 0.87 with this client; see
 * bench/src/loadgen). Responses are parsed by Http1ResponseParser; a connection whose response was not cleanly
 * delimited is closed, never reused. HTTP/2 and gRPC stay on undici.
 */
export class Http1Pool<T> {
  private readonly idle: Connection<T>[] = [];
  /** Connections with a request to write at the next flush (see writeSoon). */
  private writes: Connection<T>[] = [];
  private flushing = false;
  private readonly all = new Set<Connection<T>>();
  private queue: T[] = [];
  private queueHead = 0;
  private destroyed = false;
  private readonly host: string;
  private readonly port: number;
  private readonly tls: boolean;
  readonly requestBytes: Buffer;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  readonly expectBody: boolean;
  readonly idempotent: boolean;

  constructor(
    private readonly options: Http1PoolOptions,
    request: Http1Request,
    readonly sink: Http1Sink<T>,
  ) {
    const origin = new URL(options.origin);
    this.tls = origin.protocol === 'https:';
    this.host = origin.hostname.replace(/^\[|\]$/g, '');
    this.port = origin.port === '' ? (this.tls ? 443 : 80) : Number(origin.port);
    this.requestBytes = serializeRequest(origin, request);
    this.expectBody = request.method !== 'HEAD';
    this.idempotent = IDEMPOTENT.has(request.method);
  }

  /** Sends the request on an idle connection, a new one (within the limit) or, failing both, when one frees up. */
  request(token: T): void {
    if (this.destroyed) {
      // Asynchronously: a closed loop would otherwise recurse through synchronous failures.
      setImmediate(() => this.sink.completed(token, 0, new Error('the HTTP/1.1 pool is closed')));
      return;
    }
    const idle = this.idle.pop();
    if (idle !== undefined) idle.send(token);
    else if (this.all.size < this.options.connections) this.open().send(token);
    else this.queue.push(token);
  }

  /** Fails a request that was written to a connection (its connection is closed); false if it is not in flight. */
  abort(token: T, error: Error): boolean {
    for (const connection of this.all)
      if (connection.current === token) {
        connection.fail(error);
        return true;
      }
    return false;
  }

  /** Closes every connection. Requests still queued or in flight are not reported any more. */
  destroy(): void {
    this.destroyed = true;
    this.queue = [];
    this.queueHead = 0;
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.idle.length = 0;
  }

  /**
   * Writes are gathered and made together after the event loop has handled every response it read (setImmediate runs
   * after the poll phase): a burst of requests wakes the target once instead of once per request.
   */
  writeSoon(connection: Connection<T>): void {
    this.writes.push(connection);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const writes = this.writes;
    this.writes = [];
    this.flushing = false;
    for (const connection of writes) connection.write();
  };

  /** A connection's response ended and it may be reused: the next queued request, or the idle list. */
  released(connection: Connection<T>): void {
    const next = this.dequeue();
    if (next !== undefined) connection.send(next);
    else this.idle.push(connection);
  }

  /** A connection is gone: a queued request gets a new one. */
  closed(connection: Connection<T>): void {
    if (!this.all.delete(connection)) return;
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.destroyed) return;
    const next = this.dequeue();
    if (next !== undefined) this.open().send(next);
  }

  private open(): Connection<T> {
    const connection = new Connection(this, (c) => this.connect(c), this.tls, this.options);
    this.all.add(connection);
    return connection;
  }

  private connect(connection: Connection<T>): Socket {
    if (this.tls)
      return connectTls({
        host: this.host,
        port: this.port,
        // SNI takes a host name, never an IP address.
        ...(/^[\d.]+$|:/.test(this.host) ? {} : { servername: this.host }),
        rejectUnauthorized: this.options.rejectUnauthorized,
        ALPNProtocols: ['http/1.1'],
      });
    const buffer = this.readBuffer;
    return connectTcp({
      host: this.host,
      port: this.port,
      // Reads land in one buffer shared by the pool's connections (the parser copies what it keeps), past the stream
      // machinery: no Buffer allocated per read.
      onread: {
        buffer,
        callback: (bytes) => {
          connection.onData(buffer.subarray(0, bytes));
          return true;
        },
      },
    });
  }

  private dequeue(): T | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const next = this.queue[this.queueHead] as T;
    this.queue[this.queueHead++] = undefined as T;
    // Compact now and then so that a long queue is not held by its consumed head.
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return next;
  }
}

class Connection<T> {
  current: T | undefined;
  /** Whether `current` was written (a request assigned to a connection waits for the next flush). */
  private written = false;
  /** Responses this connection completed: a connection that served one was open and working. */
  private served = 0;
  private connected = false;
  private ended = false;
  private error: Error | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private readonly parser: Http1ResponseParser;

  private readonly socket: Socket;

  constructor(
    private readonly pool: Http1Pool<T>,
    connect: (connection: Connection<T>) => Socket,
    tls: boolean,
    options: Http1PoolOptions,
  ) {
    this.parser = new Http1ResponseParser(options.limits);
    const socket = connect(this);
    this.socket = socket;
    socket.setNoDelay(true);
    this.connectTimer = setTimeout(
      () => this.fail(new ConnectTimeoutError(options.connectTimeoutMs)),
      options.connectTimeoutMs,
    );
    socket.once(tls ? 'secureConnect' : 'connect', () => this.onConnect());
    if (tls) socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      this.error ??= error;
    });
    // The server's FIN ends the connection for us at once (it is closed on our side next): a request waiting for the
    // write flush is then sent elsewhere rather than written into a closing socket.
    socket.on('end', () => this.onClose());
    socket.on('close', () => this.onClose());
  }

  send(token: T): void {
    this.current = token;
    if (this.connected) this.pool.writeSoon(this);
  }

  /** Ends the request in flight with this error and closes the connection. */
  fail(error: Error): void {
    if (this.ended) return;
    this.error = error;
    // Reported now, not at the socket's 'close' (which follows asynchronously): a timeout counts when it is decided.
    this.onClose();
  }

  close(): void {
    this.ended = true;
    clearTimeout(this.connectTimer);
    this.socket.destroy();
  }

  private onConnect(): void {
    clearTimeout(this.connectTimer);
    this.connected = true;
    if (this.current !== undefined) this.write();
  }

  write(): void {
    if (this.ended || this.current === undefined || this.written) return;
    this.written = true;
    this.parser.begin(this.pool.expectBody);
    this.pool.sink.started(this.current as T);
    this.socket.write(this.pool.requestBytes);
  }

  onData(chunk: Buffer): void {
    const token = this.current;
    if (token === undefined || !this.written || this.ended) {
      // Bytes nobody asked for (a server's 408 before closing an idle connection, say): the connection's framing can no
      // longer be trusted, so it ends as if closed (onClose). A request assigned to it but not yet written goes out on
      // another connection when this one had served before; on a fresh one it counts as a reset, so that a server
      // that speaks first is not dialled again without end.
      this.onClose();
      return;
    }
    let step;
    try {
      step = this.parser.feed(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (!step.complete) return;
    const status = this.parser.status;
    this.current = undefined;
    this.written = false;
    this.served++;
    if (step.keepAlive && step.consumed === chunk.length) this.pool.released(this);
    else {
      // Closed after this response (Connection: close, a body delimited by the close, extra bytes).
      this.ended = true;
      this.socket.destroy();
      this.pool.closed(this);
    }
    this.pool.sink.completed(token, status, undefined);
  }

  private onClose(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.connectTimer);
    this.socket.destroy(); // after the server's FIN nothing more is written on it either
    const token = this.current;
    this.current = undefined;
    this.pool.closed(this);
    if (token === undefined) return;
    // A reused keep-alive connection that the server closed (its idle timeout, or one request per connection without
    // saying so): a request not yet written on it goes out on another connection; one that was written too when its
    // method is idempotent and no byte of its response came (as Go's and curl's clients do; RFC 9110 §9.2.2).
    // Anything else is counted as the reset it was.
    const resend = !this.written || (this.pool.idempotent && !this.parser.started);
    if (this.served > 0 && !isOwnError(this.error) && resend) {
      this.pool.request(token);
      return;
    }
    if (this.error === undefined && this.parser.end()) {
      this.pool.sink.completed(token, this.parser.status, undefined);
      return;
    }
    // Before the connection was made the socket's own error says why (refused, TLS, DNS); after it, the response
    // was cut short.
    const error =
      !this.connected || this.error instanceof ConnectTimeoutError || isOwnError(this.error)
        ? (this.error ?? new ConnectionClosedError())
        : new ConnectionClosedError(this.error);
    this.pool.sink.completed(token, this.parser.status, error);
  }
}

/** Errors the client decided itself (a timeout, a protocol error, a body past the cap) are reported as they are. */
function isOwnError(error: Error | undefined): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('LOADGEN_');
}
