import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdapterClient,
  createAdapterServer,
  noopAdapter,
  type AdapterServer,
  type RunCounter,
} from '@meshplane/adapters-sdk';
import { OperationExecutor, OperationsRepository } from '@meshplane/adapters-operations';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { sealToRecipient, signInternalContext, verifyInternalContext } from '@meshplane/auth';
import {
  ADAPTER_COMMANDS_AUDIENCE,
  adapterCommandsConsumer,
  adapterOperationCommand,
  type AdapterCommandResult,
  type AdapterOperationCommand,
  CONNECTION_CREDENTIALS_AUDIENCE,
  connectionCredentialsAad,
  connectionCredentialsRequest,
  type ConnectionCredentialsRequest,
  type ConnectionCredentialsResponse,
} from '@meshplane/contracts';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import {
  callerHeaders,
  TEST_CONTEXT_SECRET,
  startTestService,
  type TestCaller,
  type TestService,
} from '@meshplane/service-testing';
import { adaptersBrokerService } from '../adapters-broker.service-definition.js';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const ADMIN_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['admin'] };
const MEMBER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['member'] };
const VIEWER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['viewer'] };
const MEMBER_B: TestCaller = { orgId: ORG_B, userId: randomUUID(), roles: ['member'] };

const RUN_FIELDS = `id idempotencyKey adapterName operation category status message attempts input output
  events(first: 50) { edges { node { sequence severity summary progressPercent status suggestedRemediation } } }`;
const RUN = `mutation($input: RunAdapterOperationInput!) { runAdapterOperation(input: $input) { ${RUN_FIELDS} } }`;
const GET = `query($id: ID!) { adapterOperation(id: $id) { ${RUN_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelAdapterOperation(id: $id) { id status cancelRequested } }`;
const LIST = `query($filter: AdapterOperationFilter) { adapterOperations(first: 50, filter: $filter) {
  totalCount edges { node { id status } } } }`;

interface EventView {
  sequence: number;
  suggestedRemediation?: string[];
  severity: string;
  summary: string;
  progressPercent: number | null;
  status: string | null;
}
interface RunView {
  id: string;
  idempotencyKey: string;
  adapterName: string;
  operation: string;
  category: string;
  status: string;
  message: string | null;
  attempts: number;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  events: { edges: { node: EventView }[] };
}

let nats: NatsServer;
let svc: TestService;
let adapter: AdapterServer;
let adapterPort: number;
let adapterId: string;
let bus: NatsConnection;
const runs: RunCounter = new Map();
/** AdapterOperationEvent messages as published on JetStream (core subscription on org A's subjects). */
const published: { subject: string; sequence: number; status?: string }[] = [];

async function run(input: Record<string, unknown>, caller = MEMBER_A) {
  return svc.graphql<{ runAdapterOperation: RunView }>(RUN, { input: { adapterId, ...input } }, caller);
}

async function get(id: string, caller = VIEWER_A) {
  return svc.graphql<{ adapterOperation: RunView }>(GET, { id }, caller);
}

async function waitForStatus(id: string, status: string): Promise<RunView> {
  let last: unknown;
  await waitFor(
    async () => {
      const result = await get(id);
      last = result.data?.adapterOperation ?? result.errors;
      return result.data?.adapterOperation.status === status;
    },
    {
      description: `operation ${id} ${status} (last: ${JSON.stringify(last)})`,
      timeoutMs: 20_000,
      intervalMs: 50,
    },
  );
  return (await get(id)).data?.adapterOperation as RunView;
}

const sequences = (view: RunView) => view.events.edges.map((e) => e.node.sequence);

