import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import type { ServerUrlPolicy } from '@meshplane/k8s';
import {
  defineOperation,
  OperationError,
  type AdapterDefinition,
  type ComponentSpec,
  type FingerprintRuleDocument,
  type OperationContext,
} from '../adapter-definition.js';
import {
  applyManifests,
  deleteManifests,
  guardedKubeConfig,
  parseManifests,
  readiness,
  ReadinessError,
  waitForReady,
  type ApplyManifestsResult,
  type ClusterAccess,
  type InventoryStore,
  type ManifestObject,
  type ObjectRef,
} from '../manifests/index.js';
import { ManifestClient } from '../manifests/manifest-client.js';
import {
  resolveManifests,
  resolveSample,
  type ManifestSourceConfig,
  type SampleSource,
} from '../sources/manifest-sources.js';

export type MtlsMode = 'STRICT' | 'PERMISSIVE';

/** Namespace metadata to set (a value) or remove (null), applied with a JSON merge patch. */
export interface NamespaceMetadata {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
}

/** What makes one mesh's adapter: everything else (operations, inventory, validation) is shared. */
export interface MeshAdapterSpec {
  name: string;
  version: string;
  mesh: string;
  meshVersions: [string, ...string[]];
  /** The control plane's namespace (where mesh-wide policy lives). */
  controlPlaneNamespace: string;
  /** The container every meshed pod carries, e.g. `istio-proxy`. */
  proxyContainer: string;
  profiles: [string, ...string[]];
  /** Sample applications by name (e.g. `bookinfo`). */
  samples: [string, ...string[]];
  /** Objects that set the mTLS mode for `namespace`, or namespace metadata that does. */
  mtls(
    mode: MtlsMode,
    namespace: string,
  ): { manifests?: ManifestObject[]; namespaceMetadata?: NamespaceMetadata };
  /** Namespace metadata that enables (or, with false, removes) sidecar injection. */
  injection(enabled: boolean): NamespaceMetadata;
  components: ComponentSpec[];
  fingerprints: FingerprintRuleDocument[];
}

/** Where the adapter's state and sources are (from its configuration). */
export interface MeshAdapterRuntime {
  inventory: InventoryStore;
  sources: ManifestSourceConfig;
  samples: Record<string, SampleSource | undefined>;
  sampleSettings: (sample: string) => { file: string; url: string };
  /** The policy every cluster connection is built under (allowed CIDRs, plain http). */
  clusterPolicy: ServerUrlPolicy;
  readyTimeoutMs?: number;
  readyPollMs?: number;
}

function cluster(ctx: OperationContext<unknown>, policy: ServerUrlPolicy): ClusterAccess {
  if (!ctx.target.kubeconfig) {
    throw new OperationError('no cluster credentials were sent with the operation', {
      suggestedRemediation: ['run the operation against a connection with a kubeconfig'],
    });
  }
  return { kubeconfig: ctx.target.kubeconfig, policy };
}

function failOnApply(result: ApplyManifestsResult, what: string): void {
  if (result.ok) return;
  const failed = result.results.find((r) => r.action === 'failed');
  throw new OperationError(`${what} failed: ${failed?.message ?? 'an object was not applied'}`, {
    probableCause: failed?.conflicts?.length ? ['another field manager owns fields of the object'] : [],
    suggestedRemediation: ['fix the cause and run the operation again (it converges)'],
  });
}

function summary(result: ApplyManifestsResult): string {
  const counts = new Map<string, number>();
  for (const r of result.results) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
}

