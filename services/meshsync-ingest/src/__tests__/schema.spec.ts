import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderBackendSdl } from '@meshplane/service-kit';
import { meshsyncIngestService } from '../meshsync-ingest.service-definition.js';

describe('meshsync-ingest subgraph SDL', () => {
  it('matches the committed schema.graphql (else: npm run generate)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');

    expect(await renderBackendSdl(meshsyncIngestService)).toBe(committed);
  });
});
