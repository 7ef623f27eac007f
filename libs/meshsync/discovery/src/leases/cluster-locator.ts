import type { KubeConfig } from '@kubernetes/client-node';

export interface ConnectedClusterRef {
  orgId: string;
  clusterId: string;
  connectionId: string;
}

/** What discovery needs from the connections feature (its ClusterDirectory satisfies it). */
export interface ClusterLocator {
  connectedClusters(): Promise<ConnectedClusterRef[]>;
  kubeConfigFor(orgId: string, clusterId: string): Promise<KubeConfig>;
}

export const CLUSTER_LOCATOR = Symbol('meshplane:discovery:cluster-locator');
