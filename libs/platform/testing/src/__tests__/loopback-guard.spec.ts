import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardLoopbackOnly, isLoopbackHost } from '../loopback-guard.js';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('guardLoopbackOnly', () => {
  it('refuses a non-loopback host before dialling, and lets loopback through', async () => {
    const refused: string[] = [];
    restore = guardLoopbackOnly((host) => refused.push(host));
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;

    const outside = net.connect({ host: '169.254.169.254', port: 80 });
    const error = await new Promise<Error>((resolve) => outside.once('error', resolve));
    const inside = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => inside.once('connect', resolve).once('error', reject));
    inside.destroy();
    server.close();

    expect(error.message).toMatch(/refused a connection to 169\.254\.169\.254/);
    expect(refused).toEqual(['169.254.169.254']);
  });

  it('tells loopback from everything else, mapped forms included', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of [
      '10.0.0.1',
      '169.254.169.254',
      '::ffff:10.0.0.1',
      'metadata.google.internal.',
      '128.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
