import { describe, expect, it, vi } from 'vitest';
import { parseAdapterAddress, type AdapterAddress } from '../address/adapter-address.js';
import { AdapterAddressPolicy, type HostLookup } from '../address/adapter-address.policy.js';

function address(text: string): AdapterAddress {
  const parsed = parseAdapterAddress(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const noDns: HostLookup = () => Promise.reject(new Error('no DNS in this test'));

describe('adapter address policy', () => {
  it('allows loopback always, plaintext included, and dials the literal', async () => {
    const policy = new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, noDns);
    expect(await policy.decide(address('127.0.0.1:50051'), false)).toEqual({
      allowed: true,
      address: { dial: '127.0.0.1:50051', authority: '127.0.0.1:50051', loopback: true },
    });
    expect(await policy.decide(address('[::1]:50051'), false)).toMatchObject({
      allowed: true,
      address: { dial: '[::1]:50051' },
    });
  });

  it('refuses any other address unless its range is allowed, naming the variable', async () => {
    const closed = new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, noDns);
    for (const text of ['10.1.2.3:50051', '203.0.113.9:443', '[fd00::1]:50051', '8.8.8.8:50051']) {
      const decision = await closed.decide(address(text), true);
      expect(decision.allowed).toBe(false);
      expect(!decision.allowed && decision.reason).toContain('ADAPTER_ALLOW_CIDRS');
    }
    const open = new AdapterAddressPolicy({ allowCidrs: ['10.1.0.0/16'], allowPlaintext: false }, noDns);
    expect((await open.decide(address('10.1.2.3:50051'), true)).allowed).toBe(true);
    expect((await open.decide(address('10.2.0.1:50051'), true)).allowed).toBe(false);
  });

  it('needs TLS off loopback unless plaintext is allowed', async () => {
    const policy = new AdapterAddressPolicy({ allowCidrs: ['10.1.0.0/16'], allowPlaintext: false }, noDns);
    const plain = await policy.decide(address('10.1.2.3:50051'), false);
    expect(!plain.allowed && plain.reason).toContain('plaintext is allowed to loopback adapters only');
    const allowing = new AdapterAddressPolicy({ allowCidrs: ['10.1.0.0/16'], allowPlaintext: true }, noDns);
    expect((await allowing.decide(address('10.1.2.3:50051'), false)).allowed).toBe(true);
  });

  it('never allows the metadata service, even inside an allowed range', async () => {
    const policy = new AdapterAddressPolicy({ allowCidrs: ['169.254.0.0/16'], allowPlaintext: true }, noDns);
    const decision = await policy.decide(address('169.254.169.254:80'), false);
    expect(!decision.allowed && decision.reason).toContain('metadata');
  });

  it('resolves a name and refuses it whole if any address is refused; dials the checked address', async () => {
    const resolve = vi.fn<HostLookup>((host) =>
      Promise.resolve(
        host === 'mixed.example'
          ? [
              { address: '127.0.0.1', family: 4 },
              { address: '10.9.9.9', family: 4 },
            ]
          : [{ address: '127.0.0.1', family: 4 }],
      ),
    );
    const policy = new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, resolve);
    expect((await policy.decide(address('mixed.example:1'), false)).allowed).toBe(false);
    expect(await policy.decide(address('adapter.example:50051'), false)).toEqual({
      allowed: true,
      address: { dial: '127.0.0.1:50051', authority: 'adapter.example:50051', loopback: true },
    });
    const unresolvable = new AdapterAddressPolicy({ allowCidrs: [], allowPlaintext: false }, noDns);
    const decision = await unresolvable.decide(address('nowhere.example:1'), false);
    expect(!decision.allowed && decision.reason).toBe('nowhere.example does not resolve');
  });
});
