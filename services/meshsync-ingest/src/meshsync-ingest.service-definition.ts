import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { MIGRATIONS } from './migrations/index.js';

/** meshsync-ingest: cluster connections and discovery (Kubernetes list/watch → JetStream → Postgres), mesh fingerprinting. */
export const meshsyncIngestService = defineBackendService({
  name: 'meshsync-ingest',
  version: packageVersion(import.meta.url),
  defaultPort: 4102,
  entities: [],
  migrations: MIGRATIONS,
  streams: [],
  consumers: [],
  features: [],
});
