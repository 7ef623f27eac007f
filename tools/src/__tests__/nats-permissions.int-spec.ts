import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adapterCommandsConsumer,
  adapterCommandsStream,
  adaptersStream,
  connectionCredentialsRequest,
  deadLetterStream,
  discoveryStream,
  perfResultsStream,
  providersResultSyncConsumer,
  providersSystemLogConsumer,
  systemEvent,
  systemStream,
  type SystemEvent,
} from '@meshplane/contracts';
import { findNatsServerBinary, getFreePort, startNatsServer, type NatsServer } from '@meshplane/local-infra';
import { waitFor } from '@meshplane/testing';
import {
  connectMessaging,
  consume,
  ensureTopology,
  liveEvents,
  PermanentError,
  Publisher,
  type MessagingClient,
} from '@meshplane/messaging';
import { runDistributed, startLoadWorker } from '@meshplane/perf-distributed';
import { AckPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_NATS_AUTH } from '../deploy/nats-deploy-config.js';
import { localNatsUsers, natsPasswordVariable } from '../run/nats-users.js';
import { BACKEND_SERVICES } from '../run/service-catalog.js';
import { processEnv } from '@meshplane/config';

/**
 * nats-server 2.9 (Debian's, as in the local run) started with the per-service users rendered from the committed
 * `services/<name>/nats-permissions.json`: each service does its own work on the bus, and nothing else.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const { users, credentials } = localNatsUsers(repoRoot);
let server: NatsServer;
const clients: MessagingClient[] = [];

async function connectAs(service: string): Promise<MessagingClient> {
  const client = await connectMessaging({
    url: server.url,
    name: `${service}-perm-test`,
    service,
    credentials: credentials.get(service),
  });
  clients.push(client);
  return client;
}

function notice(service: string, message: string): SystemEvent {
  return {
    id: randomUUID(),
    service,
    instance: `${service}-1`,
    kind: 'notice',
    severity: 'info',
    message,
    at: new Date().toISOString(),
  };
}

beforeAll(async () => {
  const storeDir = await mkdtemp(join(tmpdir(), 'meshplane-nats-perm-'));
  await chmod(storeDir, 0o755);
  server = await startNatsServer({ storeDir, persistent: false, users });
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await server?.stop();
});

describe('per-service NATS users (generated permissions on nats-server)', () => {
  it('providers declares its topology, publishes its announcements, consumes them, dead-letters and follows SYSTEM live', async () => {
    const providers = await connectAs('providers');
    await ensureTopology(providers, {
      streams: [systemStream, deadLetterStream],
      consumers: [providersSystemLogConsumer],
    });
    const controller = new AbortController();
    const live = liveEvents(providers, systemStream, 'system.v1.>', systemEvent, {
      signal: controller.signal,
    });
    await live.ready;
    const liveSeen = (async () => {
      for await (const msg of live) if (msg.data.message === 'hello') return msg.data;
      return undefined;
    })();

    const handled: string[] = [];
    let poisoned!: () => void;
    const done = new Promise<void>((r) => (poisoned = r));
    const handle = consume(providers, providersSystemLogConsumer, systemEvent, async (msg) => {
      handled.push(msg.data.message);
      if (msg.data.message === 'poison') {
        poisoned();
        throw new PermanentError('refused by the test');
      }
    });
    await handle.ready;
    const publisher = new Publisher(providers);
    await publisher.publish(systemEvent, notice('providers', 'hello'));
    await publisher.publish(systemEvent, notice('providers', 'poison'));
    await done;

    expect((await liveSeen)?.service).toBe('providers');
    controller.abort();
    await handle.stop();
    expect(handled).toEqual(['hello', 'poison']);
    // The poison message was parked on providers' own dead-letter subject (a publish it is allowed).
    const parked = await providers.jsm.streams.info(deadLetterStream.name);
    expect(parked.state.messages).toBe(1);
    const acked = await providers.jsm.consumers.info(systemStream.name, providersSystemLogConsumer.durable);
    expect(acked.num_ack_pending).toBe(0);
  });

  it('meshsync-ingest publishes discovery batches and pulls them through a wildcard-filtered durable', async () => {
    const ingest = await connectAs('meshsync-ingest');
    await ensureTopology(ingest, {
      streams: [systemStream, deadLetterStream, discoveryStream],
      consumers: [],
    });
    await ingest.jsm.consumers.add(discoveryStream.name, {
      durable_name: 'inventory-resource-changes',
      filter_subject: 'discovery.v1.*.*.*.changes',
      ack_policy: AckPolicy.Explicit,
    });
    await ingest.js.publish('discovery.v1.org-1.cluster-1.core_v1_Pod.changes', '{}');
    const consumer = await ingest.js.consumers.get(discoveryStream.name, 'inventory-resource-changes');
    const msg = await consumer.next({ expires: 5_000 });
    expect(msg?.subject).toBe('discovery.v1.org-1.cluster-1.core_v1_Pod.changes');
    expect(await msg?.ackAck()).toBe(true);
  });

  it('refuses a service publishing on another service’s subjects: providers cannot write discovery events', async () => {
    const providers = await connectAs('providers');
    const ingest = await connectAs('meshsync-ingest');
    await ensureTopology(ingest, {
      streams: [systemStream, deadLetterStream, discoveryStream],
      consumers: [],
    });
    const before = (await ingest.jsm.streams.info(discoveryStream.name)).state.messages;

    await expect(
      providers.js.publish('discovery.v1.org-1.cluster-1.core_v1_Pod.changes', '{}', { timeout: 2_000 }),
    ).rejects.toThrow(/permission/i);
    // Nor may it announce itself as another service.
    await expect(
      new Publisher(providers).publish(systemEvent, notice('meshsync-ingest', 'spoofed')),
    ).rejects.toThrow(/permission/i);

    expect((await ingest.jsm.streams.info(discoveryStream.name)).state.messages).toBe(before);
  });

  it("lets providers create and consume perf's PERF_RESULTS (it may start first), never publish to it or change it", async () => {
    const providers = await connectAs('providers');
    const perf = await connectAs('perf');
    // providers first: the stream it only reads is created from the contract, its durable with it.
    await ensureTopology(providers, {
      streams: [systemStream, deadLetterStream],
      reads: [perfResultsStream],
      consumers: [providersResultSyncConsumer],
    });
    await ensureTopology(perf, {
      streams: [systemStream, deadLetterStream, perfResultsStream],
      consumers: [],
    });
    const subject = `perf.v1.results.${randomUUID()}.${randomUUID()}.recorded`;
    await expect(providers.js.publish(subject, '{}', { timeout: 2_000 })).rejects.toThrow(/permission/i);
    await expect(
      providers.jsm.streams.update(perfResultsStream.name, { subjects: ['perf.v1.>'] }),
    ).rejects.toThrow(/permission|timeout/i);
    await perf.js.publish(subject, '{}');
    const consumer = await providers.js.consumers.get(
      perfResultsStream.name,
      providersResultSyncConsumer.durable,
    );
    const message = await consumer.next({ expires: 5_000 });
    expect(message?.subject).toBe(subject);
    message?.ack();
    expect((await perf.jsm.streams.info(perfResultsStream.name)).config.subjects).toEqual([
      'perf.v1.results.>',
    ]);
  });

  it('refuses reading another service’s stream, consumers or replies, and managing what it does not declare', async () => {
    const perf = await connectAs('perf');
    await expect(perf.jsm.streams.info(discoveryStream.name)).rejects.toThrow(/permission|timeout/i);
    await expect(
      perf.jsm.consumers.add(discoveryStream.name, { name: 'snoop', ack_policy: AckPolicy.None }),
    ).rejects.toThrow(/permission|timeout/i);
    await expect(perf.jsm.streams.delete(systemStream.name)).rejects.toThrow(/permission|timeout/i);

    // Subscribing to another service's inbox (where its pulled messages and acks arrive) is refused.
    const sub = perf.nc.subscribe('_INBOX.meshsync-ingest.>');
    await expect(sub.closed).resolves.toBeInstanceOf(Error);
  });

  it('lets adapters-broker ask meshsync-ingest for credentials and meshsync-ingest answer it, and nobody else either', async () => {
    const subject = connectionCredentialsRequest.subject;
    const ingest = await connectAs('meshsync-ingest');
    const broker = await connectAs('adapters-broker');
    const perf = await connectAs('perf');
    const answering = ingest.nc.subscribe(subject, {
      queue: 'meshsync-ingest',
      callback: (_error, msg) => {
        msg.respond(`answer to ${msg.string()}`);
      },
    });
    await ingest.nc.flush();

    expect((await broker.nc.request(subject, 'broker', { timeout: 5_000 })).string()).toBe(
      'answer to broker',
    );
    // Another service may neither ask nor listen in; the answering service may not publish on its own.
    await expect(perf.nc.request(subject, 'perf', { timeout: 1_000 })).rejects.toThrow(
      /permission|timeout|no responders/i,
    );
    const snoop = perf.nc.subscribe(subject);
    await expect(snoop.closed).resolves.toBeInstanceOf(Error);
    const errors: Error[] = [];
    void (async () => {
      for await (const status of ingest.nc.status()) if (status.type === 'error') errors.push(status.error);
    })();
    ingest.nc.publish('_INBOX.adapters-broker.forged', 'unsolicited');
    await ingest.nc.flush();
    await waitFor(() => errors.some((e) => /permission/i.test(e.message)), {
      timeoutMs: 5_000,
      intervalMs: 50,
      description: 'the server refusing a publish to an inbox nobody asked from',
    });
    answering.unsubscribe();
  });

  it('lets adapters-broker take RunAdapterOperation commands from its durable and answer them; perf may not send one', async () => {
    const broker = await connectAs('adapters-broker');
    const perf = await connectAs('perf');
    await ensureTopology(broker, {
      streams: [systemStream, deadLetterStream, adaptersStream, adapterCommandsStream],
      consumers: [adapterCommandsConsumer],
    });
    const orgId = randomUUID();
    const subject = `adapter-commands.v1.${orgId}.operation.run`;
    await expect(perf.js.publish(subject, '{}', { timeout: 2_000 })).rejects.toThrow(/permission/i);
    await broker.js.publish(subject, '{}');
    const consumer = await broker.js.consumers.get(
      adapterCommandsStream.name,
      adapterCommandsConsumer.durable,
    );
    const msg = await consumer.next({ expires: 5_000 });
    expect(msg?.subject).toBe(subject);
    await broker.js.publish(`adapters.v1.${orgId}.command.${randomUUID()}.result`, '{}');
    expect(await msg?.ackAck()).toBe(true);
  });

  it('lets perf run a distributed load test as its own user: shards, worker pulls and acks, results followed', async () => {
    const perf = await connectAs('perf');
    const target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const stop = new AbortController();
    const worker = startLoadWorker({ client: perf, workerId: 'perm-test', signal: stop.signal });
    try {
      const result = await runDistributed({
        client: perf,
        options: {
          url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/`,
          model: 'closed',
          concurrency: 1,
          durationMs: 1_000,
          threads: 1,
        },
        workers: 1,
        orgId: randomUUID(),
        // Long enough for the worker to pick its shard up on a starved machine (npm test runs everything at once).
        leadMs: 3_000,
      });
      expect(result.partial).toBeUndefined();
      expect(result.requests).toBeGreaterThan(0);
    } finally {
      stop.abort();
      await worker.done.catch(() => undefined);
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it('refuses a connection without credentials, and one with a wrong password', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/authorization/i);
    await expect(
      connect({ servers: server.url, reconnect: false, user: 'providers', pass: 'not-the-password-0123' }),
    ).rejects.toThrow(/authorization/i);
  });
});

describe('the deployments’ auth.conf on nats-server 2.9', () => {
  it('reads every password from the environment, lets a service in, and does not start when one is missing', async () => {
    const binary = await findNatsServerBinary();
    if (!binary) throw new Error('nats-server is not installed');
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-nats-deploy-'));
    const config = join(dir, 'nats.conf');
    // As in docker/nats/nats.conf and the k8s ConfigMap: the committed auth.conf next to the config that includes it.
    await copyFile(join(repoRoot, DOCKER_NATS_AUTH), join(dir, 'auth.conf'));
    await writeFile(config, 'include ./auth.conf\n');
    const passwords = Object.fromEntries(
      BACKEND_SERVICES.map((s) => [natsPasswordVariable(s.name), `pw-${randomUUID()}`]),
    );
    const port = await getFreePort();
    const start = (env: Record<string, string>) =>
      spawn(binary, ['-c', config, '-a', '127.0.0.1', '-p', String(port)], {
        env: { PATH: processEnv()['PATH'] ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    try {
      const { [natsPasswordVariable('perf')]: _missing, ...withoutPerf } = passwords;
      const broken = start(withoutPerf);
      let output = '';
      broken.stderr.on('data', (d: Buffer) => (output += d.toString()));
      broken.stdout.on('data', (d: Buffer) => (output += d.toString()));
      const [code] = (await once(broken, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      expect(output).toContain(natsPasswordVariable('perf'));

      const server = start(passwords);
      try {
        let nc: Awaited<ReturnType<typeof connect>> | undefined;
        await waitFor(
          async () => {
            nc = await connect({
              servers: `nats://127.0.0.1:${port}`,
              user: 'perf',
              pass: passwords[natsPasswordVariable('perf')],
              reconnect: false,
            });
            return true;
          },
          { description: 'perf connecting with its password from the environment', timeoutMs: 10_000 },
        );
        await nc?.close();
        await expect(
          connect({
            servers: `nats://127.0.0.1:${port}`,
            user: 'perf',
            pass: 'wrong-password-0123',
            reconnect: false,
          }),
        ).rejects.toThrow(/authorization/i);
      } finally {
        server.kill('SIGTERM');
        if (server.exitCode === null) await once(server, 'exit');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
