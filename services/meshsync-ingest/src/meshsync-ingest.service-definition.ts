import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { connectionsFeature } from '@meshplane/cluster-connections';
import { discoveryFeature } from '@meshplane/discovery';
import { inventoryFeature } from '@meshplane/inventory';
import { meshFingerprintsFeature } from '@meshplane/mesh-fingerprints';
import { MIGRATIONS } from './migrations/index.js';

/** meshsync-ingest: cluster connections and discovery (Kubernetes list/watch → JetStream → Postgres), mesh fingerprinting. */
export const meshsyncIngestService = defineBackendService({
  name: 'meshsync-ingest',
  version: packageVersion(import.meta.url),
  defaultPort: 4102,
  features: [inventoryFeature, meshFingerprintsFeature, connectionsFeature, discoveryFeature],
  migrations: MIGRATIONS,
});
