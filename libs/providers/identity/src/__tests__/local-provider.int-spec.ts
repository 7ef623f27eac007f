import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createTokenVerifier, type JsonWebKeySet } from '@meshplane/auth';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import { createServiceIdentity } from '@meshplane/runtime';
import { BackendServiceModule, loadBackendConfig } from '@meshplane/service-kit';
import { startTestNats } from '@meshplane/testing';
import { startTestService, TEST_CONTEXT_SECRET, type TestService } from '@meshplane/service-testing';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NatsServer } from '@meshplane/testing';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { LocalBootstrapService } from '../local/local-bootstrap.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  identityTestEnv,
  identityTestService,
  loginAsAdmin,
  origin,
  PAIR,
  type TokenPairResult,
  resolvePrincipal,
} from './support/identity-test-service.js';

let nats: NatsServer;
let svc: TestService;
let replica: INestApplication;
const definition = identityTestService;

async function adminQuery<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: svc.adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as R[];
  } finally {
    await client.end();
  }
}

async function jwks(): Promise<{ body: JsonWebKeySet; cacheControl: string | null }> {
  const response = await fetch(`${origin(svc)}${INTERNAL_PATHS.jwks}`);
  return {
    body: (await response.json()) as JsonWebKeySet,
    cacheControl: response.headers.get('cache-control'),
  };
}

async function resolve(accessToken: string) {
  return resolvePrincipal(svc, accessToken);
}

beforeAll(async () => {
  nats = await startTestNats();
  svc = await startTestService(definition, {
    natsUrl: nats.url,
    label: 'identity-local',
    env: identityTestEnv(),
  });
  // A second replica on the same database, booted the way the first one was.
  const config = loadBackendConfig(definition, {
    ...identityTestEnv(),
    DATABASE_URL: svc.appUrl,
    NATS_URL: nats.url,
    LOG_LEVEL: 'silent',
    INTERNAL_CONTEXT_SECRET: TEST_CONTEXT_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
  });
  replica = await NestFactory.create(
    BackendServiceModule.forRoot(definition, config, createServiceIdentity('providers', '0.0.0')),
    { logger: false, abortOnError: false },
  );
  await replica.init();
});

afterAll(async () => {
  await replica?.close();
  await svc?.close();
  await nats?.stop();
});

describe('local provider bootstrap', () => {
  it('creates one default organization owned by one admin, however many replicas start', async () => {
    const bootstrap = replica.get(LocalBootstrapService);
    await Promise.all([bootstrap.onApplicationBootstrap(), bootstrap.onApplicationBootstrap()]);

    const users = await adminQuery<{ id: string }>('SELECT id FROM providers.users WHERE email = $1', [
      ADMIN_EMAIL,
    ]);
    expect(users).toHaveLength(1);
    expect(await adminQuery('SELECT 1 FROM providers.organizations')).toHaveLength(1);
    expect(
      await adminQuery<{ role: string }>('SELECT role FROM providers.memberships WHERE user_id = $1', [
        users[0]?.id,
      ]),
    ).toEqual([{ role: 'owner' }]);
    const [credential] = await adminQuery<{ password_hash: string }>(
      'SELECT password_hash FROM providers.local_credentials',
    );
    expect(credential?.password_hash).toMatch(/^scrypt\$/);
    expect(credential?.password_hash).not.toContain(ADMIN_PASSWORD);
  });
});

describe('local login', () => {
  let pair: TokenPairResult;

  beforeAll(async () => {
    pair = await loginAsAdmin(svc);
  });

  it('issues an access token that verifies against the served JWKS, scoped to the default organization as owner', async () => {
    const { body, cacheControl } = await jwks();
    const verifier = createTokenVerifier({
      providers: [{ name: 'local', issuer: 'meshplane-local', audience: 'meshplane', jwks: body }],
    });

    const principal = await verifier.verify(pair.accessToken);

    expect(cacheControl).toMatch(/max-age=\d+/);
    expect(principal.orgId).toBe(pair.organizationId);
    expect(principal.roles).toEqual(['owner']);
    const [admin] = await adminQuery<{ id: string }>('SELECT id FROM providers.users WHERE email = $1', [
      ADMIN_EMAIL,
    ]);
    expect(principal.subject).toBe(admin?.id);
  });

  it('signs with the key every replica publishes', async () => {
    const served = (await jwks()).body.keys.map((key) => key.kid);
    const fromReplica = (await replica.get(SigningKeysService).jwks()).keys.map((key) => key.kid);

    expect(fromReplica).toEqual(served);
    expect(served).toContain(decodeProtectedHeader(pair.accessToken).kid);
  });

  it('answers a wrong password and an unknown email alike, without saying which', async () => {
    const attempt = (email: string, password: string) =>
      svc.graphql(
        `mutation($e: String!, $p: String!) { login(provider: "local", email: $e, password: $p) { accessToken } }`,
        {
          e: email,
          p: password,
        },
      );
    const [wrongPassword, unknownEmail] = await Promise.all([
      attempt(ADMIN_EMAIL, 'not the password at all'),
      attempt('nobody@meshplane.test', ADMIN_PASSWORD),
    ]);

    expect(wrongPassword.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail.errors?.[0]?.message).toBe(wrongPassword.errors?.[0]?.message);
  });

  it('refuses password login with a provider other than local, naming the provider argument', async () => {
    const result = await svc.graphql(
      `mutation { login(provider: "acme", email: "a@b.test", password: "whatever-password") { accessToken } }`,
    );

    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/^provider:/);
  });
});

describe('refresh and logout', () => {
  const refresh = (token: string) =>
    svc.graphql<{ refreshToken: TokenPairResult }>(
      `mutation($t: String!) { refreshToken(refreshToken: $t) { ${PAIR} } }`,
      { t: token },
    );

  it('rotates the refresh token, and a reuse revokes the session and its access tokens', async () => {
    const first = await loginAsAdmin(svc);
    const second = (await refresh(first.refreshToken)).data?.refreshToken;
    expect(second?.accessToken).toBeDefined();
    expect((await resolve(second?.accessToken ?? '')).status).toBe(200);

    const reuse = await refresh(first.refreshToken);

    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(second?.refreshToken ?? '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rejected = await resolve(second?.accessToken ?? '');
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('concurrent refreshes of one token on two replicas leave no token of the family alive', async () => {
    const first = await loginAsAdmin(svc);
    const onReplica = replica.get(SessionsService);
    const attempts = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? refresh(first.refreshToken).then((result) => result.data?.refreshToken)
        : onReplica.refresh(first.refreshToken).then(
            (pair) => pair,
            () => undefined,
          ),
    );

    const issued = (await Promise.all(attempts)).filter((pair) => pair !== undefined && pair !== null);

    expect(issued.length).toBeLessThanOrEqual(1);
    for (const pair of issued) {
      expect((await refresh(pair.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await (await resolve(pair.accessToken)).json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    }
    const family = await adminQuery<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM providers.refresh_tokens
        WHERE family_id = (SELECT family_id FROM providers.refresh_tokens WHERE access_token_id = $1)`,
      [decodeJwt(first.accessToken).jti],
    );
    expect(family.length).toBe(1 + issued.length);
    expect(family.every((row) => row.revoked)).toBe(true);
  });

  it('logout ends the session: the access token resolves as revoked and the refresh token is dead', async () => {
    const pair = await loginAsAdmin(svc);
    const out = await svc.graphql(`mutation($t: String!) { logout(refreshToken: $t) }`, {
      t: pair.refreshToken,
    });

    expect(out.data).toEqual({ logout: true });
    expect(await (await resolve(pair.accessToken)).json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await refresh(pair.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
