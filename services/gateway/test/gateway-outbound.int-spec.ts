import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { guardLoopbackOnly } from '@meshplane/testing';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

/**
 * Every connection this process would open beyond loopback while the gateway starts and serves is refused before it
 * is dialled (so even a regression sends nothing) and fails the test. @apollo/gateway's default telemetry would
 * probe cloud metadata addresses (169.254.169.254, metadata.google.internal) from its constructor.
 */
const refused: string[] = [];
let restore: (() => void) | undefined;

let orgs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;

beforeAll(async () => {
  restore = guardLoopbackOnly((host) => refused.push(host));
  identity = await startTestIdentity();
  orgs = await startOrgsSubgraph();
  gateway = await startTestGateway([orgs], identity);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
  restore?.();
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
