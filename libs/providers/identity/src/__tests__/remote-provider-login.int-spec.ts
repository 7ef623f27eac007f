import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { serviceHeaders, startTestService, type TestService } from '@meshplane/service-testing';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import {
  identityTestEnv,
  identityTestService,
  PAIR,
  type TokenPairResult,
} from './support/identity-test-service.js';
import {
  providerAccessToken as accessTokenAt,
  signInAtProvider as signInAt,
  startReferenceProvider,
  type ReferenceProvider,
} from './support/reference-provider.process.js';
import { ManualClock } from '@meshplane/runtime';

const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';
const PROVIDER = 'ref';

let nats: NatsServer;
let provider: ReferenceProvider;
let svc: TestService;
const clock = new ManualClock(Date.now());

async function beginLogin(): Promise<{ authorizationUrl: string; state: string }> {
  const result = await svc.graphql<{ beginLogin: { authorizationUrl: string; state: string } }>(
    `mutation($p: String!) { beginLogin(provider: $p) { authorizationUrl state } }`,
    { p: PROVIDER },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.beginLogin;
}

function completeLogin(code: string, state: string) {
  return svc.graphql<{ completeLogin: TokenPairResult }>(
    `mutation($p: String!, $c: String!, $s: String!) { completeLogin(provider: $p, code: $c, state: $s) { ${PAIR} } }`,
    { p: PROVIDER, c: code, s: state },
  );
}

/** A provider access token obtained the way any client of the provider would (code + PKCE, no Meshplane). */
function providerAccessToken(username: string, password: string): Promise<string> {
  return accessTokenAt(provider.url, REDIRECT_URI, username, password);
}

beforeAll(async () => {
  nats = await startTestNats();
  provider = await startReferenceProvider(REDIRECT_URI);
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-remote',
    env: identityTestEnv({
      REMOTE_PROVIDERS: `${PROVIDER}=${provider.url}`,
      LOGIN_REDIRECT_URI: REDIRECT_URI,
      REMOTE_CAPABILITIES_TTL_SECONDS: '60',
    }),
    clock,
  });
});

afterAll(async () => {
  await svc?.close();
  await provider?.stop();
  await nats?.stop();
});

describe('login with a remote provider', () => {
  it('lists the local and the remote provider with what its capabilities advertise', async () => {
    const result = await svc.graphql<{
      providers: {
        name: string;
        type: string;
        version: string | null;
        features: string[];
        reachable: boolean;
      }[];
    }>(`{ providers { name type version features reachable } }`);

    expect(result.data?.providers.map((p) => [p.name, p.type, p.reachable])).toEqual([
      ['local', 'LOCAL', true],
      [PROVIDER, 'REMOTE', true],
    ]);
    const remote = result.data?.providers[1];
    expect(remote?.version).toBe('0.1.0');
    expect(remote?.features).toEqual(expect.arrayContaining(['login', 'token', 'userinfo']));
  });

  it('signs in through the code flow with PKCE, creating the user and identity from the profile', async () => {
    const { authorizationUrl, state } = await beginLogin();
    const authorize = new URL(authorizationUrl).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('state')).toBe(state);

    const callback = await signInAt(provider.url, authorizationUrl, 'alice', 'alice-password');
    expect(callback.searchParams.get('state')).toBe(state);
    const result = await completeLogin(callback.searchParams.get('code') ?? '', state);

    const pair = result.data?.completeLogin;
    expect(result.errors).toBeUndefined();
    const claims = decodeJwt(pair?.accessToken ?? '');
    expect(claims.iss).toBe('meshplane-local');
    const me = await svc.graphql<{
      me: { email: string; identities: { provider: string; subject: string; email: string | null }[] };
    }>(`{ me { email identities { provider subject email } } }`, {}, { userId: claims.sub ?? '' });
    expect(me.data?.me.email).toBe('alice@acme.test');
    expect(me.data?.me.identities).toEqual([
      { provider: PROVIDER, subject: 'user:alice', email: 'alice@acme.test' },
    ]);
  });

  it('refuses a state used twice', async () => {
    const { authorizationUrl, state } = await beginLogin();
    const code =
      (await signInAt(provider.url, authorizationUrl, 'bob', 'bob-password')).searchParams.get('code') ?? '';
    expect((await completeLogin(code, state)).errors).toBeUndefined();

    const replay = await completeLogin(code, state);

    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("exchanges the provider's own access token for Meshplane tokens of the same user", async () => {
    const first = await providerAccessToken('alice', 'alice-password');
    const exchanged = await svc.graphql<{ exchangeToken: TokenPairResult }>(
      `mutation($p: String!, $t: String!) { exchangeToken(provider: $p, accessToken: $t) { ${PAIR} } }`,
      { p: PROVIDER, t: first },
    );
    const viaLogin = await svc.graphql<{ me: { id: string } }>(
      `{ me { id } }`,
      {},
      {
        userId: decodeJwt(exchanged.data?.exchangeToken.accessToken ?? '').sub ?? '',
      },
    );

    expect(exchanged.errors).toBeUndefined();
    expect(viaLogin.data?.me.id).toBe(decodeJwt(exchanged.data?.exchangeToken.accessToken ?? '').sub);
    const tampered = await svc.graphql(
      `mutation($p: String!, $t: String!) { exchangeToken(provider: $p, accessToken: $t) { accessToken } }`,
      { p: PROVIDER, t: tamperSignature(first) },
    );
    expect(tampered.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves a remote subject seen for the first time to a new user without an organization', async () => {
    const resolve = (provider: string, subject: string) =>
      fetch(`${new URL(svc.url).origin}${INTERNAL_PATHS.resolvePrincipal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...serviceHeaders('providers') },
        body: JSON.stringify({
          provider,
          subject,
          tokenId: `${subject}-token`,
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        }),
      });

    const first = await resolve(PROVIDER, 'user:carol');
    const again = await resolve(PROVIDER, 'user:carol');
    const unknown = await resolve('not-configured', 'user:carol');

    const body = (await first.json()) as { userId: string; orgId?: string; roles: string[] };
    expect(first.status).toBe(200);
    expect(body.orgId).toBeUndefined();
    expect(body.roles).toEqual([]);
    expect(((await again.json()) as { userId: string }).userId).toBe(body.userId);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'TOKEN_UNKNOWN' });
  });

  it('names the provider argument when the provider is unknown', async () => {
    const result = await svc.graphql(`mutation { beginLogin(provider: "nope") { state } }`);

    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/^provider:/);
  });

  it('keeps serving the last capabilities, marked unreachable, once the provider is down', async () => {
    await provider.stop();
    clock.advance(61_000);

    const result = await svc.graphql<{
      providers: { name: string; version: string | null; reachable: boolean }[];
    }>(`{ providers { name version reachable } }`);

    expect(result.data?.providers[1]).toEqual({ name: PROVIDER, version: '0.1.0', reachable: false });
  });
});

/**
 * Flips one character in the middle of the signature: the last characters of a base64url Ed25519 signature
 * carry padding bits, so rewriting them can leave the signature valid (it did, once in a fresh-clone run).
 */
function tamperSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const at = Math.floor(signature.length / 2);
  const flipped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
}
