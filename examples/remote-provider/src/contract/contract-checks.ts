import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ALLOWED_ALGORITHMS, createTokenVerifier, REMOTE_JWKS_PATH } from '@meshplane/auth';
import type { ContractClient } from './contract-client.js';

export interface ContractCheck {
  name: string;
  run(client: ContractClient): Promise<void>;
}

const REQUIRED_FEATURES = ['login', 'token', 'refresh', 'jwks', 'introspection', 'revocation', 'userinfo'];
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

interface Capabilities {
  providerName: string;
  providerType: string;
  version: string;
  features: { feature: string; endpoint: string }[];
  extensionPoints: unknown[];
}

async function capabilities(client: ContractClient): Promise<Capabilities> {
  const result = await client.get('capabilities');
  assert.equal(result.status, 200, 'GET /capabilities must answer 200');
  return result.body as Capabilities;
}

async function introspect(client: ContractClient, token: string): Promise<Record<string, unknown>> {
  const result = await client.postForm('oauth/introspect', { token }, client.introspectionAuth());
  assert.equal(result.status, 200, 'introspection must answer 200');
  return result.body as Record<string, unknown>;
}

export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  {
    name: 'capabilities document names the provider and maps every required feature to an endpoint',
    async run(client) {
      const doc = await capabilities(client);
      assert.equal(typeof doc.providerName, 'string');
      assert.ok(doc.providerName.length > 0, 'providerName must not be empty');
      assert.equal(doc.providerType, 'remote');
      assert.match(doc.version, /^\d+\.\d+\.\d+/, 'version must be semver');
      assert.ok(Array.isArray(doc.features), 'features must be a list');
      assert.ok(Array.isArray(doc.extensionPoints), 'extensionPoints must be a list');
      for (const feature of REQUIRED_FEATURES) {
        const entry = doc.features.find((f) => f.feature === feature);
        assert.ok(entry, `feature ${feature} is missing`);
        assert.match(entry.endpoint, /^\//, `feature ${feature} needs an endpoint path`);
      }
    },
  },
  {
    name: 'JWKS publishes only public asymmetric signing keys with kids',
    async run(client) {
      const result = await client.get(REMOTE_JWKS_PATH.slice(1));
      assert.equal(result.status, 200);
      const { keys } = result.body as { keys: Record<string, unknown>[] };
      assert.ok(Array.isArray(keys) && keys.length > 0, 'the JWKS must hold at least one key');
      for (const key of keys) {
        assert.equal(typeof key.kid, 'string', 'every key needs a kid');
        assert.ok(
          (ALLOWED_ALGORITHMS as readonly unknown[]).includes(key.alg),
          `alg ${String(key.alg)} is not allowed`,
        );
        for (const member of PRIVATE_JWK_MEMBERS)
          assert.ok(!(member in key), `key ${String(key.kid)} leaks ${member}`);
      }
    },
  },
  {
    name: 'authorize refuses PKCE method plain and requests without a challenge',
    async run(client) {
      const refused: Record<string, string>[] = [
        { code_challenge_method: 'plain', code_challenge: 'x'.repeat(43) },
        { code_challenge: '' },
      ];
      for (const overrides of refused) {
        const { location } = await client.authorize(overrides);
        assert.equal(location.searchParams.get('code'), null, 'no code may be issued');
        assert.ok(location.searchParams.get('error'), 'the redirect must carry an error');
      }
    },
  },
  {
    name: 'PKCE login round trip yields an access token Meshplane can verify against the JWKS',
    async run(client) {
      const { location, verifier, state } = await client.authorize();
      assert.equal(location.searchParams.get('state'), state, 'state must be echoed');
      assert.equal(`${location.origin}${location.pathname}`, client.target.redirectUri);
      const code = location.searchParams.get('code');
      assert.ok(code, 'the redirect must carry a code');

      const wrong = await client.exchange(code, randomBytes(48).toString('base64url'));
      assert.equal(wrong.status, 400, 'a wrong code_verifier must be refused');
      assert.equal((wrong.body as { error?: string }).error, 'invalid_grant');

      const tokens = client.expectTokens(await client.exchange(code, verifier));
      const verifierForMeshplane = createTokenVerifier({
        providers: [
          {
            name: 'under-test',
            issuer: client.target.baseUrl,
            audience: client.target.audience,
            jwksUrl: client.url(REMOTE_JWKS_PATH.slice(1)),
          },
        ],
      });
      const principal = await verifierForMeshplane.verify(tokens.access_token);
      assert.ok(principal.subject.length > 0);

      const replay = await client.exchange(code, verifier);
      assert.equal(replay.status, 400, 'an authorization code must be single use');
    },
  },
  {
    name: 'userinfo returns the profile of the token subject and refuses requests without a token',
    async run(client) {
      const tokens = await client.login();
      const result = await client.get('userinfo', tokens.access_token);
      assert.equal(result.status, 200);
      const introspection = await introspect(client, tokens.access_token);
      assert.equal((result.body as { sub?: string }).sub, introspection.sub);
      assert.equal((await client.get('userinfo')).status, 401);
    },
  },
  {
    name: 'introspection reports active tokens, inactive garbage, and requires client authentication',
    async run(client) {
      const tokens = await client.login();
      const active = await introspect(client, tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(typeof active.sub, 'string');
      assert.equal(typeof active.exp, 'number');
      assert.deepEqual(await introspect(client, 'not-a-token'), { active: false });
      const anonymous = await client.postForm('oauth/introspect', { token: tokens.access_token });
      assert.equal(anonymous.status, 401, 'introspection without credentials must be refused');
    },
  },
  {
    name: 'refresh rotates the refresh token and refuses the old one (and the session) on reuse',
    async run(client) {
      const first = await client.login();
      const second = client.expectTokens(await client.refresh(first.refresh_token));
      assert.notEqual(second.refresh_token, first.refresh_token, 'refresh tokens must rotate');
      assert.equal((await introspect(client, second.access_token)).active, true);

      const reuse = await client.refresh(first.refresh_token);
      assert.equal(reuse.status, 400);
      assert.equal((reuse.body as { error?: string }).error, 'invalid_grant');
      const afterReuse = await client.refresh(second.refresh_token);
      assert.equal(afterReuse.status, 400, 'reuse of a rotated refresh token must end the session');
    },
  },
  {
    name: 'revocation deactivates access tokens and refresh tokens',
    async run(client) {
      const tokens = await client.login();
      const revokeAccess = await client.postForm('oauth/revoke', {
        token: tokens.access_token,
        client_id: client.target.clientId,
      });
      assert.equal(revokeAccess.status, 200);
      assert.equal((await introspect(client, tokens.access_token)).active, false);

      await client.postForm('oauth/revoke', {
        token: tokens.refresh_token,
        client_id: client.target.clientId,
      });
      assert.equal((await introspect(client, tokens.refresh_token)).active, false);
      assert.equal((await client.refresh(tokens.refresh_token)).status, 400);

      const unknown = await client.postForm('oauth/revoke', {
        token: 'unknown',
        client_id: client.target.clientId,
      });
      assert.equal(unknown.status, 200, 'revoking an unknown token is not an error (RFC 7009)');
    },
  },
  {
    name: 'advertised persistence endpoints store, fetch and page through records',
    async run(client) {
      const doc = await capabilities(client);
      const advertised = doc.features.filter((f) => f.feature.startsWith('persist-'));
      const tokens = await client.login();
      for (const { endpoint } of advertised) {
        const path = endpoint.slice(1);
        const ids = ['contract-a', 'contract-b', 'contract-c'];
        for (const id of ids) {
          const put = await client.putJson(
            `${path}/${id}`,
            { name: id, content: { id } },
            tokens.access_token,
          );
          assert.ok(put.status === 200 || put.status === 201, `PUT ${endpoint}/${id} answered ${put.status}`);
        }
        const fetched = await client.get(`${path}/contract-b`, tokens.access_token);
        assert.equal(fetched.status, 200);
        assert.deepEqual((fetched.body as { content?: unknown }).content, { id: 'contract-b' });
        assert.equal((await client.get(`${path}/contract-missing`, tokens.access_token)).status, 404);

        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = cursor === null ? 'limit=2' : `limit=2&cursor=${encodeURIComponent(cursor)}`;
          const page = (await client.get(`${path}?${query}`, tokens.access_token)).body as {
            items: { id: string }[];
            nextCursor: string | null;
          };
          assert.ok(page.items.length <= 2, 'a page must respect limit');
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        for (const id of ids) assert.ok(seen.includes(id), `${id} missing from the listing`);
        assert.equal(new Set(seen).size, seen.length, 'pages must not overlap');
        assert.equal((await client.get(path)).status, 401, 'persistence requires a token');
      }
    },
  },
];
