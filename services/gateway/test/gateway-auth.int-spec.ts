import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { SignJWT, base64url, decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { verifyInternalContext } from '@meshplane/auth';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import {
  AUDIENCE,
  LOCAL_ISSUER,
  startTestIdentity,
  TEST_CONTEXT_SECRET,
  type TestIdentity,
} from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

let orgs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;
const alice = { userId: randomUUID(), orgId: randomUUID(), roles: ['admin'] };
const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  identity = await startTestIdentity();
  identity.members.set('alice', alice);
  orgs = await startOrgsSubgraph();
  // No reuse of providers' answers here, so a revocation shows on the next request.
  gateway = await startTestGateway([orgs], identity, {
    AUTH_CACHE_MAX_AGE_MS: '0',
    JWKS_REFETCH_COOLDOWN_MS: '0',
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
});

async function ask(headers: Record<string, string>) {
  const seen = orgs.receivedHeaders.length;
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ organizations { id } }' }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as Record<string, unknown>,
    reachedSubgraph: orgs.receivedHeaders.length > seen,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

async function signedBy(
  key: Parameters<SignJWT['sign']>[0],
  alg: string,
  claims: Record<string, unknown>,
  kid?: string,
) {
  return new SignJWT({ roles: ['owner'], ...claims })
    .setProtectedHeader({ alg, typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) })
    .setIssuer((claims['iss'] as string | undefined) ?? LOCAL_ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('alice')
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(nowSec() + 300)
    .sign(key);
}

describe('the gateway authenticates every request', () => {
  it('lets an anonymous caller through with an anonymous context, for public fields and login flows', async () => {
    const result = await ask({});

    expect(result.status).toBe(200);
    expect(
      verifyInternalContext(
        orgs.receivedHeaders.at(-1)?.['x-meshplane-context'] as string,
        TEST_CONTEXT_SECRET,
        { audience: 'orgs' },
      ),
    ).toEqual({
      requestId: expect.any(String),
      roles: [],
      // The peer address, so providers can throttle failed sign-ins per client.
      clientAddress: expect.stringMatching(/127\.0\.0\.1$/),
    });
  });

  it('signs the user, organization and roles providers resolved for a valid token', async () => {
    const token = await identity.issue('alice');
    const result = await ask(bearer(token));

    expect(result.status).toBe(200);
    expect(
      verifyInternalContext(
        orgs.receivedHeaders.at(-1)?.['x-meshplane-context'] as string,
        TEST_CONTEXT_SECRET,
        { audience: 'orgs' },
      ),
    ).toMatchObject({
      ...alice,
      provider: 'local',
      credential: 'access-token',
      credentialId: decodeJwt(token).jti,
    });
  });

  const negatives: [string, string, () => Promise<string>][] = [
    [
      'an expired token',
      'TOKEN_EXPIRED',
      () => identity.issue('alice', { ttlSeconds: 1, issuedAt: new Date(Date.now() - 3_600_000) }),
    ],
    [
      'a token not valid yet',
      'TOKEN_NOT_YET_VALID',
      async () => replaceClaims(await identity.issue('alice'), { nbf: nowSec() + 3_600 }, true),
    ],
    [
      'a token for another audience',
      'TOKEN_INVALID',
      () => identity.issue('alice', { audience: 'someone-else' }),
    ],
    [
      'a token from an unknown issuer',
      'UNKNOWN_PROVIDER',
      () => identity.issue('alice', { issuer: 'https://evil.example' }),
    ],
    ['an unsecured token (alg none)', 'TOKEN_INVALID', async () => unsecured(await identity.issue('alice'))],
    [
      'an HS256 token keyed with the public key',
      'TOKEN_INVALID',
      () =>
        signedBy(
          base64url.decode(identity.ring.current().publicJwk.x),
          'HS256',
          {},
          identity.ring.current().kid,
        ),
    ],
    [
      'a token with an unknown key id',
      'TOKEN_INVALID',
      async () => signedBy((await generateKeyPair('EdDSA')).privateKey, 'EdDSA', {}, 'no-such-kid'),
    ],
    [
      'a tampered payload',
      'TOKEN_INVALID',
      async () => replaceClaims(await identity.issue('alice'), { roles: ['owner'] }, false),
    ],
    ['a revoked token', 'TOKEN_REVOKED', async () => revoked(await identity.issue('alice'))],
    ['a malformed token', 'TOKEN_INVALID', () => Promise.resolve('not.a.jwt')],
  ];

  it.each(negatives)('refuses %s with 401, reason %s, and no detail', async (_label, reason, token) => {
    const issued = await token();
    const result = await ask(bearer(issued));

    expect(result.status).toBe(401);
    expect(result.reachedSubgraph).toBe(false);
    expect(result.body).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason } }],
    });
    for (const secret of [issued, identity.ring.current().kid, 'stack', 'jose', 'Error:'])
      expect(result.text).not.toContain(secret);
  });

  it('accepts tokens signed with a rotated-in key, and still those of the retired key', async () => {
    const before = await identity.issue('alice');
    identity.ring.rotate();
    const after = await identity.issue('alice');

    expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
    expect((await ask(bearer(after))).status).toBe(200);
    expect((await ask(bearer(before))).status).toBe(200);
  });

  it.each([
    ['Basic credentials', { authorization: 'Basic YWxpY2U6cGFzcw==' }, 401, 'BAD_AUTHORIZATION'],
    ['a token with control characters', { authorization: 'Bearer abc\tdef' }, 401, 'BAD_AUTHORIZATION'],
    ['an 8 KiB+ authorization header', { authorization: `Bearer ${'a'.repeat(9000)}` }, 401, 'TOKEN_INVALID'],
    [
      'an organization header that is not an id',
      { 'x-meshplane-org': "1' OR '1'='1" },
      400,
      'BAD_ORG_HEADER',
    ],
  ])('refuses %s with %i, naming the reason', async (_label, headers, status, reason) => {
    const result = await ask(headers);

    expect(result.status).toBe(status);
    expect(result.reachedSubgraph).toBe(false);
    expect((result.body['errors'] as { extensions: { reason: string } }[])[0]?.extensions.reason).toBe(
      reason,
    );
  });

  it('refuses an oversized header block with 431 before reading anything', async () => {
    const result = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-filler': 'x'.repeat(20_000) },
      body: '{"query":"{ organizations { id } }"}',
    });

    expect(result.status).toBe(431);
  });

  it('answers 403 when the caller asks for an organization it does not belong to', async () => {
    const result = await ask({ ...bearer(await identity.issue('alice')), 'x-meshplane-org': randomUUID() });

    expect(result.status).toBe(403);
    expect(result.body).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' } }],
    });
  });

  it('accepts an API token as providers verifies it', async () => {
    const token = `mp_${'0123456789abcdef'}_${'A'.repeat(43)}`;
    identity.apiTokens.set(token, alice);

    const result = await ask(bearer(token));

    expect(result.status).toBe(200);
    expect(
      verifyInternalContext(
        orgs.receivedHeaders.at(-1)?.['x-meshplane-context'] as string,
        TEST_CONTEXT_SECRET,
        { audience: 'orgs' },
      ),
    ).toMatchObject({ ...alice, credential: 'api-token', credentialId: '0123456789abcdef' });
  });

  it('closes a WebSocket whose connection_init carries a bad token with 4403, relaying nothing', async () => {
    const sockets = orgs.openSockets();
    const client = createClient({
      url: gateway.url.replace('http:', 'ws:'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer not.a.jwt' },
      retryAttempts: 0,
    });
    const closed = await new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
      client.subscribe(
        { query: 'subscription { ticks(every: 10) }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });
    await client.dispose();

    expect(closed).toBe(4403);
    expect(orgs.openSockets()).toBe(sockets);
  });

  it("serves the local provider's public keys on its own origin, so verifiers need only the public endpoint", async () => {
    const response = await fetch(new URL('/.well-known/jwks.json', gateway.url));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(identity.ring.jwks());
  });

  it('fails closed with 503 when providers cannot say who the caller is', async () => {
    const down = await startTestGateway(
      [orgs],
      { ...identity, url: 'http://127.0.0.1:9/' },
      { AUTH_TIMEOUT_MS: '500' },
    );
    try {
      const response = await fetch(down.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(await identity.issue('alice')) },
        body: JSON.stringify({ query: '{ organizations { id } }' }),
      });

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: expect.any(String),
            extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'PROVIDER_UNAVAILABLE' },
          },
        ],
      });
    } finally {
      await down.close();
    }
  });
});

