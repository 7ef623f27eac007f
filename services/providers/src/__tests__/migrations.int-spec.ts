import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { providersService } from '../providers.service-definition.js';

describe('providers migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(providersService, await freshDatabase('providers-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(providersService.migrations.length);
  });
});
