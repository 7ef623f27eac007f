import { join } from 'node:path';
import type { Env } from '@meshplane/config';
import type { NatsUser } from './nats/nats-auth-config.js';
import { startNatsServer, type NatsServer } from './nats/nats.server.js';
import { startEmbeddedPostgres, type PostgresServer } from './postgres/embedded-postgres.server.js';
import { postgresDataLocation } from './postgres/postgres-data-location.js';

export interface LocalInfra {
  databaseUrl: string;
  natsUrl: string;
  /** Which ones were given through the environment (and so were not started here). */
  external: { database: boolean; nats: boolean };
  stop(): Promise<void>;
}

export interface LocalInfraOptions {
  /** Embedded data lives in <dataDir>/postgres and <dataDir>/nats. */
  dataDir: string;
  env: Env;
  /** Keep data across runs on fixed ports (dev run) or use scratch data on free ports. */
  persistent: boolean;
  ports?: { postgres?: number; nats?: number };
  log?: (line: string) => void;
  /** Users of the embedded nats-server (then it refuses anyone else); ignored when NATS_URL is given. */
  natsUsers?: readonly NatsUser[];
}

export const DEFAULT_POSTGRES_PORT = 5433;
export const DEFAULT_NATS_PORT = 4223;

/** Uses DATABASE_URL / NATS_URL when set, otherwise starts embedded Postgres and nats-server on loopback. */
export async function startLocalInfra(options: LocalInfraOptions): Promise<LocalInfra> {
  const externalDatabaseUrl = nonEmpty(options.env['DATABASE_URL']);
  const externalNatsUrl = nonEmpty(options.env['NATS_URL']);
  const fixedPort = (port: number | undefined, fallback: number) =>
    port ?? (options.persistent ? fallback : undefined);
  let postgres: PostgresServer | undefined;
  let nats: NatsServer | undefined;
  try {
    if (!externalDatabaseUrl) {
      postgres = await startEmbeddedPostgres({
        dataDir: options.persistent
          ? await postgresDataLocation(join(options.dataDir, 'postgres'), options.log)
          : join(options.dataDir, 'postgres'),
        port: fixedPort(options.ports?.postgres, DEFAULT_POSTGRES_PORT),
        persistent: options.persistent,
        log: options.log,
      });
    }
    if (!externalNatsUrl) {
      nats = await startNatsServer({
        storeDir: join(options.dataDir, 'nats'),
        port: fixedPort(options.ports?.nats, DEFAULT_NATS_PORT),
        persistent: options.persistent,
        users: options.natsUsers,
      });
    }
  } catch (error) {
    await Promise.allSettled([postgres?.stop(), nats?.stop()]);
    throw error;
  }
  const databaseUrl = externalDatabaseUrl ?? (postgres as PostgresServer).url;
  const natsUrl = externalNatsUrl ?? (nats as NatsServer).url;
  return {
    databaseUrl,
    natsUrl,
    external: { database: !postgres, nats: !nats },
    stop: async () => {
      await Promise.all([nats?.stop(), postgres?.stop()]);
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}
