import type { Clock } from '@meshplane/runtime';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { tenancyFeature } from '../tenancy.feature.js';
import { admin } from './tenancy-admin.js';

export const tenancyTestDefinition = defineBackendService({
  name: 'providers',
  version: '0.0.0',
  defaultPort: 0,
  features: [tenancyFeature],
});

export interface TenancyHarness {
  svc: TestService;
  nats: NatsServer;
  /** Runs SQL as a superuser, behind the service's back (row-level security does not apply). */
  admin<R = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** The tenancy as a service runs it; `clock` replaces the system clock (business time: expiry, stamps). */
export async function startTenancy(label: string, clock?: Clock): Promise<TenancyHarness> {
  const nats = await startTestNats();
  const svc = await startTestService(tenancyTestDefinition, {
    natsUrl: nats.url,
    label,
    ...(clock && { clock }),
  });
  return {
    svc,
    nats,
    admin: <R>(sql: string, parameters: unknown[] = []) => admin<R>(svc.adminUrl, sql, parameters),
    stop: async () => {
      await svc.close();
      await nats.stop();
    },
  };
}
