import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { adaptersBrokerService } from '../adapters-broker.service-definition.js';

describe('adapters-broker migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(
      adaptersBrokerService,
      await freshDatabase('adapters-broker-migrations'),
    );

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(adaptersBrokerService.migrations.length);
  });
});
