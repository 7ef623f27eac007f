/** Schema-qualified names of the connections feature's database types, for SQL that must name them (casts). */
const SCHEMA = '"meshsync_ingest"';

export const CONNECTIONS_TYPES = {
  connectionStatus: `${SCHEMA}."connection_status"`,
  clusterStatus: `${SCHEMA}."cluster_status"`,
} as const;
