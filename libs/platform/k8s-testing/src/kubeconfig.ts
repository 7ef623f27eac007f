import { stringify } from 'yaml';

export interface KubeconfigOptions {
  context?: string;
  user?: string;
  namespace?: string;
}

/** A kubeconfig pointing at the test server over plain HTTP (client-node requires skip-TLS-verify for http:). */
export function buildKubeconfig(server: string, token: string, options: KubeconfigOptions = {}): string {
  const context = options.context ?? 'kube-test';
  const user = options.user ?? 'kube-test-admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kube-test', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: user, user: { token } }],
    contexts: [
      { name: context, context: { cluster: 'kube-test', user, namespace: options.namespace ?? 'default' } },
    ],
    'current-context': context,
  });
}