async function patchNamespace(
  access: ClusterAccess,
  namespace: string,
  metadata: NamespaceMetadata,
): Promise<void> {
  const core = guardedKubeConfig(access).makeApiClient(CoreV1Api);
  try {
    await core.patchNamespace(
      { name: namespace, body: { metadata } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  } catch (error) {
    if ((error as { code?: number }).code === 404) {
      throw new OperationError(`namespace ${namespace} does not exist`, {
        suggestedRemediation: [`create namespace ${namespace} first (the adapter does not own namespaces)`],
      });
    }
    throw error;
  }
}

/** The install, sample-app, configure and validate operations of a mesh adapter. */
export function meshAdapter(spec: MeshAdapterSpec, runtime: MeshAdapterRuntime): AdapterDefinition {
  const fieldManager = spec.name;
  const controlPlaneKey = (ctx: OperationContext<unknown>) =>
    `${ctx.orgId}/${ctx.target.connectionId}/${spec.mesh}/control-plane`;
  const readyOptions = (signal: AbortSignal) => ({
    timeoutMs: runtime.readyTimeoutMs ?? 300_000,
    pollMs: runtime.readyPollMs ?? 500,
    signal,
  });

  const install = defineOperation<{ version: string; profile: string }>({
    name: 'install',
    displayName: `Install ${spec.mesh}`,
    description: `Installs the ${spec.mesh} control plane at a version; over another version it upgrades (pruning what the new version no longer has); delete uninstalls exactly what was installed.`,
    category: 'install',
    versions: spec.meshVersions,
    inputSchema: {
      type: 'object',
      properties: {
        version: { type: 'string', enum: spec.meshVersions },
        profile: { type: 'string', enum: spec.profiles, default: spec.profiles[0] },
      },
      required: ['version'],
      additionalProperties: false,
    },
    supportsDelete: true,
    supportsDryRun: true,
    idempotent: true,
    async run(ctx) {
      const access = cluster(ctx, runtime.clusterPolicy);
      const key = controlPlaneKey(ctx);
      if (ctx.delete) {
        ctx.progress(10, `removing ${spec.mesh} (everything the installation recorded)`);
        const removed = await deleteManifests(access, {
          inventory: runtime.inventory,
          key,
          signal: ctx.signal,
        });
        if (!removed.ok) {
          const failed = removed.results.find((r) => r.action === 'failed');
          throw new OperationError(`uninstall stopped: ${failed?.message ?? 'an object was not deleted'}`, {
            suggestedRemediation: ['run the uninstall again: it removes what is left'],
          });
        }
        return { message: `${spec.mesh} removed (${removed.results.length} objects)` };
      }
      const source = await resolveManifests(runtime.sources, ctx.input.version, {
        profile: ctx.input.profile,
        signal: ctx.signal,
      });
      ctx.progress(
        10,
        `${spec.mesh} ${ctx.input.version} manifests from ${source.source} ${source.location}`,
      );
      const applied = await applyManifests(access, source.text, {
        fieldManager,
        operationId: ctx.operationId,
        inventory: runtime.inventory,
        key,
        dryRun: ctx.dryRun,
        signal: ctx.signal,
        force: true,
      });
      failOnApply(applied, `${spec.mesh} ${ctx.input.version}`);
      ctx.progress(70, `applied: ${summary(applied)}`);
      if (ctx.dryRun) return { message: `dry run of ${spec.mesh} ${ctx.input.version}: ${summary(applied)}` };
      const workloads = applied.results
        .map((r) => r.object)
        .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
      await waitReady(access, workloads, readyOptions(ctx.signal));
      return {
        message: `${spec.mesh} ${ctx.input.version} installed: ${summary(applied)}`,
        output: { version: ctx.input.version, source: source.source },
      };
    },
  });

  const sampleApp = defineOperation<{ app: string }>({
    name: 'sample-app',
    displayName: 'Sample application',
    description: `Deploys (delete: removes) a sample application into the operation's namespace.`,
    category: 'sample-application',
    inputSchema: {
      type: 'object',
      properties: { app: { type: 'string', enum: spec.samples, default: spec.samples[0] } },
      additionalProperties: false,
    },
    supportsDelete: true,
    supportsDryRun: true,
    idempotent: true,
    async run(ctx) {
      const access = cluster(ctx, runtime.clusterPolicy);
      const namespace = ctx.namespace || 'default';
      const key = `${ctx.orgId}/${ctx.target.connectionId}/${spec.mesh}/sample/${namespace}/${ctx.input.app}`;
      if (ctx.delete) {
        const removed = await deleteManifests(access, {
          inventory: runtime.inventory,
          key,
          signal: ctx.signal,
        });
        return { message: `${ctx.input.app} removed from ${namespace} (${removed.results.length} objects)` };
      }
      const source = await resolveSample(
        ctx.input.app,
        runtime.samples[ctx.input.app],
        runtime.sampleSettings(ctx.input.app),
        {
          signal: ctx.signal,
        },
      );
      const objects = parseManifests(source.text);
      const foreign = objects.find((o) => o.metadata.namespace && o.metadata.namespace !== namespace);
      if (foreign || objects.some((o) => o.kind === 'Namespace')) {
        throw new OperationError(
          `the ${ctx.input.app} sample must only hold objects of namespace ${namespace}`,
          {
            suggestedRemediation: ['use a sample whose objects name no namespace'],
          },
        );
      }
      const applied = await applyManifests(access, objects, {
        fieldManager,
        operationId: ctx.operationId,
        inventory: runtime.inventory,
        key,
        namespace,
        dryRun: ctx.dryRun,
        signal: ctx.signal,
      });
      failOnApply(applied, `sample ${ctx.input.app}`);
      if (!ctx.dryRun) {
        await waitReady(
          access,
          applied.results.map((r) => r.object).filter((o) => o.kind === 'Deployment'),
          readyOptions(ctx.signal),
        );
      }
      return {
        message: `${ctx.input.app} ${ctx.dryRun ? 'checked' : 'deployed'} in ${namespace}: ${summary(applied)}`,
      };
    },
  });

  const configure = defineOperation<{ mtls?: MtlsMode; injection?: boolean }>({
    name: 'configure',
    description:
      'Sets the mTLS mode (STRICT/PERMISSIVE) and/or sidecar injection of the namespace (mTLS without a namespace: mesh-wide); delete undoes both.',
    category: 'configure',
    inputSchema: {
      type: 'object',
      properties: {
        mtls: { type: 'string', enum: ['STRICT', 'PERMISSIVE'] },
        injection: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    supportsDelete: true,
    idempotent: true,
    async run(ctx) {
      const access = cluster(ctx, runtime.clusterPolicy);
      const namespace = ctx.namespace || spec.controlPlaneNamespace;
      const key = `${ctx.orgId}/${ctx.target.connectionId}/${spec.mesh}/mtls/${namespace}`;
      const done: string[] = [];
      if (ctx.input.mtls || ctx.delete) {
        const mtls = spec.mtls(ctx.input.mtls ?? 'PERMISSIVE', namespace);
        if (ctx.delete) {
          await deleteManifests(access, { inventory: runtime.inventory, key, signal: ctx.signal });
          if (mtls.namespaceMetadata) await patchNamespace(access, namespace, nulled(mtls.namespaceMetadata));
          done.push('mTLS setting removed');
        } else {
          if (mtls.manifests) {
            const applied = await applyManifests(access, mtls.manifests, {
              fieldManager,
              operationId: ctx.operationId,
              inventory: runtime.inventory,
              key,
              namespace,
              signal: ctx.signal,
            });
            failOnApply(applied, 'mTLS policy');
          }
          if (mtls.namespaceMetadata) await patchNamespace(access, namespace, mtls.namespaceMetadata);
          done.push(`mTLS ${ctx.input.mtls} in ${namespace}`);
        }
      }
      if (ctx.input.injection !== undefined || ctx.delete) {
        const enabled = !ctx.delete && ctx.input.injection === true;
        await patchNamespace(access, namespace, spec.injection(enabled));
        done.push(`sidecar injection ${enabled ? 'enabled' : 'disabled'} in ${namespace}`);
      }
      if (done.length === 0) {
        throw new OperationError('nothing to configure', {
          suggestedRemediation: ['give mtls and/or injection'],
        });
      }
      return { message: done.join('; ') };
    },
  });

  const validate = defineOperation<Record<string, never>>({
    name: 'validate',
    description: `Checks that the ${spec.mesh} control plane is ready and that every pod of the namespace carries ${spec.proxyContainer}.`,
    category: 'validate',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    idempotent: true,
    async run(ctx) {
      const access = cluster(ctx, runtime.clusterPolicy);
      const record = await runtime.inventory.get(controlPlaneKey(ctx));
      if (!record) {
        throw new OperationError(`${spec.mesh} is not installed by this adapter on this cluster`, {
          probableCause: ['install was never run, or it was uninstalled'],
          suggestedRemediation: [`run install with a version (${spec.meshVersions.join(', ')})`],
        });
      }
      const client = guardedKubeConfig(access);
      const objects = ManifestClient.forCluster(client);
      for (const ref of record.objects.filter((o) => o.kind === 'Deployment')) {
        const live = await objects.readIfExists({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        });
        const verdict = live ? readiness(ref, live) : { ready: false as const, reason: 'does not exist' };
        if (!verdict.ready) {
          throw new OperationError(
            `control plane Deployment ${ref.namespace}/${ref.name} is not ready: ${verdict.reason}`,
            {
              probableCause: live
                ? ['its pods are not available: image pull, resources or a crash loop']
                : ['it was deleted outside the adapter'],
              suggestedRemediation: live
                ? [`kubectl -n ${ref.namespace} describe deployment ${ref.name}`, 'then run install again']
                : ['run install again: it re-creates what is missing'],
            },
          );
        }
      }
      ctx.progress(50, `${spec.mesh} control plane ready`);
      if (!ctx.namespace) return { message: `${spec.mesh} control plane ready`, output: { pods: 0 } };
      const core = client.makeApiClient(CoreV1Api);
      const pods: V1Pod[] = (await core.listNamespacedPod({ namespace: ctx.namespace })).items;
      for (const pod of pods) {
        if (!(pod.spec?.containers ?? []).some((c) => c.name === spec.proxyContainer)) {
          throw new OperationError(
            `pod ${ctx.namespace}/${pod.metadata?.name ?? '?'} has no ${spec.proxyContainer} container`,
            {
              probableCause: [
                `sidecar injection is not enabled for namespace ${ctx.namespace}`,
                'or the pod was created before injection was enabled',
              ],
              suggestedRemediation: [
                `run configure with injection=true in ${ctx.namespace}`,
                'then restart its workload (kubectl rollout restart)',
              ],
            },
          );
        }
      }
      return {
        message: `${spec.mesh} control plane ready; ${pods.length} pods in ${ctx.namespace} carry ${spec.proxyContainer}`,
        output: { pods: pods.length },
      };
    },
  });

  return {
    info: {
      name: spec.name,
      version: spec.version,
      mesh: spec.mesh,
      supportedMeshVersions: spec.meshVersions,
    },
    operations: [install, sampleApp, configure, validate],
    components: spec.components,
    fingerprints: spec.fingerprints,
  };
}

function nulled(metadata: NamespaceMetadata): NamespaceMetadata {
  const none = (values?: Record<string, string | null>) =>
    values && Object.fromEntries(Object.keys(values).map((k) => [k, null]));
  return { labels: none(metadata.labels), annotations: none(metadata.annotations) };
}

async function waitReady(
  access: ClusterAccess,
  objects: ObjectRef[],
  options: { timeoutMs: number; pollMs: number; signal: AbortSignal },
): Promise<void> {
  try {
    await waitForReady(access, objects, options);
  } catch (error) {
    if (error instanceof ReadinessError) {
      throw new OperationError(error.message, {
        probableCause: ['the workload’s pods are not available: image pull, resources or a crash loop'],
        suggestedRemediation: [
          `kubectl -n ${error.object.namespace ?? 'default'} describe ${error.object.kind.toLowerCase()} ${error.object.name}`,
        ],
      });
    }
    throw error;
  }
}
