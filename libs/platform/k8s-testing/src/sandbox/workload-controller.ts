import { createHash } from 'node:crypto';
import { type ResourceType } from '../catalogue/resource-type.js';
import { type ClusterState, type WriteContext } from '../cluster-state.js';
import { isPlainRecord, type KubeObject } from '../kube-object.js';
import { runList } from '../list-query.js';
import { type ChangeEvent } from '../store/event-log.js';
import { parseStored, type StoredObject } from '../store/stored-object.js';
import { injectSidecars } from './sidecar-injection.js';

export interface WorkloadControllerOptions {
  /** How long a pod stays Pending before it is Running and Ready. */
  readyDelayMs?: number;
  /** A pass that failed for another reason than a write conflict (default: printed on stderr). */
  onError?: (error: unknown) => void;
}

const MANAGER = 'kube-controller-manager';
/** Writes as the real controllers make them: through the API's rules (pods start Pending, status via /status). */
const AS_CONTROLLER: WriteContext = { viaApi: true, userAgent: MANAGER };
const STATUS: WriteContext = { viaApi: true, subresource: 'status', userAgent: MANAGER };
const WATCHED = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  '/pods',
  '/nodes',
  '/namespaces',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
]);

type Workload = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

/**
 * A SIMULATED kube-controller-manager, scheduler, kubelet and mutating webhooks for the sandbox: Deployments get
 * a ReplicaSet, ReplicaSets, StatefulSets and DaemonSets get pods (owner references set, so deleting the workload
 * removes them), pods become Running and Ready after `readyDelayMs`, and workload status reports them. No
 * container ever runs. A template change replaces the Deployment's ReplicaSet at once (no rolling update).
 *
 * It reacts to the store's change events, coalesced into one pass per event-loop turn; each pass compares the
 * whole state with the wanted state and writes only differences, so its own writes settle.
 */
export class WorkloadController {
  private readonly readyDelayMs: number;
  private readonly onError: (error: unknown) => void;
  private scheduled: NodeJS.Immediate | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private podIps = 0;

  constructor(
    private readonly cluster: ClusterState,
    options: WorkloadControllerOptions = {},
  ) {
    this.readyDelayMs = options.readyDelayMs ?? 1_000;
    this.onError =
      options.onError ??
      ((error) => process.stderr.write(`[sandbox controller] ${(error as Error).stack ?? String(error)}\n`));
    this.schedule();
  }

