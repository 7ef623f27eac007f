import { Module, type DynamicModule } from '@nestjs/common';
import { InventoryModule } from '@meshplane/inventory';
import {
  loadMeshFingerprintsConfig,
  MESH_FINGERPRINTS_CONFIG,
  type MeshFingerprintsConfig,
} from './config/mesh-fingerprints.config.js';
import { MeshDetectionService } from './detection/mesh-detection.service.js';
import { MeshDetector } from './detection/mesh-detector.js';
import { OBJECT_SOURCE } from './engine/object-source.token.js';
import { MeshFingerprintsResolver } from './graphql/mesh-fingerprints.resolver.js';
import { FingerprintRulesService } from './rules/fingerprint-rules.service.js';
import { InventoryObjectSource } from './sources/inventory-object-source.js';

/**
 * Mesh fingerprinting for meshsync-ingest: built-in and registered rules, detection over the inventory
 * (periodic and on demand), and its GraphQL fields. Needs the inventory's entities and migrations in the
 * service, before this module's.
 */
@Module({})
export class MeshFingerprintsModule {
  /** `config` replaces the environment (tests); the service passes nothing and reads MESH_DETECTION_INTERVAL_MS. */
  static forRoot(config?: MeshFingerprintsConfig): DynamicModule {
    return {
      module: MeshFingerprintsModule,
      imports: [InventoryModule],
      providers: [
        { provide: MESH_FINGERPRINTS_CONFIG, useFactory: () => config ?? loadMeshFingerprintsConfig() },
        { provide: OBJECT_SOURCE, useClass: InventoryObjectSource },
        FingerprintRulesService,
        MeshDetectionService,
        MeshDetector,
        MeshFingerprintsResolver,
      ],
      exports: [MeshDetectionService, FingerprintRulesService],
    };
  }
}
