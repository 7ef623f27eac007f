// First: every connection of this process, and (through LOOPBACK_ONLY_NODE_ARGS) of its children, stays on loopback.
import '../loopback-only.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { applyManifests, InMemoryInventoryStore } from '@meshplane/adapters-sdk';
import { buildKubeConfig, parseUntrustedKubeconfig, type GuardedKubeConfig } from '@meshplane/k8s';
import { processEnv } from '@meshplane/config';
import { benchMode, round } from '../bench-mode.js';
import { startChild, type StartedChild } from '../gateway/child-process.js';
import { bundleObjects } from './bundle.js';
import { measureBrokerOps, type OpsPlan } from './broker-ops.js';

/**
 * The adapter SDK's install path against the sandbox cluster (the Kubernetes API test server with its simulated
 * controller, in its own process on 127.0.0.1): `applyManifests` of a bundle of `objects` objects (a CRD and its
 * custom resources, a namespace, ConfigMaps, ServiceAccounts, Services, Deployments; server-side apply, ownership
 * labels, inventory) against the reference, the same objects applied with one client-node server-side-apply call
 * each, one after another, into a namespace of its own. Rounds alternate which goes first; `installRatio` is the
 * median of the rounds' SDK / reference (goal ≤ 1.2). Prints a table, then one JSON line. Exits non-zero when
 * an apply failed or a figure could not be computed.
 *
 * Then operations per second through adapters-broker against direct gRPC calls to the same no-op adapter
 * (`opsRatio` = broker / direct; goal ≥ 0.5), see broker-ops.ts.
 *
 * BENCH_SANDBOX_NODE_ARGS passes Node flags to the sandbox (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`),
 * BENCH_BROKER_NODE_ARGS to the broker.
 * `--smoke` / BENCH_SMOKE=1: one round of a 30-object bundle and of 20 operations (the test command runs it; figures
 * meaningless).
 */
interface Plan {
  objects: number;
  rounds: number;
  ops: OpsPlan;
}

const FULL: Plan = { objects: 300, rounds: 5, ops: { operations: 300, concurrency: 32, rounds: 3 } };
const SMOKE: Plan = { objects: 30, rounds: 1, ops: { operations: 20, concurrency: 8, rounds: 1 } };
const SANDBOX_MAIN = fileURLToPath(
  new URL('../../../libs/platform/k8s-testing/dist/sandbox-main.js', import.meta.url),
);
const POLICY = { allowCidrs: ['127.0.0.0/8'], allowInsecureHttp: true };
const FIELD_MANAGER = 'meshplane-bench';

