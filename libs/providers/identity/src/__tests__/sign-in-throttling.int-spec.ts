import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import { UsersService } from '@meshplane/providers-tenancy';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { startTestService, type GraphqlResult, type TestService } from '@meshplane/service-testing';
import { LocalCredentialsRepository } from '../local/local-credentials.repository.js';
import { hashPassword } from '../local/password-hash.js';
import { identityTestEnv, identityTestService } from './support/identity-test-service.js';

const MAX_PER_ACCOUNT = 3;
const MAX_PER_ADDRESS = 6;
const PASSWORD = 'a correct password for tests';

let nats: NatsServer;
let svc: TestService;

const LOGIN = `mutation($e: String!, $p: String!) { login(provider: "local", email: $e, password: $p) { accessToken } }`;

/** A sign-in as the gateway would forward it from `address`. */
function login(email: string, password: string, address: string): Promise<GraphqlResult> {
  return svc.graphql(LOGIN, { e: email, p: password }, { clientAddress: address });
}

async function localUser(email: string): Promise<void> {
  const user = await svc.app.get(UsersService).upsertByEmail({ email, displayName: email });
  await svc.app.get(LocalCredentialsRepository).insert(user.id, email, await hashPassword(PASSWORD));
}

const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.['code'];

beforeAll(async () => {
  nats = await startTestNats();
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-throttle',
    env: identityTestEnv({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_PER_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
      LOGIN_FAILURE_WINDOW_SECONDS: '600',
    }),
  });
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sign-in throttling', () => {
  it('refuses an account past its failures with TOO_MANY_ATTEMPTS and a retry-after, even with the right password', async () => {
    await localUser('locked@throttle.test');
    for (let i = 0; i < MAX_PER_ACCOUNT; i += 1) {
      expect(codeOf(await login('locked@throttle.test', 'wrong password', `127.0.1.${i}`))).toBe(
        'UNAUTHENTICATED',
      );
    }

    const refused = await login('Locked@Throttle.test', PASSWORD, '127.0.1.99');

    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = refused.errors?.[0]?.extensions?.['retryAfterSeconds'] as number;
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 600).toBe(true);
    expect(refused.errors?.[0]?.message).toMatch(
      /^Too many failed sign-in attempts: try again in \d+ seconds$/,
    );
  });

  it('answers an unknown account exactly as a known one, attempt by attempt', async () => {
    await localUser('known@throttle.test');
    const shape = (result: GraphqlResult) => ({
      data: result.data,
      code: codeOf(result),
      message: result.errors?.[0]?.message.replace(/\d+ seconds/, 'N seconds'),
      keys: Object.keys(result.errors?.[0]?.extensions ?? {}).sort(),
    });
    const known = [];
    const unknown = [];
    for (let i = 0; i <= MAX_PER_ACCOUNT; i += 1) {
      known.push(shape(await login('known@throttle.test', 'wrong password', `127.0.2.${i}`)));
      unknown.push(shape(await login('nobody@throttle.test', 'wrong password', `127.0.3.${i}`)));
    }

    expect(unknown).toEqual(known);
    expect(known.map((entry) => entry.code)).toEqual([
      ...Array<string>(MAX_PER_ACCOUNT).fill('UNAUTHENTICATED'),
      'TOO_MANY_ATTEMPTS',
    ]);
  });

  it('gives aliased login fields, in requests sent at once, no more guesses than the limit', async () => {
    await localUser('aliased@throttle.test');
    const fields = Array.from(
      { length: 12 },
      (_, i) =>
        `a${i}: login(provider: "local", email: "aliased@throttle.test", password: "guess-${i}") { accessToken }`,
    );
    const request = `mutation { ${fields.join(' ')} }`;

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => svc.graphql(request, {}, { clientAddress: `127.0.4.${i}` })),
    );

    const codes = results.flatMap((result) =>
      (result.errors ?? []).map((error) => error.extensions?.['code']),
    );
    expect(results.every((result) => result.data === null)).toBe(true);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThan(0);
    expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'TOO_MANY_ATTEMPTS')).toBe(true);
  });

  it('limits one client address across accounts, and leaves other addresses alone', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS; i += 1) {
      expect(codeOf(await login(`spray-${i}@throttle.test`, 'wrong password', '127.0.5.1'))).toBe(
        'UNAUTHENTICATED',
      );
    }

    expect(codeOf(await login('spray-new@throttle.test', 'wrong password', '127.0.5.1'))).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    expect(codeOf(await login('spray-new@throttle.test', 'wrong password', '127.0.5.2'))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('forgives an account its failures once the right password is given', async () => {
    await localUser('forgiven@throttle.test');
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i += 1) {
      await login('forgiven@throttle.test', 'wrong password', '127.0.6.1');
    }
    expect(codeOf(await login('forgiven@throttle.test', PASSWORD, '127.0.6.1'))).toBeUndefined();

    for (let i = 0; i < MAX_PER_ACCOUNT; i += 1) {
      expect(codeOf(await login('forgiven@throttle.test', 'wrong password', '127.0.6.1'))).toBe(
        'UNAUTHENTICATED',
      );
    }
  });

  it('logs a wrong password once at info level, without a stack, the email or the password', async () => {
    const error = vi.spyOn(Logger.prototype, 'error');
    const info = vi.spyOn(Logger.prototype, 'log');

    await login('quiet@throttle.test', 'secret-guess-1234', '127.0.7.1');

    expect(error).not.toHaveBeenCalled();
    const signIn = info.mock.calls.filter(([message]) => String(message).startsWith('sign-in refused'));
    expect(signIn).toHaveLength(1);
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).not.toContain('secret-guess-1234');
    expect(logged).not.toContain('quiet@throttle.test');
  });
});
