import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type PostgresServer } from '../index.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
}

describe('startEmbeddedPostgres', () => {
  let root: string;
  const servers: PostgresServer[] = [];
  /** A persistent cluster initialised once (initdb is most of a start's cost); tests start from copies of it. */
  let template: string;

  beforeAll(async () => {
    template = await mkdtemp(join(tmpdir(), 'meshplane-pg-template-'));
    await chmod(template, 0o755);
    await (await startEmbeddedPostgres({ dataDir: join(template, 'pg'), persistent: true })).stop();
  });

  afterAll(async () => {
    await rm(template, { recursive: true, force: true });
  });

  /** A stopped persistent cluster of its own at `root/name`, copied from the template with owners and modes. */
  async function existingCluster(name: string): Promise<string> {
    const dataDir = join(root, name);
    await promisify(execFile)('cp', ['-a', join(template, 'pg'), dataDir]);
    return dataDir;
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshplane-pg-'));
    // Postgres runs as its own user when the tests run as root: it must be able to enter this directory.
    await chmod(root, 0o755);
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(root, { recursive: true, force: true });
  });

  async function start(dataDir: string, persistent: boolean): Promise<PostgresServer> {
    const server = await startEmbeddedPostgres({ dataDir, persistent });
    servers.push(server);
    return server;
  }

  it('answers queries as superuser on 127.0.0.1 only and removes a scratch cluster on stop', async () => {
    const dataDir = join(root, 'scratch');
    const server = await start(dataDir, false);

    expect(server.url).toContain(`@127.0.0.1:${server.port}/postgres`);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await query(server.url, 'show listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }]);

    await server.stop();
    expect(existsSync(dataDir)).toBe(false);
  });

  it('keeps the data of a persistent cluster across a stop and start', async () => {
    const dataDir = await existingCluster('persistent');
    const first = await start(dataDir, true);
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    await first.stop();

    const second = await start(dataDir, true);
    expect(second.url).toBe(first.url.replace(`:${first.port}/`, `:${second.port}/`));
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
  });

  it('recovers after the postmaster was SIGKILLed, keeping committed rows', async () => {
    const dataDir = await existingCluster('crashed');
    const crashed = await start(dataDir, true);
    await query(crashed.url, 'create table committed (n int); insert into committed values (42)');
    process.kill(await postmasterPid(dataDir), 'SIGKILL');

    const recovered = await start(dataDir, true);
    expect(await query(recovered.url, 'select n from committed')).toEqual([{ n: 42 }]);
    await crashed.stop();
  });

  it('shuts down a postmaster left running on the same data directory before starting', async () => {
    const dataDir = await existingCluster('orphaned');
    await start(dataDir, true);
    const orphanPid = await postmasterPid(dataDir);

    const next = await start(dataDir, true);
    expect(await query(next.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await postmasterPid(dataDir)).not.toBe(orphanPid);
    expect(() => process.kill(orphanPid, 0)).toThrow();
  });

  it('starts despite a stale postmaster.pid naming a live process that is not Postgres', async () => {
    const dataDir = await existingCluster('recycled-pid');
    await (await start(dataDir, true)).stop();
    // The test runner's own pid plays a recycled pid: alive, but not a postmaster.
    await writeFile(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);

    const server = await start(dataDir, true);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it.runIf(process.getuid?.() === 0)(
    'refuses a data directory the postgres user cannot reach, naming the blocking directory',
    async () => {
      const privateDir = join(root, 'private');
      await mkdir(privateDir, { mode: 0o700 });

      await expect(
        startEmbeddedPostgres({ dataDir: join(privateDir, 'pg'), persistent: false }),
      ).rejects.toThrow(`cannot enter ${privateDir}`);
    },
  );

  it('fails with the server output when the requested port is taken, removing scratch data', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    const dataDir = join(root, 'blocked');
    try {
      await expect(startEmbeddedPostgres({ dataDir, port, persistent: false })).rejects.toThrow(
        /address already in use/i,
      );
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
