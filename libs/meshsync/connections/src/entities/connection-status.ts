export const CONNECTION_STATUSES = ['connecting', 'connected', 'disconnected', 'deleted'] as const;
export type ConnectionStatusValue = (typeof CONNECTION_STATUSES)[number];

export const CLUSTER_STATUSES = ['connected', 'disconnected'] as const;
export type ClusterStatusValue = (typeof CLUSTER_STATUSES)[number];
