import { existsSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestNats, type NatsServer } from '../index.js';

async function streamNames(url: string): Promise<string[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.list().next()).map((s) => s.config.name);
  } finally {
    await nc.close();
  }
}

describe('startTestNats', () => {
  const servers: NatsServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.stop())));

  it('gives each caller an independent JetStream server', async () => {
    servers.push(...(await Promise.all([startTestNats(), startTestNats()])));
    const [a, b] = servers as [NatsServer, NatsServer];
    expect(a.port).not.toBe(b.port);
    expect(a.storeDir).not.toBe(b.storeDir);

    const nc = await connect({ servers: a.url });
    await (await jetstreamManager(nc)).streams.add({ name: 'ONLY_A', subjects: ['a.>'] });
    await nc.close();

    expect(await streamNames(a.url)).toEqual(['ONLY_A']);
    expect(await streamNames(b.url)).toEqual([]);
  });

  it('removes its temporary store on stop', async () => {
    const server = await startTestNats();
    await server.stop();
    expect(existsSync(server.storeDir)).toBe(false);
  });
});
