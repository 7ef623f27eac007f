import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemEvent } from '@meshplane/contracts';
import { connectMessaging, Publisher } from '@meshplane/messaging';
import { waitFor } from '@meshplane/testing';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { graphql, type Credentials } from './harness/graphql-client.js';
import { startReferenceProvider, type ReferenceProvider } from './harness/reference-provider.js';
import { SseSubscription, WsSubscription } from './harness/subscriptions.js';
import { startSystemUnderTest, type SystemUnderTest } from './harness/system-under-test.js';
import { tenantSnapshot } from './harness/tenant-snapshot.js';
import { isolationCases } from './harness/isolation-matrix.js';
import {
  composedSchema,
  dataOf,
  idsIn,
  listingCases,
  localLogin,
  remoteLogin,
  runCase,
  violationsOf,
  type TokenPair,
} from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';
const ADMIN_PASSWORD = `e2e-admin-${randomUUID()}`;
const REMOTE = 'acme';
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';

const SERVICES = ['providers', 'meshsyncIngest', 'adaptersBroker', 'perf', 'patterns', 'conformance'];
const STATUS_QUERY = `{ ${SERVICES.map((s) => `${s}Status { service version instance ready checks { name ok } }`).join(' ')} }`;
const NOTICES = `subscription($filter: SystemEventFilter) { systemEvents(filter: $filter) { id service kind severity message } }`;

interface Status {
  service: string;
  instance: string;
  ready: boolean;
  checks: { name: string; ok: boolean }[];
}
interface Notice {
  systemEvents: { id: string; service: string; kind: string; message: string };
}

let system: SystemUnderTest;
let provider: ReferenceProvider;
let cluster: KubeTestServer;
let admin: Credentials;

