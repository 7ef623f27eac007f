import { adaptersStream, fingerprintRulesRequest } from '@meshplane/contracts';
import { defineFeature } from '@meshplane/service-kit';
import {
  REGISTRY_CONFIG,
  REGISTRY_CONFIG_SHAPE,
  registryConfigOf,
  registryConfigRefine,
} from './config/registry.config.js';
import { AdapterEntity } from './entities/adapter.entity.js';
import { AdapterRegistryModule } from './registry.module.js';

/**
 * adapters-broker's adapter registry (its table's migrations are the service's: services/adapters-broker/src/migrations). A test that needs a stub resolver swaps the module only:
 * `{ ...adapterRegistryFeature, module: AdapterRegistryModule.forRoot({ resolveHost }) }`.
 */
export const adapterRegistryFeature = defineFeature({
  name: 'adapter-registry',
  module: AdapterRegistryModule.forRoot(),
  entities: [AdapterEntity],
  streams: [adaptersStream],
  /** An organization's adapter's fingerprint rules go to discovery (meshsync-ingest) after each check. */
  asks: [fingerprintRulesRequest],
  config: {
    token: REGISTRY_CONFIG,
    shape: REGISTRY_CONFIG_SHAPE,
    refine: registryConfigRefine,
    build: registryConfigOf,
  },
});
