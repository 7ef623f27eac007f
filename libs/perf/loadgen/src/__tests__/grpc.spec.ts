import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadOptionsError, runLoad, validateOptions, type LoadOptions } from '../index.js';

/** Raw bytes in and out: the load generator sends a serialized message and never decodes the answer. */
const bytes = {
  requestStream: false,
  responseStream: false,
  requestSerialize: (value: Buffer) => value,
  requestDeserialize: (value: Buffer) => value,
  responseSerialize: (value: Buffer) => value,
  responseDeserialize: (value: Buffer) => value,
};

describe('gRPC unary load', () => {
  const server = new grpc.Server();
  const received: { message: string; metadata: string | undefined; deadline: boolean }[] = [];
  let origin = '';

  beforeAll(async () => {
    server.addService(
      {
        Echo: { path: '/test.v1.Load/Echo', ...bytes },
        Refuse: { path: '/test.v1.Load/Refuse', ...bytes },
        Big: { path: '/test.v1.Load/Big', ...bytes },
      },
      {
        Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
          received.push({
            message: call.request.toString('hex'),
            metadata: call.metadata.get('x-tenant')[0]?.toString(),
            deadline: Number.isFinite(Number(call.getDeadline())),
          });
          callback(null, call.request);
        },
        Refuse: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) =>
          callback({ code: grpc.status.UNAVAILABLE, details: 'not today' }),
        Big: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) =>
          callback(null, Buffer.alloc(64 * 1024, 1)),
      },
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    origin = `http://127.0.0.1:${port}`;
  });

  afterAll(() => server.forceShutdown());

  const load = (overrides: Partial<LoadOptions>) =>
    runLoad({
      url: `${origin}/test.v1.Load/Echo`,
      protocol: 'grpc',
      model: 'closed',
      connections: 1,
      concurrency: 4,
      // Long enough that a first call completes even on a starved machine (npm test runs this beside everything).
      durationMs: 1_000,
      threads: 1,
      ...overrides,
    });

  it('sends framed messages with metadata and a deadline, and counts the calls by gRPC status', async () => {
    received.length = 0;
    // Longer than the others: its first call also sets the connection up, which took over a second once when
    // npm test ran it beside everything else (0 requests counted).
    const result = await load({
      body: Buffer.from('0801', 'hex'),
      headers: { 'x-tenant': 'org-a' },
      durationMs: 3_000,
    });
    expect(result.protocol).toBe('grpc');
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.statusCodes).toEqual({ OK: result.requests });
    expect(received.length).toBeGreaterThanOrEqual(result.requests);
    expect(received[0]).toEqual({ message: '0801', metadata: 'org-a', deadline: true });
  });

  it('takes the message as base64 text too, and the empty message by default', async () => {
    received.length = 0;
    await load({ body: 'CAE=', durationMs: 400 });
    expect(received[0]?.message).toBe('0801');
    received.length = 0;
    await load({ durationMs: 400 });
    expect(received[0]?.message).toBe('');
  });

  it('counts a failing status from a trailers-only answer and an unknown method by name, not as errors', async () => {
    const refused = await load({ url: `${origin}/test.v1.Load/Refuse` });
    expect(refused.errors).toBe(0);
    expect(Object.keys(refused.statusCodes)).toEqual(['UNAVAILABLE']);
    const unknown = await load({ url: `${origin}/test.v1.Load/Nope`, durationMs: 400 });
    expect(Object.keys(unknown.statusCodes)).toEqual(['UNIMPLEMENTED']);
  });

  it('aborts an answer past the body cap', async () => {
    const result = await load({ url: `${origin}/test.v1.Load/Big`, maxBodyBytes: 1024, durationMs: 400 });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errorClasses).toEqual({ body_too_large: result.requests });
  });

  it('refuses bad gRPC options naming the field', () => {
    const field = (options: Partial<LoadOptions>): string => {
      try {
        validateOptions({
          url: `http://127.0.0.1:9/a.B/C`,
          protocol: 'grpc',
          model: 'closed',
          durationMs: 1,
          ...options,
        });
      } catch (error) {
        if (error instanceof LoadOptionsError) return error.message; // `<field>: <problem>`
        throw error;
      }
      return 'accepted';
    };
    expect(field({})).toBe('accepted');
    expect(field({ url: 'http://127.0.0.1:9/' })).toMatch(/^url: .*\/<package.Service>\/<Method>/);
    expect(field({ url: 'http://127.0.0.1:9/a.B/C?x=1' })).toMatch(/^url:/);
    expect(field({ url: 'http://127.0.0.1:9/a.B/C/D' })).toMatch(/^url:/);
    expect(field({ method: 'GET' })).toMatch(/^method: gRPC calls are POST/);
    expect(field({ body: 'not base64!' })).toMatch(/^body:/);
    expect(field({ body: new Uint8Array(4 * 1024 * 1024 + 1) })).toMatch(/^body: .*over 4194304 bytes/);
    expect(field({ headers: { 'grpc-timeout': '1S' } })).toMatch(/^headers\["grpc-timeout"\]/);
    expect(field({ headers: { 'content-type': 'text/plain' } })).toMatch(/^headers\["content-type"\]/);
    expect(field({ headers: { 'trace-bin': 'AA==' } })).toMatch(/^headers\["trace-bin"\]: binary/);
    expect(field({ headers: { 'x-name': 'é' } })).toMatch(/ASCII/);
    const framed = validateOptions({
      url: `http://127.0.0.1:9/a.B/C`,
      protocol: 'grpc',
      model: 'closed',
      durationMs: 1,
      body: 'CAE=',
      timeoutMs: 2500,
    });
    expect(Buffer.from(framed.body as Uint8Array).toString('hex')).toBe('00000000020801');
    expect(framed.headers).toMatchObject({
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': '2500m',
    });
  });
});
