import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { connectionsFeature } from '@meshplane/meshsync-connections';
import { discoveryFeature } from '@meshplane/meshsync-discovery';
import { inventoryFeature } from '@meshplane/meshsync-inventory';
import { meshFingerprintsFeature } from '@meshplane/meshsync-fingerprints';
import { MIGRATIONS } from './migrations/index.js';

/** meshsync-ingest: cluster connections and discovery (Kubernetes list/watch → JetStream → Postgres), mesh fingerprinting. */
export const meshsyncIngestService = defineBackendService({
  name: 'meshsync-ingest',
  version: packageVersion(import.meta.url),
  defaultPort: 4102,
  features: [inventoryFeature, meshFingerprintsFeature, connectionsFeature, discoveryFeature],
  migrations: MIGRATIONS,
});
