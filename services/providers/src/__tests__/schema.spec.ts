import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderBackendSdl } from '@meshplane/service-kit';
import { providersService } from '../providers.service-definition.js';

describe('providers subgraph SDL', () => {
  it('matches the committed schema.graphql (else: npm run generate)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');

    expect(await renderBackendSdl(providersService)).toBe(committed);
  });
});
