import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptersBrokerService } from '../adapters-broker.service-definition.js';
import { createAdapterServer, noopAdapter, type AdapterServer } from '@meshplane/adapters-sdk';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import {
  startTestService,
  TEST_CONTEXT_SECRET,
  type TestCaller,
  type TestService,
} from '@meshplane/service-testing';
import { verifyInternalContext } from '@meshplane/auth';
import {
  FINGERPRINT_RULES_AUDIENCE,
  fingerprintRulesRequest,
  type FingerprintRulesRequest,
} from '@meshplane/contracts';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const ADMIN_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['admin'] };
const VIEWER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['viewer'] };
const ADMIN_B: TestCaller = { orgId: ORG_B, userId: randomUUID(), roles: ['admin'] };

const ADAPTER_FIELDS = `id name address operatorConfigured tls
  health { status lastError lastCheckedAt nextCheckAt consecutiveFailures }
  info { name version mesh supportedMeshVersions }
  operations { name category versions inputSchema supportsDryRun supportsDelete idempotent }
  components { kind apiVersion schema } fingerprintRules`;
const REGISTER = `mutation($input: RegisterAdapterInput!) { registerAdapter(input: $input) { ${ADAPTER_FIELDS} } }`;
const ADAPTER = `query($id: ID!) { adapter(id: $id) { ${ADAPTER_FIELDS} } }`;
const ADAPTERS = `query($filter: AdapterFilter) { adapters(first: 50, filter: $filter) {
  totalCount edges { node { id address operatorConfigured health { status } } } } }`;

const fingerprintRequests: { orgId?: string; adapterId: string; rules: Record<string, unknown>[] }[] = [];

interface AdapterView {
  id: string;
  name: string | null;
  address: string;
  operatorConfigured: boolean;
  health: {
    status: string;
    lastError: string | null;
    lastCheckedAt: string | null;
    nextCheckAt: string;
    consecutiveFailures: number;
  };
  info: { name: string; mesh: string; supportedMeshVersions: string[] } | null;
  operations: { name: string; category: string; inputSchema: { properties?: Record<string, unknown> } }[];
  components: { kind: string }[];
  fingerprintRules: { mesh?: { id: string } }[];
}

let nats: NatsServer;
let svc: TestService;
let adapter: AdapterServer | undefined;
let adapterPort: number;
let registered: AdapterView;
let bus: NatsConnection;
/** AdapterChanged events as published (core subscription on the stream's subjects). */
const announced: {
  subject: string;
  payload: { health: string; previousHealth: string; catalogue?: unknown };
}[] = [];

