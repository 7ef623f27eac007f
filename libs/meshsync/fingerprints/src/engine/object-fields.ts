import type { ClusterObject } from './cluster-object.js';

/** Reading the few fields the engine needs out of untyped API objects, never trusting their shape. */

export interface ContainerRef {
  name: string;
  image: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function at(root: unknown, ...path: string[]): unknown {
  let current: unknown = root;
  for (const key of path) current = record(current)?.[key];
  return current;
}

function containersOf(list: unknown): ContainerRef[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const name = at(entry, 'name');
    const image = at(entry, 'image');
    return typeof name === 'string' ? [{ name, image: typeof image === 'string' ? image : '' }] : [];
  });
}

/** Containers then init containers (native sidecars run as init containers) of a pod spec. */
function specContainers(spec: unknown): ContainerRef[] {
  return [...containersOf(at(spec, 'containers')), ...containersOf(at(spec, 'initContainers'))];
}

export function podContainers(pod: ClusterObject): ContainerRef[] {
  return specContainers(at(pod.object, 'spec'));
}

export function workloadContainers(workload: ClusterObject): ContainerRef[] {
  return specContainers(at(workload.object, 'spec', 'template', 'spec'));
}

export function annotationsOf(item: ClusterObject): Record<string, string> {
  const annotations = record(at(item.object, 'metadata', 'annotations')) ?? {};
  return Object.fromEntries(
    Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Ready pods of a workload; null when the API server has not reported a status yet. */
export function readyReplicasOf(workload: ClusterObject): number | null {
  const status = record(at(workload.object, 'status'));
  if (!status) return null;
  // The API server omits zero-valued counters, so a status without the field means none ready.
  const ready = workload.kind === 'DaemonSet' ? status['numberReady'] : status['readyReplicas'];
  return typeof ready === 'number' ? ready : 0;
}

/** Finished pods (Jobs, evicted pods) no longer proxy anything. */
export function isRunningPod(pod: ClusterObject): boolean {
  const phase = at(pod.object, 'status', 'phase');
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function crdGroupOf(crd: ClusterObject): string | undefined {
  const group = at(crd.object, 'spec', 'group');
  return typeof group === 'string' ? group : undefined;
}