async function adminRows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
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
  adapter = createAdapterServer(noopAdapter(runs));
  adapterPort = await adapter.listen('127.0.0.1:0');
  bus = await connect({ servers: nats.url });
  bus.subscribe(`adapters.v1.${ORG_A}.operation.>`, {
    callback: (_error, msg) => {
      const payload = msg.json<{ sequence: number; status?: string }>();
      published.push({
        subject: msg.subject,
        sequence: payload.sequence,
        ...(payload.status && { status: payload.status }),
      });
    },
  });
  svc = await startTestService(adaptersBrokerService, {
    natsUrl: nats.url,
    label: 'adapter-operations',
    env: {
      ADAPTER_CHECK_INTERVAL_MS: '60000',
      ADAPTER_CALL_TIMEOUT_MS: '2000',
      ADAPTER_OPERATION_POLL_MS: '100',
      ADAPTER_OPERATION_LEASE_MS: '1500',
      ADAPTER_OPERATION_MAX_ATTEMPTS: '2',
    },
  });
  const registered = await svc.graphql<{ registerAdapter: { id: string } }>(
    `mutation($input: RegisterAdapterInput!) { registerAdapter(input: $input) { id } }`,
    { input: { address: `127.0.0.1:${adapterPort}` } },
    ADMIN_A,
  );
  adapterId = registered.data?.registerAdapter.id as string;
  await waitFor(
    async () =>
      (
        await svc.graphql<{ adapter: { health: { status: string } } }>(
          `query($id: ID!) { adapter(id: $id) { health { status } } }`,
          { id: adapterId },
          VIEWER_A,
        )
      ).data?.adapter.health.status === 'SERVING',
    { description: `adapter ${adapterId} SERVING`, timeoutMs: 20_000, intervalMs: 50 },
  );
});

afterAll(async () => {
  await svc?.close();
  await bus?.close();
  await adapter?.close(0);
  await nats?.stop();
});

