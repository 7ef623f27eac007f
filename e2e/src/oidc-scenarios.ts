import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BeginLoginDocument,
  CompleteLoginDocument,
  CreateOrganizationDocument,
  CreateWorkspaceDocument,
  MeDocument,
  ProvidersDocument,
  RefreshTokenDocument,
  type GraphqlResult,
} from '@meshplane/client';
import { browseToCallback, startTestIdp, waitFor, type TestIdp } from '@meshplane/testing';
import { clientOf, type Credentials } from './harness/graphql-client.js';
import { LOOPBACK_REFUSAL } from './harness/loopback-refusal.js';
import { meshplaneCli } from './harness/meshplane-cli.js';
import { type SystemUnderTest } from './harness/system-under-test.js';
import { dataOf, localLogin, type TokenPair } from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';
const PROVIDER = 'corp';
const CLIENT_SECRET = `e2e-client-secret-${randomUUID()}`;
/** The server's registered redirect: a browser would load it; the tests stop just before (nothing listens there). */
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';
/** The organization the claim mapping names (by slug), created by the local admin once the system runs. */
const TEAM = 'platform-team';
/** Short, so that once the provider is down a new sign-in notices within seconds (the least allowed). */
const METADATA_TTL_SECONDS = 5;

/** The test identity provider's client for Meshplane, registered before the system starts (its issuer is config). */
export async function startOidcIdp(): Promise<TestIdp> {
  const started = await startTestIdp([
    {
      client_id: 'meshplane',
      client_secret: CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      response_types: ['code'],
      grant_types: ['authorization_code'],
      // The server's redirect, and what `meshplane login` uses: its loopback redirect on any port (RFC 8252 §7.3).
      application_type: 'native',
      redirect_uris: [REDIRECT_URI, 'http://127.0.0.1/callback'],
    },
  ]);
  started.accounts.set('ada', {
    email: 'ada@corp.test',
    email_verified: true,
    name: 'Ada',
    groups: ['platform-admins'],
  });
  started.accounts.set('grace', { email: 'grace@corp.test', email_verified: true, name: 'Grace' });
  return started;
}

/** The system's configuration for that provider: OIDC_PROVIDERS with a claim mapping, its secret, loopback opened. */
export function oidcEnv(provider: TestIdp): Record<string, string> {
  return {
    LOGIN_REDIRECT_URI: REDIRECT_URI,
    OIDC_PROVIDERS: JSON.stringify([
      {
        name: PROVIDER,
        displayName: 'Corp SSO',
        issuer: provider.issuer,
        clientId: 'meshplane',
        scopes: ['openid', 'email', 'profile', 'groups'],
        claimMappings: [{ claim: 'groups', value: 'platform-admins', organization: TEAM, role: 'admin' }],
      },
    ]),
    OIDC_CLIENT_SECRETS: JSON.stringify({ [PROVIDER]: CLIENT_SECRET }),
    // The provider runs on loopback, which the outbound policy refuses unless opened.
    OIDC_ALLOW_CIDRS: '127.0.0.1/32',
    OIDC_ALLOW_INSECURE_HTTP: 'true',
    OIDC_METADATA_TTL_SECONDS: String(METADATA_TTL_SECONDS),
  };
}

let system: SystemUnderTest;
let idp: TestIdp;
let refused: string[];
let admin: Credentials;
let teamId: string;
let cliDir: string;

/** beginLogin through the gateway, then what the browser does at the provider as `account`, up to the redirect. */
async function beginAndBrowse(account: string): Promise<URL> {
  idp.signInAs = account;
  const { beginLogin } = await clientOf(system.gatewayUrl).request(BeginLoginDocument, {
    provider: PROVIDER,
  });
  return browseToCallback(beginLogin.authorizationUrl, REDIRECT_URI);
}

function complete(callback: URL) {
  return clientOf(system.gatewayUrl).execute(CompleteLoginDocument, {
    provider: PROVIDER,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    iss: callback.searchParams.get('iss'),
    client: 'oidc e2e',
  });
}

async function signIn(account: string): Promise<TokenPair> {
  return dataOf(await complete(await beginAndBrowse(account)), 'completeLogin').completeLogin;
}

/**
 * An OpenID Provider on loopback through the gateway. The system runs with `oidcEnv(provider)`, the local admin's
 * password `adminPassword`, and every process behind the loopback guard; the last test stops the provider.
 */
