import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderBackendSdl } from '@meshplane/service-kit';
import { adaptersBrokerService } from '../adapters-broker.service-definition.js';

describe('adapters-broker subgraph SDL', () => {
  it('matches the committed schema.graphql (else: npm run generate)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');

    expect(await renderBackendSdl(adaptersBrokerService)).toBe(committed);
  });
});
