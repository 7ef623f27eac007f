import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getFreePort, startLocalInfra, type LocalInfra } from '../index.js';

describe('startLocalInfra', () => {
  let dataDir: string;
  let infra: LocalInfra | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshplane-infra-'));
    // Postgres runs as its own user when the tests run as root: it must be able to enter this directory.
    await chmod(dataDir, 0o755);
  });

  afterEach(async () => {
    await infra?.stop();
    infra = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts nothing and passes the URLs through when DATABASE_URL and NATS_URL are set', async () => {
    const env = { DATABASE_URL: 'postgres://u:p@db.example:5432/app', NATS_URL: 'nats://bus.example:4222' };
    infra = await startLocalInfra({ dataDir, env, persistent: true });

    expect(infra).toMatchObject({
      databaseUrl: env.DATABASE_URL,
      natsUrl: env.NATS_URL,
      external: { database: true, nats: true },
    });
  });

  it('starts embedded Postgres and NATS on free ports when the environment names neither', async () => {
    infra = await startLocalInfra({ dataDir, env: { DATABASE_URL: '' }, persistent: false });
    expect(infra.external).toEqual({ database: false, nats: false });

    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ one: number }>('select 1 as one');
    await client.end();
    expect(rows).toEqual([{ one: 1 }]);

    const nc = await connect({ servers: infra.natsUrl });
    expect(nc.info?.jetstream).toBe(true);
    await nc.close();
  });

  it('keeps persistent data under <dataDir>/postgres and <dataDir>/nats on the ports asked for', async () => {
    const ports = { postgres: await getFreePort(), nats: await getFreePort() };
    infra = await startLocalInfra({ dataDir, env: {}, persistent: true, ports });

    expect(new URL(infra.databaseUrl).port).toBe(String(ports.postgres));
    expect(infra.natsUrl).toBe(`nats://127.0.0.1:${ports.nats}`);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'nats', 'jetstream'))).toBe(true);

    await infra.stop();
    infra = undefined;
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });
});
