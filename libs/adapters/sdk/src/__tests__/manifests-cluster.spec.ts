import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { buildKubeConfig, parseUntrustedKubeconfig, type GuardedKubeConfig } from '@meshplane/k8s';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyManifests,
  deleteManifests,
  InMemoryInventoryStore,
  MANAGED_BY_LABEL,
  OPERATION_LABEL,
  waitForReady,
  type ObjectRef,
} from '../manifests/index.js';

// The Kubernetes API test server in-process on 127.0.0.1, with its simulated workload controller (20 ms).
let server: KubeTestServer;
let kc: GuardedKubeConfig;
let objects: KubernetesObjectApi;
const POLICY = { allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true };

beforeAll(async () => {
  server = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
  const [context] = parseUntrustedKubeconfig(server.kubeconfig()).contexts;
  if (!context) throw new Error('no context');
  kc = buildKubeConfig(context, POLICY);
  objects = KubernetesObjectApi.makeApiClient(kc);
});

afterAll(() => server.stop());

const crd = (group: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;
const bundle = (ns: string, group: string, version: string, withService = true) =>
  [
    `apiVersion: ${group}/v1\nkind: Widget\nmetadata: {name: w, namespace: ${ns}}\nspec: {size: 1}`,
    `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: 'web:${version}'}]}`,
    ...(withService
      ? [
          `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${ns}}\nspec: {ports: [{name: http, port: 80}]}`,
        ]
      : []),
    crd(group),
  ].join('\n---\n');

const ref = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): KubernetesObject & { metadata: { name: string } } => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

