import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * True once the server accepts a client connection and its INFO greeting announces JetStream: that is
 * the moment a client can use streams (the file store has been recovered before the listener opens).
 */
export async function acceptsJetStreamClients(port: number): Promise<boolean> {
  const info = await readInfoGreeting(port).catch(() => undefined);
  return info?.jetstream === true;
}

export async function waitForJetStream(
  port: number,
  options: { timeoutMs: number; failed: () => Error | undefined },
) {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed();
    if (failure) throw failure;
    if (await acceptsJetStreamClients(port)) return;
    if (Date.now() >= deadline)
      throw new Error(`nats-server did not accept JetStream clients within ${options.timeoutMs} ms`);
    await sleep(20);
  }
}

function readInfoGreeting(port: number): Promise<{ jetstream?: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = '';
    socket.setTimeout(1_000, () => socket.destroy(new Error('no INFO greeting')));
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end === -1) return;
      socket.destroy();
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return reject(new Error(`unexpected greeting: ${line.slice(0, 40)}`));
      try {
        resolvePromise(JSON.parse(line.slice(5)) as { jetstream?: boolean });
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
