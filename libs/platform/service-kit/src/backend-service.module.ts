import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { deadLetterStream, systemStream, type StreamDefinition } from '@meshplane/contracts';
import { DatabaseModule } from '@meshplane/database';
import { createStatusResolver, subgraphOptions } from '@meshplane/graphql';
import { MessagingModule } from '@meshplane/messaging';
import { RuntimeModule, type Clock, type ServiceIdentity } from '@meshplane/runtime';
import {
  schemaName,
  type BackendConfig,
  type BackendServiceDefinition,
} from './backend-service.definition.js';
import { FeatureConfigModule } from './feature/feature-config.module.js';
import { LifecycleAnnouncer } from './lifecycle/lifecycle.announcer.js';
import { SERVICE_SCHEMA } from './tenancy/service-schema.token.js';
import { TenantIsolationCheck } from './tenancy/tenant-isolation.check.js';

/**
 * The Nest root of a backend service: runtime, Postgres, JetStream, the subgraph, the features' validated
 * config, then the features' modules.
 */
@Module({})
export class BackendServiceModule {
  static forRoot(
    definition: BackendServiceDefinition,
    config: BackendConfig,
    identity: ServiceIdentity,
    options: { clock?: Clock } = {},
  ): DynamicModule {
    return {
      module: BackendServiceModule,
      imports: [
        RuntimeModule.forRoot({
          identity,
          logLevel: config.LOG_LEVEL,
          ...(options.clock && { clock: options.clock }),
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(definition.name),
          entities: definition.entities,
          migrations: definition.migrations,
          applicationName: `meshplane-${definition.name}`,
        }),
        MessagingModule.forRoot({
          url: config.NATS_URL,
          name: identity.instance,
          service: definition.name,
          ...(config.NATS_USER !== undefined &&
            config.NATS_PASSWORD !== undefined && {
              credentials: { user: config.NATS_USER, password: config.NATS_PASSWORD },
            }),
          streams: platformStreams(definition.streams),
          reads: [...definition.reads],
          consumers: [...definition.consumers],
        }),
        GraphQLModule.forRoot(
          subgraphOptions({
            orphanedTypes: definition.orphanedTypes,
            contextSecrets: config.INTERNAL_CONTEXT_SECRET,
            audience: definition.name,
          }),
        ),
        FeatureConfigModule.forRoot(definition, config),
        ...definition.modules,
      ],
      providers: [
        createStatusResolver(definition.name),
        LifecycleAnnouncer,
        { provide: SERVICE_SCHEMA, useValue: schemaName(definition.name) },
        TenantIsolationCheck,
      ],
    };
  }
}

/** Every service announces itself on SYSTEM and may dead-letter, so those two streams are always declared. */
function platformStreams(own: readonly StreamDefinition[]): StreamDefinition[] {
  const byName = new Map<string, StreamDefinition>();
  for (const stream of [systemStream, deadLetterStream, ...own]) byName.set(stream.name, stream);
  return [...byName.values()];
}
