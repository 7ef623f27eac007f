import { randomBytes, randomUUID } from 'node:crypto';
import { type LookupAddress } from 'node:dns';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretKeyId } from '@meshplane/auth';
import { ManualClock } from '@meshplane/runtime';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { callerHeaders, startTestService, type TestService } from '@meshplane/service-testing';
import {
  ClusterDirectory,
  ClusterNotConnectedError,
  connectionsFeature,
  ConnectionsModule,
  parseCredentialKeyring,
  rotateConnectionCredentials,
} from '../index.js';
import { ConnectionsService } from '../lifecycle/connections.service.js';
import { CrossTenantRepository } from '../persistence/cross-tenant.repository.js';
import { closedPort, kubeconfigText, startHttpServer } from './fixtures.js';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const MEMBER_A = { orgId: ORG_A, userId: randomUUID(), roles: ['member' as const] };
const MEMBER_B = { orgId: ORG_B, userId: randomUUID(), roles: ['member' as const] };
const KEY_1 = randomBytes(32).toString('base64');
const KEY_2 = randomBytes(32).toString('base64');
const ENV = {
  KUBE_SERVER_ALLOW_CIDRS: '127.0.0.0/8',
  KUBE_SERVER_ALLOW_INSECURE_HTTP: 'true',
  CREDENTIALS_KEYS: `k1:${KEY_1}`,
  CONNECTION_PING_INTERVAL_MS: '300',
  CONNECTION_PROBE_TIMEOUT_MS: '2500', // the hanging server's probe gives up then; long enough for a loaded machine's healthy ones
};

const CONNECTION_FIELDS = 'id name contextName server status statusMessage clusterId createdBy lastPingAt';
const IMPORT = `mutation($input: ImportKubeconfigInput!) { importKubeconfig(input: $input) {
  results { context connection { ${CONNECTION_FIELDS} } error { code field message } } } }`;

interface ImportResult {
  context: string;
  connection: {
    id: string;
    name: string;
    status: string;
    statusMessage: string | null;
    clusterId: string | null;
  } | null;
  error: { code: string; field: string | null; message: string } | null;
}

