import { describe, expect, it } from 'vitest';
import {
  InMemoryInventoryStore,
  labelValue,
  ManifestError,
  objectsToPrune,
  orderForApply,
  orderForDelete,
  parseManifests,
  readiness,
  type ObjectRef,
} from '../manifests/index.js';
import { unionOfRefs } from '../manifests/inventory.js';
import { sameContent } from '../manifests/apply-manifests.js';

const crd: ObjectRef = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  name: 'gateways.mesh.example.io',
};
const cr: ObjectRef = { apiVersion: 'mesh.example.io/v1', kind: 'Gateway', namespace: 'ns', name: 'gw' };
const ns: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: 'ns' };
const deploy: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ns', name: 'd' };
const svc: ObjectRef = { apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 's' };
const names = (refs: ObjectRef[]) => refs.map((r) => r.kind);

describe('ordering', () => {
  it('applies CRDs, then namespaces, then the rest, then the custom resources of the bundle CRDs', () => {
    expect(names(orderForApply([cr, deploy, ns, svc, crd]))).toEqual([
      'CustomResourceDefinition',
      'Namespace',
      'Deployment',
      'Service',
      'Gateway',
    ]);
  });

  it('deletes custom resources first, the rest in reverse, then namespaces, CRDs last', () => {
    expect(names(orderForDelete([crd, ns, deploy, svc, cr]))).toEqual([
      'Gateway',
      'Service',
      'Deployment',
      'Namespace',
      'CustomResourceDefinition',
    ]);
  });
});

describe('parseManifests', () => {
  it('reads a multi-document stream, skipping empty documents', () => {
    const objects = parseManifests(
      '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# nothing\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n',
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/a', 'Service/b']);
  });

  it('refuses a stream over the size limit before parsing it', () => {
    expect(() => parseManifests('a: b\n'.repeat(100), { maxBytes: 100 })).toThrow(/100-byte limit/);
  });

  it('refuses more documents than the limit', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
    const text = [1, 2, 3].map(doc).join('---\n');
    expect(() => parseManifests(text, { maxDocuments: 2 })).toThrow(/more than 2 documents/);
    expect(parseManifests(text, { maxDocuments: 3 })).toHaveLength(3);
  });

  it('refuses alias bombs, duplicate keys, invalid YAML and objects without name or kind', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: x}',
    ].join('\n');
    expect(() => parseManifests(bomb)).toThrow(/alias/);
    expect(() => parseManifests('apiVersion: v1\napiVersion: v2\nkind: X\nmetadata: {name: a}')).toThrow(
      ManifestError,
    );
    expect(() => parseManifests('a: [unclosed')).toThrow(/document 1: invalid YAML/);
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}')).toThrow(
      /metadata.name is missing/,
    );
    expect(() => parseManifests('---\napiVersion: v1\nmetadata: {name: a}')).toThrow(/kind is missing/);
    expect(() => parseManifests('- a\n- b\n')).toThrow(/not a mapping/);
    expect(() => parseManifests('apiVersion: v1\nkind: List\nmetadata: {name: a}\nitems: []')).toThrow(
      /lists/,
    );
  });
});

describe('inventory', () => {
  it('prunes what the previous bundle had and the next does not (by group, kind, namespace and name)', () => {
    const movedVersion = { ...deploy, apiVersion: 'apps/v1beta2' };
    expect(objectsToPrune([crd, ns, deploy, svc], [crd, ns, movedVersion])).toEqual([svc]);
    expect(objectsToPrune([svc], [{ ...svc, namespace: 'other' }])).toEqual([svc]);
  });

  it('records the union of both bundles without duplicates', () => {
    expect(unionOfRefs([ns, deploy], [deploy, svc])).toEqual([ns, deploy, svc]);
  });

  it('the in-memory store hands out copies and forgets deleted keys', async () => {
    const store = new InMemoryInventoryStore();
    const record = { objects: [ns], operationId: 'op', updatedAt: '2026-01-01T00:00:00Z' };
    await store.put('k', record);
    const read = await store.get('k');
    read?.objects.push(svc);
    expect(await store.get('k')).toEqual(record);
    await store.delete('k');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('readiness and content', () => {
  const dep = (status: Record<string, unknown>, generation = 2) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', generation },
    spec: { replicas: 2 },
    status,
  });

  it('judges Deployments, Jobs and CRDs by their status', () => {
    expect(
      readiness(deploy, dep({ observedGeneration: 2, availableReplicas: 2, updatedReplicas: 2 })),
    ).toEqual({
      ready: true,
    });
    expect(
      readiness(deploy, dep({ observedGeneration: 1, availableReplicas: 2, updatedReplicas: 2 })),
    ).toMatchObject({
      ready: false,
      reason: expect.stringContaining('generation 2') as string,
    });
    expect(
      readiness(deploy, dep({ observedGeneration: 2, availableReplicas: 1, updatedReplicas: 2 })),
    ).toMatchObject({
      ready: false,
      reason: '1/2 replicas available, 2 updated',
    });
    const job = { apiVersion: 'batch/v1', kind: 'Job' };
    const failed = {
      ...job,
      metadata: { name: 'j' },
      status: { conditions: [{ type: 'Failed', status: 'True' }] },
    };
    expect(readiness(job, failed)).toMatchObject({ ready: false, failed: true });
    const established = {
      ...crd,
      metadata: { name: crd.name },
      status: { conditions: [{ type: 'Established', status: 'True' }] },
    };
    expect(readiness(crd, established)).toEqual({ ready: true });
    expect(readiness(crd, { ...established, status: {} })).toMatchObject({ ready: false });
    expect(readiness(svc, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } })).toEqual({
      ready: true,
    });
  });

  it('compares what was written, not the server bookkeeping', () => {
    const a = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', resourceVersion: '1' },
      data: { x: '1' },
    };
    const b = { ...a, metadata: { name: 'c', resourceVersion: '9', managedFields: [] }, status: {} };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, data: { x: '2' } })).toBe(false);
  });

  it('keeps label-safe values and hashes the others', () => {
    expect(labelValue('istio-adapter')).toBe('istio-adapter');
    expect(labelValue('org/1 op')).toMatch(/^h-[0-9a-f]{40}$/);
    expect(labelValue('x'.repeat(64))).toMatch(/^h-/);
  });
});
