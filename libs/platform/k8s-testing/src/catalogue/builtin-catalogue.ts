import { STANDARD_VERBS, type ResourceType } from './resource-type.js';

interface KindSpec {
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  fields?: string[];
}

const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];
const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

const ns = (kind: string, plural: string, shortNames?: string[], fields?: string[]): KindSpec => ({
  kind,
  plural,
  namespaced: true,
  shortNames,
  fields,
});
const cluster = (kind: string, plural: string, shortNames?: string[], fields?: string[]): KindSpec => ({
  kind,
  plural,
  namespaced: false,
  shortNames,
  fields,
});

/** [group, served versions, kinds]: the kinds of a typical v1.31 cluster, scopes as the real apiserver has them. */
const GROUPS: readonly [string, readonly string[], readonly KindSpec[]][] = [
  [
    '',
    ['v1'],
    [
      ns('Pod', 'pods', ['po'], POD_FIELDS),
      ns('Service', 'services', ['svc']),
      ns('ConfigMap', 'configmaps', ['cm']),
      ns('Secret', 'secrets', [], ['type']),
      ns('ServiceAccount', 'serviceaccounts', ['sa']),
      ns('Endpoints', 'endpoints', ['ep']),
      ns('Event', 'events', ['ev'], EVENT_FIELDS),
      ns('PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc']),
      ns('ReplicationController', 'replicationcontrollers', ['rc'], ['status.replicas']),
      ns('LimitRange', 'limitranges', ['limits']),
      ns('ResourceQuota', 'resourcequotas', ['quota']),
      ns('PodTemplate', 'podtemplates'),
      cluster('Namespace', 'namespaces', ['ns'], ['status.phase']),
      cluster('Node', 'nodes', ['no'], ['spec.unschedulable']),
      cluster('PersistentVolume', 'persistentvolumes', ['pv']),
    ],
  ],
  [
    'apps',
    ['v1'],
    [
      ns('Deployment', 'deployments', ['deploy']),
      ns('StatefulSet', 'statefulsets', ['sts']),
      ns('DaemonSet', 'daemonsets', ['ds']),
      ns('ReplicaSet', 'replicasets', ['rs'], ['status.replicas']),
      ns('ControllerRevision', 'controllerrevisions'),
    ],
  ],
  ['batch', ['v1'], [ns('Job', 'jobs', [], ['status.successful']), ns('CronJob', 'cronjobs', ['cj'])]],
  ['autoscaling', ['v2', 'v1'], [ns('HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'])]],
  [
    'networking.k8s.io',
    ['v1'],
    [
      ns('Ingress', 'ingresses', ['ing']),
      ns('NetworkPolicy', 'networkpolicies', ['netpol']),
      cluster('IngressClass', 'ingressclasses'),
    ],
  ],
  [
    'rbac.authorization.k8s.io',
    ['v1'],
    [
      ns('Role', 'roles'),
      ns('RoleBinding', 'rolebindings'),
      cluster('ClusterRole', 'clusterroles'),
      cluster('ClusterRoleBinding', 'clusterrolebindings'),
    ],
  ],
  ['policy', ['v1'], [ns('PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'])]],
  [
    'storage.k8s.io',
    ['v1'],
    [
      cluster('StorageClass', 'storageclasses', ['sc']),
      cluster('VolumeAttachment', 'volumeattachments'),
      cluster('CSIDriver', 'csidrivers'),
      cluster('CSINode', 'csinodes'),
      ns('CSIStorageCapacity', 'csistoragecapacities'),
    ],
  ],
  [
    'apiextensions.k8s.io',
    ['v1'],
    [cluster('CustomResourceDefinition', 'customresourcedefinitions', ['crd', 'crds'])],
  ],
  [
    'admissionregistration.k8s.io',
    ['v1'],
    [
      cluster('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations'),
      cluster('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations'),
      cluster('ValidatingAdmissionPolicy', 'validatingadmissionpolicies'),
      cluster('ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings'),
    ],
  ],
  ['coordination.k8s.io', ['v1'], [ns('Lease', 'leases')]],
  ['discovery.k8s.io', ['v1'], [ns('EndpointSlice', 'endpointslices', [], ['addressType'])]],
  ['events.k8s.io', ['v1'], [ns('Event', 'events', ['ev'])]],
  ['scheduling.k8s.io', ['v1'], [cluster('PriorityClass', 'priorityclasses', ['pc'])]],
  ['node.k8s.io', ['v1'], [cluster('RuntimeClass', 'runtimeclasses')]],
  [
    'certificates.k8s.io',
    ['v1'],
    [cluster('CertificateSigningRequest', 'certificatesigningrequests', ['csr'], ['spec.signerName'])],
  ],
  [
    'flowcontrol.apiserver.k8s.io',
    ['v1'],
    [
      cluster('FlowSchema', 'flowschemas'),
      cluster('PriorityLevelConfiguration', 'prioritylevelconfigurations'),
    ],
  ],
  ['apiregistration.k8s.io', ['v1'], [cluster('APIService', 'apiservices')]],
];

/** Built-in kinds served with a `/status` subresource (the workloads a controller reports on). */
const WITH_STATUS = new Set([
  '/pods',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/replicasets',
  'batch/jobs',
  'batch/cronjobs',
]);

export function builtinResourceTypes(): ResourceType[] {
  return GROUPS.flatMap(([group, versions, kinds]) =>
    kinds.map((k) => ({
      id: `${group}/${k.plural}`,
      group,
      versions,
      kind: k.kind,
      plural: k.plural,
      singular: k.kind.toLowerCase(),
      namespaced: k.namespaced,
      shortNames: k.shortNames ?? [],
      verbs: STANDARD_VERBS,
      selectableFields: k.fields ?? [],
      statusSubresource: WITH_STATUS.has(`${group}/${k.plural}`),
    })),
  );
}
