import type { ResourceKind } from '@meshplane/contracts';
import type { KubeHttpClient } from './kube-http.client.js';
import { KubeHttpError } from './kube-http.error.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}
interface ApiResourceList {
  resources?: ApiResource[];
}
interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
}

export interface ServedKinds {
  kinds: ResourceKind[];
  /** Groups whose resource list could not be read (an aggregated API down, say): their kinds are unknown. */
  failedGroups: string[];
}

/** The list-and-watchable kinds the cluster serves, each at its group's preferred version. */
export async function discoverServedKinds(http: KubeHttpClient, signal?: AbortSignal): Promise<ServedKinds> {
  const core = await http.getJson<ApiResourceList>('/api/v1', {}, signal);
  const kinds = watchable('', 'v1', core);
  const groups = await http.getJson<ApiGroupList>('/apis', {}, signal);
  const failedGroups: string[] = [];
  const lists = await Promise.all(
    (groups.groups ?? []).map(async (group) => {
      const version = group.preferredVersion?.version ?? group.versions?.[0]?.version;
      if (!version || !isPathSegment(group.name) || !isPathSegment(version)) return [];
      try {
        const list = await http.getJson<ApiResourceList>(`/apis/${pathOf(group.name, version)}`, {}, signal);
        return watchable(group.name, version, list);
      } catch (error) {
        // Gone between the two requests (a CRD deleted): nothing served there, not a failure.
        if (error instanceof KubeHttpError && error.status === 404) return [];
        failedGroups.push(group.name);
        return [];
      }
    }),
  );
  return { kinds: [...kinds, ...lists.flat()], failedGroups };
}

function watchable(group: string, version: string, list: ApiResourceList): ResourceKind[] {
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/') && r.verbs?.includes('list') && r.verbs.includes('watch'))
    .filter((r) => [group || 'core', version, r.name].every(isPathSegment))
    .map((r) => ({ group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced }));
}

/** The collection path of a kind across all namespaces. */
export function collectionPath(kind: ResourceKind): string {
  return kind.group === ''
    ? `/api/${pathOf(kind.version, kind.resource)}`
    : `/apis/${pathOf(kind.group, kind.version, kind.resource)}`;
}

/**
 * Group, version and resource names come from the cluster's own discovery documents: each is one URL-encoded
 * path segment, so a name holding `/`, `?`, `#` or `%` cannot reach another path or add a query. `.` and `..`
 * stay dot segments even encoded (URL resolution would climb out of the API path): such names are skipped.
 */
function pathOf(...segments: string[]): string {
  if (!segments.every(isPathSegment)) throw new KubeHttpError(0, 'BadResponse', 'unusable name in discovery');
  return segments.map(encodeURIComponent).join('/');
}

function isPathSegment(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name !== '.' && name !== '..';
}
