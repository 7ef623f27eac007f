import { type KubernetesObject } from '@kubernetes/client-node';

/** One object of a bundle: what the inventory records and what results name. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/** An object as applied: apiVersion, kind and metadata.name are checked to be present. */
export type ManifestObject = KubernetesObject & {
  apiVersion: string;
  kind: string;
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string };
};

export const CRD_API_GROUP = 'apiextensions.k8s.io';

/** `Deployment istio-system/istiod`, `CustomResourceDefinition gateways.networking.istio.io`. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function refKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

export function refOf(obj: ManifestObject): ObjectRef {
  const namespace = obj.metadata.namespace;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(namespace ? { namespace } : {}),
    name: obj.metadata.name,
  };
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isCrd(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): boolean {
  return ref.kind === 'CustomResourceDefinition' && groupOf(ref.apiVersion) === CRD_API_GROUP;
}

export function isNamespace(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): boolean {
  return ref.kind === 'Namespace' && ref.apiVersion === 'v1';
}

/** The API groups the CRDs among `refs` define (a CRD is named `<plural>.<group>`). */
export function crdGroups(refs: readonly ObjectRef[]): Set<string> {
  return new Set(refs.filter(isCrd).map((ref) => ref.name.slice(ref.name.indexOf('.') + 1)));
}