beforeAll(async () => {
  provider = await startReferenceProvider(REDIRECT_URI);
  cluster = await startKubeTestServer();
  system = await startSystemUnderTest({
    REMOTE_PROVIDERS: `${REMOTE}=${provider.url}`,
    LOGIN_REDIRECT_URI: REDIRECT_URI,
    LOCAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // The test cluster listens on loopback over plain HTTP: an operator's explicit opt-in.
    KUBE_SERVER_ALLOW_CIDRS: '127.0.0.0/8',
    KUBE_SERVER_ALLOW_INSECURE_HTTP: 'true',
    // Each request asks providers again, so a revocation shows on the very next one.
    AUTH_CACHE_MAX_AGE_MS: '0',
    // A remote user is the platform operator, so the local admin (org A of the isolation matrix) is an ordinary
    // organization owner, refused every operation that crosses organizations.
    PLATFORM_OPERATORS: `${REMOTE}:user:bob`,
  });
  admin = { token: (await localLogin(system.gatewayUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken };
});

afterAll(async () => {
  try {
    if (system) expect((await system.stop()).code).toBe(0);
  } finally {
    await Promise.all([provider?.stop(), cluster?.stop()]);
  }
});

describe('the system started as the README does', () => {
  it('answers one request that reaches every subgraph, each ready with Postgres and NATS', async () => {
    const res = await graphql<Record<string, Status>>(system.gatewayUrl, STATUS_QUERY);
    expect(res.errors).toBeUndefined();
    for (const field of SERVICES) {
      const status = res.data?.[`${field}Status`];
      expect(status?.ready, `${field} ready`).toBe(true);
      expect(status?.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['nats', 'postgres']));
      expect(status?.checks.every((c) => c.ok)).toBe(true);
    }
    expect(new Set(SERVICES.map((f) => res.data?.[`${f}Status`]?.service)).size).toBe(6);
  });

  it('delivers a notice that crossed JetStream to graphql-ws and SSE subscribers on the public endpoint', async () => {
    const message = `e2e notice ${randomUUID()}`;
    const variables = { filter: { kinds: ['NOTICE'] } };
    // Announcing takes the platform operator (bob, signed in through the remote provider); any user hears it.
    const bob = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'bob', 'bob-password'),
    );
    const operator = { token: bob.accessToken };
    const ws = new WsSubscription<Notice>(system.gatewayUrl, NOTICES, variables, admin);
    const sse = new SseSubscription<Notice>(system.gatewayUrl, NOTICES, variables, admin);
    try {
      await ws.connected();
      // The subscription is forwarded upstream asynchronously; keep announcing until both have seen one.
      await waitFor(
        async () => {
          const res = await graphql(
            system.gatewayUrl,
            'mutation($m: String!) { announce(input: { message: $m }) { id } }',
            { m: message },
            operator,
          );
          expect(res.errors).toBeUndefined();
          return (
            ws.received.some((n) => n.systemEvents.message === message) &&
            sse.received.some((n) => n.systemEvents.message === message)
          );
        },
        { timeoutMs: 30_000, intervalMs: 1_000, description: 'notice delivered over graphql-ws and SSE' },
      );
      const seen = ws.received.find((n) => n.systemEvents.message === message);
      expect(seen?.systemEvents).toMatchObject({ service: 'providers', kind: 'NOTICE' });
      expect(ws.errors).toEqual([]);
    } finally {
      await ws.close();
      sse.close();
    }
  });

  it('restarts a SIGKILLed service and loses no event published while it was down', async () => {
    const before = await system.state();
    const victimPid = before.services['providers']?.pid;
    if (!victimPid) throw new Error('run state names no pid for providers');
    process.kill(victimPid, 'SIGKILL');

    // The bus refuses anonymous clients; the test publishes as the providers service would (its own subjects).
    await expect(connectMessaging({ url: system.natsUrl, name: 'e2e-anonymous' })).rejects.toThrow(
      /authorization/i,
    );
    const messaging = await connectMessaging({
      url: system.natsUrl,
      name: 'e2e-publisher',
      service: 'providers',
      credentials: await system.natsCredentials('providers'),
    });
    const notice = {
      id: randomUUID(),
      service: 'providers',
      instance: 'e2e-test',
      kind: 'notice' as const,
      severity: 'warning' as const,
      message: 'published while providers was down',
      at: new Date().toISOString(),
    };
    try {
      await new Publisher(messaging).publish(systemEvent, notice);
    } finally {
      await messaging.close();
    }

    await waitFor(
      async () => {
        const state = await system.state();
        return state.services['providers']?.pid !== victimPid;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: 'providers restarted by the run command' },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- run command output ---\n${system.output().slice(-4000)}`);
    });
    await waitFor(
      async () => {
        const res = await graphql<{ providersStatus: Status }>(
          system.gatewayUrl,
          '{ providersStatus { ready } }',
        );
        return res.data?.providersStatus?.ready === true;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'providers ready again through the gateway' },
    );
    await waitFor(
      async () => {
        const res = await graphql<{ systemEvents: { edges: { node: { id: string; message: string } }[] } }>(
          system.gatewayUrl,
          '{ systemEvents(first: 50, filter: { services: ["providers"] }) { edges { node { id message } } } }',
          {},
          admin,
        );
        return res.data?.systemEvents.edges.some((e) => e.node.id === notice.id) ?? false;
      },
      {
        timeoutMs: 30_000,
        intervalMs: 500,
        description: 'the event published during the outage is in the log',
      },
    );
  });
});

const ME = '{ me { id email currentOrganizationId roles } }';
interface Me {
  me: { id: string; email: string; currentOrganizationId: string | null; roles: string[] };
}

describe('identity through the gateway', () => {
  it('signs the local admin in to the default organization as its owner', async () => {
    const me = dataOf(await graphql<Me>(system.gatewayUrl, ME, {}, admin), 'me').me;

    expect(me.email).toBe(ADMIN_EMAIL);
    expect(me.roles).toEqual(['owner']);
    expect(me.currentOrganizationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs a user in through the reference remote provider (code + PKCE), and accepts that provider’s own tokens', async () => {
    const pair = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'alice', 'alice-password'),
    );
    const viaLogin = dataOf(
      await graphql<Me>(system.gatewayUrl, ME, {}, { token: pair.accessToken }),
      'me',
    ).me;
    const providerToken = await provider.accessToken('alice', 'alice-password');
    const direct = dataOf(
      await graphql<Me>(system.gatewayUrl, ME, {}, { token: providerToken }),
      'me via provider token',
    ).me;
    const exchanged = dataOf(
      await graphql<{ exchangeToken: TokenPair }>(
        system.gatewayUrl,
        'mutation($p: String!, $t: String!) { exchangeToken(provider: $p, accessToken: $t) { accessToken } }',
        { p: REMOTE, t: providerToken },
      ),
      'exchangeToken',
    ).exchangeToken;

    expect(viaLogin.email).toBe('alice@acme.test');
    expect(direct.id).toBe(viaLogin.id);
    expect(
      dataOf(await graphql<Me>(system.gatewayUrl, ME, {}, { token: exchanged.accessToken }), 'me').me.id,
    ).toBe(viaLogin.id);
  });

  it('refuses a token after logout, an unknown provider, and garbage, with 401 and no detail', async () => {
    const pair = await localLogin(system.gatewayUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await graphql(system.gatewayUrl, ME, {}, { token: pair.accessToken })).status).toBe(200);
    dataOf(
      await graphql(
        system.gatewayUrl,
        'mutation($r: String!) { logout(refreshToken: $r) }',
        { r: pair.refreshToken },
        { token: pair.accessToken },
      ),
      'logout',
    );

    const afterLogout = await graphql(system.gatewayUrl, ME, {}, { token: pair.accessToken });
    const garbage = await graphql(system.gatewayUrl, ME, {}, { token: 'not.a.token' });
    const unknownProvider = await graphql(
      system.gatewayUrl,
      'mutation { beginLogin(provider: "nope") { state } }',
    );

    expect(afterLogout.status).toBe(401);
    expect(afterLogout.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(garbage.status).toBe(401);
    expect(unknownProvider.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('accepts an API token until it is revoked', async () => {
    const created = dataOf(
      await graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
        system.gatewayUrl,
        'mutation { createApiToken(input: { name: "ci", expiresInDays: 1, role: VIEWER }) { token apiToken { id } } }',
        {},
        admin,
      ),
      'createApiToken',
    ).createApiToken;
    const asToken = { token: created.token };
    expect(dataOf(await graphql<Me>(system.gatewayUrl, ME, {}, asToken), 'me by API token').me.roles).toEqual(
      ['viewer'],
    );
    const me = dataOf(await graphql<Me>(system.gatewayUrl, ME, {}, admin), 'me').me;
    const switched = await graphql(
      system.gatewayUrl,
      'mutation($o: ID!) { switchOrganization(orgId: $o) { accessToken refreshToken } }',
      { o: me.currentOrganizationId },
      asToken,
    );
    const minted = await graphql(
      system.gatewayUrl,
      'mutation { createApiToken(input: { name: "child", expiresInDays: 365, role: VIEWER }) { token } }',
      {},
      asToken,
    );
    // A viewer API token never becomes an owner session, nor a longer-lived token.
    expect(switched.data ?? null).toBeNull();
    expect(switched.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    expect(minted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    const switchedFromSession = await graphql(
      system.gatewayUrl,
      'mutation($o: ID!) { switchOrganization(orgId: $o) { organizationId } }',
      { o: me.currentOrganizationId },
      admin,
    );
    expect(switchedFromSession.errors).toBeUndefined();

    dataOf(
      await graphql(
        system.gatewayUrl,
        'mutation($id: ID!) { revokeApiToken(id: $id) { id } }',
        { id: created.apiToken.id },
        admin,
      ),
      'revokeApiToken',
    );

    expect((await graphql(system.gatewayUrl, ME, {}, asToken)).status).toBe(401);
  });

  it('throttles failed sign-ins of one account through the gateway, unknown accounts alike', async () => {
    const attempt = () =>
      graphql(
        system.gatewayUrl,
        'mutation($e: String!) { login(provider: "local", email: $e, password: "wrong password") { accessToken } }',
        { e: 'nobody-e2e@meshplane.test' },
      );
    const codes: unknown[] = [];
    for (let i = 0; i < 10; i += 1) codes.push((await attempt()).errors?.[0]?.extensions?.['code']);

    const refused = await attempt();

    expect(codes).toEqual(Array<string>(10).fill('UNAUTHENTICATED'));
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('lets a viewer read but not write, and a member not manage members', async () => {
    const bob = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'bob', 'bob-password'),
    );
    const invitation = dataOf(
      await graphql<{ inviteMember: { token: string } }>(
        system.gatewayUrl,
        'mutation { inviteMember(email: "bob@acme.test", role: VIEWER) { token } }',
        {},
        admin,
      ),
      'inviteMember',
    ).inviteMember;
    const joined = dataOf(
      await graphql<{ acceptInvitation: { id: string } }>(
        system.gatewayUrl,
        'mutation($t: String!) { acceptInvitation(token: $t) { id } }',
        { t: invitation.token },
        { token: bob.accessToken },
      ),
      'acceptInvitation',
    ).acceptInvitation;
    const asBob = { token: bob.accessToken, orgId: joined.id };

    const read = await graphql(system.gatewayUrl, '{ workspaces { edges { node { id } } } }', {}, asBob);
    const write = await graphql(
      system.gatewayUrl,
      'mutation { createWorkspace(input: { name: "nope" }) { id } }',
      {},
      asBob,
    );
    const me = dataOf(await graphql<Me>(system.gatewayUrl, ME, {}, asBob), 'me').me;
    dataOf(
      await graphql(
        system.gatewayUrl,
        'mutation($u: ID!) { changeMemberRole(userId: $u, role: MEMBER) { role } }',
        { u: me.id },
        admin,
      ),
      'changeMemberRole',
    );
    const manage = await graphql(
      system.gatewayUrl,
      'mutation { inviteMember(email: "carol@acme.test") { token } }',
      {},
      asBob,
    );

    expect(read.errors).toBeUndefined();
    expect(write.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(manage.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

interface ResourceChanged {
  resourceChanged: { kind: string; name: string; namespace: string | null; changeType: string };
}

describe('clusters through the gateway', () => {
  it('imports a kubeconfig, discovers the cluster, streams its changes to subscribers of that organization only, and fingerprints its mesh', async () => {
    const meshCluster = await startKubeTestServer();
    const outsider = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'alice', 'alice-password'),
    );
    const outsiderOrg = dataOf(
      await graphql<{ createOrganization: { id: string } }>(
        system.gatewayUrl,
        'mutation { createOrganization(input: { name: "outsiders" }) { id } }',
        {},
        { token: outsider.accessToken },
      ),
      'createOrganization',
    ).createOrganization.id;
    const subscription =
      'subscription { resourceChanged(filter: { kinds: ["Deployment"] }) { kind name namespace changeType } }';
    const mine = new WsSubscription<ResourceChanged>(system.gatewayUrl, subscription, {}, admin);
    const theirs = new WsSubscription<ResourceChanged>(
      system.gatewayUrl,
      subscription,
      {},
      { token: outsider.accessToken, orgId: outsiderOrg },
    );
    try {
      const imported = dataOf(
        await graphql<{
          importKubeconfig: {
            results: { connection: { id: string; status: string; cluster: { id: string } | null } | null }[];
          };
        }>(
          system.gatewayUrl,
          'mutation($k: String!) { importKubeconfig(input: { kubeconfig: $k }) { results { connection { id status cluster { id } } } } }',
          { k: meshCluster.kubeconfig() },
          admin,
        ),
        'importKubeconfig',
      ).importKubeconfig.results[0]?.connection;
      const clusterId = imported?.cluster?.id ?? '';
      const cluster = dataOf(
        await graphql<{
          cluster: { kubeSystemUid: string; status: string; nodeCount: number; version: string };
        }>(
          system.gatewayUrl,
          'query($id: ID!) { cluster(id: $id) { kubeSystemUid status nodeCount version } }',
          { id: clusterId },
          admin,
        ),
        'cluster',
      ).cluster;
      expect(imported?.status).toBe('CONNECTED');
      expect(cluster).toMatchObject({ kubeSystemUid: meshCluster.clusterUid, status: 'CONNECTED' });
      await Promise.all([mine.connected(), theirs.connected()]);
      await waitFor(
        async () => {
          const res = await graphql<{ clusterSyncStatus: { phase: string } | null }>(
            system.gatewayUrl,
            'query($id: ID!) { clusterSyncStatus(clusterId: $id) { phase } }',
            { id: clusterId },
            admin,
          );
          return res.data?.clusterSyncStatus?.phase === 'SYNCED';
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'the new cluster synced' },
      );

      meshCluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } });
      meshCluster.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
        spec: {
          selector: { matchLabels: { app: 'istiod' } },
          template: {
            metadata: { labels: { app: 'istiod' } },
            spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.22.1' }] },
          },
        },
      });
      await waitFor(() => mine.received.some((e) => e.resourceChanged.name === 'istiod'), {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: 'the istiod change delivered through the gateway',
      });
      const meshes = dataOf(
        await graphql<{ detectMeshes: { meshId: string; version: string | null }[] }>(
          system.gatewayUrl,
          'mutation($id: ID!) { detectMeshes(clusterId: $id) { meshId version } }',
          { id: clusterId },
          admin,
        ),
        'detectMeshes',
      ).detectMeshes;

      expect(mine.received.find((e) => e.resourceChanged.name === 'istiod')?.resourceChanged).toMatchObject({
        kind: 'Deployment',
        namespace: 'istio-system',
      });
      expect(theirs.received).toEqual([]);
      expect(meshes).toEqual([{ meshId: 'istio', version: '1.22.1' }]);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
      await meshCluster.stop();
    }
  });
});

describe('tenant isolation, generated from the composed schema', () => {
  it("gives org B's ids, under org A's token, nothing back and changes nothing of B, for every query and mutation", async () => {
    const marker = `orgb-${randomUUID()}`;
    const alice = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'alice', 'alice-password'),
    );
    const orgB = dataOf(
      await graphql<{ createOrganization: { id: string } }>(
        system.gatewayUrl,
        'mutation($n: String!) { createOrganization(input: { name: $n }) { id } }',
        { n: `${marker} org` },
        { token: alice.accessToken },
      ),
      'createOrganization',
    ).createOrganization.id;
    const asB = { token: alice.accessToken, orgId: orgB };
    await seedOrganization(asB, marker);

    const schema = await composedSchema(system.gatewayUrl, admin);
    // What B can see of itself: its listings, then every query given the ids those listings showed.
    const seenByB = new Set<string>();
    const seenByA = new Set<string>();
    for (const listing of listingCases(schema)) {
      idsIn(JSON.parse((await runCase(system.gatewayUrl, listing, asB)).body), seenByB);
      idsIn(JSON.parse((await runCase(system.gatewayUrl, listing, admin)).body), seenByA);
    }
    const ownLookups = isolationCases(schema, {
      foreignIds: [...seenByB],
      text: 'x',
      skip: new Map(),
    }).filter((c) => c.kind === 'query' && c.usesForeignId);
    for (const lookup of ownLookups)
      idsIn(JSON.parse((await runCase(system.gatewayUrl, lookup, asB)).body), seenByB);
    // Platform-wide records (service events, built-in fingerprints) are everyone's: only what A cannot see is B's.
    const foreignIds = [...seenByB].filter((id) => !seenByA.has(id));
    expect(foreignIds.length, 'ids of org B found through its own listings').toBeGreaterThanOrEqual(6);

    const adminUrl = await system.adminDatabaseUrl();
    const before = await tenantSnapshot(adminUrl, orgB);
    const skip = new Map([
      ['leaveOrganization', 'acts on the caller only; covered by the role tests'],
      ['logout', 'acts on the caller only'],
    ]);
    const cases = isolationCases(schema, { foreignIds, text: marker.slice(0, 4), skip });
    const fields = new Set(cases.map((c) => `${c.kind}.${c.field}`));
    const problems: string[] = [];
    for (const matrixCase of [
      ...cases.filter((c) => c.kind === 'query'),
      ...cases.filter((c) => c.kind === 'mutation'),
    ]) {
      problems.push(
        ...violationsOf(await runCase(system.gatewayUrl, matrixCase, admin), [marker, ...foreignIds]),
      );
    }
    const after = await tenantSnapshot(adminUrl, orgB);

    expect(problems).toEqual([]);
    expect(after).toEqual(before);
    expect(Object.keys(before).length, 'tenant tables seen').toBeGreaterThanOrEqual(8);
    expect(fields.size, 'operations exercised').toBeGreaterThanOrEqual(50);
  });

  it('refuses every operation to an anonymous caller except signing in, the provider list and service status', async () => {
    const schema = await composedSchema(system.gatewayUrl, admin);
    const open = new Set([
      'login',
      'beginLogin',
      'completeLogin',
      'exchangeToken',
      'refreshToken',
      'logout',
      'signUpWithInvitation',
      'resetPassword',
      'providers',
    ]);
    const cases = isolationCases(schema, { foreignIds: [randomUUID()], text: 'x', skip: new Map() }).filter(
      (c) => !open.has(c.field) && !c.field.endsWith('Status'),
    );
    const answeredAnonymously: string[] = [];
    for (const matrixCase of cases) {
      const outcome = await runCase(system.gatewayUrl, matrixCase, {});
      const body = JSON.parse(outcome.body) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') {
        answeredAnonymously.push(`${matrixCase.kind} ${matrixCase.field}: ${outcome.body.slice(0, 200)}`);
      }
    }

    expect(answeredAnonymously).toEqual([]);
    expect(new Set(cases.map((c) => c.field)).size).toBeGreaterThanOrEqual(50);
  });

  it('answers SQL injection and control characters in every text argument with client errors only, changing nothing', async () => {
    const schema = await composedSchema(system.gatewayUrl, admin);
    const problems: string[] = [];
    for (const text of ["x' OR '1'='1' --", 'a\u0000b\u0007', '名前 \u202e']) {
      const cases = isolationCases(schema, {
        foreignIds: [randomUUID()],
        text,
        skip: new Map([['leaveOrganization', 'acts on the caller only']]),
      }).filter((c) => c.kind === 'query');
      for (const matrixCase of cases)
        problems.push(...violationsOf(await runCase(system.gatewayUrl, matrixCase, admin), []));
    }

    expect(problems).toEqual([]);
  });
});

/** Gives org B one of everything a tenant can own, each named with the marker. */
async function seedOrganization(asB: Credentials, marker: string): Promise<void> {
  const call = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await graphql<T>(system.gatewayUrl, query, variables, asB), query.slice(0, 60));
  const workspace = await call<{ createWorkspace: { id: string } }>(
    'mutation($n: String!) { createWorkspace(input: { name: $n }) { id } }',
    { n: `${marker} ws` },
  );
  await call(
    'mutation($w: ID!, $n: String!) { createEnvironment(input: { workspaceId: $w, name: $n }) { id } }',
    {
      w: workspace.createWorkspace.id,
      n: `${marker} env`,
    },
  );
  await call('mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { token } }', {
    e: `${marker}@example.test`,
  });
  await call(
    'mutation($n: String!) { createApiToken(input: { name: $n, expiresInDays: 5, role: VIEWER }) { token } }',
    {
      n: `${marker} token`,
    },
  );
  await call('mutation($v: JSON!) { setMyPreference(key: "theme", value: $v) { key } }', { v: { marker } });
  const imported = await call<{
    importKubeconfig: { results: { connection: { id: string } | null; error: unknown }[] };
  }>(
    'mutation($k: String!) { importKubeconfig(input: { kubeconfig: $k }) { results { connection { id } error { code message } } } }',
    { k: cluster.kubeconfig() },
  );
  expect(imported.importKubeconfig.results[0]?.error ?? null).toBeNull();
  cluster.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${marker}-cm`, namespace: 'default' },
    data: { marker },
  });
  await waitFor(
    async () => {
      const res = await graphql<{ resources: { totalCount: number } }>(
        system.gatewayUrl,
        '{ resources(filter: { kinds: ["ConfigMap"] }) { totalCount } }',
        {},
        asB,
      );
      return (res.data?.resources.totalCount ?? 0) > 0;
    },
    { timeoutMs: 60_000, intervalMs: 1_000, description: "org B's cluster discovered into the inventory" },
  );
}