/** A port nothing listens on (bound, then released): the operator's adapter that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startAdapter(port = 0): Promise<number> {
  adapter = createAdapterServer(noopAdapter());
  return adapter.listen(`127.0.0.1:${port}`);
}

async function view(id: string, caller = ADMIN_A) {
  return svc.graphql<{ adapter: AdapterView }>(ADAPTER, { id }, caller);
}

async function waitForHealth(id: string, status: string, extra: (a: AdapterView) => boolean = () => true) {
  let last: unknown;
  await waitFor(
    async () => {
      const result = await view(id);
      last = result.data?.adapter ?? result.errors;
      return result.data?.adapter.health.status === status && extra(result.data.adapter);
    },
    {
      description: `adapter ${id} ${status} (last: ${JSON.stringify(last)})`,
      timeoutMs: 20_000,
      intervalMs: 50,
    },
  );
  return (await view(id)).data?.adapter as AdapterView;
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

beforeAll(async () => {
  nats = await startTestNats();
  adapterPort = await startAdapter();
  bus = await connect({ servers: nats.url });
  bus.subscribe('adapters.v1.>', {
    callback: (_error, msg) => void announced.push({ subject: msg.subject, payload: msg.json() }),
  });
  // meshsync-ingest as far as the broker can tell: takes the adapters' fingerprint rules for discovery.
  bus.subscribe(fingerprintRulesRequest.subject, {
    callback: (_error, msg) => {
      const request = msg.json<FingerprintRulesRequest>();
      const ctx = verifyInternalContext(request.context, TEST_CONTEXT_SECRET, {
        audience: FINGERPRINT_RULES_AUDIENCE,
        kind: 'service',
      });
      fingerprintRequests.push({ orgId: ctx.orgId, adapterId: request.adapterId, rules: request.rules });
      msg.respond(JSON.stringify({ ok: true, registered: 1, unchanged: 0, refused: [] }));
    },
  });
  svc = await startTestService(adaptersBrokerService, {
    natsUrl: nats.url,
    label: 'adapter-registry',
    env: {
      ADAPTERS: `ops-noop=127.0.0.1:${await closedPort()}`,
      ADAPTER_CHECK_INTERVAL_MS: '200',
      ADAPTER_BACKOFF_INITIAL_MS: '100',
      ADAPTER_BACKOFF_MAX_MS: '400',
      ADAPTER_CALL_TIMEOUT_MS: '2000',
    },
  });
});

afterAll(async () => {
  await svc?.close();
  await bus?.close();
  await adapter?.close(0);
  await nats?.stop();
});

describe('adapter registry (no-op adapter on 127.0.0.1)', () => {
  it('registers an adapter, checks it at once and stores its catalogue', async () => {
    const result = await svc.graphql<{ registerAdapter: AdapterView }>(
      REGISTER,
      { input: { address: `127.0.0.1:${adapterPort}` } },
      ADMIN_A,
    );
    expect(result.errors).toBeUndefined();
    const id = result.data?.registerAdapter.id as string;
    registered = await waitForHealth(id, 'SERVING');
    expect(registered).toMatchObject({
      name: 'noop-adapter',
      operatorConfigured: false,
      info: { name: 'noop-adapter', mesh: 'noop', supportedMeshVersions: ['1.0.0', '1.1.0'] },
      health: { lastError: null, consecutiveFailures: 0 },
    });
    expect(registered.operations.map((op) => [op.name, op.category])).toEqual([
      ['install', 'INSTALL'],
      ['validate', 'VALIDATE'],
    ]);
    expect(registered.operations[0]?.inputSchema.properties).toHaveProperty('version');
    expect(registered.components.map((c) => c.kind)).toEqual(['NoopPolicy']);
    expect(registered.fingerprintRules.map((rule) => rule.mesh?.id)).toEqual(['noop']);
    // Its rules go to discovery for its organization (and again after later checks: registering them is idempotent).
    await waitFor(() => fingerprintRequests.some((r) => r.adapterId === id), {
      description: 'the adapter fingerprint rules sent to discovery',
      timeoutMs: 20_000,
    });
    expect(fingerprintRequests.find((r) => r.adapterId === id)).toMatchObject({
      orgId: ORG_A,
      rules: [expect.objectContaining({ mesh: { id: 'noop', name: 'No-op mesh' } })],
    });
    const subject = `adapters.v1.${ORG_A}.${id}.changed`;
    await waitFor(() => announced.some((e) => e.subject === subject), {
      description: `AdapterChanged on ${subject} (seen: ${announced.map((e) => e.subject).join(', ')})`,
      timeoutMs: 20_000,
    });
    expect(announced.find((e) => e.subject === subject)?.payload).toMatchObject({
      health: 'SERVING',
      previousHealth: 'UNKNOWN',
      catalogue: { info: { mesh: 'noop' } },
    });
  });

  it('lists it by health and mesh; the operator adapter is visible to every organization, its own only to A', async () => {
    const ofA = await svc.graphql<{ adapters: { edges: { node: AdapterView }[] } }>(
      ADAPTERS,
      { filter: { mesh: 'noop', health: ['SERVING'] } },
      VIEWER_A,
    );
    expect(ofA.data?.adapters.edges.map((e) => e.node.id)).toEqual([registered.id]);
    const all = async (caller: TestCaller) =>
      (
        await svc.graphql<{ adapters: { edges: { node: AdapterView }[] } }>(ADAPTERS, {}, caller)
      ).data?.adapters.edges.map((e) => [e.node.operatorConfigured, e.node.id === registered.id]);
    expect(await all(VIEWER_A)).toEqual(
      expect.arrayContaining([
        [true, false],
        [false, true],
      ]),
    );
    expect(await all(ADMIN_B)).toEqual([[true, false]]);
    const fromB = await view(registered.id, ADMIN_B);
    expect(fromB.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const removeFromB = await svc.graphql(
      `mutation($id: ID!) { unregisterAdapter(id: $id) }`,
      { id: registered.id },
      ADMIN_B,
    );
    expect(removeFromB.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("shows where the operator's adapters run (address, errors) to platform operators only", async () => {
    const operatorRow = async (caller: TestCaller) =>
      (
        await svc.graphql<{
          adapters: { edges: { node: AdapterView & { health: { lastError: string | null } } }[] };
        }>(
          `query { adapters(first: 50) { edges { node { id address operatorConfigured health { status lastError } } } } }`,
          {},
          caller,
        )
      ).data?.adapters.edges.find((e) => e.node.operatorConfigured)?.node;
    await waitFor(
      async () => (await operatorRow({ ...ADMIN_B, platformOperator: true }))?.health.lastError != null,
      {
        description: "the operator's adapter checked and found unreachable",
      },
    );
    const seenByOperator = await operatorRow({ ...ADMIN_B, platformOperator: true });
    expect(seenByOperator?.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seenByOperator?.health.lastError).toEqual(expect.any(String));
    for (const caller of [VIEWER_A, ADMIN_B]) {
      expect(await operatorRow(caller)).toMatchObject({
        address: null,
        health: { status: 'UNREACHABLE', lastError: null },
      });
    }
  });

  it('lets a viewer read but not register', async () => {
    const result = await svc.graphql(REGISTER, { input: { address: '127.0.0.1:1' } }, VIEWER_A);
    expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await view(registered.id, VIEWER_A)).data?.adapter.id).toBe(registered.id);
  });

  it('refuses a non-loopback address by policy: nothing stored, so nothing ever dials it', async () => {
    for (const address of ['10.1.2.3:50051', '[fd00::7]:50051', '169.254.169.254:80']) {
      const result = await svc.graphql(REGISTER, { input: { address } }, ADMIN_A);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('ADDRESS_NOT_ALLOWED');
      expect(result.errors?.[0]?.message).toMatch(/^input\.address: /);
    }
    const rows = await adminQuery(
      `SELECT 1 FROM adapters_broker.adapters WHERE address NOT LIKE '127.0.0.1:%'`,
    );
    expect(rows).toEqual([]);
  });

  it('goes UNREACHABLE with backoff when the adapter stops, and SERVING again when it is back', async () => {
    await adapter?.close(0);
    const down = await waitForHealth(registered.id, 'UNREACHABLE', (a) => a.health.consecutiveFailures >= 3);
    expect(down.health.lastError).toBeTruthy();
    // Backoff: the next check is scheduled further out than the healthy interval would allow after 3 failures
    // (100, 200, 400 ms, capped at 400), and never beyond the cap.
    const gap = Date.parse(down.health.nextCheckAt) - Date.parse(down.health.lastCheckedAt as string);
    expect(gap).toBe(400);
    await startAdapter(adapterPort);
    const back = await waitForHealth(registered.id, 'SERVING');
    expect(back.health).toMatchObject({ consecutiveFailures: 0, lastError: null });
    // Announced: each change of health once, not every failed check; the unchanged catalogue is not re-sent.
    // The worker records a check before it publishes the change, so the stored SERVING can be read before the
    // announcement has arrived here (a fresh check on a loaded machine did): wait for it.
    const ofThis = () => announced.filter((e) => e.subject.includes(registered.id)).map((e) => e.payload);
    await waitFor(() => ofThis().some((p) => p.previousHealth === 'UNREACHABLE' && p.health === 'SERVING'), {
      description: 'the adapter announced as UNREACHABLE>SERVING',
    });
    const ofIt = ofThis();
    // (A check racing the adapter's shutdown may see NOT_SERVING between SERVING and UNREACHABLE.)
    const changes = ofIt.map((p) => `${p.previousHealth}>${p.health}`);
    expect(changes[0]).toBe('UNKNOWN>SERVING');
    expect(changes.at(-1)).toBe('UNREACHABLE>SERVING');
    expect(changes).toContain(
      changes.includes('NOT_SERVING>UNREACHABLE') ? 'NOT_SERVING>UNREACHABLE' : 'SERVING>UNREACHABLE',
    );
    expect(
      ofIt.every(
        (p, i) => p.previousHealth !== p.health && (i === 0 || ofIt[i - 1]?.health === p.previousHealth),
      ),
    ).toBe(true);
    expect(ofIt.at(-1)?.catalogue).toBeUndefined();
  });

  it('unregisters it (admins of its organization)', async () => {
    const result = await svc.graphql<{ unregisterAdapter: boolean }>(
      `mutation($id: ID!) { unregisterAdapter(id: $id) }`,
      { id: registered.id },
      ADMIN_A,
    );
    expect(result.data?.unregisterAdapter).toBe(true);
    expect((await view(registered.id)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});