// Names the SSRF policy resolves through this stub instead of DNS. The private answer is refused before any
// socket exists; run this file under `unshare -n` to make sure nothing could ever leave the machine anyway.
const STUB_DNS: Record<string, string[]> = {
  'private.cluster.test': ['10.0.0.1'],
  'mapped.cluster.test': ['::ffff:a00:1'],
  'kube.cluster.test': ['127.0.0.1'],
};
function stubResolver(hostname: string): Promise<LookupAddress[]> {
  const addresses = STUB_DNS[hostname];
  if (!addresses)
    return Promise.reject(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
}

let nats: NatsServer;
let kube: KubeTestServer;
let svc: TestService;
const responses: string[] = [];

async function gql<T>(query: string, variables: Record<string, unknown>, caller = MEMBER_A) {
  const result = await svc.graphql<T>(query, variables, caller);
  responses.push(JSON.stringify(result));
  return result;
}

async function importKubeconfig(input: Record<string, unknown>, caller = MEMBER_A): Promise<ImportResult[]> {
  const result = await gql<{ importKubeconfig: { results: ImportResult[] } }>(IMPORT, { input }, caller);
  if (!result.data) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  return result.data.importKubeconfig.results;
}

async function adminQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: svc.adminUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const rowCount = async () =>
  Number((await adminQuery<{ n: string }>('SELECT count(*) AS n FROM meshsync_ingest.connections'))[0]?.n);

beforeAll(async () => {
  nats = await startTestNats();
  kube = await startKubeTestServer();
  for (const name of ['node-a', 'node-b', 'node-c'])
    kube.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const definition = defineBackendService({
    name: 'meshsync-ingest',
    version: '0.0.0',
    defaultPort: 0,
    features: [{ ...connectionsFeature, module: ConnectionsModule.forRoot({ resolveHost: stubResolver }) }],
  });
  svc = await startTestService(definition, { natsUrl: nats.url, label: 'connections', env: ENV });
});

afterAll(async () => {
  await svc?.close();
  await kube?.stop();
  await nats?.stop();
});

describe('importKubeconfig', () => {
  it('imports every context; two contexts to one API server become one cluster with version and node count', async () => {
    const text = kubeconfigText({
      clusters: [{ name: 'kind', server: kube.url }],
      users: [{ name: 'admin', token: kube.token }],
      contexts: [
        { name: 'first', cluster: 'kind', user: 'admin' },
        { name: 'second', cluster: 'kind', user: 'admin' },
      ],
    });
    const results = await importKubeconfig({ kubeconfig: text, namePrefix: 'all-' });

    expect(results.map((r) => [r.context, r.connection?.name, r.connection?.status, r.error])).toEqual([
      ['first', 'all-first', 'CONNECTED', null],
      ['second', 'all-second', 'CONNECTED', null],
    ]);
    const [first, second] = results;
    expect(first?.connection?.clusterId).toBeTruthy();
    expect(second?.connection?.clusterId).toBe(first?.connection?.clusterId);
    const cluster = await gql<{
      cluster: {
        kubeSystemUid: string;
        version: string;
        nodeCount: number;
        status: string;
        connections: { name: string }[];
      };
    }>(
      'query($id: ID!) { cluster(id: $id) { kubeSystemUid version nodeCount status connections { name } } }',
      { id: first?.connection?.clusterId },
    );
    expect(cluster.data?.cluster).toEqual({
      kubeSystemUid: kube.clusterUid,
      version: expect.stringMatching(/^v1\./),
      nodeCount: 3,
      status: 'CONNECTED',
      connections: [{ name: 'all-first' }, { name: 'all-second' }],
    });
    const clusters = await gql<{ clusters: { totalCount: number } }>('{ clusters { totalCount } }', {});
    expect(clusters.data?.clusters.totalCount).toBe(1);
  });

  it('imports only the chosen contexts, and reports a chosen context that does not exist without blocking the others', async () => {
    const text = kubeconfigText({
      clusters: [{ name: 'kind', server: kube.url }],
      users: [{ name: 'admin', token: kube.token }],
      contexts: [
        { name: 'a', cluster: 'kind', user: 'admin' },
        { name: 'b', cluster: 'kind', user: 'admin' },
      ],
    });
    const results = await importKubeconfig({
      kubeconfig: text,
      contexts: ['b', 'nope'],
      namePrefix: 'chosen-',
    });
    expect(results.map((r) => [r.context, r.connection?.status ?? r.error?.code])).toEqual([
      ['b', 'CONNECTED'],
      ['nope', 'UNKNOWN_CONTEXT'],
    ]);
  });

  it('gives each broken context its own clear status or error while the good one connects', async () => {
    const garbage = await startHttpServer((_req, res) => res.end('<html>not kubernetes</html>'));
    const hanging = await startHttpServer(() => undefined);
    try {
      const text = kubeconfigText({
        clusters: [
          { name: 'good', server: kube.url },
          { name: 'closed', server: `http://127.0.0.1:${await closedPort()}` },
          { name: 'tls', server: kube.url.replace('http:', 'https:') },
          { name: 'garbage', server: garbage.url },
          { name: 'hanging', server: hanging.url },
          { name: 'metadata', server: 'http://169.254.169.254' },
        ],
        users: [
          { name: 'admin', token: kube.token },
          { name: 'plugin', exec: true },
        ],
        contexts: [
          { name: 'good', cluster: 'good', user: 'admin' },
          { name: 'closed', cluster: 'closed', user: 'admin' },
          { name: 'tls', cluster: 'tls', user: 'admin' },
          { name: 'garbage', cluster: 'garbage', user: 'admin' },
          { name: 'hanging', cluster: 'hanging', user: 'admin' },
          { name: 'exec', cluster: 'good', user: 'plugin' },
          { name: 'metadata', cluster: 'metadata', user: 'admin' },
        ],
      });
      const before = await rowCount();
      const results = await importKubeconfig({ kubeconfig: text, namePrefix: 'mixed-' });
      const byContext = Object.fromEntries(results.map((r) => [r.context, r]));

      expect(byContext['good']?.connection?.status).toBe('CONNECTED');
      expect(byContext['closed']?.connection).toMatchObject({
        status: 'DISCONNECTED',
        statusMessage: expect.stringMatching(/^UNREACHABLE/),
      });
      expect(byContext['tls']?.connection).toMatchObject({
        status: 'DISCONNECTED',
        statusMessage: expect.stringMatching(/^TLS/),
      });
      expect(byContext['garbage']?.connection).toMatchObject({
        status: 'DISCONNECTED',
        statusMessage: expect.stringMatching(/^BAD_RESPONSE/),
      });
      expect(byContext['hanging']?.connection).toMatchObject({
        status: 'DISCONNECTED',
        statusMessage: expect.stringMatching(/^TIMEOUT.*2500 ms/),
      });
      expect(byContext['exec']).toMatchObject({
        connection: null,
        error: { code: 'REFUSED_FIELD', field: 'users[1].user.exec' },
      });
      expect(byContext['metadata']).toMatchObject({
        connection: null,
        error: { code: 'SERVER_NOT_ALLOWED', field: 'clusters[5].cluster.server' },
      });
      expect(await rowCount()).toBe(before + 5);
    } finally {
      await garbage.close();
      await hanging.close();
    }
  });

  it('refuses private servers by default (names resolving there, literals, IPv4-mapped), connects what the allow list opens', async () => {
    const kubePort = new URL(kube.url).port;
    const text = kubeconfigText({
      clusters: [
        { name: 'named-private', server: 'https://private.cluster.test:6443' },
        { name: 'literal-private', server: 'https://10.0.0.1:6443' },
        { name: 'decimal-private', server: 'https://167772161:6443' },
        { name: 'mapped-private', server: 'https://mapped.cluster.test:6443' },
        { name: 'cgnat', server: 'https://100.64.0.1:6443' },
        { name: 'opened', server: `http://kube.cluster.test:${kubePort}` },
      ],
      users: [{ name: 'admin', token: kube.token }],
      contexts: [
        'named-private',
        'literal-private',
        'decimal-private',
        'mapped-private',
        'cgnat',
        'opened',
      ].map((name) => ({ name, cluster: name, user: 'admin' })),
    });
    const before = await rowCount();
    const results = await importKubeconfig({ kubeconfig: text, namePrefix: 'ssrf-' });
    expect(results.map((r) => [r.context, r.error?.code ?? r.connection?.status, r.error?.field])).toEqual([
      ['named-private', 'SERVER_NOT_ALLOWED', 'clusters[0].cluster.server'],
      ['literal-private', 'SERVER_NOT_ALLOWED', 'clusters[1].cluster.server'],
      ['decimal-private', 'SERVER_NOT_ALLOWED', 'clusters[2].cluster.server'],
      ['mapped-private', 'SERVER_NOT_ALLOWED', 'clusters[3].cluster.server'],
      ['cgnat', 'SERVER_NOT_ALLOWED', 'clusters[4].cluster.server'],
      ['opened', 'CONNECTED', undefined],
    ]);
    expect(results[0]?.error?.message).toMatch(/private address/);
    expect(results[4]?.error?.message).toMatch(/carrier-grade NAT/);
    expect(await rowCount()).toBe(before + 1);
    await gql('mutation($id: ID!) { deleteConnection(id: $id) { id } }', { id: results[5]?.connection?.id });
  });

  it.each([
    ['a YAML bomb', bomb(), /alias/i],
    ['no contexts', 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []', /contexts/],
    [
      'an unknown apiVersion',
      kubeconfigText({ clusters: [], users: [], contexts: [{ name: 'x', cluster: 'c', user: 'u' }] }, 'v2'),
      /apiVersion/,
    ],
  ])('refuses %s naming the field and writes nothing', async (_case, kubeconfig, pattern) => {
    const before = await rowCount();
    const result = await gql<unknown>(IMPORT, { input: { kubeconfig } });
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.kubeconfig' },
      message: expect.stringMatching(pattern),
    });
    expect(await rowCount()).toBe(before);
  });

  it('names the missing field of a context and stores nothing for it', async () => {
    const text =
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]';
    const before = await rowCount();
    const [result] = await importKubeconfig({ kubeconfig: text });
    expect(result?.error).toMatchObject({ code: 'MISSING_FIELD', field: 'clusters[0].cluster.server' });
    expect(await rowCount()).toBe(before);
  });

  it('accepts a kubeconfig of the full 1 MiB over HTTP: the body limit leaves room for it', async () => {
    const text =
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n# ';
    const kubeconfig = text + 'x'.repeat(1024 * 1024 - Buffer.byteLength(text));
    expect(Buffer.byteLength(kubeconfig)).toBe(1024 * 1024);

    const [result] = await importKubeconfig({ kubeconfig });

    expect(result?.error).toMatchObject({ code: 'MISSING_FIELD', field: 'clusters[0].cluster.server' });
  });

  it('refuses a 10 MB kubeconfig: the HTTP body limit first, then the parser size limit, writing nothing', async () => {
    const kubeconfig = `apiVersion: v1\nkind: Config\n# ${'x'.repeat(10 * 1024 * 1024)}`;
    const before = await rowCount();
    const http = await gql<unknown>(IMPORT, { input: { kubeconfig } });
    expect(http.status).toBe(413);
    const direct = svc.app
      .get(ConnectionsService)
      .importKubeconfig({ orgId: ORG_A, userId: MEMBER_A.userId, kubeconfig });
    await expect(direct).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'input.kubeconfig', reason: 'TOO_LARGE' },
    });
    expect(await rowCount()).toBe(before);
  });

  it('refuses a viewer, who may read but not write', async () => {
    const result = await gql<unknown>(
      IMPORT,
      { input: { kubeconfig: kube.kubeconfig() } },
      { ...MEMBER_A, roles: ['viewer' as never] },
    );
    expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('refuses with 401 a valid context the gateway signed for providers, replayed at meshsync-ingest, writing nothing', async () => {
    const before = await rowCount();
    const response = await fetch(svc.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...callerHeaders('providers', { ...MEMBER_A, roles: ['owner'] }),
      },
      body: JSON.stringify({ query: IMPORT, variables: { input: { kubeconfig: kube.kubeconfig() } } }),
    });

    expect(response.status).toBe(401);
    expect(await rowCount()).toBe(before);
  });
});

