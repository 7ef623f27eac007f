/** @meshplane/adapters-registry: see README.md. */
export { adapterRegistryFeature } from './registry.feature.js';
export { AdapterRegistryModule, type AdapterRegistryModuleOptions } from './registry.module.js';
export { AdapterEntity } from './entities/adapter.entity.js';
export type { AdapterCatalogue, AdapterTls } from './entities/adapter-catalogue.js';
export { AdapterHealthWorker } from './health/adapter-health.worker.js';
export { type AdapterHealth, backoffMs, nextHealth, type BackoffPolicy } from './health/health-state.js';
export { type RegistryConfig, parseConfiguredAdapters } from './config/registry.config.js';
export { AdapterAddressPolicy, type HostLookup } from './address/adapter-address.policy.js';
export { AdapterDirectory, type AdapterConnection } from './directory/adapter-directory.js';
export type { OperationRecord } from './entities/adapter-catalogue.js';
