import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inSpan, shutdownTracing, SpanKind, startTracing } from '@meshplane/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeConfig, parseUntrustedKubeconfig, probeCluster } from '../index.js';

/** A stand-in API server that records the headers it receives. */
const received: IncomingHttpHeaders[] = [];
const ANSWERS: Record<string, unknown> = {
  '/version': { gitVersion: 'v1.31.2' },
  '/api/v1/namespaces/kube-system': { metadata: { name: 'kube-system', uid: 'uid-1' } },
  '/api/v1/nodes': { kind: 'NodeList', metadata: {}, items: [{ metadata: { name: 'n1' } }] },
};

let apiServer: Server;
let receiver: OtlpReceiver;

beforeAll(async () => {
  apiServer = createServer((req, res) => {
    received.push(req.headers);
    const answer = ANSWERS[(req.url ?? '').split('?')[0] ?? ''];
    res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer ?? { kind: 'Status', code: 404 }));
  });
  await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve));
  receiver = await startOtlpReceiver();
  await startTracing(receiver.tracingSettings('k8s-test'));
});

afterAll(async () => {
  await shutdownTracing();
  await receiver?.close();
  await new Promise((resolve) => apiServer?.close(resolve));
});

describe('Kubernetes API calls (tracing on)', () => {
  it('are CLIENT spans below the caller’s span, and send no trace context to the tenant’s server', async () => {
    const { port } = apiServer.address() as AddressInfo;
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: "t"}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
    ].join('\n');
    const context = parseUntrustedKubeconfig(kubeconfig).contexts[0];
    if (!context) throw new Error('no context');
    const kc = buildKubeConfig(context, { allowCidrs: ['127.0.0.0/8'], allowInsecureHttp: true });

    const probe = await inSpan(
      () => ({ name: 'ping cluster', kind: SpanKind.INTERNAL }),
      () => probeCluster(kc),
    );

    expect(probe.nodeCount).toBe(1);
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.name === 'ping cluster'),
      'the probe',
    );
    const [parent] = spans.filter((s) => s.name === 'ping cluster');
    const calls = spans.filter((s) => s.name === 'kube GET');
    expect(calls.map((s) => s.attributes['url.full'])).toEqual([
      `http://127.0.0.1:${port}/version`,
      `http://127.0.0.1:${port}/api/v1/namespaces/kube-system`,
      `http://127.0.0.1:${port}/api/v1/nodes`,
    ]);
    for (const call of calls)
      expect(call).toMatchObject({
        kind: 3, // CLIENT
        traceId: parent?.traceId,
        parentSpanId: parent?.spanId,
        attributes: { 'http.response.status_code': 200, 'server.address': '127.0.0.1', 'server.port': port },
      });
    expect(received.length).toBe(3);
    expect(received.filter((h) => h.traceparent !== undefined || h.tracestate !== undefined)).toEqual([]);
  });
});
