import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReachableByPostgresUser, postgresDataLocation } from '../postgres/postgres-data-location.js';

describe('postgresDataLocation', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('treats directories that do not exist yet as reachable instead of failing', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mp-loc-'));
    made.push(base);
    await expect(isReachableByPostgresUser(join(base, 'not', 'yet', 'postgres'))).resolves.toBeTypeOf(
      'boolean',
    );
  });

  it('moves the cluster out of a private (0700) directory when running as root, and reuses it next time', async () => {
    const base = await mkdtemp(join(tmpdir(), 'mp-loc-'));
    made.push(base);
    const wanted = join(base, '.data', 'postgres');
    const first = await postgresDataLocation(wanted);
    const second = await postgresDataLocation(wanted);
    expect(second).toBe(first);
    if (process.getuid?.() === 0) {
      expect(first.startsWith('/var/tmp/meshplane-postgres-')).toBe(true);
      made.push(first);
    } else {
      expect(first).toBe(wanted);
    }
  });
});
