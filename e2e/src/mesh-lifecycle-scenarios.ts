import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterDocument, ClusterMeshLifecycleDocument, DetectMeshesDocument } from '@meshplane/client';
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
const CLUSTER = 'mesh-sandbox';
// Everything the test bundles and samples can create, compared before install and after uninstall.
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

/** One reference adapter and what its mesh looks like on the sandbox. */
interface MeshCase {
  mesh: 'istio' | 'linkerd';
  adapter: string;
  /** The adapter's environment prefix (`ISTIO`, `LINKERD`). */
  prefix: string;
  versions: [string, string];
  controlPlane: { namespace: string; deployment: string; image: (version: string) => string };
  sample: { app: string; namespace: string };
  /** What strict mTLS in the sample's namespace looks like on the cluster. */
  strictMtls: (cluster: KubeTestServer, namespace: string) => unknown;
}

const MESHES: Record<MeshCase['mesh'], MeshCase> = {
  istio: {
    mesh: 'istio',
    adapter: 'istio-adapter',
    prefix: 'ISTIO',
    versions: ['1.22.1', '1.23.0'],
    controlPlane: { namespace: 'istio-system', deployment: 'istiod', image: (v) => `pilot:${v}` },
    sample: { app: 'bookinfo', namespace: 'bookinfo' },
    strictMtls: (cluster, namespace) =>
      cluster.get('security.istio.io/v1beta1', 'PeerAuthentication', namespace, 'default')?.['spec'],
  },
  linkerd: {
    mesh: 'linkerd',
    adapter: 'linkerd-adapter',
    prefix: 'LINKERD',
    versions: ['stable-2.13.7', 'stable-2.14.10'],
    controlPlane: {
      namespace: 'linkerd',
      deployment: 'linkerd-destination',
      image: (v) => `controller:${v}`,
    },
    sample: { app: 'emojivoto', namespace: 'emojivoto' },
    strictMtls: (cluster, namespace) =>
      cluster.get('v1', 'Namespace', undefined, namespace)?.metadata.annotations?.[
        'config.linkerd.io/default-inbound-policy'
      ],
  },
};

export interface MeshLifecycleTarget {
  gatewayUrl: string;
  email: string;
  password: string;
}

/**
 * A mesh's lifecycle as a user drives it with `meshplane`, for Istio and for Linkerd: each reference adapter runs as
 * its own process and is registered by the organization; on an imported sandbox cluster it installs version A,
 * upgrades to B, configures mTLS (strict) and sidecar injection, deploys its sample application, validates control
 * and data plane, then removes the sample, the configuration and the mesh. The broker fetches the cluster's
 * kubeconfig from meshsync-ingest for each operation (sealed to the attempt's key); discovery reports each version
 * the adapter installed; nothing the adapter created remains (objects listed before and after).
 */
