/** @meshplane/meshsync-discovery: see README.md. */
export { discoveryFeature } from './discovery.feature.js';
export { DISCOVERY_CONFIG, type DiscoveryConfig } from './config/discovery.config.js';
export { DiscoveryModule } from './discovery.module.js';
export { createDiscoveryRuntime, type DiscoveryRuntimeParts } from './discovery.factory.js';
export { DiscoveryRuntime } from './leases/discovery.runtime.js';
export { CLUSTER_LOCATOR, type ClusterLocator, type ConnectedClusterRef } from './leases/cluster-locator.js';
export { DiscoveryStatusService, type ClusterSyncReport } from './status/discovery-status.service.js';
export type { StoredClusterStatus, StoredKindStatus } from './status/stored-cluster-status.js';
export type { ClusterSyncPhase, ClusterSyncStatus } from './sync/cluster-sync.js';
export type { KindSyncStatus } from './sync/kind-sync.js';
export { DEFAULT_EXCLUDED_KINDS } from './kinds/kind-catalogue.js';
export type { KindPattern } from './kinds/kind-pattern.js';
