/** A connection as a cross-tenant scan returns it: ids only, never data. */
export interface ConnectionRef {
  readonly orgId: string;
  readonly connectionId: string;
}

/** A connected cluster with the connection that reaches it (the freshest one when there are several). */
export interface ConnectedCluster {
  readonly orgId: string;
  readonly clusterId: string;
  readonly connectionId: string;
}
