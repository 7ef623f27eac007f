import { type LookupAddress } from 'node:dns';
import { createServer } from 'node:net';
import { type AddressInfo } from 'node:net';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildKubeConfig,
  checkKubeconfigServers,
  ClusterProbeError,
  parseUntrustedKubeconfig,
  probeCluster,
  type ServerUrlPolicy,
} from '../index.js';

// The test server listens on loopback over plain HTTP: exactly what the default policy refuses.
const LOOPBACK_TEST_POLICY: ServerUrlPolicy = { allowCidrs: ['127.0.0.0/8'], allowInsecureHttp: true };

let server: KubeTestServer;

beforeAll(async () => {
  server = await startKubeTestServer();
  for (const name of ['node-a', 'node-b', 'node-c'])
    server.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
});

afterEach(() => server.setFault('none'));

afterAll(async () => {
  await server.stop();
});

function kubeconfigFor(serverUrl: string, token: string, contexts = ['ctx']): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: test, cluster: {server: "${serverUrl}", insecure-skip-tls-verify: true}}]`,
    'users:',
    ...contexts.map((c) => `- {name: ${c}-user, user: {token: "${token}"}}`),
    'contexts:',
    ...contexts.map((c) => `- {name: ${c}, context: {cluster: test, user: ${c}-user}}`),
  ].join('\n');
}

function contextOf(text: string, index = 0, policy: ServerUrlPolicy = LOOPBACK_TEST_POLICY) {
  const context = parseUntrustedKubeconfig(text).contexts[index];
  if (!context) throw new Error('no context');
  return buildKubeConfig(context, policy);
}

async function probeFailure(promise: Promise<unknown>): Promise<ClusterProbeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ClusterProbeError) return error;
  throw new Error(`expected a ClusterProbeError, got ${String(error)}`);
}

describe('probeCluster against the Kubernetes API test server', () => {
  it('reads version, the kube-system uid as cluster identity, and the node count from an imported kubeconfig', async () => {
    const parsed = parseUntrustedKubeconfig(server.kubeconfig());
    await checkKubeconfigServers(parsed, LOOPBACK_TEST_POLICY);
    const [context] = parsed.contexts;
    if (!context) throw new Error('no context');
    const probe = await probeCluster(buildKubeConfig(context, LOOPBACK_TEST_POLICY), { timeoutMs: 5000 });
    expect(probe).toEqual({
      version: expect.stringMatching(/^v1\.\d+/),
      clusterUid: server.clusterUid,
      nodeCount: 3,
    });
  });

  it('gives the same cluster uid through two contexts that point at one server', async () => {
    const text = kubeconfigFor(server.url, server.token, ['first', 'second']);
    const [first, second] = await Promise.all([
      probeCluster(contextOf(text, 0), { timeoutMs: 5000 }),
      probeCluster(contextOf(text, 1), { timeoutMs: 5000 }),
    ]);
    expect(first.clusterUid).toBe(server.clusterUid);
    expect(second.clusterUid).toBe(first.clusterUid);
  });

  it('classifies a wrong token as UNAUTHORIZED', async () => {
    const error = await probeFailure(
      probeCluster(contextOf(kubeconfigFor(server.url, 'wrong-token')), { timeoutMs: 5000 }),
    );
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('gives up on a hanging server after the timeout with TIMEOUT', async () => {
    server.setFault('hang');
    const started = Date.now();
    const error = await probeFailure(probeCluster(contextOf(server.kubeconfig()), { timeoutMs: 300 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('applies the timeout to the whole probe, not per request', async () => {
    server.setFault('hang', /\/api\/v1\/nodes$/);
    const error = await probeFailure(probeCluster(contextOf(server.kubeconfig()), { timeoutMs: 300 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('classifies a body that is not JSON as BAD_RESPONSE', async () => {
    server.setFault('garbage');
    const error = await probeFailure(probeCluster(contextOf(server.kubeconfig()), { timeoutMs: 5000 }));
    expect(error.code).toBe('BAD_RESPONSE');
  });

  it('classifies a server error as BAD_RESPONSE naming the status', async () => {
    server.setFault('error500', /\/namespaces\/kube-system$/);
    const error = await probeFailure(probeCluster(contextOf(server.kubeconfig()), { timeoutMs: 5000 }));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/500/) });
  });

  it('stops reading a response larger than the limit', async () => {
    const error = await probeFailure(
      probeCluster(contextOf(server.kubeconfig()), { timeoutMs: 5000, maxResponseBytes: 64 }),
    );
    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringMatching(/more than 64 bytes/),
    });
  });

  it('classifies a closed port as UNREACHABLE', async () => {
    const error = await probeFailure(
      probeCluster(contextOf(kubeconfigFor(`http://127.0.0.1:${await closedPort()}`, 't')), {
        timeoutMs: 5000,
      }),
    );
    expect(error.code).toBe('UNREACHABLE');
  });

  it('classifies a failed TLS handshake as TLS', async () => {
    const text = kubeconfigFor(server.url.replace('http:', 'https:'), server.token);
    const error = await probeFailure(probeCluster(contextOf(text), { timeoutMs: 5000 }));
    expect(error.code).toBe('TLS');
  });

  it('checks the address again at connect time: a name rebound after the check is refused before any request', async () => {
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    let calls = 0;
    const resolve = (): Promise<LookupAddress[]> =>
      Promise.resolve((answers[Math.min(calls++, 1)] ?? []).map((address) => ({ address, family: 4 })));
    const url = server.url.replace('127.0.0.1', 'kube.test');
    const policy = { allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true, resolve };
    const before = server.requestCount();
    const error = await probeFailure(
      probeCluster(contextOf(kubeconfigFor(url, server.token), 0, policy), { timeoutMs: 5000 }),
    );
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/not allowed/) });
    expect(calls).toBe(2);
    expect(server.requestCount()).toBe(before);
  });

  it('refuses to connect when the policy does not allow the server, before sending any request', async () => {
    const before = server.requestCount();
    const error = await probeFailure(
      probeCluster(contextOf(server.kubeconfig(), 0, { allowInsecureHttp: true }), { timeoutMs: 5000 }),
    );
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/loopback/) });
    expect(server.requestCount()).toBe(before);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