function unsecured(token: string): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
  return `${header}.${token.split('.')[1]}.`;
}

/** Rewrites claims of a signed token: with `resign` a valid signature over them, else the old one (tampering). */
async function replaceClaims(
  token: string,
  claims: Record<string, unknown>,
  resign: boolean,
): Promise<string> {
  const payload = {
    ...JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')),
    ...claims,
  } as Record<string, unknown>;
  if (!resign) return replacePart(token, 1, base64url.encode(JSON.stringify(payload)));
  const key = identity.ring.current();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid })
    .sign(key.privateKey);
}

function revoked(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    jti: string;
  };
  identity.revoked.add(payload.jti);
  return token;
}

describe('the client address providers throttle by', () => {
  const contextAfter = async (target: RunningGateway, headers: Record<string, string>) => {
    await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ organizations { id } }' }),
    });
    return verifyInternalContext(
      orgs.receivedHeaders.at(-1)?.['x-meshplane-context'] as string,
      TEST_CONTEXT_SECRET,
      {
        audience: 'orgs',
      },
    );
  };

  it('is the peer when no proxy is trusted: a client-written X-Forwarded-For changes nothing', async () => {
    const context = await contextAfter(gateway, { 'x-forwarded-for': '198.51.100.7' });

    expect(context.clientAddress).toMatch(/127\.0\.0\.1$/);
  });

  it('is the right-most untrusted X-Forwarded-For hop behind a trusted proxy (TRUSTED_PROXY_CIDRS)', async () => {
    const behindProxy = await startTestGateway([orgs], identity, { TRUSTED_PROXY_CIDRS: '127.0.0.1/32' });
    try {
      // The client wrote 198.51.100.7 itself; the (trusted) proxy appended the address it saw, 127.0.0.2.
      const context = await contextAfter(behindProxy, { 'x-forwarded-for': '198.51.100.7, 127.0.0.2' });

      expect(context.clientAddress).toBe('127.0.0.2');
    } finally {
      await behindProxy.close();
    }
  });
});
