import { describe, expect, it } from 'vitest';
import { AddressRefusedError, createPolicyFetch } from '../oidc/policy-fetch.js';

/** Every case is refused before a connection is attempted: nothing listens, nothing is dialled. */
describe('the identity providers fetch', () => {
  const fetch = createPolicyFetch({
    policy: { allowCidrs: ['203.0.113.0/24'], allowInsecureHttp: true },
    timeoutMs: 1_000,
    maxResponseBytes: 1024,
  });

  it.each([
    ['http://127.0.0.1:9/.well-known/openid-configuration', /loopback/],
    ['http://[::1]:9/token', /loopback/],
    ['http://169.254.169.254/latest/meta-data', /metadata/],
    ['http://10.1.2.3/jwks', /private/],
    ['http://localhost:9/jwks', /resolves to a loopback address/],
  ])('refuses %s unless an operator opened its range', async (url, reason) => {
    const refused = fetch(url);

    await expect(refused).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(refused).rejects.toThrow(reason);
  });

  it('refuses plain http unless allowed, and other schemes always', async () => {
    const strict = createPolicyFetch({ policy: {}, timeoutMs: 1_000, maxResponseBytes: 1024 });

    await expect(strict('http://sso.example/.well-known/openid-configuration')).rejects.toThrow(/plain http/);
    await expect(fetch('file:///etc/passwd')).rejects.toBeInstanceOf(AddressRefusedError);
  });
});
