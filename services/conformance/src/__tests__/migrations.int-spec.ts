import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { conformanceService } from '../conformance.service-definition.js';

describe('conformance migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(conformanceService, await freshDatabase('conformance-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(conformanceService.migrations.length);
  });
});
