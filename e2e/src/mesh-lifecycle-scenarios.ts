import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterMeshLifecycleDocument, DetectMeshesDocument } from '@meshplane/client';
import { processEnv } from '@meshplane/config';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { waitFor } from '@meshplane/testing';
import { clientOf } from './harness/graphql-client.js';
import { namedKubeconfig } from './harness/kubeconfig.js';
import { meshplaneCli } from './harness/meshplane-cli.js';
import { getFreePort } from './harness/ports.js';
import { loopbackOnlyNodeOptions } from './harness/system-under-test.js';
import { localLogin } from './identity-and-isolation.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const ISTIO_BUNDLES = join(repoRoot, 'adapters/istio/test/bundles');
const CLUSTER = 'mesh-sandbox';
// Everything the Istio test bundles can create, compared before install and after uninstall.
const KINDS: [string, string][] = [
  ['v1', 'Namespace'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ConfigMap'],
];

export interface MeshLifecycleTarget {
  gatewayUrl: string;
  email: string;
  password: string;
}

/**
 * A mesh's lifecycle as a user drives it with `meshplane`: the Istio reference adapter runs as its own process, is
 * registered by the organization, and installs, upgrades and uninstalls Istio on an imported sandbox cluster; the
 * broker fetches the cluster's kubeconfig from meshsync-ingest for each operation (sealed to the attempt's key), and
 * discovery reports each version the adapter installed.
 */
export function describeMeshLifecycle(target: () => MeshLifecycleTarget): void {
  describe('a mesh lifecycle through meshplane mesh, the broker and the Istio adapter', () => {
    let dir: string;
    let cluster: KubeTestServer;
    let adapter: ChildProcess;
    let adapterOutput = '';
    let adapterPort: number;
    let cli: ReturnType<typeof meshplaneCli>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshplane-mesh-e2e-'));
      cli = meshplaneCli(join(dir, 'home', '.meshplane', 'config.yaml'));
      cluster = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
      adapterPort = await getFreePort();
      adapter = spawn(process.execPath, [join(repoRoot, 'adapters/istio/dist/main.js')], {
        env: {
          ...processEnv(),
          NODE_OPTIONS: loopbackOnlyNodeOptions(),
          ISTIO_ADAPTER_HOST: '127.0.0.1',
          ISTIO_ADAPTER_PORT: String(adapterPort),
          ISTIO_ADAPTER_STATE_DIR: join(dir, 'istio-adapter'),
          ISTIO_ADAPTER_CLUSTER_ALLOW_CIDRS: '127.0.0.0/8',
          ISTIO_ADAPTER_CLUSTER_ALLOW_HTTP: 'true',
          ISTIO_BUNDLE_DIR: ISTIO_BUNDLES,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (d: Buffer) => (adapterOutput = (adapterOutput + d.toString()).slice(-20_000));
      adapter.stdout?.on('data', keep);
      adapter.stderr?.on('data', keep);
      await waitFor(() => adapterOutput.includes('listening on'), {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: `the istio adapter listening (output: ${adapterOutput})`,
      });
      const { gatewayUrl, email, password } = target();
      const login = await cli.run(['login', '--server', gatewayUrl, '--email', email, '--password-stdin'], {
        stdin: `${password}\n`,
      });
      expect(login.code, login.stderr).toBe(0);
    });

    afterAll(async () => {
      if (adapter && adapter.exitCode === null) {
        adapter.kill('SIGTERM');
        await once(adapter, 'exit');
      }
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('installs Istio A, upgrades it to B and uninstalls it, discovery following, leaving nothing it created', async () => {
      const { gatewayUrl, email, password } = target();
      const token = (await localLogin(gatewayUrl, email, password)).accessToken;
      const api = clientOf(gatewayUrl, { token });
      const kubeconfig = join(dir, 'mesh-sandbox.kubeconfig');
      await writeFile(kubeconfig, namedKubeconfig(cluster, CLUSTER));
      const imported = await cli.run([
        'cluster',
        'import',
        kubeconfig,
        '--context',
        CLUSTER,
        '--wait',
        '-o',
        'json',
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      const registered = await cli.run([
        'adapter',
        'register',
        '--address',
        `127.0.0.1:${adapterPort}`,
        '-o',
        'json',
      ]);
      expect(registered.code, registered.stderr).toBe(0);
      await waitFor(
        async () => {
          const listed = await cli.run(['adapter', 'list', '-o', 'json']);
          const adapters = JSON.parse(listed.stdout || '[]') as {
            health: { status: string };
            info?: { mesh?: string };
          }[];
          return adapters.some((a) => a.info?.mesh === 'istio' && a.health.status === 'SERVING');
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'the istio adapter SERVING' },
      );
      const clusters = JSON.parse((await cli.run(['cluster', 'list', '-o', 'json'])).stdout) as {
        id: string;
        kubeSystemUid: string;
      }[];
      const clusterId = clusters.find((c) => c.kubeSystemUid === cluster.clusterUid)?.id ?? '';
      const before = snapshot(cluster);
      const meshes = async () =>
        (await api.request(DetectMeshesDocument, { clusterId })).detectMeshes.map(
          (m) => `${m.meshId} ${m.version}`,
        );
      // The broker's view, federated onto meshsync-ingest's Cluster: the latest install operation per adapter.
      const lifecycle = async () =>
        (await api.request(ClusterMeshLifecycleDocument, { id: clusterId })).cluster?.meshLifecycle.map(
          (m) => `${m.mesh} ${m.state} ${m.version}`,
        );
      const mesh = async (verb: string, ...args: string[]) => {
        const run = await cli.run(['mesh', verb, 'istio', '--cluster', CLUSTER, ...args]);
        expect(run.code, `${run.stdout}\n${run.stderr}\nadapter: ${adapterOutput}`).toBe(0);
        return run;
      };

      await mesh('install', '--version', '1.22.1');
      expect(
        JSON.stringify(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')?.['spec']),
      ).toContain('pilot:1.22.1');
      await waitFor(async () => (await meshes()).includes('istio 1.22.1'), {
        timeoutMs: 60_000,
        intervalMs: 500,
        description: 'discovery reporting istio 1.22.1',
      });
      expect(await lifecycle()).toEqual(['istio INSTALLED 1.22.1']);

      await mesh('upgrade', '--version', '1.23.0');
      await waitFor(async () => (await meshes()).includes('istio 1.23.0'), {
        timeoutMs: 60_000,
        intervalMs: 500,
        description: 'discovery reporting istio 1.23.0',
      });
      expect(await lifecycle()).toEqual(['istio INSTALLED 1.23.0']);

      // A performance run against a target in that cluster records its environment as discovery describes it
      // (perf asks meshsync-ingest over rpc.v1.discovery.environment): the cluster, its nodes and Istio 1.23.0.
      const backend = createServer((_req, res) => res.end('ok'));
      await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done));
      try {
        const smp = join(dir, 'smp.yaml');
        const profileName = `meshed-${process.pid}`;
        await writeFile(
          smp,
          `name: ${profileName}\nduration: 1s\nclients:\n  - connections: 2\n    endpoint_urls: [http://127.0.0.1:${(backend.address() as AddressInfo).port}/]\n`,
        );
        const applied = await cli.run(['perf', 'apply', '-f', smp]);
        expect(applied.code, applied.stderr).toBe(0);
        const measured = await cli.run(['perf', 'run', profileName, '--cluster', CLUSTER, '-o', 'json']);
        expect(measured.code, `${measured.stdout}\n${measured.stderr}`).toBe(0);
        const run = JSON.parse(measured.stdout) as {
          id: string;
          environment: { clusterName: string; meshes: { meshId: string; version: string | null }[] };
        };
        expect(run.environment).toMatchObject({
          clusterName: CLUSTER,
          meshes: [{ meshId: 'istio', version: '1.23.0' }],
        });
        const document = await cli.run(['perf', 'result', run.id, '--smp']);
        expect(document.code, document.stderr).toBe(0);
        const labels = (
          JSON.parse(document.stdout) as { performance_test_result: { labels: Record<string, string> } }
        ).performance_test_result.labels;
        expect(labels).toMatchObject({ cluster: CLUSTER, mesh: 'istio', mesh_version: '1.23.0' });
        // Its charts over plain HTTP, with the same bearer token as GraphQL: SVG that runs nothing when opened.
        const origin = new URL(gatewayUrl).origin;
        const chartUrl = `${origin}/charts/perf/runs/${run.id}/latency.svg`;
        const chart = await fetch(chartUrl, { headers: { authorization: `Bearer ${token}` } });
        const svg = await chart.text();
        expect(chart.status, svg.slice(0, 300)).toBe(200);
        expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
        expect(chart.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(chart.headers.get('cache-control')).toBe('private, no-store');
        expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        const series = await fetch(`${origin}/charts/perf/runs/${run.id}/time-series.svg`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(series.status).toBe(200);
        expect((await fetch(chartUrl)).status).toBe(401);
        expect(
          (await fetch(chartUrl, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status,
        ).toBe(405);
        const compared = await fetch(`${origin}/charts/perf/compare/${run.id}/${run.id}.svg`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(compared.status).toBe(200);
        expect(await compared.text()).toMatch(/^<svg/);
      } finally {
        await new Promise((done) => backend.close(done));
      }

      await mesh('uninstall');
      expect(cluster.get('apps/v1', 'Deployment', 'istio-system', 'istiod')).toBeUndefined();
      expect(snapshot(cluster)).toEqual(before);
      expect(await lifecycle()).toEqual(['istio REMOVED 1.23.0']);
      await waitFor(async () => (await meshes()).length === 0, {
        timeoutMs: 60_000,
        intervalMs: 500,
        description: 'discovery reporting no mesh',
      });
    });
  });
}

function snapshot(cluster: KubeTestServer): string[] {
  return KINDS.flatMap(([apiVersion, kind]) =>
    cluster.list(apiVersion, kind).map((o) => `${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
  ).sort();
}
