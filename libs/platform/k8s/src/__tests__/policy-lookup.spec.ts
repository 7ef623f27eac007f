import { type LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { policyLookup, type HostLookup, type ServerUrlPolicy } from '../index.js';

/** A resolver stub answering each call with the next list of addresses (the last one repeats). */
function sequence(...answers: string[][]): HostLookup & { calls: number } {
  const stub = Object.assign(
    (_hostname: string) => {
      const answer = answers[Math.min(stub.calls, answers.length - 1)] ?? [];
      stub.calls += 1;
      return Promise.resolve(
        answer.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    },
    { calls: 0 },
  );
  return stub;
}

function lookupOnce(policy: ServerUrlPolicy, hostname: string, options: { all?: boolean; family?: number }) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>(
    (resolve) => {
      policyLookup(policy)(hostname, options, (error, address) => resolve({ error, address }));
    },
  );
}

// The lookup function is called directly: these decisions are made with no socket at all.
describe('policyLookup (the connect-time check)', () => {
  it('refuses a name that resolves to a private address', async () => {
    const { error } = await lookupOnce({ resolve: sequence(['10.0.0.1']) }, 'cluster.example', {});
    expect(error).toMatchObject({ code: 'EADDRNOTALLOWED', message: expect.stringMatching(/private/) });
  });

  it('resists DNS rebinding: public at the first lookup, private at the next, refused at the next connection', async () => {
    const resolve = sequence(['8.8.8.8'], ['10.0.0.1']);
    const first = await lookupOnce({ resolve }, 'rebind.example', {});
    expect(first).toEqual({ error: null, address: '8.8.8.8' });
    const second = await lookupOnce({ resolve }, 'rebind.example', {});
    expect(second.error).toMatchObject({ code: 'EADDRNOTALLOWED' });
    expect(resolve.calls).toBe(2);
  });

  it('refuses IPv4-mapped IPv6 answers by the IPv4 rules', async () => {
    for (const mapped of ['::ffff:10.0.0.1', '::ffff:a00:1', '::ffff:169.254.169.254']) {
      const { error } = await lookupOnce({ resolve: sequence([mapped]) }, 'mapped.example', { all: true });
      expect(error?.code).toBe('EADDRNOTALLOWED');
    }
  });

  it('refuses the whole name when any one of its addresses is refused', async () => {
    const { error } = await lookupOnce({ resolve: sequence(['8.8.8.8', 'fd00::1']) }, 'mixed.example', {
      all: true,
    });
    expect(error?.code).toBe('EADDRNOTALLOWED');
  });

  it('refuses the metadata hostnames by name, without resolving them', async () => {
    const resolve = sequence(['8.8.8.8']);
    const { error } = await lookupOnce(
      { resolve, allowCidrs: ['0.0.0.0/0'] },
      'metadata.google.internal',
      {},
    );
    expect(error?.code).toBe('EADDRNOTALLOWED');
    expect(resolve.calls).toBe(0);
  });

  it('answers the checked addresses, in single, all-addresses and one-family forms, when the allow list opens them', async () => {
    const policy = { allowCidrs: ['10.0.0.0/8', 'fd00::/8'], resolve: sequence(['10.0.0.1', 'fd00::1']) };
    expect(await lookupOnce(policy, 'in.example', {})).toEqual({ error: null, address: '10.0.0.1' });
    expect(await lookupOnce(policy, 'in.example', { all: true })).toEqual({
      error: null,
      address: [
        { address: '10.0.0.1', family: 4 },
        { address: 'fd00::1', family: 6 },
      ],
    });
    expect(await lookupOnce(policy, 'in.example', { family: 6 })).toEqual({
      error: null,
      address: 'fd00::1',
    });
  });

  it('refuses localhost through the system resolver unless loopback is opened', async () => {
    expect((await lookupOnce({}, 'localhost', {})).error?.code).toBe('EADDRNOTALLOWED');
    const opened = await lookupOnce({ allowCidrs: ['127.0.0.0/8', '::1/128'] }, 'localhost', {});
    expect(opened.error).toBeNull();
  });
});
