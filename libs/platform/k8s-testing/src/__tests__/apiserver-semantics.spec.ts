import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeTestServer, type KubeObject, type KubeTestServer } from '../index.js';

let server: KubeTestServer;
let kc: KubeConfig;
let objects: KubernetesObjectApi;

beforeAll(async () => {
  server = await startKubeTestServer();
  kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
  objects = KubernetesObjectApi.makeApiClient(kc);
});

afterAll(() => server.stop());

const deployment = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec,
  ...extra,
});

const podTemplate = (containers: Record<string, unknown>[]) => ({
  selector: { matchLabels: { app: 'x' } },
  template: { metadata: { labels: { app: 'x' } }, spec: { containers } },
});

function apply(obj: KubernetesObject, manager: string, force = false): Promise<KubernetesObject> {
  return objects.patch(obj, undefined, undefined, manager, force, PatchStrategy.ServerSideApply);
}

async function rejection(promise: Promise<unknown>): Promise<{ code: number; body: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; body: string };
  }
  throw new Error('expected the request to fail');
}

describe('server-side apply', () => {
  it('creates on apply and records the fields of each manager in managedFields', async () => {
    const created = await apply(
      deployment(
        'ssa-a',
        { replicas: 2, ...podTemplate([{ name: 'app', image: 'a:1' }]) },
        { status: { replicas: 7 } },
      ),
      'installer',
    );
    // Deployments have a status subresource: an apply to the main resource leaves .status alone.
    expect((created as { status?: unknown }).status).toBeUndefined();
    const managed = created.metadata?.managedFields ?? [];
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({ manager: 'installer', operation: 'Apply', fieldsType: 'FieldsV1' });
    const fields = managed[0]?.fieldsV1 as Record<string, Record<string, unknown>>;
    expect(fields['f:spec']?.['f:replicas']).toEqual({});
    expect(fields['f:status']).toBeUndefined();
    const containers = (
      (fields['f:spec']?.['f:template'] as Record<string, unknown>)['f:spec'] as Record<string, unknown>
    )['f:containers'] as Record<string, unknown>;
    expect(Object.keys(containers)).toEqual(['k:{"name":"app"}']);

    await objects.patch(
      { ...deployment('ssa-a', { replicas: 5 }) },
      undefined,
      undefined,
      'kubectl-edit',
      undefined,
      PatchStrategy.MergePatch,
    );
    const read = server.get('apps/v1', 'Deployment', 'default', 'ssa-a');
    const entries = read?.metadata['managedFields'] as { manager: string; operation: string }[];
    expect(entries.map((e) => `${e.manager}:${e.operation}`).sort()).toEqual([
      'installer:Apply',
      'kubectl-edit:Update',
    ]);
  });

  it('answers 409 naming the conflicting field and manager, and force takes the field over', async () => {
    await apply(deployment('ssa-b', { replicas: 1, paused: false }), 'first');
    const failure = await rejection(apply(deployment('ssa-b', { replicas: 3 }), 'second'));
    expect(failure.code).toBe(409);
    const status = JSON.parse(failure.body) as {
      reason: string;
      message: string;
      details: { causes: { reason: string; field: string; message: string }[] };
    };
    expect(status.reason).toBe('Conflict');
    expect(status.message).toContain('conflict with "first"');
    expect(status.details.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "first" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
    // The same value is no conflict: both managers own it.
    await apply(deployment('ssa-b', { paused: false }), 'second');

    const forced = await apply(deployment('ssa-b', { replicas: 3 }), 'second', true);
    expect((forced as { spec: { replicas: number } }).spec.replicas).toBe(3);
    const entries = forced.metadata?.managedFields ?? [];
    const first = entries.find((e) => e.manager === 'first')?.fieldsV1 as Record<
      string,
      Record<string, unknown>
    >;
    expect(first['f:spec']).toEqual({ 'f:paused': {} });
  });

  it('merges containers by name, replaces atomic lists, and removes what a manager stops applying', async () => {
    await apply(
      deployment('ssa-c', {
        ...podTemplate([
          { name: 'app', image: 'a:1', args: ['--x', '--y'] },
          { name: 'helper', image: 'h:1' },
        ]),
      }),
      'installer',
    );
    await apply(deployment('ssa-c', podTemplate([{ name: 'debug', image: 'd:1' }])), 'debugger');
    const next = await apply(
      deployment('ssa-c', podTemplate([{ name: 'app', image: 'a:2', args: ['--z'] }])),
      'installer',
    );
    const containers = (
      next as {
        spec: { template: { spec: { containers: { name: string; image: string; args?: string[] }[] } } };
      }
    ).spec.template.spec.containers;
    expect(containers.map((c) => c.name)).toEqual(['app', 'debug']);
    expect(containers[0]).toEqual({ name: 'app', image: 'a:2', args: ['--z'] });
  });

  it('requires a fieldManager for apply patches', async () => {
    const failure = await rejection(
      objects.patch(
        deployment('ssa-d', {}),
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(failure.code).toBe(422);
  });
});

describe('dry run', () => {
  it('answers the would-be object of an apply, create and delete with dryRun=All and stores nothing', async () => {
    const obj = deployment('dry-a', { replicas: 1, ...podTemplate([{ name: 'app', image: 'a:1' }]) });
    const answered = await objects.patch<KubernetesObject>(
      obj,
      undefined,
      'All',
      'dry',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect(answered.metadata?.name).toBe('dry-a');
    expect(answered.metadata?.managedFields?.[0]?.manager).toBe('dry');
    await expect(
      rejection(objects.read({ ...obj, metadata: { name: 'dry-a', namespace: 'default' } })),
    ).resolves.toMatchObject({ code: 404 });

    await apply(obj, 'owner');
    const changed = deployment('dry-a', { replicas: 5, ...podTemplate([{ name: 'app', image: 'a:1' }]) });
    const conflict = await rejection(
      objects.patch(changed, undefined, 'All', 'other', false, PatchStrategy.ServerSideApply),
    );
    expect(conflict.code).toBe(409);
    const preview = await objects.patch<KubernetesObject>(
      changed,
      undefined,
      'All',
      'owner',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect((preview as V1Deployment).spec?.replicas).toBe(5);
    const stored: V1Deployment = await objects.read<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dry-a', namespace: 'default' },
    });
    expect(stored.spec?.replicas).toBe(1);

    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry-cm' } },
      dryRun: 'All',
    });
    await expect(
      rejection(core.readNamespacedConfigMap({ namespace: 'default', name: 'dry-cm' })),
    ).resolves.toMatchObject({ code: 404 });
    await objects.delete({ ...obj, metadata: { name: 'dry-a', namespace: 'default' } }, undefined, 'All');
    await expect(
      objects.read({ ...obj, metadata: { name: 'dry-a', namespace: 'default' } }),
    ).resolves.toBeDefined();
  });
});

describe('status subresource', () => {
  it('keeps .status out of writes to the main resource and only .status through /status', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('st-a', podTemplate([{ name: 'app', image: 'a:1' }]), {
        status: { replicas: 9 },
      }) as unknown as V1Deployment,
    });
    expect(created.status).toBeUndefined();
    const withStatus = await apps.replaceNamespacedDeploymentStatus({
      namespace: 'default',
      name: 'st-a',
      body: {
        ...created,
        spec: { ...(created.spec as V1Deployment['spec'] & object), replicas: 7 },
        status: { replicas: 1, availableReplicas: 1 },
      },
    });
    expect(withStatus.status).toEqual({ replicas: 1, availableReplicas: 1 });
    expect(withStatus.spec?.replicas).toBe(created.spec?.replicas);
    expect(withStatus.metadata?.generation).toBe(1);

    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'st-a', body: { spec: { replicas: 4 }, status: { replicas: 0 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.spec?.replicas).toBe(4);
    expect(patched.status).toEqual({ replicas: 1, availableReplicas: 1 });

    const statusPatched = await apps.patchNamespacedDeploymentStatus(
      { namespace: 'default', name: 'st-a', body: { status: { readyReplicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(statusPatched.status?.readyReplicas).toBe(1);
    expect(
      (await apps.readNamespacedDeploymentStatus({ namespace: 'default', name: 'st-a' })).status
        ?.readyReplicas,
    ).toBe(1);
  });

  it('starts pods Pending, serves /status for CRDs that declare it and 404s it for kinds without one', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const pod = await core.createNamespacedPod({
      namespace: 'default',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'st-pod' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
        status: { phase: 'Running' },
      },
    });
    expect(pod.status?.phase).toBe('Pending');
    server.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} } }],
      },
    });
    await objects.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
    });
    const response = await fetch(`${server.url}/apis/example.com/v1/namespaces/default/widgets/w/status`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { ready: true }, spec: { size: 3 } }),
    });
    expect(response.status).toBe(200);
    const widget = (await response.json()) as { status: unknown; spec?: unknown };
    expect(widget).toMatchObject({ status: { ready: true } });
    expect(widget.spec).toBeUndefined();
    const missing = await fetch(`${server.url}/api/v1/namespaces/default/configmaps/none/status`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(missing.status).toBe(404);
  });
});