export function describeMeshLifecycle(target: () => MeshLifecycleTarget): void {
  describe('mesh lifecycles through meshplane, the broker and the Istio and Linkerd adapters', () => {
    let dir: string;
    let cluster: KubeTestServer;
    const adapters: { child: ChildProcess; output: () => string; port: number }[] = [];
    let cli: ReturnType<typeof meshplaneCli>;
    let token: string;
    let clusterId: string;
    let connectionId: string;

    async function startAdapter(meshCase: MeshCase) {
      const port = await getFreePort();
      const { prefix, mesh } = meshCase;
      const child = spawn(process.execPath, [join(repoRoot, `adapters/${mesh}/dist/main.js`)], {
        env: {
          ...processEnv(),
          NODE_OPTIONS: loopbackOnlyNodeOptions(),
          [`${prefix}_ADAPTER_HOST`]: '127.0.0.1',
          [`${prefix}_ADAPTER_PORT`]: String(port),
          [`${prefix}_ADAPTER_STATE_DIR`]: join(dir, `${mesh}-adapter`),
          [`${prefix}_ADAPTER_CLUSTER_ALLOW_CIDRS`]: '127.0.0.0/8',
          [`${prefix}_ADAPTER_CLUSTER_ALLOW_HTTP`]: 'true',
          [`${prefix}_BUNDLE_DIR`]: join(repoRoot, `adapters/${mesh}/test/bundles`),
          [`${prefix}_SAMPLE_${meshCase.sample.app.toUpperCase()}_FILE`]: join(
            repoRoot,
            `adapters/${mesh}/test/samples/${meshCase.sample.app}.yaml`,
          ),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      adapters.push({ child, output: () => output, port });
      await waitFor(() => output.includes('listening on'), {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: `the ${mesh} adapter listening (output: ${output})`,
      });
      const registered = await cli.run([
        'adapter',
        'register',
        '--address',
        `127.0.0.1:${port}`,
        '-o',
        'json',
      ]);
      expect(registered.code, registered.stderr).toBe(0);
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshplane-mesh-e2e-'));
      cli = meshplaneCli(join(dir, 'home', '.meshplane', 'config.yaml'));
      cluster = await startKubeTestServer({ controller: { readyDelayMs: 20 } });
      const { gatewayUrl, email, password } = target();
      const login = await cli.run(['login', '--server', gatewayUrl, '--email', email, '--password-stdin'], {
        stdin: `${password}\n`,
      });
      expect(login.code, login.stderr).toBe(0);
      token = (await localLogin(gatewayUrl, email, password)).accessToken;
      const kubeconfig = join(dir, 'mesh-sandbox.kubeconfig');
      await writeFile(kubeconfig, namedKubeconfig(cluster, CLUSTER));
      const imported = await cli.run(['cluster', 'import', kubeconfig, '--context', CLUSTER, '--wait']);
      expect(imported.code, imported.stderr).toBe(0);
      const clusters = JSON.parse((await cli.run(['cluster', 'list', '-o', 'json'])).stdout) as {
        id: string;
        kubeSystemUid: string;
      }[];
      clusterId = clusters.find((c) => c.kubeSystemUid === cluster.clusterUid)?.id ?? '';
      const { cluster: found } = await clientOf(gatewayUrl, { token }).request(ClusterDocument, {
        id: clusterId,
      });
      connectionId = found?.connections[0]?.id ?? '';
      expect(connectionId).not.toBe('');
      await Promise.all([startAdapter(MESHES.istio), startAdapter(MESHES.linkerd)]);
      await waitFor(
        async () => {
          const listed = await cli.run(['adapter', 'list', '-o', 'json']);
          const serving = (
            JSON.parse(listed.stdout || '[]') as { health: { status: string }; info?: { mesh?: string } }[]
          ).filter((a) => a.health.status === 'SERVING');
          return ['istio', 'linkerd'].every((mesh) => serving.some((a) => a.info?.mesh === mesh));
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'the istio and linkerd adapters SERVING' },
      );
    });

    afterAll(async () => {
      for (const { child } of adapters) {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await once(child, 'exit');
        }
      }
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** Install → A, upgrade → B, configure, sample, validate, then everything undone; `meshed` runs while on B. */
    async function lifecycle(meshCase: MeshCase, meshed?: () => Promise<void>) {
      const { gatewayUrl } = target();
      const api = clientOf(gatewayUrl, { token });
      const { mesh, versions, controlPlane, sample } = meshCase;
      const [versionA, versionB] = versions;
      const output = () => adapters.map((a) => a.output()).join('\n');
      cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: sample.namespace } });
      const before = snapshot(cluster);
      const detected = async () =>
        (await api.request(DetectMeshesDocument, { clusterId })).detectMeshes.map(
          (m) => `${m.meshId} ${m.version}`,
        );
      // The broker's view, federated onto meshsync-ingest's Cluster: the latest install operation per adapter.
      const states = async () =>
        (await api.request(ClusterMeshLifecycleDocument, { id: clusterId })).cluster?.meshLifecycle.map(
          (m) => `${m.mesh} ${m.state} ${m.version}`,
        );
      const meshCommand = async (verb: string, ...args: string[]) => {
        const run = await cli.run(['mesh', verb, mesh, '--cluster', CLUSTER, ...args]);
        expect(run.code, `${run.stdout}\n${run.stderr}\nadapters: ${output()}`).toBe(0);
        return run;
      };
      const operation = async (
        name: string,
        input: Record<string, unknown>,
        options: { namespace?: string; delete?: boolean } = {},
      ) => {
        const run = await cli.run([
          'adapter',
          'run',
          meshCase.adapter,
          name,
          '--connection',
          connectionId,
          '--input',
          JSON.stringify(input),
          ...(options.namespace ? ['-n', options.namespace] : []),
          ...(options.delete ? ['--delete'] : []),
        ]);
        expect(run.code, `${name}: ${run.stdout}\n${run.stderr}\nadapters: ${output()}`).toBe(0);
        return run;
      };
      const discovered = (version: string) =>
        waitFor(async () => (await detected()).includes(`${mesh} ${version}`), {
          timeoutMs: 60_000,
          intervalMs: 500,
          description: `discovery reporting ${mesh} ${version}`,
        });
      const controlPlaneSpec = () =>
        JSON.stringify(
          cluster.get('apps/v1', 'Deployment', controlPlane.namespace, controlPlane.deployment)?.['spec'],
        );

      await meshCommand('install', '--version', versionA);
      expect(controlPlaneSpec()).toContain(controlPlane.image(versionA));
      await discovered(versionA);
      expect(await states()).toContain(`${mesh} INSTALLED ${versionA}`);

      await meshCommand('upgrade', '--version', versionB);
      expect(controlPlaneSpec()).toContain(controlPlane.image(versionB));
      await discovered(versionB);
      expect(await states()).toContain(`${mesh} INSTALLED ${versionB}`);

      // mTLS strict and sidecar injection in the sample's namespace, the sample deployed, then validated: the
      // control plane ready and every pod of the namespace carrying the mesh's proxy.
      await operation('configure', { mtls: 'STRICT', injection: true }, { namespace: sample.namespace });
      expect(meshCase.strictMtls(cluster, sample.namespace)).toEqual(
        mesh === 'istio' ? { mtls: { mode: 'STRICT' } } : 'all-authenticated',
      );
      await operation('sample-app', { app: sample.app }, { namespace: sample.namespace });
      await waitFor(() => cluster.list('v1', 'Pod', sample.namespace).length >= 2, {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: `${sample.app} pods`,
      });
      const validated = await operation('validate', {}, { namespace: sample.namespace });
      expect(validated.stdout + validated.stderr).toMatch(/SUCCEEDED/);
      await waitFor(
        async () =>
          (await api.request(DetectMeshesDocument, { clusterId })).detectMeshes.some(
            (m) => m.meshId === mesh && m.proxyCount > 0 && m.injectedNamespaces.includes(sample.namespace),
          ),
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          description: `discovery seeing ${mesh}'s proxies in ${sample.namespace}`,
        },
      );
      if (meshed) await meshed();

      await operation('sample-app', { app: sample.app }, { namespace: sample.namespace, delete: true });
      await operation('configure', {}, { namespace: sample.namespace, delete: true });
      expect(meshCase.strictMtls(cluster, sample.namespace)).toBeUndefined();
      await meshCommand('uninstall');
      expect(
        cluster.get('apps/v1', 'Deployment', controlPlane.namespace, controlPlane.deployment),
      ).toBeUndefined();
      await waitFor(() => JSON.stringify(snapshot(cluster)) === JSON.stringify(before), {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: `the cluster as before ${mesh} (now: ${snapshot(cluster).join(', ')})`,
      });
      expect(await states()).toContain(`${mesh} REMOVED ${versionB}`);
      await waitFor(async () => !(await detected()).some((m) => m.startsWith(`${mesh} `)), {
        timeoutMs: 60_000,
        intervalMs: 500,
        description: `discovery reporting no ${mesh}`,
      });
    }

    it('Istio: install A, upgrade to B, mTLS strict, Bookinfo, validate, a perf run recording Istio B, all removed', async () => {
      await lifecycle(MESHES.istio, async () => {
        // A performance run against a target in that cluster records its environment as discovery describes it
        // (perf asks meshsync-ingest over rpc.v1.discovery.environment): the cluster, its nodes and Istio 1.23.0.
        const { gatewayUrl } = target();
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
          const csv = await cli.run(['perf', 'result', run.id, '--format', 'csv']);
          expect(csv.code, csv.stderr).toBe(0);
          expect(csv.stdout).toMatch(/^url,generator,model,protocol,/);
          const fortio = await cli.run(['perf', 'result', run.id, '--format', 'fortio']);
          expect(JSON.parse(fortio.stdout)).toMatchObject({ RunType: 'HTTP' });
          const unknown = await cli.run(['perf', 'result', run.id, '--format', 'xml']);
          expect(unknown.code).not.toBe(0);
          expect(unknown.stderr).toContain('use csv or fortio');
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
      });
    });

    it('Linkerd: install A, upgrade to B, mTLS strict, emojivoto, validate, all removed', async () => {
      await lifecycle(MESHES.linkerd);
    });
  });
}

function snapshot(cluster: KubeTestServer): string[] {
  return KINDS.flatMap(([apiVersion, kind]) =>
    cluster.list(apiVersion, kind).map((o) => `${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
  ).sort();
}