describe('ClusterDirectory', () => {
  it('lists connected clusters across tenants and builds a KubeConfig for one, only within its tenant', async () => {
    const directory = svc.app.get(ClusterDirectory);
    // Pings run every 300 ms here: on a loaded machine one can time out and mark the cluster disconnected until the
    // next one succeeds, so wait for the connected state rather than sampling it once.
    let clusters = await directory.connectedClusters();
    await waitFor(
      async () => {
        clusters = await directory.connectedClusters();
        return clusters.some((c) => c.orgId === ORG_A);
      },
      { description: "organization A's cluster connected", timeoutMs: 15_000 },
    );
    const ours = clusters.filter((c) => c.orgId === ORG_A);
    expect(ours).toHaveLength(1);
    expect(clusters.every((c) => c.orgId !== ORG_B)).toBe(true);
    const [entry] = ours;
    if (!entry) throw new Error('no connected cluster');
    const kc = await directory.kubeConfigFor(ORG_A, entry.clusterId);
    expect(kc.getCurrentCluster()?.server).toBe(kube.url);
    expect(kc.getCurrentUser()?.token).toBe(kube.token);
    await expect(directory.kubeConfigFor(ORG_B, entry.clusterId)).rejects.toBeInstanceOf(
      ClusterNotConnectedError,
    );
  });
});

