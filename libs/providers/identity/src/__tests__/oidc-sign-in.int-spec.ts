import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import { OrganizationsService, UsersService } from '@meshplane/providers-tenancy';
import {
  browseToCallback,
  startTestIdp,
  startTestNats,
  type NatsServer,
  type TestIdp,
} from '@meshplane/testing';
import { ManualClock } from '@meshplane/runtime';
import { startTestService, type GraphqlResult, type TestService } from '@meshplane/service-testing';
import {
  ADMIN_EMAIL,
  identityTestEnv,
  identityTestService,
  PAIR,
  type TokenPairResult,
  resolvePrincipal,
} from './support/identity-test-service.js';

const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';
const CORP_SECRET = 'corp-client-secret-for-tests';
const TEAM = 'platform-team';

let nats: NatsServer;
let corp: TestIdp;
let partner: TestIdp;
let svc: TestService;
let partnerKey: JWK;
const clock = new ManualClock(Date.now());

const BEGIN = `mutation($p: String!) { beginLogin(provider: $p) { authorizationUrl state } }`;
const COMPLETE = `mutation($p: String!, $c: String!, $s: String!, $i: String) {
  completeLogin(provider: $p, code: $c, state: $s, iss: $i, client: "oidc test") { ${PAIR} } }`;
const ME = `{ me { id email identities { provider subject email } memberships { organizationId role } } }`;

interface Me {
  id: string;
  email: string;
  identities: { provider: string; subject: string; email: string | null }[];
  memberships: { organizationId: string; role: string }[];
}

async function begin(provider: string): Promise<{ authorizationUrl: string; state: string }> {
  const result = await svc.graphql<{ beginLogin: { authorizationUrl: string; state: string } }>(BEGIN, {
    p: provider,
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.beginLogin;
}

function complete(
  provider: string,
  callback: URL,
): Promise<GraphqlResult<{ completeLogin: TokenPairResult }>> {
  const param = (name: string) => callback.searchParams.get(name);
  return svc.graphql(COMPLETE, {
    p: provider,
    c: param('code') ?? '',
    s: param('state') ?? '',
    i: param('iss'),
  });
}

/** The whole round trip: beginLogin, the browser at the provider as `account`, completeLogin. */
async function signIn(provider: string, idp: TestIdp, account: string) {
  idp.signInAs = account;
  const { authorizationUrl } = await begin(provider);
  return complete(provider, await browseToCallback(authorizationUrl, REDIRECT_URI));
}

async function me(pair: TokenPairResult | undefined): Promise<Me> {
  const claims = decodeJwt(pair?.accessToken ?? '');
  const result = await svc.graphql<{ me: Me }>(ME, {}, { userId: claims.sub ?? '' });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.me;
}

/** What the gateway asks providers for every request carrying this access token. */
async function resolves(
  pair: TokenPairResult,
): Promise<{ status: number; body: { code?: string; userId?: string } }> {
  const response = await resolvePrincipal(svc, pair.accessToken);
  return { status: response.status, body: (await response.json()) as { code?: string; userId?: string } };
}

beforeAll(async () => {
  nats = await startTestNats();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  partnerKey = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'meshplane-partner-1' };
  const client: ClientMetadata = {
    client_id: '',
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  };
  corp = await startTestIdp([
    {
      ...client,
      client_id: 'meshplane',
      client_secret: CORP_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      // What an operator registers for `meshplane login`: its loopback redirect, on any port (RFC 8252 §7.3).
      application_type: 'native',
      redirect_uris: [REDIRECT_URI, 'http://127.0.0.1/callback'],
    },
  ]);
  partner = await startTestIdp([
    {
      ...client,
      client_id: 'meshplane-at-partner',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'meshplane-partner-1', alg: 'ES256' }] },
    },
  ]);
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-oidc',
    clock,
    env: identityTestEnv({
      LOGIN_REDIRECT_URI: REDIRECT_URI,
      OIDC_METADATA_TTL_SECONDS: '60',
      // Both test providers run on 127.0.0.1: the outbound policy refuses loopback unless opened. 127.0.0.2
      // stays closed, for the refusal test.
      OIDC_ALLOW_CIDRS: '127.0.0.1/32',
      OIDC_ALLOW_INSECURE_HTTP: 'true',
      OIDC_PROVIDERS: JSON.stringify([
        {
          name: 'corp',
          displayName: 'Corp SSO',
          issuer: corp.issuer,
          clientId: 'meshplane',
          scopes: ['openid', 'email', 'profile', 'groups'],
          claimMappings: [
            { claim: 'groups', value: 'platform-admins', organization: TEAM, role: 'admin' },
            { claim: 'groups', value: 'platform-viewers', organization: TEAM, role: 'viewer' },
          ],
        },
        { name: 'partner', issuer: partner.issuer, clientId: 'meshplane-at-partner' },
        {
          name: 'internal',
          issuer: corp.issuer.replace('127.0.0.1', '127.0.0.2'),
          clientId: 'x',
          clientAuth: 'none',
        },
      ]),
      OIDC_CLIENT_SECRETS: JSON.stringify({ corp: CORP_SECRET }),
      OIDC_CLIENT_PRIVATE_KEYS: JSON.stringify({ partner: partnerKey }),
    }),
  });
  const admin = await svc.app.get(UsersService).findByEmail(ADMIN_EMAIL);
  await svc.app.get(OrganizationsService).createOrganization({ name: TEAM, ownerUserId: admin?.id ?? '' });
  corp.accounts.set('ada', {
    email: 'ada@corp.test',
    email_verified: true,
    name: 'Ada',
    groups: ['platform-admins'],
  });
  corp.accounts.set('mallory', { email: ADMIN_EMAIL, email_verified: true, name: 'Mallory' });
  corp.accounts.set('bob', { email: 'bob@corp.test', email_verified: false, name: 'Bob' });
  partner.accounts.set('p-7', { email: 'grace@partner.test', email_verified: true, name: 'Grace' });
});

