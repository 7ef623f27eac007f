import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@meshplane/runtime';
import { AdapterAddressPolicy, type HostLookup } from '../address/adapter-address.policy.js';
import { type AdapterHealthWorker } from '../health/adapter-health.worker.js';
import { type AdaptersRepository } from '../persistence/adapters.repository.js';
import { catalogueDigest } from '../probe/adapter-probe.js';
import { AdapterRegistryService } from '../registry/adapter-registry.service.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function registry() {
  const insert = vi.fn((row: unknown) => Promise.resolve(row));
  const resolve = vi.fn<HostLookup>(() => Promise.resolve([{ address: '127.0.0.1', family: 4 }]));
  const wake = vi.fn();
  const service = new AdapterRegistryService(
    { insert } as unknown as AdaptersRepository,
    new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, resolve),
    { wake } as unknown as AdapterHealthWorker,
    new ManualClock(Date.parse('2026-01-01T00:00:00Z')),
  );
  const request = { orgId: '00000000-0000-4000-8000-000000000001', userId: 'u1' };
  return { service, insert, resolve, wake, request };
}

describe('registerAdapter input', () => {
  it('names the field of a malformed address or TLS input, and stores nothing', async () => {
    const { service, insert, request } = registry();
    await expect(service.register({ ...request, address: 'no-port' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'input.address' },
    });
    await expect(
      service.register({ ...request, address: '127.0.0.1:1', tls: { caPem: 'not a certificate' } }),
    ).rejects.toMatchObject({ details: { field: 'input.tls.caPem' } });
    await expect(
      service.register({ ...request, address: '127.0.0.1:1', tls: { caPem: CA, serverName: 'bad name' } }),
    ).rejects.toMatchObject({ details: { field: 'input.tls.serverName' } });
    expect(insert).not.toHaveBeenCalled();
  });

  it('refuses a non-loopback IP by policy alone: no lookup, no row, no check', async () => {
    const { service, insert, resolve, wake, request } = registry();
    await expect(
      service.register({ ...request, address: '10.1.2.3:50051', tls: { caPem: CA } }),
    ).rejects.toMatchObject({
      code: 'ADDRESS_NOT_ALLOWED',
      details: { field: 'input.address' },
    });
    expect(resolve).not.toHaveBeenCalled();
    expect(insert).not.toHaveBeenCalled();
    expect(wake).not.toHaveBeenCalled();
  });

  it('stores a loopback adapter as UNKNOWN, due now, and wakes the checker', async () => {
    const { service, insert, wake, request } = registry();
    const row = await service.register({ ...request, address: '127.0.0.1:50051' });
    expect(row).toMatchObject({
      orgId: request.orgId,
      address: '127.0.0.1:50051',
      tls: null,
      health: 'UNKNOWN',
      consecutiveFailures: 0,
      nextCheckAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(insert).toHaveBeenCalledOnce();
    expect(wake).toHaveBeenCalledOnce();
  });
});

describe('catalogue digest', () => {
  it('is the same for the same catalogue whatever the key order, and differs when anything changes', () => {
    const info = { name: 'a', version: '1', mesh: 'noop', supportedMeshVersions: ['1'], features: [] };
    const one = { info, operations: [], components: [], fingerprints: [{ a: 1, b: 2 }] };
    const reordered = {
      fingerprints: [{ b: 2, a: 1 }],
      components: [],
      operations: [],
      info: { features: [], supportedMeshVersions: ['1'], mesh: 'noop', version: '1', name: 'a' },
    };
    expect(catalogueDigest(reordered)).toBe(catalogueDigest(one));
    expect(catalogueDigest({ ...one, info: { ...info, version: '2' } })).not.toBe(catalogueDigest(one));
  });
});