describe('periodic ping', () => {
  it('marks a connection disconnected when its cluster stops answering, and connected again when it recovers', async () => {
    const flaky = await startKubeTestServer();
    try {
      const [result] = await importKubeconfig({ kubeconfig: flaky.kubeconfig({ context: 'flaky' }) });
      const id = result?.connection?.id;
      expect(result?.connection?.status).toBe('CONNECTED');
      const status = async () =>
        (
          await gql<{ connection: { status: string; statusMessage: string | null } }>(
            'query($id: ID!) { connection(id: $id) { status statusMessage } }',
            { id },
          )
        ).data?.connection;
      flaky.setFault('hang');
      await waitFor(async () => (await status())?.status === 'DISCONNECTED', {
        description: 'ping failure',
        timeoutMs: 10_000,
      });
      expect((await status())?.statusMessage).toMatch(/^TIMEOUT/);
      flaky.setFault('none');
      await waitFor(async () => (await status())?.status === 'CONNECTED', {
        description: 'ping recovery',
        timeoutMs: 10_000,
      });
      await gql('mutation($id: ID!) { deleteConnection(id: $id) { id } }', { id });
    } finally {
      await flaky.stop();
    }
  });
});

describe('credentials', () => {
  it('are encrypted at rest and appear in no API response', async () => {
    const rows = await adminQuery<{ row: string }>(
      'SELECT row_to_json(c)::text AS row FROM meshsync_ingest.connections c',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) expect(row).not.toContain(kube.token);
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) expect(response).not.toContain(kube.token);
  });

  it('are re-sealed under the newest key by the rotation, idempotently', async () => {
    const dataSource = svc.app.get(DataSource);
    const keyring = parseCredentialKeyring(`k2:${KEY_2},k1:${KEY_1}`);
    const first = await rotateConnectionCredentials(dataSource, keyring, { batchSize: 2 });
    expect(first.resealed).toBe(first.scanned);
    expect(first.resealed).toBeGreaterThan(2);
    const envelopes = await adminQuery<{ token: string }>(
      "SELECT credentials->'user'->'sealed'->>'token' AS token FROM meshsync_ingest.connections WHERE credentials IS NOT NULL",
    );
    for (const { token } of envelopes) expect(token.split('.')[1]).toBe(secretKeyId(KEY_2));
    const again = await rotateConnectionCredentials(dataSource, keyring);
    expect(again).toMatchObject({ scanned: first.scanned, resealed: 0 });
    // This service still holds only KEY_1 (operators deploy the new keyring before rotating): its pings now
    // say so instead of using anything else.
    await waitFor(
      async () =>
        (
          await adminQuery<{ n: string }>(
            "SELECT count(*) AS n FROM meshsync_ingest.connections WHERE status = 'connected'",
          )
        )[0]?.n === '0',
      { description: 'pings to fail on credentials sealed with an unknown key', timeoutMs: 10_000 },
    );
    const [message] = await adminQuery<{ status_message: string }>(
      'SELECT status_message FROM meshsync_ingest.connections WHERE credentials IS NOT NULL LIMIT 1',
    );
    expect(message?.status_message).toMatch(/^Credentials unavailable/);
  });
});

