import { clusterEnvironmentRequest, fingerprintRulesRequest } from '@meshplane/contracts';
import { inventoryFeature } from '@meshplane/meshsync-inventory';
import { defineFeature } from '@meshplane/service-kit';
import { MESH_FINGERPRINTS_CONFIG, meshFingerprintsConfigShape } from './config/mesh-fingerprints.config.js';
import { ClusterMeshEntity } from './entities/cluster-mesh.entity.js';
import { MeshDetectionStateEntity } from './entities/mesh-detection-state.entity.js';
import { MeshFingerprintEntity } from './entities/mesh-fingerprint.entity.js';
import { PlatformMeshFingerprintEntity } from './entities/platform-mesh-fingerprint.entity.js';
import { MeshFingerprintsModule } from './mesh-fingerprints.module.js';
import { MESH_FINGERPRINTS_MIGRATIONS } from './migrations/mesh-fingerprints.migrations.js';

/** Mesh fingerprinting as a service runs it: detection reads the inventory, which it therefore requires. */
export const meshFingerprintsFeature = defineFeature({
  name: 'mesh-fingerprints',
  module: MeshFingerprintsModule,
  entities: [
    MeshFingerprintEntity,
    PlatformMeshFingerprintEntity,
    ClusterMeshEntity,
    MeshDetectionStateEntity,
  ],
  migrations: MESH_FINGERPRINTS_MIGRATIONS,
  config: { token: MESH_FINGERPRINTS_CONFIG, shape: meshFingerprintsConfigShape },
  /**
   * perf asks for a cluster's environment (name, Kubernetes version, nodes, meshes) to record with a result;
   * adapters-broker registers its organizations' adapters' fingerprint rules.
   */
  answers: [clusterEnvironmentRequest, fingerprintRulesRequest],
  requires: [inventoryFeature],
});
