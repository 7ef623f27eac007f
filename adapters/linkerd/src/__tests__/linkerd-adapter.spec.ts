import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdapterClient,
  conformanceFailures,
  createAdapterServer,
  FileInventoryStore,
  runAdapterConformance,
  startAdapterHarness,
  waitUntil,
  type AdapterHarness,
  type OperationOptions,
} from '@meshplane/adapters-sdk';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkerdAdapter } from '../linkerd-adapter.js';

const { OperationState } = adapterV1;
const TEST_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test');
const POLICY = { allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true };
// What the lifecycle compares before and after: everything the bundles and the sample could create.
const KINDS: [string, string][] = [
  ['v1', 'Namespace'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ConfigMap'],
  ['v1', 'Pod'],
];

let cluster: KubeTestServer;
let harness: AdapterHarness;

beforeAll(async () => {
  cluster = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
  harness = await startAdapterHarness(
    'linkerd-adapter',
    (stateDir) => {
      const config = {
        inventory: new FileInventoryStore(stateDir),
        clusterPolicy: POLICY,
        cliPath: '', // no linkerd CLI: the bundles are the only source
        bundleDir: join(TEST_DIR, 'bundles'),
        bundleUrls: {},
        samples: { emojivoto: { file: join(TEST_DIR, 'samples/emojivoto.yaml') } },
      };
      return linkerdAdapter(config, { readyPollMs: 20, readyTimeoutMs: 20_000 });
    },
    cluster,
  );
});

afterAll(async () => {
  await harness.stop();
  await cluster.stop();
});

const run = (operation: string, input: Record<string, unknown>, options?: OperationOptions) =>
  harness.run(operation, input, options);

function snapshot(): string[] {
  return KINDS.flatMap(([apiVersion, kind]) =>
    cluster.list(apiVersion, kind).map((o) => `${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
  ).sort();
}

const expectOk = (response: adapterV1.ApplyOperationResponse) =>
  expect({ state: response.state, message: response.message }).toMatchObject({
    state: OperationState.OPERATION_STATE_SUCCEEDED,
  });

describe('linkerd adapter over gRPC against the Kubernetes API test server', () => {
  it('installs A, upgrades to B, configures, deploys emojivoto, validates and removes exactly what it created', async () => {
    cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'emojivoto' } });
    cluster.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'unrelated',
        namespace: 'emojivoto',
        labels: { 'linkerd.io/control-plane-component': 'destination' },
      },
      data: { keep: 'me' },
    });
    const before = snapshot();

    const dry = await run('install', { version: 'stable-2.13.7' }, { dryRun: true });
    expectOk(dry);
    expect(cluster.get('apps/v1', 'Deployment', 'linkerd', 'linkerd-destination')).toBeUndefined();

    expectOk(await run('install', { version: 'stable-2.13.7' }));
    const destination = cluster.get('apps/v1', 'Deployment', 'linkerd', 'linkerd-destination');
    expect(JSON.stringify(destination?.['spec'])).toContain('controller:stable-2.13.7');
    expect(cluster.get('v1', 'ConfigMap', 'linkerd', 'linkerd-legacy-config')).toBeDefined();

    const upgrade = await run('install', { version: 'stable-2.14.10' });
    expectOk(upgrade);
    expect(
      JSON.stringify(cluster.get('apps/v1', 'Deployment', 'linkerd', 'linkerd-destination')?.['spec']),
    ).toContain('controller:stable-2.14.10');
    expect(cluster.get('v1', 'ConfigMap', 'linkerd', 'linkerd-legacy-config')).toBeUndefined();
    expect(cluster.get('v1', 'ServiceAccount', 'linkerd', 'linkerd-heartbeat')).toBeDefined();

    expectOk(await run('configure', { mtls: 'STRICT', injection: true }, { namespace: 'emojivoto' }));
    expect(cluster.get('v1', 'Namespace', undefined, 'emojivoto')?.metadata.annotations).toMatchObject({
      'config.linkerd.io/default-inbound-policy': 'all-authenticated',
      'linkerd.io/inject': 'enabled',
    });

    expectOk(await run('sample-app', { app: 'emojivoto' }, { namespace: 'emojivoto' }));
    const podsReady = () => cluster.list('v1', 'Pod', 'emojivoto').length >= 2;
    await waitUntil('emojivoto pods', podsReady, () =>
      cluster.list('v1', 'Pod', 'emojivoto').map((p) => p.metadata.name),
    );
    const validated = await run('validate', {}, { namespace: 'emojivoto' });
    expectOk(validated);
    expect(validated.output).toMatchObject({ pods: 2 });

    // Sample, configuration and control plane removed: the cluster is as before, the bystander untouched.
    expectOk(await run('sample-app', { app: 'emojivoto' }, { namespace: 'emojivoto', delete: true }));
    expectOk(await run('configure', {}, { namespace: 'emojivoto', delete: true }));
    expectOk(await run('install', { version: 'stable-2.14.10' }, { delete: true }));
    await waitUntil(
      'the cluster as before',
      () => JSON.stringify(snapshot()) === JSON.stringify(before),
      snapshot,
    );
    expect(cluster.get('v1', 'Namespace', undefined, 'emojivoto')?.metadata.annotations ?? {}).toEqual({});
    expect(cluster.get('v1', 'ConfigMap', 'emojivoto', 'unrelated')?.['data']).toEqual({ keep: 'me' });
  });

  it('validate names the pod without a proxy, with cause and remedy', async () => {
    cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } });
    expectOk(await run('install', { version: 'stable-2.13.7' }));
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'lonely', namespace: 'plain' },
      spec: { containers: [{ name: 'app', image: 'example.test/app:1' }] },
    });
    const failed = await run('validate', {}, { namespace: 'plain' });
    expect(failed.state).toBe(OperationState.OPERATION_STATE_FAILED);
    expect(failed.message).toContain('pod plain/lonely has no linkerd-proxy container');
    const events = await harness.client.streamEvents(harness.lastOperationId);
    expect(events.at(-1)?.suggestedRemediation.join(' ')).toContain('injection=true');
    expectOk(await run('install', { version: 'stable-2.13.7' }, { delete: true }));
  });

  it('a version without a source fails naming the version and the three ways to provide it', async () => {
    const definition = linkerdAdapter({
      inventory: new FileInventoryStore(harness.stateDir),
      clusterPolicy: POLICY,
      cliPath: '',
      bundleDir: join(TEST_DIR, 'nowhere'),
      bundleUrls: {},
      samples: {},
    });
    const other = createAdapterServer(definition);
    const otherClient = new AdapterClient(`127.0.0.1:${await other.listen()}`);
    try {
      const response = await otherClient.applyOperation({
        operationId: 'no-source',
        operation: 'install',
        orgId: 'org-1',
        input: { version: 'stable-2.14.10' },
        target: { connectionId: 'conn-1', credentials: { kubeconfig: Buffer.from(cluster.kubeconfig()) } },
      });
      expect(response.state).toBe(OperationState.OPERATION_STATE_FAILED);
      expect(response.message).toContain('no manifest source for linkerd stable-2.14.10');
      const [last] = (await otherClient.streamEvents('no-source')).slice(-1);
      expect(last?.suggestedRemediation.join('\n')).toMatch(
        /linkerd stable-2\.14\.10.*\n.*LINKERD_BUNDLE_DIR.*\n.*LINKERD_BUNDLE_URLS/,
      );
    } finally {
      otherClient.close();
      await other.close(500);
    }
  });

  it('passes the conformance kit', async () => {
    const report = await runAdapterConformance(harness.address, {
      probe: { operation: 'install', input: { version: 'stable-2.13.7' }, kubeconfig: cluster.kubeconfig() },
      invalidInput: { input: { version: '0.0.1' }, field: 'input.version' },
      callTimeoutMs: 20_000,
    });
    expect(conformanceFailures(report)).toEqual([]);
  });
});
