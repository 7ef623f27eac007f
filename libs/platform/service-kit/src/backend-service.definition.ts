import type { DynamicModule, Type } from '@nestjs/common';
import { z } from 'zod';
import type { ConsumerDefinition, StreamDefinition } from '@meshplane/contracts';
import { loadConfig, serviceEnvShape } from '@meshplane/config';

type ModuleRef = Type<unknown> | DynamicModule;

/** Everything that makes one backend service what it is; the kit turns it into a process. */
export interface BackendServiceDefinition<Extra extends z.ZodRawShape = z.ZodRawShape> {
  /** kebab-case service name; also its Postgres schema (dashes become underscores). */
  name: string;
  version: string;
  defaultPort: number;
  /** Service-specific variables on top of HOST, PORT, LOG_LEVEL, DATABASE_URL, NATS_URL. */
  configShape?: Extra;
  entities: Function[];
  migrations: Function[];
  streams: readonly StreamDefinition[];
  consumers: readonly ConsumerDefinition[];
  /** Feature modules; their resolvers make up the subgraph. */
  features: ModuleRef[];
  orphanedTypes?: Function[];
}

export function defineBackendService<Extra extends z.ZodRawShape>(
  definition: BackendServiceDefinition<Extra>,
): BackendServiceDefinition<Extra> {
  return definition;
}

export function schemaName(service: string): string {
  return service.replace(/-/g, '_');
}

export function backendConfigSchema<Extra extends z.ZodRawShape>(definition: BackendServiceDefinition<Extra>) {
  return z.object({ ...serviceEnvShape(definition.defaultPort), ...(definition.configShape ?? ({} as Extra)) });
}

export type BackendConfig = z.infer<ReturnType<typeof backendConfigSchema>>;

export function loadBackendConfig<Extra extends z.ZodRawShape>(definition: BackendServiceDefinition<Extra>) {
  return loadConfig(backendConfigSchema(definition));
}
