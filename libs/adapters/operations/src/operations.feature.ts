import { adapterRegistryFeature } from '@meshplane/adapters-registry';
import {
  adapterCommandsConsumer,
  adapterCommandsStream,
  adaptersStream,
  connectionCredentialsRequest,
} from '@meshplane/contracts';
import { defineFeature } from '@meshplane/service-kit';
import {
  OPERATIONS_CONFIG,
  OPERATIONS_CONFIG_SHAPE,
  operationsConfigOf,
} from './config/operations.config.js';
import { AdapterOperationEventEntity } from './entities/adapter-operation-event.entity.js';
import { AdapterOperationEntity } from './entities/adapter-operation.entity.js';
import { Cluster } from './graphql/cluster-meshes.resolver.js';
import { AdapterOperationsModule } from './operations.module.js';

/**
 * adapters-broker's operations (tables migrated by the service: services/adapters-broker/src/migrations). It needs
 * the registry: adapters, their catalogue and the address policy come from its AdapterDirectory.
 */
export const adapterOperationsFeature = defineFeature({
  name: 'adapter-operations',
  module: AdapterOperationsModule,
  entities: [AdapterOperationEntity, AdapterOperationEventEntity],
  streams: [adaptersStream, adapterCommandsStream],
  /** RunAdapterOperation commands from other services (answered on the command's result subject). */
  consumers: [adapterCommandsConsumer],
  /** The adapterOperationEvents subscription follows ADAPTERS live. */
  liveStreams: [adaptersStream],
  /** Each attempt asks meshsync-ingest for its cluster's kubeconfig, sealed to the attempt's own key. */
  asks: [connectionCredentialsRequest],
  config: { token: OPERATIONS_CONFIG, shape: OPERATIONS_CONFIG_SHAPE, build: operationsConfigOf },
  /** meshsync-ingest's Cluster, extended with meshLifecycle: reached only through federation, so listed here. */
  orphanedTypes: [Cluster],
  requires: [adapterRegistryFeature],
});
