/** A control-plane workload of a detected mesh. */
export interface ControlPlaneComponent {
  /** The role the rule gives it (istiod, destination, …). */
  component: string;
  kind: string;
  namespace: string | null;
  name: string;
  /** Null when the object carries no status yet. */
  readyReplicas: number | null;
  image: string | null;
  version: string | null;
}

export interface DetectedMesh {
  meshId: string;
  name: string;
  /** The version of the rule that detected it. */
  ruleVersion: number;
  /** The highest version found on the control plane (revisions can run side by side). */
  version: string | null;
  versions: string[];
  controlPlane: ControlPlaneComponent[];
  /** Running pods carrying the mesh's proxy (sidecar container, annotation or label). */
  proxyCount: number;
  /** Namespaces labelled or annotated for injection, sorted. */
  injectedNamespaces: string[];
  /** API groups of the mesh's CRDs found in the cluster, sorted. */
  crdGroups: string[];
}
