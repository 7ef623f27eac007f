import type { KubernetesObject } from '@kubernetes/client-node';

const GROUP = 'bench.meshplane.io';

/**
 * A mesh-install-shaped bundle of exactly `count` objects (count ≥ 10) in namespace `namespace`: a CRD (cluster
 * scoped, shared by every bundle) with custom resources of it, the namespace, then ConfigMaps, ServiceAccounts,
 * Services and Deployments in turn. Ordered as an install applies them: CRD, namespace, the rest.
 */
export function bundleObjects(namespace: string, count: number): KubernetesObject[] {
  if (!Number.isInteger(count) || count < 10)
    throw new Error(`a bundle has at least 10 objects, got ${count}`);
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `meshconfigs.${GROUP}` },
      spec: {
        group: GROUP,
        scope: 'Namespaced',
        names: { plural: 'meshconfigs', singular: 'meshconfig', kind: 'MeshConfig' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    } as KubernetesObject,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  ];
  const customResources = Math.max(1, Math.floor(count / 15));
  for (let i = 0; objects.length < 2 + customResources; i++)
    objects.push({
      apiVersion: `${GROUP}/v1`,
      kind: 'MeshConfig',
      metadata: { name: `config-${i}`, namespace },
      spec: { mtls: i % 2 === 0 ? 'STRICT' : 'PERMISSIVE', outboundPolicy: 'REGISTRY_ONLY' },
    } as KubernetesObject);
  for (let i = 0; objects.length < count; i++) {
    const name = `component-${Math.floor(i / 4)}`;
    const labels = { app: name, 'app.kubernetes.io/part-of': 'bench-mesh' };
    switch (i % 4) {
      case 0:
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace, labels },
          data: { 'mesh.yaml': `defaultConfig:\n  discoveryAddress: ${name}.${namespace}.svc:15012\n` },
        } as KubernetesObject);
        break;
      case 1:
        objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels } });
        break;
      case 2:
        objects.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace, labels },
          spec: {
            selector: { app: name },
            ports: [
              { name: 'grpc', port: 15010 },
              { name: 'https', port: 443 },
            ],
          },
        } as KubernetesObject);
        break;
      default:
        objects.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace, labels },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name,
                containers: [
                  {
                    name: 'discovery',
                    image: `registry.invalid/bench/${name}:1.0.0`,
                    ports: [{ containerPort: 15010 }],
                    resources: { requests: { cpu: '10m', memory: '32Mi' } },
                  },
                ],
              },
            },
          },
        } as KubernetesObject);
    }
  }
  return objects;
}
