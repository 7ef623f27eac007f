import { describe, expect, it } from 'vitest';
import { verifyInternalContext } from '@meshplane/auth';
import { Authenticator } from '../authenticator.js';

const SECRET = 'gateway-unit-test-context-secret-0123456789';

function authenticator() {
  return new Authenticator({
    contextSecrets: [SECRET],
    contextTtlMs: 60_000,
    // Never contacted: an anonymous request resolves nothing.
    providersUrl: 'http://127.0.0.1:9',
    localIssuer: 'meshplane-local',
    audience: 'meshplane',
    remoteProviders: [],
    jwksMaxAgeMs: 60_000,
    jwksRefetchCooldownMs: 1_000,
    cacheMaxEntries: 10,
    cacheMaxAgeMs: 0,
    fetchTimeoutMs: 1_000,
  });
}

describe('Authenticator', () => {
  it("signs the client's address into an anonymous caller's context (sign-in throttling needs it)", async () => {
    const gateway = authenticator();
    const caller = await gateway.authenticate({}, { clientAddress: '127.0.0.7' });

    const context = verifyInternalContext(gateway.sign(caller, 'providers'), SECRET, {
      audience: 'providers',
    });

    expect(context).toMatchObject({ roles: [], clientAddress: '127.0.0.7' });
    expect(context.userId).toBeUndefined();
    expect(context.credential).toBeUndefined();
  });
});