describe('owner references', () => {
  /** The programmatic API's plain JSON as client-node's type (timestamps are strings on the wire anyway). */
  const asClientObject = (obj: KubeObject) => obj as unknown as KubernetesObject;
  const owned = (name: string, owner: KubeObject) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid,
        },
      ],
    },
  });

  it('deletes dependents recursively by default and releases them with propagationPolicy=Orphan', async () => {
    const root = server.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gc-root', namespace: 'default' },
    });
    const child = server.create(owned('gc-child', root));
    server.create(owned('gc-grandchild', child));
    await objects.delete(asClientObject(root));
    expect(server.get('v1', 'ConfigMap', 'default', 'gc-child')).toBeUndefined();
    expect(server.get('v1', 'ConfigMap', 'default', 'gc-grandchild')).toBeUndefined();

    const keeper = server.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gc-keeper', namespace: 'default' },
    });
    server.create(owned('gc-orphan', keeper));
    await objects.delete(asClientObject(keeper), undefined, undefined, undefined, undefined, 'Orphan');
    const orphan = server.get('v1', 'ConfigMap', 'default', 'gc-orphan');
    expect(orphan).toBeDefined();
    expect(orphan?.metadata['ownerReferences']).toBeUndefined();
  });

  it('deletes everything in a namespace with the namespace', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } },
    });
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'doomed' } });
    server.create(deployment('d', {}, { metadata: { name: 'd', namespace: 'doomed' } }));
    await core.deleteNamespace({ name: 'doomed' });
    expect(server.list('v1', 'ConfigMap', 'doomed')).toEqual([]);
    expect(server.list('apps/v1', 'Deployment', 'doomed')).toEqual([]);
  });
});