afterAll(async () => {
  await svc?.close();
  await corp?.stop();
  await partner?.stop();
  await nats?.stop();
});

describe('OpenID Connect providers', () => {
  it('are listed next to the local provider with what they support', async () => {
    const result = await svc.graphql<{
      providers: {
        name: string;
        type: string;
        displayName: string | null;
        issuer: string | null;
        features: string[];
        reachable: boolean;
      }[];
    }>(`{ providers { name type displayName issuer features reachable } }`);

    expect(result.data?.providers).toEqual([
      expect.objectContaining({ name: 'local', type: 'LOCAL', reachable: true }),
      {
        name: 'corp',
        type: 'OIDC',
        displayName: 'Corp SSO',
        issuer: corp.issuer,
        features: ['login', 'pkce', 'claim-mapping', 'end-session'],
        reachable: true,
      },
      expect.objectContaining({
        name: 'partner',
        type: 'OIDC',
        features: ['login', 'pkce', 'end-session'],
        reachable: true,
      }),
      expect.objectContaining({ name: 'internal', type: 'OIDC', reachable: false }),
    ]);
  });

  it('signs in with the code flow (PKCE S256, state, nonce), provisioning the user on the first sign-in', async () => {
    const { authorizationUrl, state } = await begin('corp');
    const request = new URL(authorizationUrl).searchParams;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('nonce')).toMatch(/^[\w-]{32}$/);
    expect(request.get('state')).toBe(state);
    corp.signInAs = 'ada';

    const first = await complete('corp', await browseToCallback(authorizationUrl, REDIRECT_URI));
    const again = await signIn('corp', corp, 'ada');

    expect(first.errors).toBeUndefined();
    expect(decodeJwt(first.data?.completeLogin.accessToken ?? '').iss).toBe('meshplane-local');
    const ada = await me(first.data?.completeLogin);
    expect(ada.email).toBe('ada@corp.test');
    expect(ada.identities).toEqual([{ provider: 'corp', subject: 'ada', email: 'ada@corp.test' }]);
    expect((await me(again.data?.completeLogin)).id).toBe(ada.id);
  });

  it('signs a command-line client in through a loopback redirect URI of its choosing, and refuses any other', async () => {
    const BEGIN_AT = `mutation($p: String!, $r: String) { beginLogin(provider: $p, redirectUri: $r) { authorizationUrl } }`;
    const begun = (redirectUri: string) =>
      svc.graphql<{ beginLogin: { authorizationUrl: string } }>(BEGIN_AT, { p: 'corp', r: redirectUri });
    const loopback = 'http://127.0.0.1:53682/callback';
    corp.signInAs = 'ada';

    const authorizationUrl = (await begun(loopback)).data?.beginLogin.authorizationUrl ?? '';
    const signedIn = await complete('corp', await browseToCallback(authorizationUrl, loopback));
    const refused = await Promise.all(
      [
        'http://localhost:53682/callback',
        'http://127.0.0.1/callback',
        'https://127.0.0.1:53682/callback',
        'http://127.0.0.1:53682/callback?next=x',
        'http://10.0.0.1:53682/callback',
      ].map(begun),
    );

    expect(new URL(authorizationUrl).searchParams.get('redirect_uri')).toBe(loopback);
    expect(signedIn.errors).toBeUndefined();
    expect((await me(signedIn.data?.completeLogin)).email).toBe('ada@corp.test');
    for (const answer of refused) {
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'redirectUri' });
    }
  });

  it('signs in with private_key_jwt client authentication at a second provider', async () => {
    const result = await signIn('partner', partner, 'p-7');

    expect(result.errors).toBeUndefined();
    expect((await me(result.data?.completeLogin)).email).toBe('grace@partner.test');
  });

  it('never links by email: a claimed address that belongs to someone else gets an account of its own', async () => {
    const mallory = await me((await signIn('corp', corp, 'mallory')).data?.completeLogin);
    const bob = await me((await signIn('corp', corp, 'bob')).data?.completeLogin);
    const admin = await svc.app.get(UsersService).findByEmail(ADMIN_EMAIL);

    expect(mallory.id).not.toBe(admin?.id);
    expect(mallory.email).toMatch(/@identities\.invalid$/);
    // An address the provider does not say it verified is not taken either.
    expect(bob.email).toMatch(/@identities\.invalid$/);
    expect(mallory.memberships).toEqual([]);
  });

  it('maps the groups claim to a role in the organization it names, and follows the claim at each sign-in', async () => {
    const team = (
      await svc.app
        .get(OrganizationsService)
        .listForUser((await svc.app.get(UsersService).findByEmail(ADMIN_EMAIL))?.id ?? '')
    ).find((o) => o.organization.slug === TEAM)?.organization.id;
    const roleInTeam = async () =>
      (await me((await signIn('corp', corp, 'ada')).data?.completeLogin)).memberships.find(
        (m) => m.organizationId === team,
      )?.role;

    corp.accounts.set('ada', {
      ...corp.accounts.get('ada'),
      groups: ['platform-admins', 'platform-viewers'],
    });
    expect(await roleInTeam()).toBe('admin');
    corp.accounts.set('ada', { ...corp.accounts.get('ada'), groups: ['platform-viewers'] });
    expect(await roleInTeam()).toBe('viewer');
    corp.accounts.set('ada', { ...corp.accounts.get('ada'), groups: [] });
    expect(await roleInTeam()).toBeUndefined();
  });

  it('refuses a replayed state, and a state begun with another provider', async () => {
    corp.signInAs = 'ada';
    const { authorizationUrl } = await begin('corp');
    const callback = await browseToCallback(authorizationUrl, REDIRECT_URI);
    expect((await complete('corp', callback)).errors).toBeUndefined();

    const replay = await complete('corp', callback);
    partner.signInAs = 'p-7';
    const crossed = await complete(
      'corp',
      await browseToCallback((await begin('partner')).authorizationUrl, REDIRECT_URI),
    );

    expect(replay.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'STATE_INVALID',
    });
    expect(crossed.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'STATE_INVALID',
    });
  });

  it('refuses an ID token issued for another audience, though correctly signed', async () => {
    corp.rewriteIdToken = (claims) => ({ ...claims, aud: 'another-client' });
    try {
      const result = await signIn('corp', corp, 'ada');

      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'ID_TOKEN_INVALID',
      });
      expect(result.data).toBeNull();
    } finally {
      corp.rewriteIdToken = undefined;
    }
  });

  it('refuses an expired ID token', async () => {
    const now = Math.floor(clock.nowMs() / 1000);
    corp.rewriteIdToken = (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 });
    try {
      const result = await signIn('corp', corp, 'ada');

      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'ID_TOKEN_INVALID',
      });
    } finally {
      corp.rewriteIdToken = undefined;
    }
  });

  it('follows a key rotation at the provider without a restart', async () => {
    expect((await signIn('corp', corp, 'ada')).errors).toBeUndefined();
    const before = corp.lastKid;

    await corp.rotateKeys();
    clock.advance(6_000);
    const after = await signIn('corp', corp, 'ada');

    expect(after.errors).toBeUndefined();
    expect(corp.lastKid).not.toBe(before);
  });

  it('refuses a provider whose address the outbound policy does not open, without connecting', async () => {
    const result = await svc.graphql(BEGIN, { p: 'internal' });

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'IDENTITY_PROVIDER_NOT_ALLOWED',
      provider: 'internal',
    });
    expect(result.errors?.[0]?.message).toMatch(/OIDC_ALLOW_CIDRS/);
  });

  it('fails sign-in clearly while the provider is down, and sessions it began keep working', async () => {
    const session = (await signIn('corp', corp, 'ada')).data?.completeLogin;
    if (!session) throw new Error('no session');
    corp.signInAs = 'ada';
    const pending = await browseToCallback((await begin('corp')).authorizationUrl, REDIRECT_URI);

    await corp.stop();
    const completing = await complete('corp', pending);
    clock.advance(61_000);
    const beginning = await svc.graphql(BEGIN, { p: 'corp' });
    const listed = await svc.graphql<{ providers: { name: string; reachable: boolean }[] }>(
      `{ providers { name reachable } }`,
    );
    const refreshed = await svc.graphql<{ refreshToken: TokenPairResult }>(
      `mutation($t: String!) { refreshToken(refreshToken: $t) { ${PAIR} } }`,
      { t: session.refreshToken },
    );

    for (const failed of [completing, beginning]) {
      expect(failed.errors?.[0]?.extensions).toMatchObject({
        code: 'IDENTITY_PROVIDER_UNAVAILABLE',
        provider: 'corp',
      });
      expect(failed.errors?.[0]?.message).toMatch(
        /"corp" cannot be reached.*sessions already signed in keep working/,
      );
    }
    expect(listed.data?.providers.find((p) => p.name === 'corp')?.reachable).toBe(false);
    expect((await resolves(session)).status).toBe(200);
    expect(refreshed.errors).toBeUndefined();
    expect((await resolves(refreshed.data?.refreshToken as TokenPairResult)).status).toBe(200);
  });
});
