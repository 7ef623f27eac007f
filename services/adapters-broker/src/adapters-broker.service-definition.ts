import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { adapterOperationsFeature } from '@meshplane/adapters-operations';
import { adapterRegistryFeature } from '@meshplane/adapters-registry';
import { MIGRATIONS } from './migrations/index.js';

/** adapters-broker: gRPC adapters that install and configure meshes; the operation registry and its events. */
export const adaptersBrokerService = defineBackendService({
  name: 'adapters-broker',
  version: packageVersion(import.meta.url),
  defaultPort: 4103,
  features: [adapterRegistryFeature, adapterOperationsFeature],
  migrations: MIGRATIONS,
});
