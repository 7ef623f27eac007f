import { Module } from '@nestjs/common';
import { InventoryModule } from '@meshplane/meshsync-inventory';
import { MeshDetectionRepository } from './detection/mesh-detection.repository.js';
import { MeshDetectionService } from './detection/mesh-detection.service.js';
import { MeshDetector } from './detection/mesh-detector.js';
import { OBJECT_SOURCE } from './engine/object-source.token.js';
import { AdapterRulesResponder } from './adapter-rules/adapter-rules.responder.js';
import { ClusterEnvironmentResponder } from './environment/cluster-environment.responder.js';
import { MeshFingerprintsResolver } from './graphql/mesh-fingerprints.resolver.js';
import { FingerprintRulesRepository } from './rules/fingerprint-rules.repository.js';
import { FingerprintRulesService } from './rules/fingerprint-rules.service.js';
import { InventoryObjectSource } from './sources/inventory-object-source.js';

/**
 * Mesh fingerprinting for meshsync-ingest: built-in and registered rules, detection over the inventory
 * (periodic and on demand), and its GraphQL fields. Needs the inventory feature in the service (see
 * mesh-fingerprints.feature.ts, which also says where MESH_FINGERPRINTS_CONFIG comes from).
 */
@Module({
  imports: [InventoryModule],
  providers: [
    { provide: OBJECT_SOURCE, useClass: InventoryObjectSource },
    FingerprintRulesRepository,
    FingerprintRulesService,
    MeshDetectionRepository,
    MeshDetectionService,
    MeshDetector,
    MeshFingerprintsResolver,
    ClusterEnvironmentResponder,
    AdapterRulesResponder,
  ],
  exports: [MeshDetectionService, FingerprintRulesService],
})
export class MeshFingerprintsModule {}