  notice(event: ChangeEvent): void {
    if (WATCHED.has(event.resourceId)) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      try {
        this.reconcile();
      } catch (error) {
        // A conflicting write in between is retried by another pass; anything else is reported.
        if (isConflict(error)) this.schedule();
        else this.onError(error);
      }
    });
  }

  private reconcile(): void {
    const nodes = this.all('v1', 'Node');
    if (nodes.length === 0) {
      this.create('v1', 'Node', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'sandbox-node', labels: { 'kubernetes.io/hostname': 'sandbox-node' } },
        status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
      });
      return;
    }
    // Each owner's dependents are disjoint, so one read of them, indexed by owner, serves the whole loop over owners.
    const replicaSets = byOwner(this.all('apps/v1', 'ReplicaSet'));
    for (const deployment of this.all('apps/v1', 'Deployment')) this.syncDeployment(deployment, replicaSets);
    const pods = byOwner(this.all('v1', 'Pod'));
    for (const rs of this.all('apps/v1', 'ReplicaSet')) {
      const replicas = numberOr(rs.spec?.['replicas'], 1);
      this.syncPods(
        rs,
        pods,
        Array.from({ length: replicas }, () => undefined),
      );
    }
    for (const sts of this.all('apps/v1', 'StatefulSet')) {
      const replicas = numberOr(sts.spec?.['replicas'], 1);
      const name = sts.metadata.name ?? '';
      this.syncPods(
        sts,
        pods,
        Array.from({ length: replicas }, (_, i) => `${name}-${i}`),
      );
    }
    for (const ds of this.all('apps/v1', 'DaemonSet')) {
      this.syncPods(
        ds,
        pods,
        nodes.map(() => undefined),
      );
    }
    this.syncPodsReadiness();
    this.syncStatuses(nodes.length);
  }

  private syncDeployment(deployment: Workload, replicaSets: OwnerIndex): void {
    const template = deployment.spec?.['template'];
    let hash = this.templateHashes.get(deployment);
    if (hash === undefined) {
      hash = createHash('sha256')
        .update(JSON.stringify(template ?? {}))
        .digest('hex')
        .slice(0, 10);
      this.templateHashes.set(deployment, hash);
    }
    const owned = ownedBy(deployment, replicaSets);
    const name = `${deployment.metadata.name ?? ''}-${hash}`;
    for (const old of owned.filter((rs) => rs.metadata.name !== name)) {
      this.remove('apps/v1', 'ReplicaSet', old);
    }
    const replicas = numberOr(deployment.spec?.['replicas'], 1);
    const current = owned.find((rs) => rs.metadata.name === name);
    const spec = {
      replicas,
      selector: deployment.spec?.['selector'],
      template: withLabel(template, 'pod-template-hash', hash),
    };
    if (!current) {
      this.create('apps/v1', 'ReplicaSet', {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: deployment.metadata.namespace,
          labels: { ...templateLabels(template), 'pod-template-hash': hash },
          ownerReferences: [ownerReference(deployment)],
        },
        spec,
      });
    } else if (numberOr(current.spec?.['replicas'], 1) !== replicas) {
      this.write('apps/v1', 'ReplicaSet', { ...current, spec: { ...current.spec, replicas } }, AS_CONTROLLER);
    }
  }

  /** One pod per entry of `wanted` (a fixed name, or undefined for a generated one). */
  private syncPods(owner: Workload, allPods: OwnerIndex, wanted: (string | undefined)[]): void {
    const pods = ownedBy(owner, allPods);
    const named = new Set(wanted.filter((n): n is string => n !== undefined));
    const keep = pods.filter((p) => named.size === 0 || named.has(p.metadata.name ?? ''));
    const extra = [...pods.filter((p) => !keep.includes(p)), ...keep.slice(wanted.length)];
    for (const pod of extra) this.remove('v1', 'Pod', pod);
    const existing = new Set(keep.map((p) => p.metadata.name));
    let missing = wanted.length - Math.min(keep.length, wanted.length);
    for (const name of wanted) {
      if (missing <= 0) break;
      if (name !== undefined && existing.has(name)) continue;
      this.createPod(owner, name);
      missing--;
    }
  }

  private createPod(owner: Workload, name: string | undefined): void {
    const template = isPlainRecord(owner.spec?.['template']) ? owner.spec['template'] : {};
    const templateMeta = isPlainRecord(template['metadata']) ? template['metadata'] : {};
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...(name ? { name } : { generateName: `${owner.metadata.name ?? ''}-` }),
        namespace: owner.metadata.namespace,
        labels: isPlainRecord(templateMeta['labels'])
          ? (templateMeta['labels'] as Record<string, string>)
          : {},
        ...(isPlainRecord(templateMeta['annotations'])
          ? { annotations: templateMeta['annotations'] as Record<string, string> }
          : {}),
        ownerReferences: [ownerReference(owner)],
      },
      spec: { ...(isPlainRecord(template['spec']) ? template['spec'] : {}), nodeName: 'sandbox-node' },
    };
    this.create('v1', 'Pod', this.admitted(pod));
  }

  /** The mutating webhooks: pods created by anyone are admitted with the sidecars their namespace asks for. */
  private admitted(pod: KubeObject): KubeObject {
    const namespace = this.cluster.store.get(this.type('v1', 'Namespace'), '', pod.metadata.namespace ?? '');
    const webhooks = this.all('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration');
    return injectSidecars(pod, namespace && parseStored(namespace), webhooks) ?? pod;
  }

  private syncPodsReadiness(): void {
    const pods = this.all('v1', 'Pod');
    const live = new Set(pods.map((p) => p.metadata.uid ?? ''));
    for (const uid of this.admittedPods) if (!live.has(uid)) this.admittedPods.delete(uid);
    for (const pod of pods) {
      const uid = pod.metadata.uid ?? '';
      if (!this.admittedPods.has(uid)) {
        // A pod created by a client: admitted once, as the webhook would have mutated it on create.
        this.admittedPods.add(uid);
        const admitted = this.admitted(pod);
        if (admitted !== pod) {
          this.write('v1', 'Pod', admitted, AS_CONTROLLER);
          continue;
        }
      }
      if ((pod.status?.['phase'] ?? 'Pending') !== 'Pending' || this.pendingTimer.has(pod.metadata.uid ?? ''))
        continue;
      this.startPod(pod);
    }
  }

  private readonly pendingTimer = new Set<string>();
  /** UIDs of the pods the simulated admission has seen (pruned to the live pods every pass). */
  private readonly admittedPods = new Set<string>();

  private startPod(pod: Workload): void {
    const uid = pod.metadata.uid ?? '';
    this.pendingTimer.add(uid);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pendingTimer.delete(uid);
      const stored = this.cluster.store.get(
        this.type('v1', 'Pod'),
        pod.metadata.namespace ?? '',
        pod.metadata.name ?? '',
      );
      if (!stored || stored.uid !== uid) return;
      const current = parseStored(stored) as Workload;
      if ((current.status?.['phase'] ?? 'Pending') !== 'Pending') return;
      this.write('v1', 'Pod', { ...current, status: runningStatus(current, this.nextPodIp()) }, STATUS);
    }, this.readyDelayMs);
    this.timers.add(timer);
  }

  private syncStatuses(nodeCount: number): void {
    const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const pods = byOwner(this.all('v1', 'Pod'));
    const ready = (owner: Workload) => ownedBy(owner, pods).filter(isReady).length;
    const total = (owner: Workload) => ownedBy(owner, pods).length;
    const allReplicaSets = this.all('apps/v1', 'ReplicaSet');
    const replicaSets = byOwner(allReplicaSets);
    for (const rs of allReplicaSets) {
      this.setStatus('apps/v1', 'ReplicaSet', rs, {
        replicas: total(rs),
        fullyLabeledReplicas: total(rs),
        readyReplicas: ready(rs),
        availableReplicas: ready(rs),
        observedGeneration: rs.metadata.generation,
      });
    }
    for (const deployment of this.all('apps/v1', 'Deployment')) {
      const sets = ownedBy(deployment, replicaSets);
      const count = (f: (rs: Workload) => number) => sets.reduce((sum, rs) => sum + f(rs), 0);
      const wanted = numberOr(deployment.spec?.['replicas'], 1);
      const available = count(ready);
      this.setStatus('apps/v1', 'Deployment', deployment, {
        observedGeneration: deployment.metadata.generation,
        replicas: count(total),
        updatedReplicas: count(total),
        readyReplicas: available,
        availableReplicas: available,
        ...(wanted - available > 0 ? { unavailableReplicas: wanted - available } : {}),
        conditions: [
          condition(
            'Available',
            available >= wanted,
            available >= wanted ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
            time,
          ),
          condition(
            'Progressing',
            true,
            available >= wanted ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
            time,
          ),
        ],
      });
    }
    for (const sts of this.all('apps/v1', 'StatefulSet')) {
      this.setStatus('apps/v1', 'StatefulSet', sts, {
        observedGeneration: sts.metadata.generation,
        replicas: total(sts),
        currentReplicas: total(sts),
        updatedReplicas: total(sts),
        readyReplicas: ready(sts),
        availableReplicas: ready(sts),
      });
    }
    for (const ds of this.all('apps/v1', 'DaemonSet')) {
      this.setStatus('apps/v1', 'DaemonSet', ds, {
        observedGeneration: ds.metadata.generation,
        desiredNumberScheduled: nodeCount,
        currentNumberScheduled: total(ds),
        updatedNumberScheduled: total(ds),
        numberReady: ready(ds),
        numberAvailable: ready(ds),
        numberMisscheduled: 0,
      });
    }
  }

  /** Writes a status unless it already says this (conditions compared without their timestamps). */
  private setStatus(apiVersion: string, kind: string, obj: Workload, status: Record<string, unknown>): void {
    let current = this.statusSignatures.get(obj);
    if (current === undefined) {
      current = withoutTimes(obj.status);
      this.statusSignatures.set(obj, current);
    }
    if (current === withoutTimes(status)) return;
    this.write(apiVersion, kind, { ...obj, status }, STATUS);
  }

  /**
   * Every object of a kind, parsed once per stored version: a pass runs after each change of a watched kind, and
   * parsing every object again each time made a pass cost its whole cluster (an install of 300 objects slowed
   * with each one already there). Cached objects are frozen: a pass builds new objects, it never edits these.
   */
  private all(apiVersion: string, kind: string): Workload[] {
    return runList(this.cluster.store, this.type(apiVersion, kind), '', {}).items.map((stored) => {
      let parsed = this.parsed.get(stored);
      if (!parsed) {
        parsed = deepFreeze(parseStored(stored)) as Workload;
        this.parsed.set(stored, parsed);
      }
      return parsed;
    });
  }

  /** withoutTimes of a parsed version's status, and the hash of a Deployment version's pod template. */
  private readonly statusSignatures = new WeakMap<Workload, string>();
  private readonly templateHashes = new WeakMap<Workload, string>();

  /** Parsed stored versions (a stored version is immutable; a new write is a new StoredObject). */
  private readonly parsed = new WeakMap<StoredObject, Workload>();

  private type(apiVersion: string, kind: string): ResourceType {
    return this.cluster.typeOf(apiVersion, kind);
  }

  private create(apiVersion: string, kind: string, obj: KubeObject): void {
    const stored = this.cluster.create(
      this.type(apiVersion, kind),
      obj.metadata.namespace ?? '',
      obj,
      AS_CONTROLLER,
    );
    if (kind === 'Pod') this.admittedPods.add(stored.uid);
  }

  private write(apiVersion: string, kind: string, obj: KubeObject, context: WriteContext): void {
    const type = this.type(apiVersion, kind);
    this.cluster.replace(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '', obj, context);
  }

  private remove(apiVersion: string, kind: string, obj: KubeObject): void {
    const type = this.type(apiVersion, kind);
    if (this.cluster.store.get(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '')) {
      this.cluster.delete(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    }
  }

  private nextPodIp(): string {
    const n = ++this.podIps;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }
}

