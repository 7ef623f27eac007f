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
import { istioAdapter } from '../istio-adapter.js';

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
    'istio-adapter',
    (stateDir) => {
      const config = {
        inventory: new FileInventoryStore(stateDir),
        clusterPolicy: POLICY,
        cliPath: '', // no istioctl: the bundles are the only source
        bundleDir: join(TEST_DIR, 'bundles'),
        bundleUrls: {},
        samples: { bookinfo: { file: join(TEST_DIR, 'samples/bookinfo.yaml') } },
      };
      return istioAdapter(config, { readyPollMs: 20, readyTimeoutMs: 20_000 });
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

describe('istio adapter over gRPC against the Kubernetes API test server', () => {
  it('installs A, upgrades to B, configures, deploys Bookinfo, validates and removes exactly what it created', async () => {
    cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo' } });
    cluster.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'unrelated', namespace: 'bookinfo', labels: { app: 'istiod' } },
      data: { keep: 'me' },
    });
    const before = snapshot();

    const dry = await run('install', { version: '1.22.1' }, { dryRun: true });
    expectOk(dry);
    expect(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')).toBeUndefined();

    expectOk(await run('install', { version: '1.22.1' }));
    const istiod = cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod');
    expect(JSON.stringify(istiod?.['spec'])).toContain('pilot:1.22.1');
    expect(cluster.get('v1', 'ConfigMap', 'istio-system', 'istio-legacy-settings')).toBeDefined();

    const upgrade = await run('install', { version: '1.23.0' });
    expectOk(upgrade);
    expect(
      JSON.stringify(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')?.['spec']),
    ).toContain('pilot:1.23.0');
    expect(cluster.get('v1', 'ConfigMap', 'istio-system', 'istio-legacy-settings')).toBeUndefined();
    expect(cluster.get('v1', 'ServiceAccount', 'istio-system', 'istio-reader-service-account')).toBeDefined();

    expectOk(await run('configure', { mtls: 'STRICT' }));
    expect(
      cluster.get('security.istio.io/v1beta1', 'PeerAuthentication', 'istio-system', 'default')?.['spec'],
    ).toEqual({ mtls: { mode: 'STRICT' } });
    expectOk(await run('configure', { injection: true }, { namespace: 'bookinfo' }));
    expect(cluster.get('v1', 'Namespace', undefined, 'bookinfo')?.metadata.labels).toMatchObject({
      'istio-injection': 'enabled',
    });

    expectOk(await run('sample-app', { app: 'bookinfo' }, { namespace: 'bookinfo' }));
    const podsReady = () => cluster.list('v1', 'Pod', 'bookinfo').length >= 2;
    await waitUntil('bookinfo pods', podsReady, () =>
      cluster.list('v1', 'Pod', 'bookinfo').map((p) => p.metadata.name),
    );
    const validated = await run('validate', {}, { namespace: 'bookinfo' });
    expectOk(validated);
    expect(validated.output).toMatchObject({ pods: 2 });

    // Sample, configuration and control plane removed: the cluster is as before, the bystander untouched.
    expectOk(await run('sample-app', { app: 'bookinfo' }, { namespace: 'bookinfo', delete: true }));
    expectOk(await run('configure', {}, { namespace: 'bookinfo', delete: true }));
    expectOk(await run('configure', {}, { delete: true }));
    expectOk(await run('install', { version: '1.23.0' }, { delete: true }));
    await waitUntil(
      'the cluster as before',
      () => JSON.stringify(snapshot()) === JSON.stringify(before),
      snapshot,
    );
    expect(cluster.get('v1', 'Namespace', undefined, 'bookinfo')?.metadata.labels?.['istio-injection']).toBe(
      undefined,
    );
    expect(cluster.get('v1', 'ConfigMap', 'bookinfo', 'unrelated')?.['data']).toEqual({ keep: 'me' });
  });

  it('validate names the pod without a proxy, with cause and remedy', async () => {
    cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } });
    expectOk(await run('install', { version: '1.22.1' }));
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'lonely', namespace: 'plain' },
      spec: { containers: [{ name: 'app', image: 'example.test/app:1' }] },
    });
    const failed = await run('validate', {}, { namespace: 'plain' });
    expect(failed.state).toBe(OperationState.OPERATION_STATE_FAILED);
    expect(failed.message).toContain('pod plain/lonely has no istio-proxy container');
    const events = await harness.client.streamEvents(harness.lastOperationId);
    expect(events.at(-1)?.suggestedRemediation.join(' ')).toContain('injection=true');
    expectOk(await run('install', { version: '1.22.1' }, { delete: true }));
  });

  it('a version without a source fails naming the version and the three ways to provide it', async () => {
    const definition = istioAdapter({
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
        input: { version: '1.23.0' },
        target: { connectionId: 'conn-1', credentials: { kubeconfig: Buffer.from(cluster.kubeconfig()) } },
      });
      expect(response.state).toBe(OperationState.OPERATION_STATE_FAILED);
      expect(response.message).toContain('no manifest source for istio 1.23.0');
      const [last] = (await otherClient.streamEvents('no-source')).slice(-1);
      expect(last?.suggestedRemediation.join('\n')).toMatch(
        /istioctl 1\.23\.0.*\n.*ISTIO_BUNDLE_DIR.*\n.*ISTIO_BUNDLE_URLS/,
      );
    } finally {
      otherClient.close();
      await other.close(500);
    }
  });

  it('uninstalls after an adapter restart: the inventory is on disk', async () => {
    expectOk(await run('install', { version: '1.23.0' }));
    expect(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')).toBeDefined();
    const config = {
      inventory: new FileInventoryStore(harness.stateDir), // a new process reading the same state directory
      clusterPolicy: POLICY,
      cliPath: undefined,
      bundleDir: undefined,
      bundleUrls: {},
      samples: {},
    };
    const restarted = createAdapterServer(istioAdapter(config, { readyPollMs: 20 }));
    const restartedClient = new AdapterClient(`127.0.0.1:${await restarted.listen()}`, undefined, 20_000);
    try {
      const removed = await restartedClient.applyOperation({
        operationId: 'after-restart',
        operation: 'install',
        orgId: 'org-1',
        input: { version: '1.23.0' },
        delete: true,
        target: { connectionId: 'conn-1', credentials: { kubeconfig: Buffer.from(cluster.kubeconfig()) } },
      });
      expectOk(removed);
      expect(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')).toBeUndefined();
      expect(
        cluster.get(
          'apiextensions.k8s.io/v1',
          'CustomResourceDefinition',
          undefined,
          'peerauthentications.security.istio.io',
        ),
      ).toBeUndefined();
    } finally {
      restartedClient.close();
      await restarted.close(500);
    }
  });

  it('passes the conformance kit', async () => {
    const report = await runAdapterConformance(harness.address, {
      probe: { operation: 'install', input: { version: '1.22.1' }, kubeconfig: cluster.kubeconfig() },
      invalidInput: { input: { version: '0.0.1' }, field: 'input.version' },
      callTimeoutMs: 20_000,
    });
    expect(conformanceFailures(report)).toEqual([]);
  });
});
