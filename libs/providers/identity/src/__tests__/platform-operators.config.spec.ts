import { describe, expect, it } from 'vitest';
import { ConfigError } from '@meshplane/config';
import { platformOperatorsOf } from '../operators/platform-operators.config.js';
import { testIdentityConfig } from './support/test-config.js';

function failureOf(overrides: Record<string, string>): string {
  try {
    testIdentityConfig(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('PLATFORM_OPERATORS', () => {
  it('defaults to the local bootstrap admin, following LOCAL_ADMIN_EMAIL', () => {
    expect(platformOperatorsOf(testIdentityConfig())).toEqual([
      { provider: 'local', subject: 'admin@meshplane.local' },
    ]);
    expect(platformOperatorsOf(testIdentityConfig({ LOCAL_ADMIN_EMAIL: 'Root@Example.com' }))).toEqual([
      { provider: 'local', subject: 'root@example.com' },
    ]);
  });

  it('takes local emails and remote subjects (split at the first colon), and "none" for nobody', () => {
    const config = testIdentityConfig({
      REMOTE_PROVIDERS: 'acme=https://id.acme.example',
      PLATFORM_OPERATORS: ' local:Ops@Example.com , acme:user:42 ',
    });

    expect(platformOperatorsOf(config)).toEqual([
      { provider: 'local', subject: 'ops@example.com' },
      { provider: 'acme', subject: 'user:42' },
    ]);
    expect(platformOperatorsOf(testIdentityConfig({ PLATFORM_OPERATORS: 'none' }))).toEqual([]);
  });

  it.each([
    ['an entry without a provider', 'ops@example.com'],
    ['an empty subject', 'local:'],
    ['a local subject that is not an email', 'local:admin'],
    ['a duplicate', 'local:a@example.com,local:A@example.com'],
    ['a control character', 'acme:user\u0007'],
    ['only separators', ' , '],
  ])('fails fast naming the variable for %s', (_, value) => {
    expect(
      failureOf({ REMOTE_PROVIDERS: 'acme=https://id.acme.example', PLATFORM_OPERATORS: value }),
    ).toMatch(/PLATFORM_OPERATORS/);
  });

  it('refuses a provider that is neither local nor configured in REMOTE_PROVIDERS', () => {
    expect(failureOf({ PLATFORM_OPERATORS: 'acme:user:42' })).toMatch(/PLATFORM_OPERATORS.*acme/s);
  });
});
