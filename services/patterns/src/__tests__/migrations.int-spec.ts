import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { patternsService } from '../patterns.service-definition.js';

describe('patterns migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(patternsService, await freshDatabase('patterns-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(patternsService.migrations.length);
  });
});
