import { AppsV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeTestServer, type KubeTestServer } from '../index.js';

let server: KubeTestServer;
let kc: KubeConfig;

beforeAll(async () => {
  server = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
  kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
});

afterAll(() => server.stop());

async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const template = (app: string) => ({
  selector: { matchLabels: { app } },
  template: {
    metadata: { labels: { app } },
    spec: { containers: [{ name: app, image: `${app}:1` }] },
  },
});

const containerNames = (pod: V1Pod) => (pod.spec?.containers ?? []).map((c) => c.name);

describe('workload controller', () => {
  it('gives a Deployment a ReplicaSet and Ready pods, reports them available, and scales', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 2, ...template('web') },
      },
    });
    const ready = await until(async () => {
      const d = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
    expect(ready.status).toMatchObject({ replicas: 2, readyReplicas: 2, observedGeneration: 1 });
    expect(ready.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');

    const replicaSets = await apps.listNamespacedReplicaSet({
      namespace: 'default',
      labelSelector: 'app=web',
    });
    expect(replicaSets.items).toHaveLength(1);
    const rs = replicaSets.items[0];
    expect(rs?.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      uid: ready.metadata?.uid,
    });
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.metadata?.ownerReferences?.[0]?.uid).toBe(rs?.metadata?.uid);
    }

    const latest = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
    if (!latest.spec) throw new Error('the deployment lost its spec');
    await apps.replaceNamespacedDeployment({
      namespace: 'default',
      name: 'web',
      body: { ...latest, spec: { ...latest.spec, replicas: 1 } },
    });
    await until(async () => {
      const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
      return list.items.length === 1 ? true : undefined;
    });

    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(server.list('v1', 'Pod', 'default', { labelSelector: 'app=web' })).toEqual([]);
    expect(server.list('apps/v1', 'ReplicaSet', 'default', { labelSelector: 'app=web' })).toEqual([]);
  });

  it('runs StatefulSet pods by ordinal and one DaemonSet pod per node', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedStatefulSet({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: { replicas: 2, serviceName: 'db', ...template('db') },
      },
    });
    await apps.createNamespacedDaemonSet({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: template('agent'),
      },
    });
    const sts = await until(async () => {
      const s = await apps.readNamespacedStatefulSet({ namespace: 'default', name: 'db' });
      return s.status?.readyReplicas === 2 ? s : undefined;
    });
    expect(sts.status?.replicas).toBe(2);
    expect(
      server
        .list('v1', 'Pod', 'default', { labelSelector: 'app=db' })
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['db-0', 'db-1']);
    const ds = await until(async () => {
      const d = await apps.readNamespacedDaemonSet({ namespace: 'default', name: 'agent' });
      return d.status?.numberReady === 1 ? d : undefined;
    });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
  });

  it('injects a mesh sidecar only where the namespace asks and the injector webhook exists', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    server.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'meshed', labels: { 'istio-injection': 'enabled' } },
    });
    server.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'linked', annotations: { 'linkerd.io/inject': 'enabled' } },
    });
    server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } });
    const deploy = (namespace: string, name: string) =>
      apps.createNamespacedDeployment({
        namespace,
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name },
          spec: { replicas: 1, ...template(name) },
        },
      });
    const podOf = (namespace: string, app: string) =>
      until(async () => {
        const list = await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
        const pod = list.items[0];
        return pod?.status?.phase === 'Running' ? pod : undefined;
      });

    // No injector installed yet: the label alone changes nothing.
    await deploy('meshed', 'before');
    expect(containerNames(await podOf('meshed', 'before'))).toEqual(['before']);

    server.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'istio-sidecar-injector', labels: { 'app.kubernetes.io/version': '1.22.0' } },
      webhooks: [{ name: 'namespace.sidecar-injector.istio.io' }],
    });
    server.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'linkerd-proxy-injector-webhook-config' },
      webhooks: [{ name: 'linkerd-proxy-injector.linkerd.io' }],
    });
    await deploy('meshed', 'after');
    await deploy('linked', 'emoji');
    await deploy('plain', 'bare');
    const istioPod = await podOf('meshed', 'after');
    expect(containerNames(istioPod)).toEqual(['after', 'istio-proxy']);
    expect(istioPod.spec?.containers.find((c) => c.name === 'istio-proxy')?.image).toBe(
      'docker.io/istio/proxyv2:1.22.0',
    );
    expect(istioPod.status?.containerStatuses?.map((c) => c.name)).toEqual(['after', 'istio-proxy']);
    expect(containerNames(await podOf('linked', 'emoji'))).toEqual(['emoji', 'linkerd-proxy']);
    expect(containerNames(await podOf('plain', 'bare'))).toEqual(['bare']);

    // A pod created directly (not by a workload) is admitted too.
    await core.createNamespacedPod({
      namespace: 'meshed',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'lone', labels: { app: 'lone' } },
        spec: { containers: [{ name: 'lone', image: 'lone:1' }] },
      },
    });
    expect(containerNames(await podOf('meshed', 'lone'))).toEqual(['lone', 'istio-proxy']);
  });
});