async function main(): Promise<void> {
  const { smoke } = benchMode();
  const plan = smoke ? SMOKE : FULL;
  const loadBefore = loadavg()[0] ?? 0;
  const workDir = mkdtempSync(join(tmpdir(), 'meshplane-bench-adapters-'));
  let sandbox: StartedChild | undefined;
  try {
    const kubeconfigPath = join(workDir, 'kubeconfig.yaml');
    sandbox = await startChild(SANDBOX_MAIN, processEnv(), /\[sandbox\] ready/, {
      args: ['--kubeconfig', kubeconfigPath, '--ready-delay-ms', '50'],
    });
    const kubeconfig = readFileSync(kubeconfigPath, 'utf8');
    const [context] = parseUntrustedKubeconfig(kubeconfig).contexts;
    if (!context) throw new Error('the sandbox kubeconfig has no context');
    const kc = buildKubeConfig(context, POLICY);

    // Uncounted warm-up of both paths (JIT, connections, the CRD's first creation).
    await reference(kc, bundleObjects('bench-warm-ref', Math.min(plan.objects, 30)));
    await sdkInstall(kc, bundleObjects('bench-warm-sdk', Math.min(plan.objects, 30)), 'warm');

    const referenceMs: number[] = [];
    const installMs: number[] = [];
    for (let r = 0; r < plan.rounds; r++) {
      const runReference = async () =>
        referenceMs.push(await reference(kc, bundleObjects(`bench-ref-${r}`, plan.objects)));
      const runInstall = async () =>
        installMs.push(await sdkInstall(kc, bundleObjects(`bench-sdk-${r}`, plan.objects), `round-${r}`));
      if (r % 2 === 0) {
        await runReference();
        await runInstall();
      } else {
        await runInstall();
        await runReference();
      }
    }
    const ref = median(referenceMs);
    const sdk = median(installMs);
    if (!(ref > 0) || !(sdk > 0)) throw new Error('no figure could be computed');
    // Each round's two installs ran back to back, on a sandbox holding the same objects: the ratio is taken per
    // round, then the median of those. Every round adds its objects to the sandbox, so later rounds are slower
    // for both paths; a ratio of the two medians could pair one path's round with the other's (1.25 against 1.02
    // paired, in one run).
    const installRatio = median(installMs.map((ms, r) => ms / (referenceMs[r] as number)));
    await sandbox.stop();
    sandbox = undefined;

    const ops = await measureBrokerOps(plan.ops);
    const brokerOps = median(ops.brokerOpsPerSec);
    const directOps = median(ops.directOpsPerSec);
    const brokerReads = median(ops.brokerReadsPerSec);
    if (!(brokerOps > 0) || !(directOps > 0) || !(brokerReads > 0))
      throw new Error('no operations figure could be computed');
    const result = {
      bench: 'adapters',
      smoke,
      objects: plan.objects,
      rounds: plan.rounds,
      referenceMs: round(ref),
      installMs: round(sdk),
      installRatio: round(installRatio),
      referenceRuns: referenceMs.map(round),
      installRuns: installMs.map(round),
      operations: plan.ops.operations,
      opsConcurrency: plan.ops.concurrency,
      brokerOpsPerSec: round(brokerOps),
      directOpsPerSec: round(directOps),
      opsRatio: round(brokerOps / directOps),
      brokerOpsRuns: ops.brokerOpsPerSec.map(round),
      directOpsRuns: ops.directOpsPerSec.map(round),
      brokerReadsPerSec: round(brokerReads),
      readRatio: round(brokerReads / directOps),
      loadAvg1: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
    };
    process.stdout.write(
      `Install of a ${plan.objects}-object bundle on the sandbox (median of ${plan.rounds} rounds)\n` +
        `  one client-node server-side apply per object: ${round(ref)} ms\n` +
        `  adapter SDK applyManifests:                   ${round(sdk)} ms (ratio ${round(installRatio)} round by round, goal ≤ 1.2)\n\n` +
        `No-op operations per second, ${plan.ops.operations} per round, ${plan.ops.concurrency} in flight (median of ${plan.ops.rounds})\n` +
        `  ApplyOperation straight to the adapter (gRPC): ${round(directOps)}/s\n` +
        `  through adapters-broker (GraphQL → SUCCEEDED): ${round(brokerOps)}/s (ratio ${round(brokerOps / directOps)}, goal ≥ 0.5)\n` +
        `  floor: one read through the broker's GraphQL: ${round(brokerReads)}/s (ratio ${round(brokerReads / directOps)})\n\n`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await sandbox?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The reference: one server-side apply call per object, in bundle order, one after another. */
async function reference(kc: GuardedKubeConfig, objects: KubernetesObject[]): Promise<number> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  const start = performance.now();
  for (const obj of objects)
    await client.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  return performance.now() - start;
}

async function sdkInstall(kc: GuardedKubeConfig, objects: KubernetesObject[], key: string): Promise<number> {
  const start = performance.now();
  const result = await applyManifests(kc, objects, {
    fieldManager: FIELD_MANAGER,
    operationId: `bench-${key}`,
    inventory: new InMemoryInventoryStore(),
    key,
    force: true,
  });
  const elapsed = performance.now() - start;
  const failed = result.results.filter((r) => r.action === 'failed');
  if (!result.ok || failed.length > 0)
    throw new Error(`applyManifests failed: ${failed.map((f) => f.message).join('; ')}`);
  if (result.results.length !== objects.length)
    throw new Error(`applyManifests reported ${result.results.length} objects of ${objects.length}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:adapters failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
