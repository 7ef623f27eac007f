import type { DynamicModule, Type } from '@nestjs/common';
import { z } from 'zod';
import type { ConsumerDefinition, StreamDefinition } from '@meshplane/contracts';
import type { ClassReference } from '@meshplane/database';
import { loadConfig, requireNatsCredentialPair, serviceEnvShape, type ServiceEnv } from '@meshplane/config';

type ModuleRef = Type<unknown> | DynamicModule;

/** Everything that makes one backend service what it is; the kit turns it into a process. */
export interface BackendServiceDefinition<Extra extends z.ZodRawShape = z.ZodRawShape> {
  /** kebab-case service name; also its Postgres schema (dashes become underscores). */
  name: string;
  version: string;
  defaultPort: number;
  /** Service-specific variables on top of HOST, PORT, LOG_LEVEL, DATABASE_URL, NATS_URL. */
  configShape?: Extra;
  entities: ClassReference[];
  migrations: ClassReference[];
  streams: readonly StreamDefinition[];
  consumers: readonly ConsumerDefinition[];
  /**
   * Streams the service follows live (`liveEvents`: ordered consumers every replica reads in full). Only the
   * service's NATS permissions use this: it may create, read and delete ephemeral consumers on these streams.
   */
  liveStreams?: readonly StreamDefinition[];
  /** Feature modules; their resolvers make up the subgraph. */
  features: ModuleRef[];
  orphanedTypes?: Type<unknown>[];
}

export function defineBackendService<Extra extends z.ZodRawShape = Record<never, never>>(
  definition: BackendServiceDefinition<Extra>,
): BackendServiceDefinition<Extra> {
  return definition;
}

export function schemaName(service: string): string {
  return service.replace(/-/g, '_');
}

export function backendConfigSchema<Extra extends z.ZodRawShape>(
  definition: BackendServiceDefinition<Extra>,
) {
  return z
    .object({
      ...serviceEnvShape(definition.defaultPort),
      ...(definition.configShape ?? ({} as Extra)),
    })
    .superRefine(requireNatsCredentialPair);
}

/** The common variables, typed, plus whatever the service added (read through its own schema's type). */
export type BackendConfig<Extra extends z.ZodRawShape = Record<never, never>> = ServiceEnv &
  z.infer<z.ZodObject<Extra>>;

export function loadBackendConfig<Extra extends z.ZodRawShape>(
  definition: BackendServiceDefinition<Extra>,
  env?: Record<string, string | undefined>,
): BackendConfig<Extra> {
  return loadConfig(backendConfigSchema(definition), env) as BackendConfig<Extra>;
}
