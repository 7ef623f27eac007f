import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTenantIsolation } from '@meshplane/database';
import { migrateService, schemaName } from '@meshplane/service-kit';
import { freshDatabase, startTestNats, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { providersService } from '../providers.service-definition.js';

describe('providers migrations and tenant isolation', () => {
  let nats: NatsServer;
  let service: TestService;

  beforeAll(async () => {
    nats = await startTestNats();
    // Provisions the owner and app roles, migrates as the owner (failing on a missing migration) and boots as the app role.
    service = await startTestService(providersService, {
      natsUrl: nats.url,
      label: 'providers-isolation',
      env: { PROVIDERS_KEY_SECRET: randomBytes(32).toString('base64') },
    });
  });

  afterAll(async () => {
    await service?.close();
    await nats?.stop();
  });

  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(providersService, await freshDatabase('providers-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(providersService.migrations.length);
  });

  it('forces row-level security on every table with org_id, and the service does not connect as their owner', async () => {
    expect(
      await auditTenantIsolation(service.appUrl, { schemas: [schemaName(providersService.name)] }),
    ).toEqual([]);
  });
});