/** Dependents by the uid of each owner their ownerReferences name. */
type OwnerIndex = ReadonlyMap<string, Workload[]>;

function byOwner(dependents: readonly Workload[]): OwnerIndex {
  const index = new Map<string, Workload[]>();
  for (const dependent of dependents) {
    const refs = dependent.metadata['ownerReferences'];
    if (!Array.isArray(refs)) continue;
    const owners = new Set<string>();
    for (const ref of refs) if (isPlainRecord(ref) && typeof ref['uid'] === 'string') owners.add(ref['uid']);
    for (const uid of owners) {
      const list = index.get(uid);
      if (list) list.push(dependent);
      else index.set(uid, [dependent]);
    }
  }
  return index;
}

function ownedBy(owner: KubeObject, index: OwnerIndex): Workload[] {
  return index.get(owner.metadata.uid ?? '') ?? [];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function runningStatus(pod: Workload, podIp: string): Record<string, unknown> {
  const startedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const containers = (Array.isArray(pod.spec?.['containers']) ? pod.spec['containers'] : []).filter(
    isPlainRecord,
  );
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      (type) => ({
        type,
        status: 'True',
        lastTransitionTime: startedAt,
      }),
    ),
    hostIP: '10.0.0.10',
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: startedAt,
    containerStatuses: containers.map((c) => ({
      name: c['name'],
      image: c['image'],
      imageID: '',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt } },
    })),
  };
}

