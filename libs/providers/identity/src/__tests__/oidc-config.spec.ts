import { describe, expect, it } from 'vitest';
import { testIdentityConfig } from './support/test-config.js';

const corp = { name: 'corp', issuer: 'https://sso.corp.example/realms/corp', clientId: 'meshplane' };

function configError(overrides: Record<string, string>): string {
  try {
    testIdentityConfig(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('OpenID Connect configuration', () => {
  it('implies the client authentication from the credential given', () => {
    const config = testIdentityConfig({
      OIDC_PROVIDERS: JSON.stringify([corp]),
      OIDC_CLIENT_SECRETS: JSON.stringify({ corp: 's3cret-for-tests' }),
    });

    expect(config.OIDC_PROVIDERS).toEqual([
      { ...corp, scopes: ['openid', 'profile', 'email'], claimMappings: [] },
    ]);
  });

  it('reads blank variables as none (an env file line `OIDC_PROVIDERS=`)', () => {
    const config = testIdentityConfig({
      OIDC_PROVIDERS: ' ',
      OIDC_CLIENT_SECRETS: '',
      OIDC_CLIENT_PRIVATE_KEYS: '',
    });

    expect(config.OIDC_PROVIDERS).toEqual([]);
    expect(config.OIDC_CLIENT_SECRETS).toEqual({});
  });

  it.each([
    [{ OIDC_PROVIDERS: 'not json' }, /OIDC_PROVIDERS: must be JSON/],
    [{ OIDC_PROVIDERS: JSON.stringify([{ ...corp, clientAuth: 'none', extra: 1 }]) }, /OIDC_PROVIDERS/],
    [
      { OIDC_PROVIDERS: JSON.stringify([corp]) },
      /OIDC_PROVIDERS: \[0\] set clientAuth, or give "corp" a secret/,
    ],
    [
      { OIDC_PROVIDERS: JSON.stringify([{ ...corp, clientAuth: 'client_secret_post' }]) },
      /needs OIDC_CLIENT_SECRETS\["corp"\]/,
    ],
    [
      {
        OIDC_PROVIDERS: JSON.stringify([{ ...corp, issuer: 'http://sso.corp.example', clientAuth: 'none' }]),
      },
      /issuer must use https/,
    ],
    [
      { OIDC_PROVIDERS: JSON.stringify([{ ...corp, scopes: ['profile'], clientAuth: 'none' }]) },
      /scopes must include "openid"/,
    ],
    [
      {
        REMOTE_PROVIDERS: 'corp=https://id.corp.example',
        OIDC_PROVIDERS: JSON.stringify([{ ...corp, clientAuth: 'none' }]),
      },
      /"corp" is already a provider name/,
    ],
    [
      { OIDC_CLIENT_SECRETS: JSON.stringify({ ghost: 'x' }) },
      /OIDC_CLIENT_SECRETS: "ghost" is not a provider/,
    ],
    [{ OIDC_ALLOW_CIDRS: '10.0.0.0/33' }, /OIDC_ALLOW_CIDRS: "10\.0\.0\.0\/33" is not a CIDR/],
    [
      {
        OIDC_PROVIDERS: JSON.stringify([
          {
            ...corp,
            clientAuth: 'none',
            claimMappings: [{ claim: 'groups', value: 'x', organization: 'acme', role: 'superuser' }],
          },
        ]),
      },
      /OIDC_PROVIDERS: 0\.claimMappings\.0\.role/,
    ],
  ])('refuses %j at start, naming the variable', (overrides, message) => {
    expect(configError(overrides)).toMatch(message);
  });

  it('lets PLATFORM_OPERATORS name an OpenID Connect provider', () => {
    const config = testIdentityConfig({
      OIDC_PROVIDERS: JSON.stringify([{ ...corp, clientAuth: 'none' }]),
      PLATFORM_OPERATORS: 'corp:f81d4fae-7dec',
    });

    expect(config.PLATFORM_OPERATORS).toEqual([{ provider: 'corp', subject: 'f81d4fae-7dec' }]);
  });
});
