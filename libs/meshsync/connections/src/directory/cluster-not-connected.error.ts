/** No connected connection of this tenant reaches the cluster (never connected, disconnected or deleted). */
export class ClusterNotConnectedError extends Error {
  readonly code = 'CLUSTER_NOT_CONNECTED';

  constructor(readonly clusterId: string) {
    super(`Cluster ${clusterId} has no connected connection`);
    this.name = 'ClusterNotConnectedError';
  }
}
