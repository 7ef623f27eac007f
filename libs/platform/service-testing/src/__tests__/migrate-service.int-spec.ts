import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '@meshplane/testing';
import { migrateService } from '@meshplane/service-kit';
import { probeService } from './fixtures/probe.service-definition.js';

async function tablesOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('migrateService', () => {
  it("applies the service's migrations inside its own schema, once, with nothing left pending", async () => {
    const url = await freshDatabase('migrate-service');

    expect(await migrateService(probeService, url)).toEqual({
      applied: ['CreateProbeNotes1700000000000'],
      pending: [],
    });
    expect(await tablesOf(url)).toEqual(['kit_probe.migrations', 'kit_probe.probe_notes']);
    expect(await migrateService(probeService, url)).toEqual({ applied: [], pending: [] });
  });

  it('reports the SQL an entity without a migration still needs', async () => {
    const url = await freshDatabase('migrate-service-missing');

    const outcome = await migrateService({ ...probeService, migrations: [] }, url);

    expect(outcome.applied).toEqual([]);
    expect(outcome.pending).toEqual([expect.stringContaining('CREATE TABLE "kit_probe"."probe_notes"')]);
  });
});