describe('adapter operations through the broker (no-op adapter on 127.0.0.1)', () => {
  let first: RunView;

  it('runs an operation: events stored in order and published, then SUCCEEDED; the subscription follows it', async () => {
    const started = await run({
      operation: 'install',
      input: { version: '1.1.0', stepMs: 150 },
      idempotencyKey: 'install-1',
      namespace: 'noop-system',
    });
    expect(started.errors).toBeUndefined();
    first = started.data?.runAdapterOperation as RunView;
    expect(first).toMatchObject({
      category: 'INSTALL',
      adapterName: 'noop-adapter',
      idempotencyKey: 'install-1',
    });
    expect(first.input).toEqual({ version: '1.1.0', stepMs: 150, profile: 'default' });

    const live: EventView[] = [];
    const ws = createClient({
      url: svc.url.replace('http', 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: callerHeaders(adaptersBrokerService.name, VIEWER_A) });
        }
      },
    });
    const followed = new Promise<void>((resolve, reject) => {
      ws.subscribe<{ adapterOperationEvents: EventView }>(
        {
          query: `subscription($id: ID!) { adapterOperationEvents(operationId: $id) {
            sequence severity summary progressPercent status } }`,
          variables: { id: first.id },
        },
        {
          next: (msg) => void (msg.data && live.push(msg.data.adapterOperationEvents)),
          error: reject,
          complete: resolve,
        },
      );
    });

    const done = await waitForStatus(first.id, 'SUCCEEDED');
    expect(done.message).toBe('install no-op mesh 1.1.0');
    expect(sequences(done)).toEqual([1, 2, 3, 4]);
    expect(done.events.edges.at(-1)?.node).toMatchObject({ status: 'SUCCEEDED', progressPercent: 100 });
    expect(runs.get(first.id)).toBe(1);
    // Distinct sequences: on a loaded machine a lease can lapse and another claim re-attach, relaying again under
    // the same Nats-Msg-Id (JetStream keeps one); this core subscription sees every publish.
    const sequencesPublished = () =>
      new Set(published.filter((p) => p.subject.endsWith(`${first.id}.event`)).map((p) => p.sequence));
    await waitFor(() => sequencesPublished().size === 4, {
      description: `4 published events of ${first.id} (seen ${JSON.stringify(published)})`,
      timeoutMs: 20_000,
    });
    expect([...sequencesPublished()].sort()).toEqual([1, 2, 3, 4]);
    await followed;
    await ws.dispose();
    // Whenever it attached, the subscription ends with the final event.
    expect(live.at(-1)).toMatchObject({ sequence: 4, status: 'SUCCEEDED' });
  });

  it("records the adapter's output and a failure's cause and remedy", async () => {
    const ok = await run({ operation: 'validate', input: {} });
    const healthy = await waitForStatus(ok.data?.runAdapterOperation.id as string, 'SUCCEEDED');
    expect(healthy.output).toEqual({ healthy: true });
    const failing = await run({ operation: 'validate', input: { fail: true } });
    const failed = await waitForStatus(failing.data?.runAdapterOperation.id as string, 'FAILED');
    expect(failed.message).toBe('validate failed: control plane is not ready');
    expect(failed.events.edges.at(-1)?.node).toMatchObject({
      status: 'FAILED',
      suggestedRemediation: ['run validate with fail=false'],
    });
  });

  it("fetches the target connection's kubeconfig from meshsync-ingest per attempt, sealed, and fails on a refusal", async () => {
    const connected = randomUUID();
    const CLUSTER = randomUUID();
    const disconnected = randomUUID();
    const asked: { orgId?: string; requestId: string; connectionId: string }[] = [];
    // meshsync-ingest as far as the broker can tell: verifies the context, seals its answer to the request's key.
    const responder = bus.subscribe(connectionCredentialsRequest.subject, {
      callback: (_error, msg) => {
        const request = msg.json<ConnectionCredentialsRequest>();
        const ctx = verifyInternalContext(request.context, TEST_CONTEXT_SECRET, {
          audience: CONNECTION_CREDENTIALS_AUDIENCE,
          kind: 'service',
        });
        asked.push({ orgId: ctx.orgId, requestId: ctx.requestId, connectionId: request.connectionId });
        const answer: ConnectionCredentialsResponse =
          request.connectionId === connected
            ? {
                ok: true,
                kubeconfig: sealToRecipient(
                  Buffer.from('apiVersion: v1\nkind: Config\n'),
                  request.recipientKey,
                  connectionCredentialsAad(ctx.orgId ?? '', request.connectionId, ctx.requestId),
                ),
                clusterId: CLUSTER,
              }
            : {
                ok: false,
                code: 'NOT_CONNECTED',
                message: `Connection ${request.connectionId} is disconnected`,
              };
        msg.respond(JSON.stringify(answer));
      },
    });
    try {
      const ok = await run({ operation: 'validate', input: {}, connectionId: connected });
      const okId = ok.data?.runAdapterOperation.id as string;
      await waitForStatus(okId, 'SUCCEEDED');
      expect(asked).toEqual([{ orgId: ORG_A, requestId: okId, connectionId: connected }]);
      const [recorded] = await adminRows<{ cluster_id: string }>(
        'SELECT cluster_id FROM adapters_broker.adapter_operations WHERE id = $1',
        [okId],
      );
      expect(recorded?.cluster_id).toBe(CLUSTER);

      // The cluster's meshes as the broker knows them, through the federation entity meshsync-ingest's Cluster keys.
      const installed = await run({
        operation: 'install',
        input: { version: '1.0.0' },
        connectionId: connected,
      });
      await waitForStatus(installed.data?.runAdapterOperation.id as string, 'SUCCEEDED');
      const entities = `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Cluster { meshLifecycle { adapterName mesh state version } } } }`;
      const lifecycle = await svc.graphql<{ _entities: { meshLifecycle: unknown[] }[] }>(
        entities,
        { r: [{ __typename: 'Cluster', id: CLUSTER }] },
        VIEWER_A,
      );
      expect(lifecycle.data?._entities[0]?.meshLifecycle).toEqual([
        { adapterName: expect.any(String), mesh: 'noop', state: 'INSTALLED', version: '1.0.0' },
      ]);
      const foreign = await svc.graphql<{ _entities: { meshLifecycle: unknown[] }[] }>(
        entities,
        { r: [{ __typename: 'Cluster', id: CLUSTER }] },
        MEMBER_B,
      );
      expect(foreign.data?._entities[0]?.meshLifecycle).toEqual([]);

      const refused = await run({ operation: 'validate', input: {}, connectionId: disconnected });
      const refusedId = refused.data?.runAdapterOperation.id as string;
      const failed = await waitForStatus(refusedId, 'FAILED');
      expect(failed.message).toBe(`Connection ${disconnected} is disconnected (NOT_CONNECTED)`);
      expect(runs.get(refusedId)).toBeUndefined();
    } finally {
      responder.unsubscribe();
    }
    // Nobody answers (meshsync-ingest down): the attempts that sent nothing are retried, then the operation fails.
    const unanswered = await run({
      operation: 'install',
      input: { version: '1.0.0' },
      connectionId: connected,
    });
    const unansweredId = unanswered.data?.runAdapterOperation.id as string;
    const gaveUp = await waitForStatus(unansweredId, 'FAILED');
    expect(gaveUp.message).toMatch(/could not be fetched from meshsync-ingest/);
    expect(gaveUp.attempts).toBe(2);
    expect(runs.get(unansweredId)).toBeUndefined();
  });

  it('the same idempotency key returns the same operation and runs nothing again', async () => {
    const again = await run({
      operation: 'install',
      input: { version: '1.1.0', stepMs: 150 },
      idempotencyKey: 'install-1',
    });
    expect(again.data?.runAdapterOperation.id).toBe(first.id);
    expect(runs.get(first.id)).toBe(1);
  });

  it('refuses input that fails the operation schema, naming the field, before anything is stored or sent', async () => {
    const before = runs.size;
    const stored = async () =>
      (await svc.graphql<{ adapterOperations: { totalCount: number } }>(LIST, {}, VIEWER_A)).data
        ?.adapterOperations.totalCount;
    const storedBefore = await stored();
    const refused = await run({ operation: 'install', input: { version: '9.9.9', extra: true } });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/input\.version: must be one of/);
    expect(refused.errors?.[0]?.message).toMatch(/input\.extra: is not allowed/);
    expect(await stored()).toBe(storedBefore);
    expect(runs.size).toBe(before);
    const unknown = await run({ operation: 'teleport', input: {} });
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('another organization sees nothing: its reads, cancels and runs on org A adapter are NOT_FOUND', async () => {
    expect((await get(first.id, MEMBER_B)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const cancel = await svc.graphql(CANCEL, { id: first.id }, MEMBER_B);
    expect(cancel.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const runInB = await run({ operation: 'validate', input: {} }, MEMBER_B);
    expect(runInB.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const listed = await svc.graphql<{ adapterOperations: { totalCount: number } }>(LIST, {}, MEMBER_B);
    expect(listed.data?.adapterOperations.totalCount).toBe(0);
  });

  it('viewers read but may not run or cancel', async () => {
    const refused = await run({ operation: 'validate', input: {} }, VIEWER_A);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const cancel = await svc.graphql(CANCEL, { id: first.id }, VIEWER_A);
    expect(cancel.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('runs operations from RunAdapterOperation commands on JetStream, answering each on its result subject', async () => {
    const js = jetstream(bus);
    const results = new Map<string, AdapterCommandResult>();
    const answers = bus.subscribe('adapters.v1.*.command.*.result', {
      callback: (_error, msg) => {
        const result = msg.json<AdapterCommandResult>();
        results.set(result.commandId, result);
      },
    });
    const sign = (
      ctx: { orgId?: string; userId?: string; roles?: string[] },
      options: { now?: number; audience?: string } = {},
    ) =>
      signInternalContext({ ...ctx, roles: ctx.roles ?? [], requestId: randomUUID() }, TEST_CONTEXT_SECRET, {
        ttlMs: 60_000,
        audience: options.audience ?? ADAPTER_COMMANDS_AUDIENCE,
        kind: 'service',
        ...(options.now !== undefined && { now: options.now }),
      });
    const send = async (
      fields: Partial<AdapterOperationCommand>,
      subjectOrg: string = fields.orgId ?? ORG_A,
    ): Promise<AdapterCommandResult> => {
      const command: AdapterOperationCommand = {
        commandId: randomUUID(),
        orgId: ORG_A,
        context: sign(MEMBER_A),
        idempotencyKey: `command-${randomUUID()}`,
        adapterId,
        operation: 'install',
        input: { version: '1.1.0', stepMs: 10 },
        ...fields,
      };
      await js.publish(`adapter-commands.v1.${subjectOrg}.operation.run`, JSON.stringify(command), {
        msgID: adapterOperationCommand.msgId(command),
      });
      await waitFor(() => results.has(command.commandId), {
        description: `the answer to command ${command.commandId}`,
        timeoutMs: 20_000,
        intervalMs: 25,
      });
      return results.get(command.commandId) as AdapterCommandResult;
    };
    const keyed = async (key: string) =>
      adminRows<{ id: string }>(
        `SELECT id FROM adapters_broker.adapter_operations WHERE idempotency_key = $1`,
        [key],
      );
    try {
      // A member's command runs, as that member, exactly like the mutation.
      const accepted = await send({ idempotencyKey: 'command-install' });
      expect(accepted).toMatchObject({ accepted: true, created: true, idempotencyKey: 'command-install' });
      const operationId = accepted.accepted ? accepted.operationId : '';
      const done = await waitForStatus(operationId, 'SUCCEEDED');
      expect(done.input).toEqual({ version: '1.1.0', stepMs: 10, profile: 'default' });
      expect(
        await adminRows(`SELECT requested_by FROM adapters_broker.adapter_operations WHERE id = $1`, [
          operationId,
        ]),
      ).toEqual([{ requested_by: MEMBER_A.userId }]);
      // Sent again (a sender's retry, a new command id): the same operation, nothing runs again.
      const resent = await send({ idempotencyKey: 'command-install' });
      expect(resent).toMatchObject({ accepted: true, created: false, operationId });
      expect(runs.get(operationId)).toBe(1);

      // Refusals name why; nothing is stored for any of them.
      const refusals: [string, Partial<AdapterOperationCommand>, string?][] = [
        ['FORBIDDEN', { context: sign(VIEWER_A) }],
        ['UNAUTHORIZED', { context: sign(MEMBER_B) }], // a context of another organization
        ['UNAUTHORIZED', { context: sign({ orgId: ORG_A, roles: ['member'] }) }], // no user to act for
        ['UNAUTHORIZED', { context: sign(MEMBER_A, { audience: 'meshsync-ingest' }) }],
        ['UNAUTHORIZED', { context: sign(MEMBER_A, { now: Date.now() - 10 * 60_000 }) }], // expired when stored
        ['UNAUTHORIZED', { context: 'v1.forged.signature' }],
        ['UNAUTHORIZED', {}, ORG_B], // org A's command placed in org B's subject space
        ['BAD_USER_INPUT', { input: { version: '9.9.9' } }],
        ['BAD_USER_INPUT', { namespace: 'Not A Namespace' }],
        ['NOT_FOUND', { operation: 'teleport' }],
        ['NOT_FOUND', { adapterId: randomUUID() }],
      ];
      for (const [code, fields, subjectOrg] of refusals) {
        const key = `refused-${randomUUID()}`;
        const answer = await send({ ...fields, idempotencyKey: key }, subjectOrg);
        expect(answer, JSON.stringify(fields)).toMatchObject({ accepted: false, code });
        expect(await keyed(key)).toEqual([]);
      }
      const badInput = await send({ input: { version: '9.9.9' } });
      expect(badInput).toMatchObject({ accepted: false, field: 'input.version' });
      expect(badInput.accepted ? '' : badInput.message).toMatch(/input\.version: must be one of/);
    } finally {
      answers.unsubscribe();
    }
    // Every command was answered and acked: none waits in the work queue.
    const info = await jetstreamManager(bus).then((jsm) =>
      jsm.consumers.info(adapterCommandsConsumer.stream.name, adapterCommandsConsumer.durable),
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('cancels a running operation through its adapter: CANCELLED recorded', async () => {
    const started = await run({ operation: 'install', input: { version: '1.0.0', stepMs: 3_000 } });
    const id = started.data?.runAdapterOperation.id as string;
    await waitFor(() => runs.get(id) === 1, { description: `adapter running ${id}`, timeoutMs: 20_000 });
    const cancelled = await svc.graphql<{
      cancelAdapterOperation: { status: string; cancelRequested: boolean };
    }>(CANCEL, { id }, MEMBER_A);
    expect(cancelled.data?.cancelAdapterOperation.cancelRequested).toBe(true);
    const done = await waitForStatus(id, 'CANCELLED');
    expect(done.events.edges.at(-1)?.node.status).toBe('CANCELLED');
    expect(runs.get(id)).toBe(1);
  });

  it('resumes an operation whose replica died (lease expired) with the same id: the adapter runs it once', async () => {
    const id = randomUUID();
    const input = { version: '1.0.0', profile: 'default', stepMs: 400 };
    // The dead replica: it sent ApplyOperation, then vanished holding a lease that has already expired.
    const direct = new AdapterClient(`127.0.0.1:${adapterPort}`, undefined, 20_000);
    const firstCall = direct.applyOperation({
      operationId: id,
      operation: 'install',
      orgId: ORG_A,
      target: { connectionId: '', credentials: undefined },
      input,
    });
    // Settles either way; checked below so that a failed insert does not leave it unhandled.
    const firstAnswer = firstCall.then(
      (response) => response.state,
      (error: Error) => error,
    );
    await waitFor(() => runs.get(id) === 1, { description: `direct run ${id}`, timeoutMs: 20_000 });
    await adminRows(
      `INSERT INTO adapters_broker.adapter_operations (id, org_id, idempotency_key, adapter_id, adapter_name,
         operation, category, idempotent, connection_id, namespace, input, delete, dry_run, deadline_at, status,
         attempts, cancel_requested, lease_owner, lease_until, requested_by, created_at, started_at, updated_at)
       VALUES ($1::uuid, $2, $1::text, $3, 'noop-adapter', 'install', 'INSTALL', true, NULL, '', $4, false, false,
         now() + interval '5 minutes', 'RUNNING', 1, false, 'dead-replica', now() - interval '1 second', $5,
         now(), now(), now())`,
      [id, ORG_A, adapterId, JSON.stringify(input), MEMBER_A.userId],
    );
    const done = await waitForStatus(id, 'SUCCEEDED');
    expect(done.attempts).toBe(2);
    expect(sequences(done)).toEqual([1, 2, 3, 4]);
    expect(runs.get(id)).toBe(1);
    expect(await firstAnswer).toBe(adapterV1.OperationState.OPERATION_STATE_SUCCEEDED);
    direct.close();
  });

  it('records the end and its final event in one transaction, and neither when another replica holds the lease', async () => {
    const id = randomUUID();
    await adminRows(
      `INSERT INTO adapters_broker.adapter_operations (id, org_id, idempotency_key, adapter_id, adapter_name,
         operation, category, idempotent, connection_id, namespace, input, delete, dry_run, deadline_at, status,
         attempts, cancel_requested, lease_owner, lease_until, requested_by, created_at, started_at, updated_at)
       VALUES ($1::uuid, $2, $1::text, $3, 'noop-adapter', 'validate', 'VALIDATE', true, NULL, '', '{}', false, false,
         now() + interval '5 minutes', 'RUNNING', 1, false, 'replica-b', now() + interval '5 minutes', $4,
         now(), now(), now())`,
      [id, ORG_A, adapterId, MEMBER_A.userId],
    );
    const finalEvent = {
      operationId: id,
      sequence: 1,
      orgId: ORG_A,
      severity: 'INFO' as const,
      summary: 'validated',
      details: null,
      probableCause: [],
      suggestedRemediation: [],
      progressPercent: 100,
      status: 'SUCCEEDED' as const,
      at: new Date(),
    };
    const repository = svc.app.get(OperationsRepository);
    const stored = () =>
      adminRows<{ status: string; events: number }>(
        `SELECT status, (SELECT count(*)::int FROM adapters_broker.adapter_operation_events e
                          WHERE e.operation_id = o.id) AS events
           FROM adapters_broker.adapter_operations o WHERE id = $1`,
        [id],
      );

    // replica-a lost the lease to replica-b: its end is refused as a whole, the event rolled back with it.
    const refused = await repository.finish(
      ORG_A,
      id,
      'replica-a',
      { status: 'SUCCEEDED', message: 'done' },
      [finalEvent],
    );
    expect(refused).toBe(false);
    expect(await stored()).toEqual([{ status: 'RUNNING', events: 0 }]);

    const recorded = await repository.finish(
      ORG_A,
      id,
      'replica-b',
      { status: 'SUCCEEDED', message: 'done' },
      [finalEvent],
    );
    expect(recorded).toBe(true);
    expect(await stored()).toEqual([{ status: 'SUCCEEDED', events: 1 }]);
    // Another organization's transaction cannot end it (row-level security): nothing to update.
    expect(await repository.finish(ORG_B, id, 'replica-b', { status: 'FAILED', message: 'x' }, [])).toBe(
      false,
    );
  });

  it('fails an operation whose adapter dies mid-run, naming the adapter', async () => {
    const started = await run({ operation: 'install', input: { version: '1.0.0', stepMs: 3_000 } });
    const id = started.data?.runAdapterOperation.id as string;
    await waitFor(() => runs.get(id) === 1, { description: `adapter running ${id}`, timeoutMs: 20_000 });
    await adapter.close(0);
    const done = await waitForStatus(id, 'FAILED');
    expect(done.message).toMatch(/adapter noop-adapter unreachable or went away mid-operation/);
    expect(done.events.edges.at(-1)?.node).toMatchObject({ severity: 'ERROR', status: 'FAILED' });
    expect(runs.get(id)).toBe(1);
  });

  it('a replica shutting down leaves its running operation to another one (lease released, run not ended)', async () => {
    // The adapter killed above comes back on the same address.
    adapter = createAdapterServer(noopAdapter(runs));
    await adapter.listen(`127.0.0.1:${adapterPort}`);
    const started = await run({ operation: 'install', input: { version: '1.0.0', stepMs: 1_000 } });
    const id = started.data?.runAdapterOperation.id as string;
    await waitFor(() => runs.get(id) === 1, { description: `adapter running ${id}`, timeoutMs: 20_000 });
    await svc.app.get(OperationExecutor).beforeApplicationShutdown();
    const rows = await adminRows<{ status: string; lease_released: boolean }>(
      `SELECT status, lease_until <= now() AS lease_released FROM adapters_broker.adapter_operations WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ status: 'RUNNING', lease_released: true }]);
    expect(runs.get(id)).toBe(1);
  });
});
