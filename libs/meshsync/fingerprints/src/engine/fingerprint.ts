import type {
  ControlPlaneMatcher,
  FingerprintRule,
  NamespaceMatcher,
  VersionSource,
} from '../rules/fingerprint-rule.schema.js';
import type { ClusterObject } from './cluster-object.js';
import type { ControlPlaneComponent, DetectedMesh } from './detected-mesh.js';
import {
  annotationsOf,
  crdGroupOf,
  isRunningPod,
  podContainers,
  readyReplicasOf,
  workloadContainers,
  type ContainerRef,
} from './object-fields.js';
import { compareVersions, extractVersion, matchesMetadata, matchesPattern } from './patterns.js';

interface ClusterView {
  workloads: ClusterObject[];
  pods: ClusterObject[];
  namespaces: ClusterObject[];
  crdGroups: Set<string>;
}

/**
 * The meshes `rules` recognise among a cluster's `objects`, sorted by mesh id. Pure and deterministic: the
 * same rules and objects, in any order, give the same result. A mesh is detected by its control plane or by
 * proxies in its data plane (a remote cluster of a multi-cluster mesh has proxies but no control plane);
 * CRDs alone detect it only when its rule says so.
 */
export function fingerprint(
  rules: readonly FingerprintRule[],
  objects: readonly ClusterObject[],
): DetectedMesh[] {
  const view = viewOf(objects);
  return rules
    .flatMap((rule) => {
      const detected = detect(rule, view);
      return detected ? [detected] : [];
    })
    .sort((a, b) => compareText(a.meshId, b.meshId));
}

function viewOf(objects: readonly ClusterObject[]): ClusterView {
  const sorted = [...objects].sort(
    (a, b) =>
      compareText(a.namespace ?? '', b.namespace ?? '') ||
      compareText(a.name, b.name) ||
      compareText(a.kind, b.kind),
  );
  const crdGroups = new Set<string>();
  for (const crd of sorted.filter((item) => item.kind === 'CustomResourceDefinition')) {
    const group = crdGroupOf(crd);
    if (group) crdGroups.add(group);
  }
  return {
    workloads: sorted.filter((item) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(item.kind)),
    pods: sorted.filter((item) => item.kind === 'Pod'),
    namespaces: sorted.filter((item) => item.kind === 'Namespace'),
    crdGroups,
  };
}

function detect(rule: FingerprintRule, view: ClusterView): DetectedMesh | undefined {
  const controlPlane = controlPlaneOf(rule, view.workloads);
  const proxyCount = view.pods.filter((pod) => isRunningPod(pod) && isProxy(rule, pod)).length;
  const crdGroups = rule.presence.crdGroups.filter((group) => view.crdGroups.has(group)).sort(compareText);
  const present =
    controlPlane.length > 0 || proxyCount > 0 || (rule.presence.crdsAlone && crdGroups.length > 0);
  if (!present) return undefined;
  const versions = [...new Set(controlPlane.flatMap((c) => (c.version ? [c.version] : [])))].sort(
    compareVersions,
  );
  return {
    meshId: rule.mesh.id,
    name: rule.mesh.name,
    ruleVersion: rule.ruleVersion,
    version: versions.at(-1) ?? null,
    versions,
    controlPlane,
    proxyCount,
    injectedNamespaces: view.namespaces
      .filter((namespace) => rule.injection.namespaces.some((matcher) => injects(matcher, namespace)))
      .map((namespace) => namespace.name),
    crdGroups,
  };
}

function controlPlaneOf(rule: FingerprintRule, workloads: ClusterObject[]): ControlPlaneComponent[] {
  return workloads.flatMap((workload) => {
    const containers = workloadContainers(workload);
    const matcher = rule.controlPlane.find((candidate) => isComponent(candidate, workload, containers));
    if (!matcher) return [];
    const image = containers.find((c) => matchesPattern(matcher.image, c.image))?.image ?? null;
    return [
      {
        component: matcher.component,
        kind: workload.kind,
        namespace: workload.namespace ?? null,
        name: workload.name,
        readyReplicas: readyReplicasOf(workload),
        image: image || null,
        version: versionOf(rule.version, matcher.component, workload, image, containers),
      },
    ];
  });
}

function isComponent(
  matcher: ControlPlaneMatcher,
  workload: ClusterObject,
  containers: ContainerRef[],
): boolean {
  return (
    (matcher.kinds as readonly string[]).includes(workload.kind) &&
    matchesPattern(matcher.name, workload.name) &&
    matchesPattern(matcher.namespace, workload.namespace) &&
    matcher.labels.every((label) => matchesMetadata(label, workload.labels)) &&
    (matcher.image === undefined || containers.some((c) => matchesPattern(matcher.image, c.image)))
  );
}

/** The first version source that applies to this component and yields a version wins. */
function versionOf(
  sources: readonly VersionSource[],
  component: string,
  workload: ClusterObject,
  matchedImage: string | null,
  containers: ContainerRef[],
): string | null {
  // The image that identified the component is the likeliest to carry the mesh's version: try it first.
  const images = [...new Set([matchedImage, ...containers.map((c) => c.image)])].filter(
    (image): image is string => !!image,
  );
  for (const source of sources) {
    if (source.component !== undefined && source.component !== component) continue;
    const version = versionFrom(source, workload, images);
    if (version) return version;
  }
  return null;
}

function versionFrom(source: VersionSource, workload: ClusterObject, images: string[]): string | undefined {
  switch (source.from) {
    case 'image':
      for (const image of images) {
        const version = extractVersion(source.pattern, image);
        if (version) return version;
      }
      return undefined;
    case 'label': {
      const value = workload.labels[source.key];
      if (value === undefined || value === '') return undefined;
      return source.pattern === undefined ? value : extractVersion(source.pattern, value);
    }
  }
}

function isProxy(rule: FingerprintRule, pod: ClusterObject): boolean {
  const { containers, annotations, labels } = rule.dataPlane;
  if (labels.some((matcher) => matchesMetadata(matcher, pod.labels))) return true;
  if (annotations.length > 0) {
    const podAnnotations = annotationsOf(pod);
    if (annotations.some((matcher) => matchesMetadata(matcher, podAnnotations))) return true;
  }
  return podContainers(pod).some((container) =>
    containers.some(
      (matcher) =>
        matchesPattern(matcher.name, container.name) && matchesPattern(matcher.image, container.image),
    ),
  );
}

function injects(matcher: NamespaceMatcher, namespace: ClusterObject): boolean {
  return 'label' in matcher
    ? matchesMetadata(matcher.label, namespace.labels)
    : matchesMetadata(matcher.annotation, annotationsOf(namespace));
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
