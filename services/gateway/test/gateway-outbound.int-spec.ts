import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

/**
 * Every socket this process opens while the gateway starts and serves is recorded; one to anything but loopback is
 * refused before it is dialled (so even a regression sends nothing) and fails the test. @apollo/gateway's default
 * telemetry would probe cloud metadata addresses (169.254.169.254, metadata.google.internal) from its constructor.
 */
const refused: string[] = [];
const originalConnect = net.Socket.prototype.connect;

function targetHost(args: unknown[]): string | undefined {
  // net.connect() hands Socket#connect its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined; // a Unix socket stays on this machine
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string') return undefined; // a Unix socket path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

const isLoopback = (host: string) => {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (net.isIPv4(bare) && bare.startsWith('127.'));
};

let orgs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;

beforeAll(async () => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = targetHost(args);
    if (host !== undefined && !isLoopback(host)) {
      refused.push(host);
      process.nextTick(() => this.destroy(new Error(`test refused a connection to ${host}`)));
      return this;
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  identity = await startTestIdentity();
  orgs = await startOrgsSubgraph();
  gateway = await startTestGateway([orgs], identity);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
  net.Socket.prototype.connect = originalConnect;
});

describe('gateway outbound traffic', () => {
  it('opens no connection beyond loopback while starting and serving (no vendor telemetry, no metadata probes)', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organizations { id } }' }),
    });
    expect(response.status).toBe(200);
    // The telemetry exporter's resource detectors start from the gateway's constructor and dial within milliseconds;
    // give them ample time to show themselves before concluding that nothing left loopback.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(refused).toEqual([]);
  });
});
