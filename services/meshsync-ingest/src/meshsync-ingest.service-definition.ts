import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import {
  CONNECTIONS_CONFIG_SHAPE,
  CONNECTIONS_ENTITIES,
  CONNECTIONS_MIGRATIONS,
  ConnectionsModule,
} from '@meshplane/cluster-connections';
import {
  DISCOVERY_CONFIG_SHAPE,
  DISCOVERY_ENTITIES,
  DISCOVERY_MIGRATIONS,
  DISCOVERY_STREAMS,
  DiscoveryModule,
} from '@meshplane/discovery';
import {
  INVENTORY_CONSUMERS,
  INVENTORY_ENTITIES,
  INVENTORY_MIGRATIONS,
  INVENTORY_STREAMS,
  InventoryModule,
} from '@meshplane/inventory';
import {
  MESH_FINGERPRINTS_ENTITIES,
  MESH_FINGERPRINTS_MIGRATIONS,
  MeshFingerprintsModule,
  meshFingerprintsConfigShape,
} from '@meshplane/mesh-fingerprints';
import { MIGRATIONS } from './migrations/index.js';

/** meshsync-ingest: cluster connections and discovery (Kubernetes list/watch → JetStream → Postgres), mesh fingerprinting. */
export const meshsyncIngestService = defineBackendService({
  name: 'meshsync-ingest',
  version: packageVersion(import.meta.url),
  defaultPort: 4102,
  configShape: { ...meshFingerprintsConfigShape, ...CONNECTIONS_CONFIG_SHAPE, ...DISCOVERY_CONFIG_SHAPE },
  entities: [
    ...INVENTORY_ENTITIES,
    ...MESH_FINGERPRINTS_ENTITIES,
    ...CONNECTIONS_ENTITIES,
    ...DISCOVERY_ENTITIES,
  ],
  migrations: [
    ...MIGRATIONS,
    ...INVENTORY_MIGRATIONS,
    ...MESH_FINGERPRINTS_MIGRATIONS,
    ...CONNECTIONS_MIGRATIONS,
    ...DISCOVERY_MIGRATIONS,
  ],
  streams: [...INVENTORY_STREAMS, ...DISCOVERY_STREAMS],
  consumers: [...INVENTORY_CONSUMERS],
  /** The inventory's resource-change subscription follows DISCOVERY live. */
  liveStreams: [...INVENTORY_STREAMS],
  features: [
    InventoryModule,
    MeshFingerprintsModule.forRoot(),
    ConnectionsModule.forRoot(),
    DiscoveryModule.forRoot(),
  ],
});
