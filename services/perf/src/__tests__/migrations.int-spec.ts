import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { perfService } from '../perf.service-definition.js';

describe('perf migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(perfService, await freshDatabase('perf-migrations'));

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(perfService.migrations.length);
  });
});
