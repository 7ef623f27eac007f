import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyInternalContext } from '@meshplane/auth';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, TEST_CONTEXT_SECRET, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

let orgs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;
const operator = {
  userId: randomUUID(),
  orgId: randomUUID(),
  roles: ['owner'],
  platformOperator: true as const,
};

beforeAll(async () => {
  identity = await startTestIdentity();
  identity.members.set('operator', operator);
  orgs = await startOrgsSubgraph();
  gateway = await startTestGateway([orgs], identity, { AUTH_CACHE_MAX_AGE_MS: '0' });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
});

async function contextFor(token: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ organizations { id } }' }),
  });
  expect(response.status).toBe(200);
  return verifyInternalContext(
    orgs.receivedHeaders.at(-1)?.['x-meshplane-context'] as string,
    TEST_CONTEXT_SECRET,
    { audience: 'orgs' },
  );
}

describe('the platform-operator flag in the signed caller context', () => {
  it('is signed for subgraphs when providers resolves a provider token to an operator', async () => {
    expect(await contextFor(await identity.issue('operator'))).toMatchObject({
      userId: operator.userId,
      roles: ['owner'],
      platformOperator: true,
    });
  });

  it('is dropped for an API token even if providers were to answer with it', async () => {
    const token = `mp_${'fedcba9876543210'}_${'B'.repeat(43)}`;
    identity.apiTokens.set(token, operator);

    const context = await contextFor(token);

    expect(context).toMatchObject({ userId: operator.userId, roles: ['owner'] });
    expect(context).not.toHaveProperty('platformOperator');
  });
});
