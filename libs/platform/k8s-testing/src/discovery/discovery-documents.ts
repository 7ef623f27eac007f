import { type ResourceRegistry } from '../catalogue/resource-registry.js';
import { apiVersionOf, type ResourceType } from '../catalogue/resource-type.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header prefers the aggregated discovery document (kubectl and client-go do). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (
    !!accept && /g=apidiscovery\.k8s\.io;\s*v=v2;\s*as=APIGroupDiscoveryList/.test(accept.split(',')[0] ?? '')
  );
}

/** Accept headers that allow neither JSON nor aggregated discovery get 406, so a client falls back or fails loudly. */
export function acceptsJson(accept: string | undefined): boolean {
  return !accept || /application\/json|\*\/\*|application\/\*/.test(accept);
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.group !== '')
      .map(({ group, versions }) => apiGroup(group, versions)),
  };
}

export function apiGroup(group: string, versions: readonly string[]) {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources: registry.resourcesIn(group, version).map((t) => ({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
      storageVersionHash: '',
    })),
  };
}

/** The apidiscovery.k8s.io/v2 document for /api (legacy) or /apis. */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean) {
  const groups = registry.groups().filter((g) => (g.group === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(({ group, versions }) => ({
      metadata: legacy ? {} : { name: group },
      versions: versions.map((version) => ({
        version,
        resources: registry.resourcesIn(group, version).map((t) => aggregatedResource(t, version)),
        freshness: 'Current',
      })),
    })),
  };
}

function aggregatedResource(t: ResourceType, version: string) {
  return {
    resource: t.plural,
    responseKind: { group: t.group, version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
  };
}
