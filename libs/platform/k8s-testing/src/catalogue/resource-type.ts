/** One servable resource (a group + plural), possibly served under several versions sharing one storage. */
export interface ResourceType {
  /** `group/plural`: identifies the storage and the watchers of this resource. */
  readonly id: string;
  /** '' for the core (legacy) group. */
  readonly group: string;
  readonly versions: readonly string[];
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly verbs: readonly string[];
  /** Field selector paths accepted besides metadata.name and metadata.namespace. */
  readonly selectableFields: readonly string[];
  /** Has a `/status` subresource: writes to the main resource leave `.status` alone, `/status` writes only it. */
  readonly statusSubresource: boolean;
  /** Set when the type comes from a CustomResourceDefinition (its name). */
  readonly crdName?: string;
}

export const STANDARD_VERBS: readonly string[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
