import { createServer, Socket as NetSocket, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyError } from '../error-class.js';
import { Http1Pool, type Http1PoolOptions, type Http1Request } from '../http1-pool.js';
import { TEST_CERT_PEM, TEST_KEY_PEM } from './fixtures/test-tls.js';

/**
 * The HTTP/1.1 client against raw TCP and TLS servers on 127.0.0.1 that write exactly the bytes each test needs
 * (well-formed, malformed, cut short), counting the connections they accept.
 */
interface Outcome {
  status: number;
  error?: Error;
}

interface Target {
  origin: string;
  connections: Socket[];
  requests: string[];
}

const servers: Server[] = [];
/** Every connection the servers accepted (the TCP socket, under TLS too), destroyed after each test. */
const accepted: Socket[] = [];
const pools: Http1Pool<number>[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) pool.destroy();
  for (const socket of accepted.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers each complete request head with `respond(index, socket)`. */
async function serve(
  respond: (index: number, socket: Socket, request: string) => void,
  tls = false,
): Promise<Target> {
  const target: Target = { origin: '', connections: [], requests: [] };
  const onSocket = (socket: Socket) => {
    target.connections.push(socket);
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(request.length);
        target.requests.push(request);
        respond(target.requests.length - 1, socket, request);
      }
    });
  };
  const server = tls
    ? createTlsServer({ cert: TEST_CERT_PEM, key: TEST_KEY_PEM }, onSocket)
    : createServer(onSocket);
  server.on('connection', (socket: Socket) => accepted.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.origin = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return target;
}

const GET: Http1Request = { method: 'GET', path: '/', headers: {}, body: undefined };
const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';

/** A pool whose requests are numbered; `send(n)` resolves with request n's outcome. */
function poolFor(origin: string, options: Partial<Http1PoolOptions> = {}, request: Http1Request = GET) {
  const waiting = new Map<number, (outcome: Outcome) => void>();
  const started: number[] = [];
  const completed: number[] = [];
  const pool = new Http1Pool<number>(
    {
      origin,
      connections: 1,
      connectTimeoutMs: 5000,
      rejectUnauthorized: true,
      limits: { maxHeaderBytes: 4096, maxBodyBytes: 1024 },
      ...options,
    },
    request,
    {
      started: (n) => started.push(n),
      completed: (n, status, error) => {
        completed.push(n);
        waiting.get(n)?.({ status, ...(error ? { error } : {}) });
      },
    },
  );
  pools.push(pool);
  let next = 0;
  const send = (): Promise<Outcome> => {
    const n = next++;
    const outcome = new Promise<Outcome>((resolve) => waiting.set(n, resolve));
    pool.request(n);
    return outcome;
  };
  return { pool, send, started, completed };
}

const classOf = (outcome: Outcome) => (outcome.error ? classifyError(outcome.error) : 'none');