describe('connection lifecycle', () => {
  let connectionId: string;
  let clusterId: string;

  beforeAll(async () => {
    const [result] = await importKubeconfig({
      kubeconfig: kube.kubeconfig({ context: 'life' }),
      namePrefix: 'lifecycle-',
    });
    connectionId = result?.connection?.id ?? '';
    clusterId = result?.connection?.clusterId ?? '';
  });

  const mutate = (name: string, caller = MEMBER_A) =>
    gql<Record<string, { status: string; statusMessage: string | null }>>(
      `mutation($id: ID!) { ${name}(id: $id) { status statusMessage } }`,
      { id: connectionId },
      caller,
    );

  it('pings, disconnects (the ping then leaves it alone), reconnects and deletes, wiping credentials', async () => {
    expect((await mutate('pingConnection')).data?.['pingConnection']?.status).toBe('CONNECTED');
    expect((await mutate('disconnectConnection')).data?.['disconnectConnection']).toEqual({
      status: 'DISCONNECTED',
      statusMessage: 'Disconnected by a user',
    });
    expect((await mutate('pingConnection')).errors?.[0]?.extensions?.['code']).toBe(
      'CONNECTION_DISCONNECTED',
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    const still = await gql<{ connection: { status: string } }>(
      'query($id: ID!) { connection(id: $id) { status } }',
      { id: connectionId },
    );
    expect(still.data?.connection.status).toBe('DISCONNECTED');
    expect((await mutate('reconnectConnection')).data?.['reconnectConnection']?.status).toBe('CONNECTED');
    expect((await mutate('deleteConnection')).data?.['deleteConnection']?.status).toBe('DELETED');
    const [raw] = await adminQuery<{ credentials: unknown; deleted_at: Date | null }>(
      'SELECT credentials, deleted_at FROM meshsync_ingest.connections WHERE id = $1',
      [connectionId],
    );
    expect(raw).toMatchObject({ credentials: null, deleted_at: expect.any(Date) });
    expect((await mutate('pingConnection')).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('hides deleted connections from the list unless asked for by status', async () => {
    const list = (filter: Record<string, unknown>) =>
      gql<{ connections: { edges: { node: { id: string } }[] } }>(
        'query($filter: ConnectionFilter) { connections(first: 100, filter: $filter) { edges { node { id } } } }',
        { filter },
      );
    const ids = async (filter: Record<string, unknown>) =>
      (await list(filter)).data?.connections.edges.map((e) => e.node.id);
    expect(await ids({ nameContains: 'lifecycle-' })).toEqual([]);
    expect(await ids({ nameContains: 'lifecycle-', status: ['DELETED'] })).toEqual([connectionId]);
    expect(clusterId).not.toBe('');
  });
});

describe('lists', () => {
  it('pages connections by name with cursors, and filters by cluster and name', async () => {
    const query = `query($after: String) { connections(first: 2, after: $after, sort: { field: NAME, direction: ASC },
      filter: { nameContains: "all-" }) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await gql<{
      connections: {
        totalCount: number;
        edges: { node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(query, {});
    expect(page1.data?.connections).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    expect(page1.data?.connections.edges.map((e) => e.node.name)).toEqual(['all-first', 'all-second']);

    const byName = `query($after: String) { connections(first: 1, after: $after, sort: { field: NAME, direction: DESC }) {
      edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const names: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: {
        data?: {
          connections: {
            edges: { node: { name: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        } | null;
      } = await gql(byName, { after });
      names.push(...(page.data?.connections.edges.map((e) => e.node.name) ?? []));
      if (!page.data?.connections.pageInfo.hasNextPage) break;
      after = page.data.connections.pageInfo.endCursor;
    }
    expect(names).toEqual([...names].sort().reverse());
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses a cursor of another sort order and a page size out of range, naming the argument', async () => {
    const page = await gql<{ connections: { pageInfo: { endCursor: string } } }>(
      '{ connections(first: 1, sort: { field: NAME }) { pageInfo { endCursor } } }',
      {},
    );
    const wrong = await gql<unknown>(
      'query($after: String) { connections(first: 1, after: $after, sort: { field: STATUS }) { totalCount } }',
      {
        after: page.data?.connections.pageInfo.endCursor,
      },
    );
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    const big = await gql<unknown>('{ connections(first: 1000) { totalCount } }', {});
    expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  });
});

describe('tenant isolation', () => {
  it("shows org B nothing of org A's connections and clusters, even by id", async () => {
    const a = await gql<{ connections: { edges: { node: { id: string; clusterId: string | null } }[] } }>(
      '{ connections(first: 100) { edges { node { id clusterId } } } }',
      {},
    );
    const connected = a.data?.connections.edges.find((e) => e.node.clusterId)?.node;
    expect(connected).toBeDefined();
    const b = await gql<{
      connection: unknown;
      cluster: unknown;
      connections: { totalCount: number };
      clusters: { totalCount: number };
    }>(
      'query($id: ID!, $cluster: ID!) { connection(id: $id) { id } cluster(id: $cluster) { id } connections { totalCount } clusters { totalCount } }',
      { id: connected?.id, cluster: connected?.clusterId },
      MEMBER_B,
    );
    expect(b.data).toEqual({
      connection: null,
      cluster: null,
      connections: { totalCount: 0 },
      clusters: { totalCount: 0 },
    });
    const ping = await gql<unknown>(
      'mutation($id: ID!) { deleteConnection(id: $id) { id } }',
      { id: connected?.id },
      MEMBER_B,
    );
    expect(ping.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});

describe('the periodic ping', () => {
  it("claims what is due by the Clock's time, the time pings and leases are written with", async () => {
    const [result] = await importKubeconfig({ kubeconfig: kube.kubeconfig({ context: 'clocked' }) });
    const id = result?.connection?.id;
    expect(result?.connection?.status).toBe('CONNECTED');
    const claimedAt = async (at: number) =>
      (
        await new CrossTenantRepository(svc.app.get(DataSource), new ManualClock(at)).claimDuePings(
          300,
          1_000,
          500,
        )
      ).map((ref) => ref.connectionId);
    try {
      // Pinged a moment ago: not due an hour earlier, due a day later (the database's own now() says neither).
      expect(await claimedAt(Date.now() - 3_600_000)).not.toContain(id);
      expect(await claimedAt(Date.now() + 86_400_000)).toContain(id);
      const [lease] = await adminQuery<{ until: Date }>(
        'SELECT ping_lease_until AS until FROM meshsync_ingest.connections WHERE id = $1',
        [id],
      );
      expect(lease?.until.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    } finally {
      // The day-ahead claim leased every connection until tomorrow: give them back to the service's ping.
      await adminQuery('UPDATE meshsync_ingest.connections SET ping_lease_until = NULL');
      await gql('mutation($id: ID!) { deleteConnection(id: $id) { id } }', { id });
    }
  });
});

function bomb(): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${'b'.repeat(i)}: &${'b'.repeat(i)} [*${i === 1 ? 'a' : 'b'.repeat(i - 1)},*${i === 1 ? 'a' : 'b'.repeat(i - 1)},*${i === 1 ? 'a' : 'b'.repeat(i - 1)}]`,
    );
  return lines.join('\n');
}
