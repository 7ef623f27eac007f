import {
  conformanceFailures,
  FileInventoryStore,
  runAdapterConformance,
  startAdapterHarness,
  type AdapterHarness,
} from '@meshplane/adapters-sdk';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestsAdapter } from '../manifests-adapter.js';

const { OperationState } = adapterV1;
let cluster: KubeTestServer;
let harness: AdapterHarness;

beforeAll(async () => {
  cluster = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
  harness = await startAdapterHarness(
    'manifests-adapter',
    (stateDir) =>
      manifestsAdapter({
        inventory: new FileInventoryStore(stateDir),
        clusterPolicy: { allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true },
      }),
    cluster,
    { callTimeoutMs: 20_000 },
  );
});

afterAll(async () => {
  await harness.stop();
  await cluster.stop();
});

const apply = (input: Record<string, unknown>, extra: { delete?: boolean; dryRun?: boolean } = {}) =>
  harness.run('apply', input, { namespace: 'shop', ...extra });

const configMap = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {value: '${value}'}`;

describe('manifests adapter over gRPC', () => {
  it('applies into the operation namespace, dry-runs, prunes on re-apply and deletes only what the name applied', async () => {
    cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'shop' } });
    const text = [configMap('front', '1'), configMap('back', '1')].join('\n---\n');

    const dry = await apply({ name: 'shop', manifests: text }, { dryRun: true });
    expect(dry.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'front')).toBeUndefined();

    const first = await apply({ name: 'shop', manifests: text });
    expect(first.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);
    expect(first.output?.['results']).toEqual([
      { object: 'ConfigMap shop/front', action: 'created' },
      { object: 'ConfigMap shop/back', action: 'created' },
    ]);
    const other = await apply({ name: 'other', manifests: configMap('other', 'x') });
    expect(other.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);

    const second = await apply({ name: 'shop', manifests: configMap('front', '2') });
    expect(second.output?.['results']).toEqual([
      { object: 'ConfigMap shop/front', action: 'configured' },
      { object: 'ConfigMap shop/back', action: 'pruned' },
    ]);
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'back')).toBeUndefined();

    const removed = await apply({ name: 'shop' }, { delete: true });
    expect(removed.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'front')).toBeUndefined();
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'other')).toBeDefined();
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'mine')).toBeDefined();
  });

  it('fails an empty or unparsable text with the reason, applying nothing', async () => {
    const empty = await apply({ name: 'bad', manifests: '  ' });
    expect(empty).toMatchObject({ state: OperationState.OPERATION_STATE_FAILED });
    expect(empty.message).toContain('input.manifests is empty');
    const broken = await apply({ name: 'bad', manifests: `${configMap('ok', '1')}\n---\nkind: ConfigMap` });
    expect(broken.state).toBe(OperationState.OPERATION_STATE_FAILED);
    expect(cluster.get('v1', 'ConfigMap', 'shop', 'ok')).toBeUndefined();
  });

  it('passes the conformance kit', async () => {
    const report = await runAdapterConformance(harness.address, {
      probe: {
        operation: 'apply',
        input: { name: 'probe', manifests: configMap('probe', '1') },
        kubeconfig: cluster.kubeconfig(),
      },
      invalidInput: { input: { name: 'Not A Name' }, field: 'input.name' },
      callTimeoutMs: 20_000,
    });
    expect(conformanceFailures(report)).toEqual([]);
  });
});
