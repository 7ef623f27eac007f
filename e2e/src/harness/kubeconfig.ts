import { parse, stringify } from 'yaml';
import type { KubeTestServer } from '@meshplane/k8s-testing';

/** The test server's kubeconfig with its context and cluster both called `name` (what `cluster import` shows). */
export function namedKubeconfig(sandbox: KubeTestServer, name: string): string {
  const config = parse(sandbox.kubeconfig({ context: name })) as {
    clusters: { name: string }[];
    contexts: { context: { cluster: string } }[];
  };
  for (const cluster of config.clusters) cluster.name = name;
  for (const context of config.contexts) context.context.cluster = name;
  return stringify(config);
}
