import { describe, expect, it } from 'vitest';
import { migrateService } from '@meshplane/service-kit';
import { freshDatabase } from '@meshplane/testing';
import { meshsyncIngestService } from '../meshsync-ingest.service-definition.js';

describe('meshsync-ingest migrations', () => {
  it('all apply to an empty database and leave no entity change pending (else: npm run migration:generate)', async () => {
    const outcome = await migrateService(
      meshsyncIngestService,
      await freshDatabase('meshsync-ingest-migrations'),
    );

    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(meshsyncIngestService.migrations.length);
  });
});
