import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@meshplane/auth';
import {
  CONTRACT_CHECKS,
  DEMO_USERS,
  runContractSuite,
  startRemoteProvider,
  type RemoteProviderHandle,
} from '../index.js';
import { ContractClient, type ContractTarget } from '../contract/contract-client.js';

let provider: RemoteProviderHandle;
let target: ContractTarget;

beforeAll(async () => {
  provider = await startRemoteProvider();
  const [rs] = provider.resourceServers;
  const [alice] = DEMO_USERS;
  if (!rs || !alice) throw new Error('the reference provider needs a resource server and a demo user');
  target = {
    baseUrl: provider.url,
    clientId: 'meshplane',
    redirectUri: 'http://127.0.0.1:4000/auth/callback',
    username: alice.username,
    password: alice.password,
    introspectionClientId: rs.clientId,
    introspectionClientSecret: rs.clientSecret,
    audience: 'meshplane',
  };
});

afterAll(async () => {
  await provider.stop();
});

describe('reference remote provider against the contract suite', () => {
  it('passes every contract check', async () => {
    const results = await runContractSuite(target);
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results).toHaveLength(CONTRACT_CHECKS.length);
  });

  it('fails the login check when the password is wrong, so the suite can catch a broken provider', async () => {
    const results = await runContractSuite({ ...target, password: 'wrong-password' });
    const login = results.find((r) => r.name.startsWith('PKCE login round trip'));
    expect(login).toMatchObject({ passed: false });
    expect(login?.reason).toContain('401');
  });

  it('fails the introspection check when given the wrong introspection client secret', async () => {
    const results = await runContractSuite({ ...target, introspectionClientSecret: 'not-the-secret' });
    expect(results.find((r) => r.name.startsWith('introspection'))).toMatchObject({ passed: false });
  });

  it('keeps tokens issued before a key rotation valid and verifies new ones after one JWKS refetch', async () => {
    const client = new ContractClient(target);
    const verifier = createTokenVerifier({
      providers: [
        {
          name: 'ref',
          issuer: provider.url,
          audience: 'meshplane',
          jwksUrl: `${provider.url}/.well-known/jwks.json`,
        },
      ],
      refetchCooldownMs: 0,
    });
    const before = await client.login();
    await expect(verifier.verify(before.access_token)).resolves.toMatchObject({ provider: 'ref' });
    provider.rotateKeys();
    const after = await client.login();
    await expect(verifier.verify(after.access_token)).resolves.toMatchObject({ provider: 'ref' });
    await expect(verifier.verify(before.access_token)).resolves.toMatchObject({ provider: 'ref' });
  });

  it('carries the seeded org and roles into the verified principal', async () => {
    const client = new ContractClient(target);
    const verifier = createTokenVerifier({
      providers: [
        {
          name: 'ref',
          issuer: provider.url,
          audience: 'meshplane',
          jwksUrl: `${provider.url}/.well-known/jwks.json`,
        },
      ],
    });
    const tokens = await client.login();
    await expect(verifier.verify(tokens.access_token)).resolves.toMatchObject({
      orgId: 'acme',
      roles: ['owner'],
      scopes: ['profile', 'persistence'],
    });
  });
});
