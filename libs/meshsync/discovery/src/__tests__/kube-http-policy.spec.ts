import { type LookupAddress } from 'node:dns';
import { KubeConfig } from '@kubernetes/client-node';
import type { ResourceKind } from '@meshplane/contracts';
import { buildKubeConfig, parseUntrustedKubeconfig, type ServerUrlPolicy } from '@meshplane/k8s';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionPath, discoverServedKinds } from '../kube/api-discovery.js';
import { KubeHttpClient } from '../kube/kube-http.client.js';

// All traffic stays on loopback: the refused answer is 127.0.0.2, outside the one address the policy opens, and
// the test server listens on 127.0.0.1 alone.
let server: KubeTestServer;

beforeAll(async () => {
  server = await startKubeTestServer();
});

afterAll(async () => {
  await server.stop();
});

const OPTIONS = { requestTimeoutMs: 5000, watchIdleTimeoutMs: 5000 };
const CONFIG_MAP: ResourceKind = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
};

function clientFor(policy: ServerUrlPolicy): Promise<KubeHttpClient> {
  const text = server.kubeconfig().replace(/127\.0\.0\.1/, 'kube.test');
  const [context] = parseUntrustedKubeconfig(text).contexts;
  if (!context) throw new Error('no context');
  return KubeHttpClient.create(buildKubeConfig(context, policy), OPTIONS);
}

describe('discovery requests go through the connect-time address check', () => {
  it('lists while the name resolves to an opened address, refuses the next list and watch once it is rebound', async () => {
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    let calls = 0;
    const resolve = (): Promise<LookupAddress[]> =>
      Promise.resolve((answers[Math.min(calls++, 1)] ?? []).map((address) => ({ address, family: 4 })));
    const http = await clientFor({ allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true, resolve });

    await expect(http.getJson(collectionPath(CONFIG_MAP))).resolves.toMatchObject({ kind: 'ConfigMapList' });
    const before = server.requestCount();
    await expect(http.getJson(collectionPath(CONFIG_MAP))).rejects.toMatchObject({ reason: 'NotAllowed' });
    const watch = http.watch(collectionPath(CONFIG_MAP), {}, () => undefined, new AbortController().signal);
    await expect(watch).rejects.toMatchObject({ reason: 'NotAllowed' });
    expect(server.requestCount()).toBe(before);
  });

  it('refuses a KubeConfig whose agents do not check addresses (not built by buildKubeConfig)', async () => {
    const plain = new KubeConfig();
    plain.loadFromString(server.kubeconfig());
    await expect(KubeHttpClient.create(plain, OPTIONS)).rejects.toMatchObject({ reason: 'NotAllowed' });
  });
});

describe('paths built from discovery documents', () => {
  it('URL-encodes group, version and resource names and skips dot segments', async () => {
    const requested: string[] = [];
    const documents: Record<string, unknown> = {
      '/api/v1': { resources: [{ name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'] }] },
      '/apis': {
        groups: [
          { name: 'evil.example.com?x=1#', preferredVersion: { version: 'v1' } },
          { name: '..', preferredVersion: { version: 'v1' } },
          { name: 'ok.example.com', preferredVersion: { version: '..' } },
        ],
      },
      '/apis/evil.example.com%3Fx%3D1%23/v1': {
        resources: [
          { name: 'things%2F..', kind: 'Thing', namespaced: false, verbs: ['list', 'watch'] },
          { name: '..', kind: 'Dot', namespaced: false, verbs: ['list', 'watch'] },
        ],
      },
    };
    const http = {
      getJson: (path: string) => {
        requested.push(path);
        return Promise.resolve(documents[path] ?? {});
      },
    } as unknown as KubeHttpClient;

    const { kinds } = await discoverServedKinds(http);

    expect(requested).toEqual(['/api/v1', '/apis', '/apis/evil.example.com%3Fx%3D1%23/v1']);
    expect(kinds.map((k) => k.kind)).toEqual(['Pod', 'Thing']);
    expect(kinds.map(collectionPath)).toEqual([
      '/api/v1/pods',
      '/apis/evil.example.com%3Fx%3D1%23/v1/things%252F..',
    ]);
  });
});
