import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemEvent } from '@meshplane/contracts';
import { connectMessaging, Publisher } from '@meshplane/messaging';
import { waitFor } from '@meshplane/testing';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import {
  AcceptInvitationDocument,
  AnnounceDocument,
  ChangeMemberRoleDocument,
  ClusterDocument,
  ClusterSyncStatusDocument,
  CreateApiTokenDocument,
  CreateEnvironmentDocument,
  CreateOrganizationDocument,
  CreatePerformanceProfileDocument,
  CreatePerformanceScheduleDocument,
  CreateWorkspaceDocument,
  DetectMeshesDocument,
  ExchangeTokenDocument,
  ImportKubeconfigDocument,
  InviteMemberDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  ResourceChangedDocument,
  ResourcesDocument,
  RevokeApiTokenDocument,
  ServiceStatusesDocument,
  SetMyPreferenceDocument,
  PerformanceRunDocument,
  StartPerformanceRunDocument,
  SwitchOrganizationDocument,
  SystemEventFeedDocument,
  SystemEventsDocument,
  WorkspacesDocument,
  BeginLoginDocument,
} from '@meshplane/client';
import { clientOf, type Credentials } from './harness/graphql-client.js';
import { startReferenceProvider, type ReferenceProvider } from './harness/reference-provider.js';
import { collect } from './harness/subscriptions.js';
import { describeCli } from './cli-scenarios.js';
import { describeMeshLifecycle } from './mesh-lifecycle-scenarios.js';
import { startSystemUnderTest, type SystemUnderTest } from './harness/system-under-test.js';
import { tenantSnapshot } from './harness/tenant-snapshot.js';
import { isolationCases } from './harness/isolation-matrix.js';
import {
  composedSchema,
  idsIn,
  listingCases,
  localLogin,
  remoteLogin,
  runCases,
  violationsOf,
} from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';
const ADMIN_PASSWORD = `e2e-admin-${randomUUID()}`;
const REMOTE = 'acme';
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';

