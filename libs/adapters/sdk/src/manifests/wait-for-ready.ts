import { setTimeout as sleep } from 'node:timers/promises';
import { type KubernetesObject } from '@kubernetes/client-node';
import { ManifestClient, type ClusterAccess } from './manifest-client.js';
import { describeRef, groupOf, isCrd, type ObjectRef } from './manifest-object.js';

export interface WaitForReadyOptions {
  /** Default 300,000 (5 min). */
  timeoutMs?: number;
  /** Between two reads of a not-ready object. Default 500. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** An object that did not become ready (or failed, for a Job); `status` is its last observed `.status`. */
export class ReadinessError extends Error {
  override readonly name = 'ReadinessError';
  constructor(
    message: string,
    readonly object: ObjectRef,
    readonly status: unknown,
  ) {
    super(message);
  }
}

type Verdict = { ready: true } | { ready: false; reason: string; failed?: boolean };

/**
 * Waits until every object is ready: Deployments (the new generation observed, updated and available replicas ≥
 * desired), StatefulSets (ready replicas ≥ desired, on the update revision), DaemonSets (every scheduled pod
 * updated and available), Jobs (Complete; Failed ends the wait at once), CRDs (Established). Other kinds are ready
 * once they exist. Objects are checked one after the other against one deadline; the error names the object that
 * was not ready and its status.
 */
export async function waitForReady(
  cluster: ClusterAccess | ManifestClient,
  objects: readonly ObjectRef[],
  options: WaitForReadyOptions = {},
): Promise<void> {
  const client = cluster instanceof ManifestClient ? cluster : ManifestClient.forCluster(cluster);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const pollMs = options.pollMs ?? 500;
  for (const ref of objects) {
    let last: KubernetesObject | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      last = await client.readIfExists(headerOf(ref));
      const verdict: Verdict = last ? readiness(ref, last) : { ready: false, reason: 'does not exist' };
      if (verdict.ready) break;
      const status = (last as { status?: unknown } | undefined)?.status;
      if (!verdict.ready && verdict.failed) {
        throw new ReadinessError(`${describeRef(ref)} failed: ${verdict.reason}`, ref, status);
      }
      if (Date.now() >= deadline) {
        throw new ReadinessError(
          `${describeRef(ref)} did not become ready: ${verdict.reason}; status: ${JSON.stringify(status ?? null)}`,
          ref,
          status,
        );
      }
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), undefined, {
        signal: options.signal,
      });
    }
  }
}

/** Whether one observed object is ready (pure; exported for tests). */
export function readiness(
  ref: Pick<ObjectRef, 'apiVersion' | 'kind'>,
  obj: KubernetesObject | Record<string, unknown>,
): Verdict {
  const o = obj as KubernetesObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
  const observed = (): Verdict | undefined => {
    const generation = o.metadata?.generation;
    const seen = status['observedGeneration'];
    return generation !== undefined && typeof seen === 'number' && seen < generation
      ? { ready: false, reason: `generation ${generation} not observed yet (observed ${seen})` }
      : undefined;
  };
  const group = groupOf(ref.apiVersion);
  if (isCrd(ref)) {
    return condition(status, 'Established') === 'True'
      ? { ready: true }
      : { ready: false, reason: 'not Established' };
  }
  if (group === 'apps' && ref.kind === 'Deployment') {
    const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const pending = observed();
    if (pending) return pending;
    const available = num(status['availableReplicas']);
    const updated = num(status['updatedReplicas']);
    return available >= desired && (desired === 0 || updated >= desired)
      ? { ready: true }
      : { ready: false, reason: `${available}/${desired} replicas available, ${updated} updated` };
  }
  if (group === 'apps' && ref.kind === 'StatefulSet') {
    const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const pending = observed();
    if (pending) return pending;
    const ready = num(status['readyReplicas']);
    const onUpdate =
      status['updateRevision'] === undefined || status['currentRevision'] === status['updateRevision'];
    return ready >= desired && onUpdate
      ? { ready: true }
      : {
          ready: false,
          reason: `${ready}/${desired} replicas ready${onUpdate ? '' : ', update in progress'}`,
        };
  }
  if (group === 'apps' && ref.kind === 'DaemonSet') {
    const pending = observed();
    if (pending) return pending;
    if (status['desiredNumberScheduled'] === undefined) return { ready: false, reason: 'no status yet' };
    const desired = num(status['desiredNumberScheduled']);
    const available = num(status['numberAvailable']);
    const updated = num(status['updatedNumberScheduled']);
    return available >= desired && updated >= desired
      ? { ready: true }
      : { ready: false, reason: `${available}/${desired} pods available, ${updated} updated` };
  }
  if (group === 'batch' && ref.kind === 'Job') {
    if (condition(status, 'Failed') === 'True')
      return { ready: false, reason: 'the Job failed', failed: true };
    return condition(status, 'Complete') === 'True'
      ? { ready: true }
      : { ready: false, reason: `not complete (${num(status['succeeded'])} succeeded)` };
  }
  return { ready: true };
}

function condition(status: Record<string, unknown>, type: string): string | undefined {
  const conditions = Array.isArray(status['conditions']) ? (status['conditions'] as unknown[]) : [];
  for (const c of conditions) {
    if (typeof c === 'object' && c !== null && (c as { type?: unknown }).type === type) {
      const value = (c as { status?: unknown }).status;
      return typeof value === 'string' ? value : undefined;
    }
  }
  return undefined;
}

function headerOf(ref: ObjectRef): KubernetesObject & { metadata: { name: string } } {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  };
}

export { headerOf as objectHeader };