describe('Http1Pool', () => {
  it('writes the request once built: request line, Host, headers, a Content-Length for a body', async () => {
    const target = await serve((_i, socket) => socket.write(OK));
    const port = new URL(target.origin).port;
    await poolFor(`${target.origin}`, {}, { ...GET, path: '/p?q=1' }).send();
    const post = poolFor(
      target.origin,
      {},
      {
        method: 'POST',
        path: '/submit',
        headers: { 'x-run': 'r1', 'content-length': '4' },
        body: 'body',
      },
    );
    await post.send();
    await poolFor(
      target.origin,
      {},
      { method: 'PUT', path: '/', headers: { host: 'example.test' }, body: undefined },
    ).send();
    expect(target.requests).toEqual([
      `GET /p?q=1 HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`,
      `POST /submit HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-run: r1\r\ncontent-length: 4\r\n\r\nbody`,
      'PUT / HTTP/1.1\r\nhost: example.test\r\ncontent-length: 0\r\n\r\n',
    ]);
  });

  it('keeps connections alive: at most `connections` sockets, one request on each, the rest queued in order', async () => {
    const target = await serve((_i, socket) => setTimeout(() => socket.write(OK), 2));
    const { send, started, completed } = poolFor(target.origin, { connections: 2 });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => send()));
    expect(outcomes.every((o) => o.status === 200 && o.error === undefined)).toBe(true);
    expect(target.connections).toHaveLength(2);
    // The first two went out as their connections opened (in either order), the queued ones first in, first out.
    expect(new Set(started.slice(0, 2))).toEqual(new Set([0, 1]));
    expect(started.slice(2)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(completed).toHaveLength(10);
    // Later requests reuse the same two connections.
    for (let i = 0; i < 4; i++) expect((await send()).status).toBe(200);
    expect(target.connections).toHaveLength(2);
  });

  it('opens a new connection after a response that closes its own: Connection: close, a body read until the close', async () => {
    const target = await serve((i, socket) => {
      if (i % 2 === 0) socket.write('HTTP/1.1 201 Created\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.end('HTTP/1.1 202 Accepted\r\n\r\nuntil the close');
    });
    const { send } = poolFor(target.origin);
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(201);
    expect(target.connections).toHaveLength(3);
  });

  it('classifies failures: refused, reset mid-body, a protocol error; a broken connection is replaced', async () => {
    const closed = await serve(() => undefined);
    const refusedOrigin = closed.origin;
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(classOf(await poolFor(refusedOrigin).send())).toBe('connect_refused');

    const target = await serve((i, socket) => {
      if (i === 0) {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial');
        setTimeout(() => socket.resetAndDestroy(), 5);
      } else if (i === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: x\r\n\r\n');
      else socket.write(OK);
    });
    const { send } = poolFor(target.origin);
    const reset = await send();
    expect(classOf(reset)).toBe('connect_reset');
    expect(reset.status).toBe(200);
    const malformed = await send();
    expect(classOf(malformed)).toBe('protocol');
    expect(malformed.error?.message).toMatch(/invalid Content-Length/);
    expect(await send()).toEqual({ status: 200 });
    expect(target.connections).toHaveLength(3);
  });

  it('does not reuse a connection that sent bytes nobody asked for', async () => {
    let closedByClient: Promise<unknown> | undefined;
    const target = await serve((i, socket) => {
      socket.write(OK);
      if (i > 0) return;
      closedByClient = new Promise((resolve) => socket.once('close', resolve));
      setTimeout(() => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'), 20);
    });
    const { send } = poolFor(target.origin);
    expect(await send()).toEqual({ status: 200 });
    // The client closes the idle connection when the stray response arrives (whenever a busy machine gets to it).
    await closedByClient;
    expect(await send()).toEqual({ status: 200 });
    expect(target.connections).toHaveLength(2);
  });

  it('sends a request again on a new connection when a reused one closed before any of its response', async () => {
    // Each connection answers one request and closes without saying so (no Connection: close: the client learns it
    // from the FIN), racing the next request made on it as the response ended.
    const target = await serve((_i, socket) => socket.end(OK));
    const closedLoop = async (method: string, count: number) => {
      const { send } = poolFor(target.origin, {}, { ...GET, method });
      const outcomes: Outcome[] = [];
      for (let i = 0; i < count; i++) outcomes.push(await send());
      return outcomes;
    };
    // Idempotent: sent again, every one answered.
    expect(await closedLoop('GET', 6)).toEqual(Array.from({ length: 6 }, () => ({ status: 200 })));
    // POST may have arrived: never sent twice. What was lost to the race is a reset, the rest answered.
    const posts = await closedLoop('POST', 6);
    for (const outcome of posts)
      expect(outcome.error ? classOf(outcome) : String(outcome.status)).toMatch(/^(connect_reset|200)$/);
    expect(target.requests.filter((request) => request.startsWith('POST ')).length).toBeLessThanOrEqual(6);

    // Bytes before a request waiting on the connection was written: that request is not failed either.
    const eager = await serve((_i, socket) => {
      socket.write(OK);
      socket.write('HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    });
    const { send } = poolFor(eager.origin, {}, { ...GET, method: 'POST' });
    expect(await send()).toEqual({ status: 200 });
    expect(await send()).toEqual({ status: 200 });
  });

  it('the FIN of a reused connection: a request waiting for the write flush goes elsewhere, a written POST is not resent', async () => {
    // The client's own sockets, so that a FIN can be delivered at an exact point: between a request's assignment to
    // an idle connection and the write flush (a real FIN lands there only when two sockets' events share a poll phase).
    const connect = NetSocket.prototype.connect;
    const clientSockets: NetSocket[] = [];
    const spy = vi.spyOn(NetSocket.prototype, 'connect').mockImplementation(function (
      this: NetSocket,
      ...args: Parameters<typeof connect>
    ) {
      clientSockets.push(this);
      return connect.apply(this, args);
    });
    try {
      const target = await serve((i, socket) => (i === 2 ? undefined : socket.write(OK)));
      const { send } = poolFor(target.origin, {}, { ...GET, method: 'POST' });
      const posts = () => target.requests.filter((request) => request.startsWith('POST ')).length;
      expect(await send()).toEqual({ status: 200 });
      expect(clientSockets).toHaveLength(1);

      const waiting = send(); // assigned to the idle connection, written at the next flush
      clientSockets[0]?.emit('end');
      expect(await waiting).toEqual({ status: 200 });
      expect(target.connections).toHaveLength(2);
      expect(posts()).toBe(2);

      const written = send(); // on the second connection, which answers nothing this time
      while (posts() < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      clientSockets[1]?.emit('end');
      const outcome = await written;
      expect(classOf(outcome)).toBe('connect_reset');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(posts()).toBe(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('aborts a request in flight with the error given (a timeout) and closes its connection', async () => {
    const target = await serve((i, socket) => (i === 0 ? undefined : socket.write(OK)));
    const { pool, send } = poolFor(target.origin);
    const hanging = send();
    while (target.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.abort(0, Object.assign(new Error('late'), { code: 'LOADGEN_TIMEOUT' }))).toBe(true);
    expect(pool.abort(0, new Error('again'))).toBe(false);
    const outcome = await hanging;
    expect(outcome.error?.message).toBe('late');
    expect(classOf(outcome)).toBe('timeout');
    expect(await send()).toEqual({ status: 200 });
  });

  it('speaks TLS: verifies the certificate unless told not to; a handshake never answered is a timeout', async () => {
    const target = await serve((_i, socket) => socket.write(OK), true);
    expect(classOf(await poolFor(target.origin).send())).toBe('tls');
    expect(await poolFor(target.origin, { rejectUnauthorized: false }).send()).toEqual({ status: 200 });

    const silent = await serve(() => undefined); // plain TCP: accepts, never answers the ClientHello
    const origin = silent.origin.replace('http:', 'https:');
    const outcome = await poolFor(origin, { connectTimeoutMs: 200 }).send();
    expect(classOf(outcome)).toBe('timeout');
    expect(outcome.error?.message).toMatch(/no connection within 200 ms/);
  });

  it('reports requests made after it was closed as failed, asynchronously', async () => {
    const target = await serve((_i, socket) => socket.write(OK));
    const { pool, send, completed } = poolFor(target.origin);
    pool.destroy();
    const outcome = send();
    expect(completed).toEqual([]);
    expect((await outcome).error?.message).toMatch(/pool is closed/);
  });
});
