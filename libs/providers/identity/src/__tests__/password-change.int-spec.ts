import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { decodeJwt } from 'jose';
import { Logger } from '@nestjs/common';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import {
  ADMIN_EMAIL,
  identityTestEnv,
  identityTestService,
  PAIR,
  type TokenPairResult,
  resolvePrincipal,
} from './support/identity-test-service.js';

let nats: NatsServer;
let svc: TestService;
let dir: string;
let passwordFile: string;
const logged: MockInstance[] = [];

const LOGIN = `mutation($e: String!, $p: String!) { login(provider: "local", email: $e, password: $p) { ${PAIR} } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;

async function login(password: string) {
  return svc.graphql<{ login: TokenPairResult }>(LOGIN, { e: ADMIN_EMAIL, p: password });
}

/** The context the gateway signs for a caller presenting this session's access token. */
function sessionCaller(pair: TokenPairResult) {
  const claims = decodeJwt(pair.accessToken);
  return {
    userId: claims.sub ?? '',
    orgId: pair.organizationId ?? '',
    roles: ['owner' as const],
    provider: 'local',
    credential: 'access-token' as const,
    credentialId: claims.jti ?? '',
    clientAddress: '127.0.8.1',
  };
}

async function resolves(accessToken: string) {
  const response = await resolvePrincipal(svc, accessToken);
  return (await response.json()) as { code?: string };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshplane-bootstrap-'));
  passwordFile = join(dir, 'run', 'admin-password');
  for (const level of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const) {
    logged.push(vi.spyOn(Logger.prototype, level));
  }
  logged.push(vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write'));
  nats = await startTestNats();
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-password',
    env: identityTestEnv({ LOCAL_ADMIN_PASSWORD: '', LOCAL_ADMIN_PASSWORD_FILE: passwordFile }),
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await svc?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the generated bootstrap password', () => {
  it('is written once to a 0600 file, signs in, and appears in no log line', async () => {
    const password = readFileSync(passwordFile, 'utf8').trim();

    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((await login(password)).data?.login.accessToken).toBeDefined();
    const everything = logged.flatMap((spy) => spy.mock.calls).map((args) => JSON.stringify(args));
    expect(everything.some((line) => line.includes('BOOTSTRAP:') && line.includes(passwordFile))).toBe(true);
    expect(everything.filter((line) => line.includes(password))).toEqual([]);
  });
});

describe('changePassword', () => {
  it('is refused with a wrong current password, a short new one, or without a signed-in session', async () => {
    const current = readFileSync(passwordFile, 'utf8').trim();
    const pair = (await login(current)).data?.login;
    if (!pair) throw new Error('no session');
    const { credential: _c, credentialId: _i, ...sessionless } = sessionCaller(pair);

    const wrong = await svc.graphql(
      CHANGE,
      { c: 'not the password', n: 'a long enough new password' },
      sessionCaller(pair),
    );
    const short = await svc.graphql(CHANGE, { c: current, n: 'too-short' }, sessionCaller(pair));
    const apiToken = await svc.graphql(
      CHANGE,
      { c: current, n: 'a long enough new password' },
      { ...sessionless, credential: 'api-token', credentialId: 'x' },
    );
    const anonymous = await svc.graphql(CHANGE, { c: current, n: 'a long enough new password' });

    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toMatch(/^newPassword: must be 12 to/);
    expect(apiToken.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login(current)).data?.login).toBeDefined();
  });

  it('changes the password and ends every other session of the user, keeping the one that changed it', async () => {
    const current = readFileSync(passwordFile, 'utf8').trim();
    const next = 'the operator picked this one';
    const mine = (await login(current)).data?.login;
    const other = (await login(current)).data?.login;
    if (!mine || !other) throw new Error('no sessions');

    const changed = await svc.graphql(CHANGE, { c: current, n: next }, sessionCaller(mine));

    expect(changed.data).toEqual({ changePassword: true });
    expect((await login(current)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login(next)).data?.login.accessToken).toBeDefined();
    expect(await resolves(other.accessToken)).toMatchObject({ code: 'TOKEN_REVOKED' });
    const refresh = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`;
    expect((await svc.graphql(refresh, { t: other.refreshToken })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await svc.graphql(refresh, { t: mine.refreshToken })).errors).toBeUndefined();
    const everything = logged.flatMap((spy) => spy.mock.calls).map((args) => JSON.stringify(args));
    expect(everything.filter((line) => line.includes(next))).toEqual([]);
  });
});