const SERVICES = [
  'providers',
  'meshsyncIngest',
  'adaptersBroker',
  'perf',
  'patterns',
  'conformance',
] as const;

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
    const statuses = await clientOf(system.gatewayUrl).request(ServiceStatusesDocument);
    for (const field of SERVICES) {
      const status = statuses[`${field}Status`];
      expect(status.ready, `${field} ready`).toBe(true);
      expect(status.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['nats', 'postgres']));
      expect(status.checks.every((c) => c.ok)).toBe(true);
    }
    expect(new Set(SERVICES.map((f) => statuses[`${f}Status`].service)).size).toBe(6);
  });

  it('delivers a notice that crossed JetStream to graphql-ws and SSE subscribers on the public endpoint', async () => {
    const message = `e2e notice ${randomUUID()}`;
    const variables = { filter: { kinds: ['NOTICE' as const] } };
    // Announcing takes the platform operator (bob, signed in through the remote provider); any user hears it.
    const bob = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'bob', 'bob-password'),
    );
    const operator = clientOf(system.gatewayUrl, { token: bob.accessToken });
    const asAdmin = clientOf(system.gatewayUrl, admin);
    const ws = collect(asAdmin, SystemEventFeedDocument, variables, 'ws');
    const sse = collect(asAdmin, SystemEventFeedDocument, variables, 'sse');
    try {
      await Promise.all([ws.connected(), sse.connected()]);
      // The subscription is forwarded upstream asynchronously; keep announcing until both have seen one.
      await waitFor(
        async () => {
          await operator.request(AnnounceDocument, { input: { message } });
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
      expect(sse.errors).toEqual([]);
    } finally {
      await Promise.all([ws.close(), sse.close()]);
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
        const res = await clientOf(system.gatewayUrl).execute(ServiceStatusesDocument);
        return res.data?.providersStatus.ready === true;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'providers ready again through the gateway' },
    );
    await waitFor(
      async () => {
        const res = await clientOf(system.gatewayUrl, admin).execute(SystemEventsDocument, {
          first: 50,
          filter: { services: ['providers'] },
        });
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

describe('identity through the gateway', () => {
  it('signs the local admin in to the default organization as its owner', async () => {
    const { me } = await clientOf(system.gatewayUrl, admin).request(MeDocument);

    expect(me.email).toBe(ADMIN_EMAIL);
    expect(me.roles).toEqual(['owner']);
    expect(me.currentOrganizationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs a user in through the reference remote provider (code + PKCE), and accepts that provider’s own tokens', async () => {
    const pair = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'alice', 'alice-password'),
    );
    const viaLogin = (await clientOf(system.gatewayUrl, { token: pair.accessToken }).request(MeDocument)).me;
    const providerToken = await provider.accessToken('alice', 'alice-password');
    const direct = (await clientOf(system.gatewayUrl, { token: providerToken }).request(MeDocument)).me;
    const exchanged = (
      await clientOf(system.gatewayUrl).request(ExchangeTokenDocument, {
        provider: REMOTE,
        accessToken: providerToken,
      })
    ).exchangeToken;

    expect(viaLogin.email).toBe('alice@acme.test');
    expect(direct.id).toBe(viaLogin.id);
    expect(
      (await clientOf(system.gatewayUrl, { token: exchanged.accessToken }).request(MeDocument)).me.id,
    ).toBe(viaLogin.id);
  });

  it("stores a remote user's performance result at their provider, and shows where on the result", async () => {
    const target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((listening) => target.listen(0, '127.0.0.1', listening));
    try {
      // alice signs in through acme, which advertises persist-performance-results: she grants `persistence`.
      const alice = await remoteLogin(system.gatewayUrl, REMOTE, (url) => {
        expect(new URL(url).searchParams.get('scope')).toBe('profile persistence');
        return provider.signIn(url, 'alice', 'alice-password');
      });
      const asAlice = clientOf(system.gatewayUrl, { token: alice.accessToken });
      const orgId = (
        await asAlice.request(CreateOrganizationDocument, { input: { name: `alice-${randomUUID()}` } })
      ).createOrganization.id;
      const inOrg = clientOf(system.gatewayUrl, { token: alice.accessToken, orgId });
      const profile = await inOrg.request(CreatePerformanceProfileDocument, {
        input: {
          name: 'checkout-at-acme',
          endpoints: [`http://127.0.0.1:${(target.address() as AddressInfo).port}/`],
          durationMs: 1_000,
          loadModel: 'CLOSED',
          concurrency: 2,
          generator: 'MESHPLANE',
          protocol: 'HTTP1',
          method: 'GET',
          headers: {},
          workers: 1,
          labels: { team: 'checkout' },
        },
      });
      const run = (
        await inOrg.request(StartPerformanceRunDocument, {
          input: { profileId: profile.createPerformanceProfile.id, idempotencyKey: randomUUID() },
        })
      ).startPerformanceRun;

      let syncs: { provider: string; status: string; remoteVersion?: number | null }[] = [];
      await waitFor(
        async () => {
          const { performanceRun } = await inOrg.request(PerformanceRunDocument, { id: run.id });
          syncs = performanceRun.result?.remoteSyncs ?? [];
          return syncs.some((sync) => sync.status === 'SYNCED');
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          description: `run ${run.id} stored at acme (last: ${JSON.stringify(syncs)})`,
        },
      );
      expect(syncs).toEqual([
        expect.objectContaining({ provider: REMOTE, status: 'SYNCED', remoteVersion: 1 }),
      ]);
      // At the provider, under alice's own grant: the SMP PerformanceTestResult, named after the profile.
      const token = await provider.accessToken('alice', 'alice-password', 'profile persistence');
      const stored = await fetch(`${provider.url}/persistence/performance-results/${run.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(stored.status).toBe(200);
      const record = (await stored.json()) as { name: string; content: { performance_test_result?: object } };
      expect(record.name).toBe('checkout-at-acme');
      expect(record.content.performance_test_result).toMatchObject({ labels: { team: 'checkout' } });
    } finally {
      await new Promise((closed) => target.close(closed));
    }
  });

  it('refuses a token after logout, an unknown provider, and garbage, with 401 and no detail', async () => {
    const pair = await localLogin(system.gatewayUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const session = clientOf(system.gatewayUrl, { token: pair.accessToken });
    expect((await session.execute(MeDocument)).status).toBe(200);
    await session.request(LogoutDocument, { refreshToken: pair.refreshToken });

    const afterLogout = await session.execute(MeDocument);
    const garbage = await clientOf(system.gatewayUrl, { token: 'not.a.token' }).execute(MeDocument);
    const unknownProvider = await clientOf(system.gatewayUrl).execute(BeginLoginDocument, {
      provider: 'nope',
    });

    expect(afterLogout.status).toBe(401);
    expect(afterLogout.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(garbage.status).toBe(401);
    expect(unknownProvider.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('accepts an API token until it is revoked', async () => {
    const asAdmin = clientOf(system.gatewayUrl, admin);
    const created = (
      await asAdmin.request(CreateApiTokenDocument, {
        input: { name: 'ci', expiresInDays: 1, role: 'VIEWER' },
      })
    ).createApiToken;
    const asToken = clientOf(system.gatewayUrl, { token: created.token });
    expect((await asToken.request(MeDocument)).me.roles).toEqual(['viewer']);
    const { me } = await asAdmin.request(MeDocument);
    const orgId = me.currentOrganizationId ?? '';
    const switched = await asToken.execute(SwitchOrganizationDocument, { orgId });
    const minted = await asToken.execute(CreateApiTokenDocument, {
      input: { name: 'child', expiresInDays: 365, role: 'VIEWER' },
    });
    // A viewer API token never becomes an owner session, nor a longer-lived token.
    expect(switched.data ?? null).toBeNull();
    expect(switched.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    expect(minted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    expect((await asAdmin.execute(SwitchOrganizationDocument, { orgId })).errors).toBeUndefined();

    await asAdmin.request(RevokeApiTokenDocument, { id: created.apiToken.id });

    expect((await asToken.execute(MeDocument)).status).toBe(401);
  });

  it('throttles failed sign-ins of one account through the gateway, unknown accounts alike', async () => {
    const anonymous = clientOf(system.gatewayUrl);
    const attempt = () =>
      anonymous.execute(LoginDocument, {
        provider: 'local',
        email: 'nobody-e2e@meshplane.test',
        password: 'wrong password',
      });
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
    const asAdmin = clientOf(system.gatewayUrl, admin);
    const bob = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'bob', 'bob-password'),
    );
    const invitation = (
      await asAdmin.request(InviteMemberDocument, { email: 'bob@acme.test', role: 'VIEWER' })
    ).inviteMember;
    const joined = (
      await clientOf(system.gatewayUrl, { token: bob.accessToken }).request(AcceptInvitationDocument, {
        token: invitation.token,
      })
    ).acceptInvitation;
    const asBob = clientOf(system.gatewayUrl, { token: bob.accessToken, orgId: joined.id });

    const read = await asBob.execute(WorkspacesDocument, { first: 20 });
    const write = await asBob.execute(CreateWorkspaceDocument, { input: { name: 'nope' } });
    const { me } = await asBob.request(MeDocument);
    await asAdmin.request(ChangeMemberRoleDocument, { userId: me.id, role: 'MEMBER' });
    const manage = await asBob.execute(InviteMemberDocument, { email: 'carol@acme.test' });

    expect(read.errors).toBeUndefined();
    expect(write.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(manage.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('clusters through the gateway', () => {
  it('imports a kubeconfig, discovers the cluster, streams its changes to subscribers of that organization only, and fingerprints its mesh', async () => {
    const meshCluster = await startKubeTestServer();
    const asAdmin = clientOf(system.gatewayUrl, admin);
    const outsider = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
      provider.signIn(url, 'alice', 'alice-password'),
    );
    const outsiderOrg = (
      await clientOf(system.gatewayUrl, { token: outsider.accessToken }).request(CreateOrganizationDocument, {
        input: { name: 'outsiders' },
      })
    ).createOrganization.id;
    const filter = { filter: { kinds: ['Deployment'] } };
    const mine = collect(asAdmin, ResourceChangedDocument, filter);
    const theirs = collect(
      clientOf(system.gatewayUrl, { token: outsider.accessToken, orgId: outsiderOrg }),
      ResourceChangedDocument,
      filter,
    );
    try {
      const imported = (
        await asAdmin.request(ImportKubeconfigDocument, { input: { kubeconfig: meshCluster.kubeconfig() } })
      ).importKubeconfig.results[0]?.connection;
      const clusterId = imported?.cluster?.id ?? '';
      const { cluster } = await asAdmin.request(ClusterDocument, { id: clusterId });
      expect(imported?.status).toBe('CONNECTED');
      expect(cluster).toMatchObject({ kubeSystemUid: meshCluster.clusterUid, status: 'CONNECTED' });
      await Promise.all([mine.connected(), theirs.connected()]);
      await waitFor(
        async () =>
          (await asAdmin.request(ClusterSyncStatusDocument, { clusterId })).clusterSyncStatus?.phase ===
          'SYNCED',
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
      const meshes = (await asAdmin.request(DetectMeshesDocument, { clusterId })).detectMeshes;

      expect(mine.received.find((e) => e.resourceChanged.name === 'istiod')?.resourceChanged).toMatchObject({
        kind: 'Deployment',
        namespace: 'istio-system',
      });
      expect(theirs.received).toEqual([]);
      expect(meshes.map(({ meshId, version }) => ({ meshId, version }))).toEqual([
        { meshId: 'istio', version: '1.22.1' },
      ]);
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
    const orgB = (
      await clientOf(system.gatewayUrl, { token: alice.accessToken }).request(CreateOrganizationDocument, {
        input: { name: `${marker} org` },
      })
    ).createOrganization.id;
    const asB = { token: alice.accessToken, orgId: orgB };
    await seedOrganization(asB, marker);

    const schema = await composedSchema(system.gatewayUrl, admin);
    // What B can see of itself: its listings, then every query given the ids those listings showed.
    const seenByB = new Set<string>();
    const seenByA = new Set<string>();
    const listings = listingCases(schema);
    const [listedToB, listedToA] = await Promise.all([
      runCases(system.gatewayUrl, listings, asB),
      runCases(system.gatewayUrl, listings, admin),
    ]);
    for (const outcome of listedToB) idsIn(JSON.parse(outcome.body), seenByB);
    for (const outcome of listedToA) idsIn(JSON.parse(outcome.body), seenByA);
    const ownLookups = isolationCases(schema, {
      foreignIds: [...seenByB],
      text: 'x',
      skip: new Map(),
    }).filter((c) => c.kind === 'query' && c.usesForeignId);
    for (const outcome of await runCases(system.gatewayUrl, ownLookups, asB))
      idsIn(JSON.parse(outcome.body), seenByB);
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
    // Every query before any mutation: a mutation wrongly let through must not hide what a query would leak.
    for (const kind of ['query', 'mutation'] as const) {
      for (const outcome of await runCases(
        system.gatewayUrl,
        cases.filter((c) => c.kind === kind),
        admin,
      ))
        problems.push(...violationsOf(outcome, [marker, ...foreignIds]));
    }
    // The charts served over plain HTTP answer B's runs (and every other id of B's) to A as runs that do not exist.
    for (const id of foreignIds) {
      const chart = await fetch(`${new URL(system.gatewayUrl).origin}/charts/perf/runs/${id}/latency.svg`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      const body = await chart.text();
      if (chart.status !== 404 || body.includes(marker))
        problems.push(`chart of ${id}: ${chart.status} ${body.slice(0, 200)}`);
    }
    const after = await tenantSnapshot(adminUrl, orgB);

    expect(problems).toEqual([]);
    expect(after).toEqual(before);
    expect(Object.keys(before).length, 'tenant tables seen').toBeGreaterThanOrEqual(8);
    expect(fields.size, 'operations exercised').toBeGreaterThanOrEqual(50);
  }, 300_000); // hundreds of calls and two snapshots of the tenant's tables: more than most scenarios need

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
    for (const outcome of await runCases(system.gatewayUrl, cases, {})) {
      const body = JSON.parse(outcome.body) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') {
        answeredAnonymously.push(`${outcome.case.kind} ${outcome.case.field}: ${outcome.body.slice(0, 200)}`);
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
      for (const outcome of await runCases(system.gatewayUrl, cases, admin))
        problems.push(...violationsOf(outcome, []));
    }

    expect(problems).toEqual([]);
  });
});

/** Gives org B one of everything a tenant can own, each named with the marker. */
async function seedOrganization(asB: Credentials, marker: string): Promise<void> {
  const client = clientOf(system.gatewayUrl, asB);
  const workspace = (await client.request(CreateWorkspaceDocument, { input: { name: `${marker} ws` } }))
    .createWorkspace;
  await client.request(CreateEnvironmentDocument, {
    input: { workspaceId: workspace.id, name: `${marker} env` },
  });
  await client.request(InviteMemberDocument, { email: `${marker}@example.test`, role: 'MEMBER' });
  await client.request(CreateApiTokenDocument, {
    input: { name: `${marker} token`, expiresInDays: 5, role: 'VIEWER' },
  });
  await client.request(SetMyPreferenceDocument, { key: 'theme', value: { marker } });
  // A performance profile: its id is one of B's the matrix then tries on every operation under A's token.
  const profile = await client.request(CreatePerformanceProfileDocument, {
    input: {
      name: `${marker} profile`,
      endpoints: ['http://127.0.0.1:9/checkout'],
      durationMs: 1_000,
      loadModel: 'OPEN',
      rate: 50,
      connections: 2,
      generator: 'MESHPLANE',
      protocol: 'HTTP1',
      method: 'GET',
      headers: { 'x-marker': marker },
      workers: 1,
      labels: { marker },
    },
  });
  // And a run of it (loopback port 9: every request is refused at once), so its id is tried as well.
  const run = (
    await client.request(StartPerformanceRunDocument, {
      input: { profileId: profile.createPerformanceProfile.id, idempotencyKey: marker },
    })
  ).startPerformanceRun;
  // A schedule of it that does not fire during the test (03:00 UTC on 29 February).
  await client.request(CreatePerformanceScheduleDocument, {
    input: { name: `${marker} schedule`, profileId: profile.createPerformanceProfile.id, cron: '0 3 29 2 *' },
  });
  const imported = await client.request(ImportKubeconfigDocument, {
    input: { kubeconfig: cluster.kubeconfig() },
  });
  expect(imported.importKubeconfig.results[0]?.error ?? null).toBeNull();
  cluster.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${marker}-cm`, namespace: 'default' },
    data: { marker },
  });
  await waitFor(
    async () => {
      const res = await client.execute(ResourcesDocument, { first: 1, filter: { kinds: ['ConfigMap'] } });
      return (res.data?.resources.totalCount ?? 0) > 0;
    },
    { timeoutMs: 60_000, intervalMs: 1_000, description: "org B's cluster discovered into the inventory" },
  );
  // B's tables are compared before and after the matrix: the run must be over, its result stored at alice's provider.
  await waitFor(
    async () => {
      const { performanceRun } = await client.request(PerformanceRunDocument, { id: run.id });
      return (performanceRun.result?.remoteSyncs ?? []).some((sync) => sync.status === 'SYNCED');
    },
    { timeoutMs: 60_000, intervalMs: 500, description: `org B's run ${run.id} over and its result synced` },
  );
}

describeCli(() => ({
  gatewayUrl: system.gatewayUrl,
  email: ADMIN_EMAIL,
  password: ADMIN_PASSWORD,
  remote: {
    provider: REMOTE,
    email: 'alice@acme.test',
    signIn: (url) => provider.signIn(url, 'alice', 'alice-password'),
  },
}));

describeMeshLifecycle(() => ({
  gatewayUrl: system.gatewayUrl,
  email: ADMIN_EMAIL,
  password: ADMIN_PASSWORD,
}));
