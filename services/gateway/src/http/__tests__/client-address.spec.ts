import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cidrBlockList } from '@meshplane/config';
import { ClientAddresses } from '../client-address.js';

function request(peer: string | undefined, forwardedFor?: string | string[]): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

const behindProxies = new ClientAddresses(cidrBlockList(['10.0.0.0/8', 'fd00::/8']));

describe('client addresses', () => {
  it('is the peer, and X-Forwarded-For is ignored, when no proxy is trusted (the default)', () => {
    expect(new ClientAddresses(undefined).of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a client cannot pick its address', () => {
    expect(behindProxies.of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(behindProxies.of(request('::ffff:203.0.113.7', '10.0.0.1'))).toBe('::ffff:203.0.113.7');
  });

  it('takes the right-most untrusted hop behind trusted proxies, never what the client wrote left of it', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1" itself; the ingress appended the address it saw.
    expect(behindProxies.of(request('10.0.0.5', '1.1.1.1, 198.51.100.20'))).toBe('198.51.100.20');
    // Two proxies (edge 10.1.1.1, then ingress 10.0.0.5).
    expect(behindProxies.of(request('10.0.0.5', ['1.1.1.1, 198.51.100.20', '10.1.1.1']))).toBe(
      '198.51.100.20',
    );
    expect(behindProxies.of(request('::ffff:10.0.0.5', '2001:db8::9'))).toBe('2001:db8::9');
  });

  it('falls back to the peer on a malformed hop or a missing header', () => {
    expect(behindProxies.of(request('10.0.0.5', 'not-an-address'))).toBe('10.0.0.5');
    expect(behindProxies.of(request('10.0.0.5', '198.51.100.20:4711'))).toBe('10.0.0.5');
    expect(behindProxies.of(request('10.0.0.5'))).toBe('10.0.0.5');
    expect(behindProxies.of(request('10.0.0.5', ' , '))).toBe('10.0.0.5');
  });

  it('takes the left-most hop when every hop is a trusted proxy (a client inside the trusted network)', () => {
    expect(behindProxies.of(request('10.0.0.5', '10.9.9.9, 10.1.1.1'))).toBe('10.9.9.9');
  });

  it('walks at most twenty hops of a long header, in time linear in its length', () => {
    const header = `${Array.from({ length: 5000 }, () => '10.2.2.2').join(', ')}`;
    expect(behindProxies.of(request('10.0.0.5', `198.51.100.1, ${header}`))).toBe('10.2.2.2');
  });
});
