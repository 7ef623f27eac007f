import { connect, type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeConfig, ClusterProbeError, parseUntrustedKubeconfig, probeCluster } from '../index.js';
import { b64, CA_CERT_PEM, SERVER_CERT_PEM, SERVER_KEY_PEM } from './fixtures/test-pki.js';

let kube: KubeTestServer;
let terminator: Server;
let httpsUrl: string;

// The test server speaks plain HTTP; a TLS terminator in front of it makes the certificate checks real.
beforeAll(async () => {
  kube = await startKubeTestServer();
  const upstreamPort = Number(new URL(kube.url).port);
  terminator = createServer({ key: SERVER_KEY_PEM, cert: SERVER_CERT_PEM }, (socket) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(terminator.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => terminator.close(() => resolve()));
  await kube.stop();
});

function probe(cluster: string[]) {
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: tls',
    '  cluster:',
    ...cluster.map((line) => `    ${line}`),
    `users: [{name: u, user: {token: "${kube.token}"}}]`,
    'contexts: [{name: ctx, context: {cluster: tls, user: u}}]',
  ].join('\n');
  const [context] = parseUntrustedKubeconfig(text).contexts;
  if (!context) throw new Error('no context');
  // The terminator listens on 127.0.0.1: the test opens exactly that address.
  return probeCluster(buildKubeConfig(context, { allowCidrs: ['127.0.0.1/32'] }), { timeoutMs: 5000 });
}

async function failure(promise: Promise<unknown>): Promise<ClusterProbeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ClusterProbeError) return error;
  throw new Error(`expected a ClusterProbeError, got ${String(error)}`);
}

describe('probeCluster over TLS', () => {
  it('verifies the server against certificate-authority-data', async () => {
    const result = await probe([
      `server: ${httpsUrl}`,
      `certificate-authority-data: ${b64(SERVER_CERT_PEM)}`,
    ]);
    expect(result.clusterUid).toBe(kube.clusterUid);
  });

  it('refuses a server whose certificate is not signed by the given CA, as TLS', async () => {
    const error = await failure(
      probe([`server: ${httpsUrl}`, `certificate-authority-data: ${b64(CA_CERT_PEM)}`]),
    );
    expect(error.code).toBe('TLS');
  });

  it('refuses a self-signed server when no CA is given, as TLS', async () => {
    expect((await failure(probe([`server: ${httpsUrl}`]))).code).toBe('TLS');
  });

  it('checks the certificate against tls-server-name instead of the URL host', async () => {
    const ok = [`server: ${httpsUrl}`, `certificate-authority-data: ${b64(SERVER_CERT_PEM)}`];
    await expect(probe([...ok, 'tls-server-name: kube.test'])).resolves.toMatchObject({
      clusterUid: kube.clusterUid,
    });
    expect((await failure(probe([...ok, 'tls-server-name: other.test']))).code).toBe('TLS');
  });

  it('skips verification only when insecure-skip-tls-verify is set', async () => {
    const result = await probe([`server: ${httpsUrl}`, 'insecure-skip-tls-verify: true']);
    expect(result.clusterUid).toBe(kube.clusterUid);
  });
});
