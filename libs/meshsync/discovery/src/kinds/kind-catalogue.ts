import type { ResourceKind } from '@meshplane/contracts';
import { matchesAny, type KindPattern } from './kind-pattern.js';

type GroupKinds = readonly [group: string, kinds: readonly string[]];

/** Built-in kinds watched by default (when the cluster serves them); every served CRD kind is added on top. */
const DEFAULT_GROUPS: readonly GroupKinds[] = [
  [
    '',
    [
      'Pod',
      'Service',
      'Endpoints',
      'Namespace',
      'Node',
      'ConfigMap',
      'Secret',
      'ServiceAccount',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'ReplicationController',
      'LimitRange',
      'ResourceQuota',
      'PodTemplate',
    ],
  ],
  ['apps', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision']],
  ['batch', ['Job', 'CronJob']],
  ['networking.k8s.io', ['Ingress', 'IngressClass', 'NetworkPolicy']],
  ['discovery.k8s.io', ['EndpointSlice']],
  ['rbac.authorization.k8s.io', ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']],
  ['policy', ['PodDisruptionBudget']],
  ['autoscaling', ['HorizontalPodAutoscaler']],
  ['storage.k8s.io', ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment']],
  ['admissionregistration.k8s.io', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
  ['apiextensions.k8s.io', ['CustomResourceDefinition']],
  ['apiregistration.k8s.io', ['APIService']],
  ['scheduling.k8s.io', ['PriorityClass']],
  ['node.k8s.io', ['RuntimeClass']],
  ['certificates.k8s.io', ['CertificateSigningRequest']],
  ['flowcontrol.apiserver.k8s.io', ['FlowSchema', 'PriorityLevelConfiguration']],
  [
    'gateway.networking.k8s.io',
    [
      'GatewayClass',
      'Gateway',
      'HTTPRoute',
      'GRPCRoute',
      'TLSRoute',
      'TCPRoute',
      'UDPRoute',
      'ReferenceGrant',
    ],
  ],
];

/**
 * Served but left out unless DISCOVERY_INCLUDE names them: Events and Leases change every few seconds in a
 * healthy cluster (leader election renewals, probe events) and would drown the inventory in churn that
 * says nothing about its topology.
 */
export const DEFAULT_EXCLUDED_KINDS: readonly string[] = [
  'core/Event',
  'events.k8s.io/Event',
  'coordination.k8s.io/Lease',
];

export const CRD_KIND = { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' } as const;

const DEFAULT_KEYS = new Set(DEFAULT_GROUPS.flatMap(([group, kinds]) => kinds.map((k) => kindKey(group, k))));

export function defaultKindCount(): number {
  return DEFAULT_KEYS.size;
}

export function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

export interface KindSelection {
  include: readonly KindPattern[];
  exclude: readonly KindPattern[];
}

/**
 * What to watch among the served kinds: the default catalogue, every kind a CRD defines, and whatever the
 * include patterns add; the exclude patterns have the last word.
 */
export function selectKinds(
  served: readonly ResourceKind[],
  crdKinds: ReadonlySet<string>,
  selection: KindSelection,
): ResourceKind[] {
  return served.filter((kind) => {
    const key = kindKey(kind.group, kind.kind);
    const wanted = DEFAULT_KEYS.has(key) || crdKinds.has(key) || matchesAny(kind, selection.include);
    return wanted && !matchesAny(kind, selection.exclude);
  });
}
