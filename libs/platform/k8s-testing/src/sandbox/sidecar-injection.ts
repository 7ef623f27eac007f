import { isPlainRecord, type KubeObject } from '../kube-object.js';

/** A mesh whose mutating webhook the controller imitates. */
export interface SidecarMesh {
  readonly mesh: 'istio' | 'linkerd';
  readonly container: string;
  /** Does this MutatingWebhookConfiguration belong to the mesh's injector? */
  isInjector(webhookConfiguration: KubeObject): boolean;
  /** Does the namespace ask for injection, and does the pod not opt out? */
  wants(namespace: KubeObject, pod: KubeObject): boolean;
  sidecar(version: string): Record<string, unknown>;
  annotations(version: string): Record<string, string>;
}

const webhookNames = (config: KubeObject): string[] =>
  (Array.isArray(config['webhooks']) ? config['webhooks'] : [])
    .filter(isPlainRecord)
    .map((w) => String(w['name'] ?? ''));

export const SIDECAR_MESHES: readonly SidecarMesh[] = [
  {
    mesh: 'istio',
    container: 'istio-proxy',
    isInjector: (config) => webhookNames(config).some((n) => n.endsWith('sidecar-injector.istio.io')),
    wants: (namespace, pod) =>
      namespace.metadata.labels?.['istio-injection'] === 'enabled' &&
      pod.metadata.labels?.['sidecar.istio.io/inject'] !== 'false' &&
      pod.metadata.annotations?.['sidecar.istio.io/inject'] !== 'false',
    sidecar: (version) => ({
      name: 'istio-proxy',
      image: `docker.io/istio/proxyv2:${version}`,
      args: ['proxy', 'sidecar'],
      ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
    }),
    annotations: (version) => ({
      'sidecar.istio.io/status': JSON.stringify({
        containers: ['istio-proxy'],
        revision: 'default',
        version,
      }),
    }),
  },
  {
    mesh: 'linkerd',
    container: 'linkerd-proxy',
    isInjector: (config) => webhookNames(config).includes('linkerd-proxy-injector.linkerd.io'),
    wants: (namespace, pod) =>
      namespace.metadata.annotations?.['linkerd.io/inject'] === 'enabled' &&
      pod.metadata.annotations?.['linkerd.io/inject'] !== 'disabled',
    sidecar: (version) => ({
      name: 'linkerd-proxy',
      image: `cr.l5d.io/linkerd/proxy:${version}`,
      ports: [{ name: 'linkerd-proxy', containerPort: 4143, protocol: 'TCP' }],
    }),
    annotations: (version) => ({
      'linkerd.io/proxy-version': version,
    }),
  },
];

/** The injector's version: the webhook configuration's `app.kubernetes.io/version` label, else "simulated". */
export function injectorVersion(config: KubeObject): string {
  return config.metadata.labels?.['app.kubernetes.io/version'] ?? 'simulated';
}

/**
 * The pod as the meshes' mutating webhooks would admit it: a sidecar container for every mesh whose injector
 * is installed (its webhook configuration exists) and whose namespace asks for it. Undefined when nothing changes.
 */
export function injectSidecars(
  pod: KubeObject,
  namespace: KubeObject | undefined,
  webhookConfigurations: readonly KubeObject[],
): KubeObject | undefined {
  const spec = isPlainRecord(pod['spec']) ? pod['spec'] : {};
  const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []).filter(isPlainRecord);
  if (!namespace) return undefined;
  let changed = false;
  const next = { ...pod, metadata: { ...pod.metadata }, spec: { ...spec, containers: [...containers] } };
  for (const mesh of SIDECAR_MESHES) {
    const injector = webhookConfigurations.find((c) => mesh.isInjector(c));
    if (!injector || !mesh.wants(namespace, pod)) continue;
    if (containers.some((c) => c['name'] === mesh.container)) continue;
    const version = injectorVersion(injector);
    next.spec.containers.push(mesh.sidecar(version));
    next.metadata.annotations = { ...next.metadata.annotations, ...mesh.annotations(version) };
    changed = true;
  }
  return changed ? next : undefined;
}