export function oidcScenarios(
  hosted: () => { system: SystemUnderTest; idp: TestIdp; refused: string[]; adminPassword: string },
): void {
  describe('an OpenID Provider on loopback, through the gateway', () => {
    let ada: TokenPair;

    beforeAll(async () => {
      ({ system, idp, refused } = hosted());
      admin = {
        token: (await localLogin(system.gatewayUrl, ADMIN_EMAIL, hosted().adminPassword)).accessToken,
      };
      const team = (
        await clientOf(system.gatewayUrl, admin).request(CreateOrganizationDocument, {
          input: { name: TEAM },
        })
      ).createOrganization;
      expect(team.slug).toBe(TEAM);
      teamId = team.id;
      cliDir = await mkdtemp(join(tmpdir(), 'meshplane-oidc-e2e-'));
    });

    afterAll(async () => {
      if (cliDir) await rm(cliDir, { recursive: true, force: true });
    });

    it('is listed by `providers` with what it supports', async () => {
      const { providers } = await clientOf(system.gatewayUrl).request(ProvidersDocument);

      expect(providers.find((p) => p.name === PROVIDER)).toMatchObject({
        type: 'OIDC',
        displayName: 'Corp SSO',
        issuer: idp.issuer,
        features: expect.arrayContaining(['login', 'pkce', 'claim-mapping']),
        reachable: true,
      });
    });

    it('signs a new user in, provisions them, and gives them the role their groups claim maps to (and nobody else)', async () => {
      ada = await signIn('ada');
      const { me } = await clientOf(system.gatewayUrl, { token: ada.accessToken }).request(MeDocument);
      const asAdmin = clientOf(system.gatewayUrl, { token: ada.accessToken, orgId: teamId });
      const inTeam = (await asAdmin.request(MeDocument)).me;
      const workspace = await asAdmin.execute(CreateWorkspaceDocument, { input: { name: 'ada-made-this' } });
      const again = await signIn('ada');
      // Grace's groups claim names no mapped group: she gets an account, and no role in the team.
      const grace = clientOf(system.gatewayUrl, {
        token: (await signIn('grace')).accessToken,
        orgId: teamId,
      });
      const graceWorkspace = await grace.execute(CreateWorkspaceDocument, {
        input: { name: 'grace-made-this' },
      });

      expect(me.email).toBe('ada@corp.test');
      expect(me.identities).toEqual([
        expect.objectContaining({ provider: PROVIDER, subject: 'ada', email: 'ada@corp.test' }),
      ]);
      expect(me.memberships).toContainEqual({ organizationId: teamId, role: 'admin' });
      expect(inTeam.currentOrganizationId).toBe(teamId);
      expect(workspace.errors).toBeUndefined();
      expect(graceWorkspace.data?.createWorkspace).toBeFalsy();
      expect(graceWorkspace.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_A_MEMBER',
      });
      // Found again by issuer and subject: no second account.
      const { me: later } = await clientOf(system.gatewayUrl, { token: again.accessToken }).request(
        MeDocument,
      );
      expect(later.id).toBe(me.id);
    });

    it('refuses a replayed state', async () => {
      const callback = await beginAndBrowse('ada');
      const first = await complete(callback);

      const replayed = await complete(callback);

      expect(first.errors).toBeUndefined();
      expect(replayed.data?.completeLogin).toBeFalsy();
      expect(replayed.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'STATE_INVALID',
      });
    });

    it('signs `meshplane login --provider --no-browser` in with the address the printed URL leads to', async () => {
      const cli = meshplaneCli(join(cliDir, 'config.yaml'));
      idp.signInAs = 'grace';
      const login = await cli.browserLogin([
        'login',
        '--server',
        system.gatewayUrl,
        '--provider',
        PROVIDER,
        '--no-browser',
      ]);
      const redirectUri = new URL(login.authorizationUrl).searchParams.get('redirect_uri') ?? '';

      const code = await login.finish(await browseToCallback(login.authorizationUrl, redirectUri));
      const whoami = await cli.run(['whoami', '-o', 'json']);

      expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(code, login.stderr()).toBe(0);
      expect(JSON.parse(whoami.stdout)).toMatchObject({ email: 'grace@corp.test' });
    });

    it('fails new sign-ins clearly once the provider is down, while sessions it began keep working', async () => {
      const pending = await beginAndBrowse('ada');

      await idp.stop();
      const completing = await complete(pending);
      // beginLogin reuses the provider's discovery document until it is METADATA_TTL_SECONDS old.
      let beginning: GraphqlResult<unknown> | undefined;
      await waitFor(
        async () => {
          const begun = await clientOf(system.gatewayUrl).execute(BeginLoginDocument, { provider: PROVIDER });
          if (begun.errors !== undefined) beginning = begun;
          return beginning !== undefined;
        },
        { timeoutMs: (METADATA_TTL_SECONDS + 5) * 1000, intervalMs: 500, description: 'beginLogin refused' },
      );
      const cli = await meshplaneCli(join(cliDir, 'down.yaml')).run(
        ['login', '--server', system.gatewayUrl, '--provider', PROVIDER, '--no-browser'],
        { stdin: '' },
      );
      const { providers } = await clientOf(system.gatewayUrl).request(ProvidersDocument);
      const session = clientOf(system.gatewayUrl, { token: ada.accessToken, orgId: teamId });
      const { me } = await session.request(MeDocument);
      const refreshed = await clientOf(system.gatewayUrl).execute(RefreshTokenDocument, {
        refreshToken: ada.refreshToken,
      });

      for (const failed of [completing, beginning]) {
        expect(failed?.errors?.[0]?.extensions).toMatchObject({
          code: 'IDENTITY_PROVIDER_UNAVAILABLE',
          provider: PROVIDER,
        });
        expect(failed?.errors?.[0]?.message).toMatch(
          /"corp" cannot be reached.*sessions already signed in keep working/,
        );
      }
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toMatch(/"corp" cannot be reached/);
      expect(providers.find((p) => p.name === PROVIDER)?.reachable).toBe(false);
      expect(me.email).toBe('ada@corp.test');
      expect(me.roles).toEqual(['admin']);
      expect(refreshed.errors).toBeUndefined();
      const { me: afterRefresh } = await clientOf(system.gatewayUrl, {
        token: refreshed.data?.refreshToken.accessToken ?? '',
      }).request(MeDocument);
      expect(afterRefresh.id).toBe(me.id);
    });

    it('sent nothing beyond loopback', () => {
      expect(system.output()).not.toContain(LOOPBACK_REFUSAL);
      expect(refused).toEqual([]);
    });
  });
}
