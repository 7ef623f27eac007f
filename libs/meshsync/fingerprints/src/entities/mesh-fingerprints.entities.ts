import type { ClassReference } from '@meshplane/database';
import { ClusterMeshEntity } from './cluster-mesh.entity.js';
import { MeshDetectionStateEntity } from './mesh-detection-state.entity.js';
import { MeshFingerprintEntity } from './mesh-fingerprint.entity.js';

export const MESH_FINGERPRINTS_ENTITIES: ClassReference[] = [
  MeshFingerprintEntity,
  ClusterMeshEntity,
  MeshDetectionStateEntity,
];
