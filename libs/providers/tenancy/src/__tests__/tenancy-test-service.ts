import pg from 'pg';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestNats, startTestService, type NatsServer, type TestService } from '@meshplane/testing';
import { TENANCY_ENTITIES } from '../entities/tenancy.entities.js';
import { TENANCY_MIGRATIONS } from '../migrations/tenancy.migrations.js';
import { TenancyModule } from '../tenancy.module.js';

export const tenancyTestDefinition = defineBackendService({
  name: 'providers',
  version: '0.0.0',
  defaultPort: 0,
  entities: TENANCY_ENTITIES,
  migrations: TENANCY_MIGRATIONS,
  streams: [],
  consumers: [],
  features: [TenancyModule],
});

export interface TenancyHarness {
  svc: TestService;
  nats: NatsServer;
  /** Runs SQL as a superuser, behind the service's back (row-level security does not apply). */
  admin<R = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startTenancy(label: string): Promise<TenancyHarness> {
  const nats = await startTestNats();
  const svc = await startTestService(tenancyTestDefinition, { natsUrl: nats.url, label });
  const client = new pg.Client({ connectionString: svc.adminUrl });
  await client.connect();
  return {
    svc,
    nats,
    admin: async <R>(sql: string, parameters: unknown[] = []) =>
      (await client.query(sql, parameters)).rows as R[],
    stop: async () => {
      await client.end();
      await svc.close();
      await nats.stop();
    },
  };
}
