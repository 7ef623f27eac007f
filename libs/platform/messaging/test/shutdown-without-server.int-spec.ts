import { createConnection, createServer, type Socket } from 'node:net';
import { deadLetterStream } from '@meshplane/contracts';
import { startTestNats, waitFor } from '@meshplane/testing';
import { describe, expect, it } from 'vitest';
import { connectMessaging, consume, ensureTopology } from '../src/index.js';
import { itemChanged, itemsConsumer, itemsStream } from './test-contracts.js';

describe('closing a client whose nats-server is gone', () => {
  // Ctrl-C of `npm start` reaches nats-server and the services at once: each service's shutdown then closed its
  // connection with a drain, which waited ~13 s for the server and failed, and the service hit its 15 s deadline.
  it('closes at once instead of draining, with its consumers stopped, and without an error', async () => {
    const server = await startTestNats();
    const client = await connectMessaging({ url: server.url, name: 'gone-int' });
    const def = itemsConsumer('gone');
    await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [def] });
    const handle = consume(client, def, itemChanged, async () => undefined);
    await handle.ready;
    let disconnected = false;
    void (async () => {
      for await (const status of client.nc.status()) if (status.type === 'disconnect') disconnected = true;
    })();
    await server.stop();
    await waitFor(() => disconnected, { description: 'the client noticing the server is gone' });

    // Well under the drain's own timeout: a drain would still be waiting (and then fail) long after this.
    const closed = client.close().then(
      () => 'closed',
      (error: Error) => `failed: ${error.message}`,
    );
    const outcome = await Promise.race([
      closed,
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000)),
    ]);

    expect(outcome).toBe('closed');
    expect(client.isClosed()).toBe(true);
  });

  it('closes at once when the server goes in the middle of the drain', async () => {
    const server = await startTestNats();
    // The client talks to the server through a relay that can stop passing bytes (the drain then waits for the
    // server's answer) and then cut the connection (the server gone).
    const sockets: Socket[] = [];
    let passing = true;
    const relay = createServer((downstream) => {
      const upstream = createConnection(server.port, '127.0.0.1');
      sockets.push(downstream, upstream);
      downstream.on('data', (chunk: Buffer) => passing && upstream.write(chunk));
      upstream.on('data', (chunk: Buffer) => passing && downstream.write(chunk));
      for (const socket of [downstream, upstream]) socket.on('error', () => undefined);
    });
    await new Promise<void>((listening) => relay.listen(0, '127.0.0.1', listening));
    const port = (relay.address() as { port: number }).port;
    try {
      const client = await connectMessaging({ url: `nats://127.0.0.1:${port}`, name: 'mid-drain-int' });
      client.nc.subscribe('mid-drain.>');
      await client.nc.flush();

      passing = false;
      const closed = client.close().then(
        () => 'closed',
        (error: Error) => `failed: ${error.message}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.nc.isDraining()).toBe(true);
      relay.close();
      for (const socket of sockets) socket.destroy();
      const outcome = await Promise.race([
        closed,
        new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000)),
      ]);

      expect(outcome).toBe('closed');
      expect(client.isClosed()).toBe(true);
    } finally {
      relay.close();
      await server.stop();
    }
  });
});
