import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureNatsServerBinary, startNatsServer, type NatsServer } from '../index.js';

describe('startNatsServer', () => {
  let root: string;
  const servers: NatsServer[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshplane-nats-'));
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(root, { recursive: true, force: true });
  });

  async function start(storeDir: string, options: { persistent?: boolean; port?: number } = {}) {
    const server = await startNatsServer({ storeDir, ...options });
    servers.push(server);
    return server;
  }

  async function withConnection<T>(
    url: string,
    use: (nc: Awaited<ReturnType<typeof connect>>) => Promise<T>,
  ) {
    const nc = await connect({ servers: url });
    try {
      return await use(nc);
    } finally {
      await nc.close();
    }
  }

  it('finds the nats-server binary', async () => {
    expect(await ensureNatsServerBinary()).toMatch(/\/nats-server$/);
  });

  it('keeps a JetStream stream and its messages across restart() on the same port', async () => {
    const server = await start(join(root, 'store'));
    await withConnection(server.url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'DURABLE', subjects: ['durable.>'] });
      await jetstream(nc).publish('durable.one', 'payload');
    });

    await server.restart();

    const messages = await withConnection(server.url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      return (await jsm.streams.info('DURABLE')).state.messages;
    });
    expect(messages).toBe(1);
  });

  it('removes the store of a non-persistent server on stop', async () => {
    const storeDir = join(root, 'scratch');
    const server = await start(storeDir, { persistent: false });
    expect(existsSync(join(storeDir, 'nats-server.pid'))).toBe(true);

    await server.stop();
    expect(existsSync(storeDir)).toBe(false);
  });

  it('stops a server left running on the same store (found through its pid file) before starting', async () => {
    const storeDir = join(root, 'orphaned');
    const orphan = await start(storeDir);
    const orphanPid = Number.parseInt(await readFile(join(storeDir, 'nats-server.pid'), 'utf8'), 10);

    const next = await start(storeDir, { port: orphan.port });
    expect(() => process.kill(orphanPid, 0)).toThrow();
    const info = await withConnection(next.url, async (nc) => (await jetstreamManager(nc)).getAccountInfo());
    expect(info.streams).toBe(0);
  });

  it('fails with the server output when the requested port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startNatsServer({ storeDir: join(root, 'blocked'), port })).rejects.toThrow(
        /address already in use/i,
      );
    } finally {
      blocker.close();
    }
  });
});
