/** Schema-qualified names of the mesh fingerprints' tables and lookup functions, for the repositories' raw SQL. */
const SCHEMA = '"meshsync_ingest"';

export const MESH_FINGERPRINTS_TABLES = {
  meshFingerprints: `${SCHEMA}."mesh_fingerprints"`,
  clusterMeshes: `${SCHEMA}."cluster_meshes"`,
  meshDetectionState: `${SCHEMA}."mesh_detection_state"`,
} as const;

/** The SECURITY DEFINER lookups that answer one narrow question across tenants. */
export const MESH_FINGERPRINTS_FUNCTIONS = {
  changedClusters: `${SCHEMA}."mesh_detection_changed_clusters"`,
} as const;
