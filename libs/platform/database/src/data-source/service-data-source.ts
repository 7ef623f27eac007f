import { DataSource } from 'typeorm';
import { tracingEnabled } from '@meshplane/telemetry';
import { tracedPgClient } from './traced-pg-client.js';

/** An entity or migration class: TypeORM itself types them as bare `Function`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- matches TypeORM's own option types
export type ClassReference = Function;

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The service's own schema: its tables and its migrations table live there. */
  schema: string;
  entities: ClassReference[];
  migrations: ClassReference[];
  /** Shown in pg_stat_activity, so a DBA can tell which service holds a connection. */
  applicationName: string;
  poolSize?: number;
  connectTimeoutMs?: number;
}

export const MIGRATIONS_TABLE = 'migrations';

/**
 * The DataSource of one service: its schema only, schema changes only through migrations (run explicitly,
 * each in its own transaction), and no query logging, since parameters can hold secrets. With tracing on, each
 * query is a span (statement text without literals, never parameters).
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    // Without it an unreachable host (dropped packets) hangs start-up forever.
    connectTimeoutMS: options.connectTimeoutMs ?? 10_000,
    ...(tracingEnabled() && { extra: { Client: tracedPgClient() } }),
  });
}

/** The schema a service DataSource was created for. */
export function serviceSchema(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  return schema ?? 'public';
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
