import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import {
  inSpan,
  startTracing,
  traceHeaders,
  traceIncomingRequests,
  traceLogFields,
  tracingEnabled,
} from '../index.js';

const loaded: string[] = [];
vi.mock('@opentelemetry/sdk-trace-node', () => {
  loaded.push('@opentelemetry/sdk-trace-node');
  return {};
});
vi.mock('@opentelemetry/exporter-trace-otlp-proto', () => {
  loaded.push('@opentelemetry/exporter-trace-otlp-proto');
  return {};
});

describe('tracing off (no endpoint configured)', () => {
  it('never loads the SDK and stays off', async () => {
    await startTracing(undefined);
    expect(tracingEnabled()).toBe(false);
    expect(loaded).toEqual([]);
  });

  it('runs work without a span, propagates nothing and adds nothing to log lines', async () => {
    const seen = await inSpan(
      () => {
        throw new Error('a span description is never computed when tracing is off');
      },
      (span) => Promise.resolve(span),
    );
    expect(seen).toBeUndefined();
    expect(traceHeaders()).toEqual({});
    expect(traceLogFields()).toEqual({});
    expect(loaded).toEqual([]);
  });

  it('passes requests straight through the middleware', async () => {
    const trace = traceIncomingRequests({ trustRemoteParent: true, routes: ['/graphql'], ignorePaths: [] });
    const server = createServer((req: IncomingMessage, res: ServerResponse) =>
      trace(req, res, () => res.end(JSON.stringify(traceLogFields()))),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    await new Promise((resolve) => server.close(resolve));
    expect(body).toBe('{}');
    expect(loaded).toEqual([]);
  });

  it('would notice the SDK being loaded (the check above is not blind)', async () => {
    await expect(startTracing(loopbackSettings)).rejects.toThrow();
    expect(loaded).toContain('@opentelemetry/sdk-trace-node');
    expect(tracingEnabled()).toBe(false);
  });
});

const loopbackSettings = {
  url: 'http://127.0.0.1:9/v1/traces',
  protocol: 'http/protobuf' as const,
  headers: {},
  sampler: 'always_on' as const,
  samplerRatio: 1,
  exportDelayMs: 50,
  resource: { serviceName: 'test', serviceVersion: '0.0.0', serviceInstanceId: 'test-1' },
};
