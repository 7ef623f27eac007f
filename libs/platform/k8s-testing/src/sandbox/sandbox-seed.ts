import { type KubeObject } from '../kube-object.js';

/**
 * What `--seed` loads: a namespace with a small sample application, and one that asks every simulated mesh for
 * sidecars (they appear once a mesh's injector webhook configuration is installed).
 */
export function sandboxSeed(): KubeObject[] {
  const app = 'hello';
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sandbox-demo' } },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'sandbox-mesh',
        labels: { 'istio-injection': 'enabled' },
        annotations: { 'linkerd.io/inject': 'enabled' },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, namespace: 'sandbox-demo', labels: { app } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: {
            containers: [{ name: app, image: 'example.invalid/hello:1.0', ports: [{ containerPort: 8080 }] }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace: 'sandbox-demo', labels: { app } },
      spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
  ];
}
