import { connectivityState, Metadata } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdapterServer, noopAdapter, type AdapterServer } from '@meshplane/adapters-sdk';
import { AdapterAddressPolicy } from '../address/adapter-address.policy.js';
import { type RegistryConfig } from '../config/registry.config.js';
import { AdapterDirectory, type AdapterConnection } from '../directory/adapter-directory.js';
import { type AdaptersRepository } from '../persistence/adapters.repository.js';

const noDns = () => Promise.reject(new Error('no DNS in this test'));

function directory(): AdapterDirectory {
  const policy = new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, noDns);
  return new AdapterDirectory({} as AdaptersRepository, policy, {} as RegistryConfig);
}

function connected(connection: AdapterConnection): Extract<AdapterConnection, { ok: true }> {
  if (!connection.ok) throw new Error(connection.reason);
  return connection;
}

async function validate(connection: Extract<AdapterConnection, { ok: true }>): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    connection.client.getInfo({}, new Metadata(), { deadline: Date.now() + 5_000 }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}

describe('AdapterDirectory channels (one per adapter, shared by its operations)', () => {
  let server: AdapterServer | undefined;
  let subject: AdapterDirectory | undefined;

  afterEach(async () => {
    subject?.onApplicationShutdown();
    await server?.close(0);
    server = undefined;
  });

  it('hands out the same client to operations on one adapter, and a channel of its own to another address', async () => {
    server = createAdapterServer(noopAdapter());
    const port = await server.listen('127.0.0.1:0');
    subject = directory();
    const first = connected(await subject.connect({ address: `127.0.0.1:${port}`, tls: null }));
    const second = connected(await subject.connect({ address: `127.0.0.1:${port}`, tls: null }));
    const other = connected(await subject.connect({ address: `[::1]:${port}`, tls: null }));

    expect(second.client).toBe(first.client);
    expect(other.client).not.toBe(first.client);
    await validate(first);
    first.release();
    second.release();
    other.release();
    // Released, not closed: the next operation reuses the open connection.
    const third = connected(await subject.connect({ address: `127.0.0.1:${port}`, tls: null }));
    expect(third.client).toBe(first.client);
    await validate(third);
    third.release();
  });

  it('drops a channel a call found unreachable, and one that failed while idle: the next attempt connects afresh', async () => {
    server = createAdapterServer(noopAdapter());
    const port = await server.listen('127.0.0.1:0');
    const address = `127.0.0.1:${port}`;
    subject = directory();
    const first = connected(await subject.connect({ address, tls: null }));
    await validate(first);
    first.release({ broken: true });
    const second = connected(await subject.connect({ address, tls: null }));
    expect(second.client).not.toBe(first.client);
    await validate(second);
    second.release();

    // The adapter goes away while nobody uses the channel, and a call (a health check's, say) fails to reconnect:
    // the channel waits out its reconnect backoff, failing calls meanwhile, even once the adapter is back.
    await server.close(0);
    await validate(second).catch(() => undefined);
    await expect(validate(second)).rejects.toThrow();
    expect(second.client.getChannel().getConnectivityState(false)).toBe(connectivityState.TRANSIENT_FAILURE);
    server = createAdapterServer(noopAdapter());
    await server.listen(address);
    const third = connected(await subject.connect({ address, tls: null }));
    expect(third.client).not.toBe(second.client);
    await validate(third);
    third.release();
  });

  it('still asks the address policy at every connect: a pooled channel is no way around a refusal', async () => {
    subject = directory();
    const refused = await subject.connect({ address: '10.0.0.1:50051', tls: null });
    expect(refused).toMatchObject({ ok: false });
  });
});
