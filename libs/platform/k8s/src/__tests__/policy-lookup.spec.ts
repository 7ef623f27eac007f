import { type LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { policyLookup, type ServerUrlPolicy } from '../index.js';

function lookupOnce(policy: ServerUrlPolicy, hostname: string, all: boolean) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>(
    (resolve) => {
      policyLookup(policy)(hostname, { all }, (error, address) => resolve({ error, address }));
    },
  );
}

describe('policyLookup (connect-time check against DNS rebinding)', () => {
  it('fails the connection when the name now resolves to a refused address', async () => {
    const { error } = await lookupOnce({}, 'localhost', false);
    expect(error).toMatchObject({ code: 'EADDRNOTALLOWED', message: expect.stringMatching(/loopback/) });
  });

  it('answers in both single and all-addresses form when every address is allowed', async () => {
    const policy = { allowCidrs: ['127.0.0.0/8', '::1/128'] };
    const single = await lookupOnce(policy, 'localhost', false);
    expect(single.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(single.address);
    const all = await lookupOnce(policy, 'localhost', true);
    expect(all.error).toBeNull();
    expect((all.address as LookupAddress[]).length).toBeGreaterThan(0);
  });
});