function isReady(pod: Workload): boolean {
  const conditions = Array.isArray(pod.status?.['conditions']) ? pod.status['conditions'] : [];
  return conditions.some((c) => isPlainRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
}

function condition(type: string, ok: boolean, reason: string, time: string): Record<string, unknown> {
  return { type, status: ok ? 'True' : 'False', reason, lastUpdateTime: time, lastTransitionTime: time };
}

function withoutTimes(status: unknown): string {
  return JSON.stringify(status ?? {}, (key, value: unknown) =>
    key === 'lastUpdateTime' || key === 'lastTransitionTime' ? undefined : value,
  );
}

function ownerReference(owner: KubeObject): Record<string, unknown> {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function templateLabels(template: unknown): Record<string, string> {
  const meta = isPlainRecord(template) && isPlainRecord(template['metadata']) ? template['metadata'] : {};
  return isPlainRecord(meta['labels']) ? (meta['labels'] as Record<string, string>) : {};
}

function withLabel(template: unknown, key: string, value: string): Record<string, unknown> {
  const t = isPlainRecord(template) ? template : {};
  const meta = isPlainRecord(t['metadata']) ? t['metadata'] : {};
  return { ...t, metadata: { ...meta, labels: { ...templateLabels(t), [key]: value } } };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function isConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 409;
}
