import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import pg from 'pg';
import { sealSecret } from '@meshplane/auth';
import {
  performanceResultRecordedEvent,
  providersResultSyncConsumer,
  type PerformanceResultRecorded,
} from '@meshplane/contracts';
import { connectMessaging, Publisher, type MessagingClient } from '@meshplane/messaging';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestService, type TestCaller, type TestService } from '@meshplane/service-testing';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { identityFeature } from '../identity.feature.js';
import { resultSyncFeature } from '../result-sync/result-sync.feature.js';
import { identityTestEnv, PAIR, type TokenPairResult } from './support/identity-test-service.js';
import {
  providerAccessToken,
  signInAtProvider as signInAt,
  startReferenceProvider,
  type ReferenceProvider,
} from './support/reference-provider.process.js';
import { TEST_KEY_SECRET } from './support/test-config.js';

const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';
const PROVIDER = 'ref';
/** A second provider (another reference provider process): what one provider does must not hold back the other. */
const OTHER = 'ref2';
const SYNCS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on PerformanceResult {
  remoteSyncs { provider status attempts message remoteVersion syncedAt } } } }`;

interface SyncView {
  provider: string;
  status: string;
  attempts: number;
  message: string | null;
  remoteVersion: number | null;
  syncedAt: string | null;
}

let nats: NatsServer;
let provider: ReferenceProvider;
let other: ReferenceProvider;
let svc: TestService;
let bus: MessagingClient;
let publisher: Publisher;
let admin: pg.Client;

/** The providers service with identity and the result sync (as production composes them). */
const definition = defineBackendService({
  name: 'providers',
  version: '0.0.0',
  defaultPort: 0,
  features: [identityFeature, resultSyncFeature],
});

/** Signs in through Meshplane's remote login; returns the authorization URL it sent the user to and the user. */
async function meshplaneLogin(
  username: string,
  at: { name: string; provider: ReferenceProvider } = { name: PROVIDER, provider },
): Promise<{ authorizationUrl: string; userId: string }> {
  const begun = await svc.graphql<{ beginLogin: { authorizationUrl: string; state: string } }>(
    `mutation($p: String!) { beginLogin(provider: $p) { authorizationUrl state } }`,
    { p: at.name },
  );
  const { authorizationUrl, state } = begun.data?.beginLogin ?? { authorizationUrl: '', state: '' };
  const code =
    (await signInAt(at.provider.url, authorizationUrl, username, `${username}-password`)).searchParams.get(
      'code',
    ) ?? '';
  const done = await svc.graphql<{ completeLogin: TokenPairResult }>(
    `mutation($p: String!, $c: String!, $s: String!) { completeLogin(provider: $p, code: $c, state: $s) { ${PAIR} } }`,
    { p: at.name, c: code, s: state },
  );
  if (!done.data) throw new Error(JSON.stringify(done.errors));
  return { authorizationUrl, userId: decodeJwt(done.data.completeLogin.accessToken).sub ?? '' };
}

/** A provider token with scope `persistence`, obtained as any client of the provider would (to read its records). */
function providerToken(username: string): Promise<string> {
  return providerAccessToken(
    provider.url,
    REDIRECT_URI,
    username,
    `${username}-password`,
    'profile persistence',
  );
}

async function recordAtProvider(username: string, resultId: string) {
  const response = await fetch(`${provider.url}/persistence/performance-results/${resultId}`, {
    headers: { authorization: `Bearer ${await providerToken(username)}` },
  });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

async function createOrg(userId: string): Promise<string> {
  const result = await svc.graphql<{ createOrganization: { id: string } }>(
    `mutation($n: String!) { createOrganization(input: { name: $n }) { id } }`,
    { n: `org-${randomUUID().slice(0, 8)}` },
    { userId },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createOrganization.id;
}

function recorded(orgId: string, requestedBy: string, resultId = randomUUID()): PerformanceResultRecorded {
  return {
    resultId,
    orgId,
    profileId: randomUUID(),
    name: 'checkout-baseline',
    requestedBy,
    recordedAt: new Date().toISOString(),
    smp: { performance_test_result: { labels: { team: 'payments' }, test_id: resultId } },
  };
}

async function syncsOf(resultId: string, caller: TestCaller): Promise<SyncView[]> {
  const result = await svc.graphql<{ _entities: { remoteSyncs: SyncView[] }[] }>(
    SYNCS,
    { r: [{ __typename: 'PerformanceResult', id: resultId }] },
    caller,
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data._entities[0]?.remoteSyncs ?? [];
}

/** Waits until the sync consumer has acknowledged everything up to stream sequence `seq`. */
async function handled(seq: number): Promise<void> {
  await waitFor(
    async () =>
      (await bus.jsm.consumers.info('PERF_RESULTS', providersResultSyncConsumer.durable)).ack_floor
        .stream_seq >= seq,
    { description: `PERF_RESULTS up to ${seq} handled`, timeoutMs: 10_000 },
  );
}

async function waitForSync(resultId: string, caller: TestCaller, status: string): Promise<SyncView> {
  let last: SyncView[] = [];
  await waitFor(
    async () => {
      last = await syncsOf(resultId, caller);
      return last.some((sync) => sync.status === status);
    },
    { description: `result ${resultId} ${status} (last: ${JSON.stringify(last)})`, timeoutMs: 20_000 },
  );
  return last.find((sync) => sync.status === status) as SyncView;
}

beforeAll(async () => {
  nats = await startTestNats();
  provider = await startReferenceProvider(REDIRECT_URI);
  other = await startReferenceProvider(REDIRECT_URI);
  svc = await startTestService(definition, {
    natsUrl: nats.url,
    label: 'identity-result-sync',
    env: identityTestEnv({
      REMOTE_PROVIDERS: `${PROVIDER}=${provider.url},${OTHER}=${other.url}`,
      LOGIN_REDIRECT_URI: REDIRECT_URI,
    }),
  });
  bus = await connectMessaging({ url: nats.url, name: 'perf-stand-in' });
  publisher = new Publisher(bus);
  admin = new pg.Client({ connectionString: svc.adminUrl });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await bus?.close();
  await svc?.close();
  provider?.thaw();
  await provider?.stop();
  await other?.stop();
  await nats?.stop();
});

describe('performance results synced to remote providers', () => {
  it("stores a recorded result at the provider of the user who requested the run, with the user's own grant", async () => {
    const { authorizationUrl, userId } = await meshplaneLogin('alice');
    // The provider advertises persist-performance-results: the user is asked for `persistence` at sign-in.
    expect(new URL(authorizationUrl).searchParams.get('scope')).toBe('profile persistence');
    const orgId = await createOrg(userId);
    const event = recorded(orgId, userId);

    await publisher.publish(performanceResultRecordedEvent, event, { tenant: orgId });

    const owner: TestCaller = { orgId, userId, roles: ['owner'] };
    const synced = await waitForSync(event.resultId, owner, 'SYNCED');
    expect(synced).toMatchObject({ provider: PROVIDER, attempts: 1, message: null, remoteVersion: 1 });
    const stored = await recordAtProvider('alice', event.resultId);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ id: event.resultId, name: 'checkout-baseline', content: event.smp });
    // The refresh token is sealed at rest: neither it nor anything token-like is readable in the row.
    const grant = await admin.query(
      `SELECT sealed_refresh_token, scopes FROM providers.remote_grants WHERE user_id = $1`,
      [userId],
    );
    expect(grant.rows[0]?.scopes).toBe('profile persistence');
    expect(grant.rows[0]?.sealed_refresh_token).toMatch(/^v1\./);
    // Another organization sees nothing of it.
    expect(await syncsOf(event.resultId, { orgId: randomUUID(), userId, roles: ['owner'] })).toEqual([]);
  });

  it("takes nothing to a provider for a user who is not a member of the result's organization", async () => {
    const { userId } = await meshplaneLogin('bob');
    const orgId = await createOrg(userId);
    const foreign = recorded(randomUUID(), userId);
    const own = recorded(orgId, userId);

    const { seq: foreignSeq } = await publisher.publish(performanceResultRecordedEvent, foreign, {
      tenant: foreign.orgId,
    });
    await publisher.publish(performanceResultRecordedEvent, own, { tenant: orgId });

    await waitForSync(own.resultId, { orgId, userId, roles: ['owner'] }, 'SYNCED');
    await handled(foreignSeq);
    expect((await recordAtProvider('bob', foreign.resultId)).status).toBe(404);
    const rows = await admin.query(`SELECT 1 FROM providers.performance_result_syncs WHERE result_id = $1`, [
      foreign.resultId,
    ]);
    expect(rows.rowCount).toBe(0);
  });

  it('asks the user to sign in again when the provider refuses the grant, and forgets the grant', async () => {
    const { userId } = await meshplaneLogin('alice');
    const orgId = await createOrg(userId);
    // The provider no longer knows the refresh token (revoked, expired, or a rotated one reused).
    await admin.query(
      `UPDATE providers.remote_grants SET sealed_refresh_token = $3 WHERE user_id = $1 AND provider = $2`,
      [
        userId,
        PROVIDER,
        sealSecret(
          'revoked-refresh-token',
          TEST_KEY_SECRET,
          `meshplane.identity.remote-grant:${userId}:${PROVIDER}`,
        ),
      ],
    );
    const event = recorded(orgId, userId);

    await publisher.publish(performanceResultRecordedEvent, event, { tenant: orgId });

    const refused = await waitForSync(
      event.resultId,
      { orgId, userId, roles: ['member'] },
      'SIGN_IN_REQUIRED',
    );
    expect(refused.message).toContain(`sign in through ${PROVIDER} again`);
    const grants = await admin.query(`SELECT 1 FROM providers.remote_grants WHERE user_id = $1`, [userId]);
    expect(grants.rowCount).toBe(0);
  });

  it('refuses a grant row copied to another user (sealed for its own user and provider)', async () => {
    const alice = await meshplaneLogin('alice');
    const bob = await meshplaneLogin('bob');
    const orgId = await createOrg(bob.userId);
    // Bob's row given Alice's sealed token: it does not open, nothing is sent as Alice.
    await admin.query(
      `UPDATE providers.remote_grants SET sealed_refresh_token =
         (SELECT sealed_refresh_token FROM providers.remote_grants WHERE user_id = $1 AND provider = $3)
        WHERE user_id = $2 AND provider = $3`,
      [alice.userId, bob.userId, PROVIDER],
    );
    const event = recorded(orgId, bob.userId);

    await publisher.publish(performanceResultRecordedEvent, event, { tenant: orgId });

    const refused = await waitForSync(
      event.resultId,
      { orgId, userId: bob.userId, roles: ['owner'] },
      'SIGN_IN_REQUIRED',
    );
    expect(refused.attempts).toBe(1);
    expect((await recordAtProvider('alice', event.resultId)).status).toBe(404);
    expect((await recordAtProvider('bob', event.resultId)).status).toBe(404);
  });

  it('lists the grants a user holds and withdraws one: nothing is stored there afterwards', async () => {
    const { userId } = await meshplaneLogin('alice');
    const orgId = await createOrg(userId);
    const me = `{ me { providerGrants { provider scopes grantedAt usedAt } } }`;
    const revoke = `mutation($p: String!) { revokeProviderGrant(provider: $p) }`;
    const listed = await svc.graphql<{ me: { providerGrants: { provider: string; scopes: string[] }[] } }>(
      me,
      {},
      { userId },
    );
    expect(listed.data?.me.providerGrants).toEqual([
      expect.objectContaining({ provider: PROVIDER, scopes: ['profile', 'persistence'] }),
    ]);

    const withdrawn = await svc.graphql<{ revokeProviderGrant: boolean }>(
      revoke,
      { p: PROVIDER },
      { userId },
    );
    const again = await svc.graphql<{ revokeProviderGrant: boolean }>(revoke, { p: PROVIDER }, { userId });
    const anonymous = await svc.graphql(revoke, { p: PROVIDER });

    expect(withdrawn.data?.revokeProviderGrant).toBe(true);
    expect(again.data?.revokeProviderGrant).toBe(false);
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(
      (await svc.graphql<{ me: { providerGrants: unknown[] } }>(me, {}, { userId })).data?.me.providerGrants,
    ).toEqual([]);
    const event = recorded(orgId, userId);
    const { seq } = await publisher.publish(performanceResultRecordedEvent, event, { tenant: orgId });
    await handled(seq);
    expect(await syncsOf(event.resultId, { orgId, userId, roles: ['owner'] })).toEqual([]);
    expect((await recordAtProvider('alice', event.resultId)).status).toBe(404);
  });

  it("a provider that does not answer holds back only its own users' results and at most two database connections", async () => {
    const alice = await meshplaneLogin('alice');
    const bobElsewhere = await meshplaneLogin('bob', { name: OTHER, provider: other });
    const aliceOrg = await createOrg(alice.userId);
    const bobOrg = await createOrg(bobElsewhere.userId);
    const aliceOwner: TestCaller = { orgId: aliceOrg, userId: alice.userId, roles: ['owner'] };
    // Four of Alice's: each refresh of her grant waits on the frozen provider inside a transaction (the grant's lock).
    const stuck = [1, 2, 3, 4].map(() => recorded(aliceOrg, alice.userId));
    const flowing = recorded(bobOrg, bobElsewhere.userId);
    provider.freeze();
    try {
      // Published first: with one sync at a time, Bob's would wait for these to time out.
      for (const event of stuck)
        await publisher.publish(performanceResultRecordedEvent, event, { tenant: aliceOrg });
      await publisher.publish(performanceResultRecordedEvent, flowing, { tenant: bobOrg });

      const synced = await waitForSync(
        flowing.resultId,
        { orgId: bobOrg, userId: bobElsewhere.userId, roles: ['owner'] },
        'SYNCED',
      );
      expect(synced).toMatchObject({ provider: OTHER, attempts: 1 });
      // Alice's are still in their first attempt, at the frozen provider: nothing recorded for them yet ...
      for (const event of stuck) expect(await syncsOf(event.resultId, aliceOwner)).toEqual([]);
      // ... and they hold two pooled connections of the service (its sign-ins need the rest), not four.
      const inTransaction = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
            )
          ).rows[0]?.n,
        );
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        samples.push(await inTransaction());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(Math.max(...samples)).toBe(2);
    } finally {
      provider.thaw();
    }
    // Once the provider answers, the same attempts complete.
    for (const event of stuck) await waitForSync(event.resultId, aliceOwner, 'SYNCED');
  });

  it('keeps trying while the provider is unreachable, saying so', async () => {
    const { userId } = await meshplaneLogin('alice');
    const orgId = await createOrg(userId);
    await provider.stop();
    const event = recorded(orgId, userId);

    await publisher.publish(performanceResultRecordedEvent, event, { tenant: orgId });

    const retrying = await waitForSync(event.resultId, { orgId, userId, roles: ['viewer'] }, 'RETRYING');
    expect(retrying.message).toContain(PROVIDER);
    expect(retrying.syncedAt).toBeNull();
  });
});
