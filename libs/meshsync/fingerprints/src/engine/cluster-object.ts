/** One discovered Kubernetes object, as the inventory hands it over. */
export interface ClusterObject {
  kind: string;
  /** Absent (or null) for cluster-scoped objects. */
  namespace?: string | null;
  name: string;
  labels: Record<string, string>;
  /** The object as served by the API server. */
  object: Record<string, unknown>;
}

export interface ObjectQuery {
  kinds: readonly string[];
  namespace?: string;
}

/** Where the detector reads a cluster's objects from; the inventory implements it in the service. */
export interface ObjectSource {
  list(orgId: string, clusterId: string, query: ObjectQuery): Promise<ClusterObject[]>;
}

/** The kinds the fingerprint engine looks at. */
export const FINGERPRINT_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Pod',
  'Namespace',
  'CustomResourceDefinition',
] as const;
