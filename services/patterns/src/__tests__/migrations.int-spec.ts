import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTenantIsolation } from '@meshplane/database';
import { migrateService, schemaName } from '@meshplane/service-kit';
import { freshDatabase, startTestNats, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { patternsService } from '../patterns.service-definition.js';

describe('patterns migrations and tenant isolation', () => {
  let nats: NatsServer;
  let service: TestService;

  beforeAll(async () => {
    nats = await startTestNats();
    // Provisions the owner and app roles, migrates as the owner (failing on a missing migration) and boots as the app role.
    service = await startTestService(patternsService, { natsUrl: nats.url, label: 'patterns-isolation' });
  });

  afterAll(async () => {
    await service?.close();
    await nats?.stop();
  });

  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(patternsService, await freshDatabase('patterns-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(patternsService.migrations.length);
  });

  it('forces row-level security on every table with org_id, and the service does not connect as their owner', async () => {
    expect(
      await auditTenantIsolation(service.appUrl, { schemas: [schemaName(patternsService.name)] }),
    ).toEqual([]);
  });
});