async function exists(
  obj: KubernetesObject & { metadata: { name: string } },
): Promise<KubernetesObject | undefined> {
  try {
    return await objects.read(obj);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

describe('applyManifests / deleteManifests against the Kubernetes API test server', () => {
  it('installs, re-applies unchanged, upgrades with a prune and uninstalls exactly the inventory', async () => {
    const inventory = new InMemoryInventoryStore();
    const common = { fieldManager: 'test-adapter', inventory, key: 'conn-1/widgets' };
    const first = await applyManifests(kc, bundle('wapp', 'a.example.io', '1'), {
      ...common,
      operationId: 'op-1',
    });
    expect(first.ok).toBe(true);
    expect(first.results.map((r) => `${r.object.kind}:${r.action}`)).toEqual([
      'CustomResourceDefinition:created',
      'Namespace:created',
      'Deployment:created',
      'Service:created',
      'Widget:created',
    ]);
    const widget = await exists(ref('a.example.io/v1', 'Widget', 'w', 'wapp'));
    expect(widget?.metadata?.labels).toMatchObject({
      [MANAGED_BY_LABEL]: 'test-adapter',
      [OPERATION_LABEL]: 'op-1',
    });
    const deployment: ObjectRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'wapp',
      name: 'web',
    };
    await waitForReady(kc, [deployment], { timeoutMs: 20_000, pollMs: 20 });
    expect((await exists(ref('apps/v1', 'Deployment', 'web', 'wapp')))?.metadata?.labels).toMatchObject({
      [MANAGED_BY_LABEL]: 'test-adapter',
    });

    const again = await applyManifests(kc, bundle('wapp', 'a.example.io', '1'), {
      ...common,
      operationId: 'op-1',
    });
    expect(again.results.map((r) => r.action)).toEqual(Array(5).fill('unchanged'));
    // No read before each apply: unchanged is the answer's content against the digest the inventory kept, so a
    // record without digests (or another installation applying the same objects) reads as configured.
    const record = await inventory.get('conn-1/widgets');
    expect(Object.keys(record?.digests ?? {})).toHaveLength(5);
    const other = new InMemoryInventoryStore();
    const adopted = await applyManifests(kc, bundle('wapp', 'a.example.io', '1'), {
      ...common,
      inventory: other,
      operationId: 'op-1',
    });
    expect(adopted.results.map((r) => r.action)).toEqual(Array(5).fill('configured'));

    // An object that carries the same labels but is not in the inventory: never touched.
    await objects.patch(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'bystander',
          namespace: 'default',
          labels: { [MANAGED_BY_LABEL]: 'test-adapter', [OPERATION_LABEL]: 'op-1' },
        },
      },
      undefined,
      undefined,
      'someone-else',
      false,
      PatchStrategy.ServerSideApply,
    );

    const upgrade = await applyManifests(kc, bundle('wapp', 'a.example.io', '2', false), {
      ...common,
      operationId: 'op-2',
    });
    expect(upgrade.ok).toBe(true);
    expect(upgrade.results.find((r) => r.object.kind === 'Deployment')?.action).toBe('configured');
    expect(upgrade.results.filter((r) => r.action === 'pruned').map((r) => r.object)).toEqual([
      { apiVersion: 'v1', kind: 'Service', namespace: 'wapp', name: 'web' },
    ]);
    expect(await exists(ref('v1', 'Service', 'web', 'wapp'))).toBeUndefined();
    expect((await inventory.get(common.key))?.objects).toHaveLength(4);

    await objects.delete(ref('apps/v1', 'Deployment', 'web', 'wapp'));
    const removed = await deleteManifests(kc, { inventory, key: common.key });
    expect(removed.ok).toBe(true);
    expect(removed.results.map((r) => `${r.object.kind}:${r.action}`)).toEqual([
      'Widget:deleted',
      'Deployment:gone',
      'Namespace:deleted',
      'CustomResourceDefinition:deleted',
    ]);
    expect(
      await exists(ref('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.a.example.io')),
    ).toBeUndefined();
    expect(await exists(ref('v1', 'Namespace', 'wapp'))).toBeUndefined();
    expect(await exists(ref('v1', 'ConfigMap', 'bystander', 'default'))).toBeDefined();
    expect(await inventory.get(common.key)).toBeUndefined();
  });

  it('a dry run creates nothing and records nothing', async () => {
    const inventory = new InMemoryInventoryStore();
    const result = await applyManifests(kc, bundle('dry', 'dry.example.io', '1'), {
      fieldManager: 'test-adapter',
      operationId: 'op-dry',
      inventory,
      key: 'conn-1/dry',
      dryRun: true,
    });
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => `${r.object.kind}:${r.action}`)).toEqual([
      'CustomResourceDefinition:created',
      'Namespace:created',
      'Deployment:skipped',
      'Service:skipped',
      'Widget:skipped',
    ]);
    const inDefault = await applyManifests(
      kc,
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry-cm' }, data: { a: '1' } }],
      { fieldManager: 'test-adapter', operationId: 'op-dry', inventory, key: 'conn-1/dry', dryRun: true },
    );
    expect(inDefault.results).toEqual([
      {
        object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'dry-cm' },
        action: 'created',
      },
    ]);
    expect(await exists(ref('v1', 'ConfigMap', 'dry-cm', 'default'))).toBeUndefined();
    expect(await exists(ref('v1', 'Namespace', 'dry'))).toBeUndefined();
    expect(
      await exists(ref('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.dry.example.io')),
    ).toBeUndefined();
    expect(inventory.keys()).toEqual([]);
  });

  it('reports a conflict naming the object and the other field manager, and force takes the field over', async () => {
    const inventory = new InMemoryInventoryStore();
    const cm = (value: string) => [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'shared', namespace: 'default' },
        data: { mode: value },
      },
    ];
    await objects.patch(
      cm('theirs')[0] as KubernetesObject,
      undefined,
      undefined,
      'kubectl',
      false,
      PatchStrategy.ServerSideApply,
    );
    const options = { fieldManager: 'test-adapter', operationId: 'op-c', inventory, key: 'conn-1/conflict' };
    const refused = await applyManifests(kc, cm('ours'), options);
    expect(refused.ok).toBe(false);
    expect(refused.results[0]).toMatchObject({
      action: 'failed',
      conflicts: [{ manager: 'kubectl', field: '.data.mode' }],
      message: expect.stringMatching(/ConfigMap default\/shared: conflict .*"kubectl"/) as string,
    });
    const forced = await applyManifests(kc, cm('ours'), { ...options, force: true });
    expect(forced.results[0]?.action).toBe('configured');
  });

  it('stops before the next object once its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(
      applyManifests(kc, bundle('aborted', 'x.example.io', '1'), {
        fieldManager: 'test-adapter',
        operationId: 'op-x',
        inventory: new InMemoryInventoryStore(),
        key: 'conn-1/aborted',
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled');
    expect(await exists(ref('v1', 'Namespace', 'aborted'))).toBeUndefined();
  });

  it('names the object that did not become ready and its status', async () => {
    await objects.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'never', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x' }] } } },
    });
    await expect(
      waitForReady(kc, [{ apiVersion: 'batch/v1', kind: 'Job', namespace: 'default', name: 'never' }], {
        timeoutMs: 50,
        pollMs: 10,
      }),
    ).rejects.toThrow(/Job default\/never did not become ready: not complete/);
  });

  it('refuses more objects than the limit before any request', async () => {
    const before = server.requestCount();
    const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    await expect(
      applyManifests(kc, [configMap('a'), configMap('b')], {
        fieldManager: 'x',
        operationId: 'y',
        inventory: new InMemoryInventoryStore(),
        key: 'k',
        limits: { maxDocuments: 1 },
      }),
    ).rejects.toThrow(/more than 1 objects/);
    expect(server.requestCount()).toBe(before);
  });

  it('refuses a kubeconfig not built under the server URL policy', async () => {
    await expect(
      applyManifests(
        { kubeconfig: server.kubeconfig(), policy: {} },
        [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }],
        {
          fieldManager: 'x',
          operationId: 'y',
          inventory: new InMemoryInventoryStore(),
          key: 'k',
        },
      ),
    ).rejects.toThrow(/loopback address/);
  });
});
