import { ManualClock } from '@meshplane/runtime';
import { SignJWT, base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  createKeyRing,
  createTokenVerifier,
  issueAccessToken,
  type AccessTokenInput,
  type AuthErrorCode,
  type KeyRing,
  type TokenVerifierOptions,
} from '../index.js';

const ISSUER = 'https://local.meshplane.test';
const AUDIENCE = 'meshplane';
const T0 = Date.parse('2030-01-01T00:00:00Z');

function setup(overrides: Partial<TokenVerifierOptions> = {}) {
  const clock = new ManualClock(T0);
  const ring = createKeyRing({ rotationMs: 3_600_000, retainMs: 7_200_000, clock });
  const verifier = createTokenVerifier({
    providers: [{ name: 'local', issuer: ISSUER, audience: AUDIENCE, jwks: () => ring.jwks() }],
    clockToleranceSec: 5,
    clock,
    ...overrides,
  });
  const issue = (input: Partial<AccessTokenInput> = {}, signer: KeyRing = ring) =>
    issueAccessToken(signer, {
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: 'user-1',
      orgId: 'org-1',
      roles: ['admin'],
      ttlSeconds: 300,
      issuedAt: clock.now(),
      ...input,
    });
  return { ring, verifier, issue, advance: (ms: number) => clock.advance(ms), clock };
}

async function codeOf(promise: Promise<unknown>): Promise<AuthErrorCode> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }
  throw new Error('expected the verification to fail');
}

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('createTokenVerifier', () => {
  it('returns the principal of a valid token', async () => {
    const { verifier, issue } = setup();
    const token = await issue({ scopes: ['designs:read', 'designs:write'], roles: ['admin', 'auditor'] });
    const principal = await verifier.verify(token);
    expect(principal).toMatchObject({
      provider: 'local',
      subject: 'user-1',
      orgId: 'org-1',
      roles: ['admin'],
      scopes: ['designs:read', 'designs:write'],
      expiresAt: new Date(T0 + 300_000),
    });
    expect(principal.tokenId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects an expired token with TOKEN_EXPIRED', async () => {
    const { verifier, issue, advance } = setup();
    const token = await issue({ ttlSeconds: 60 });
    advance(66_000);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    const { verifier, issue, advance } = setup();
    const token = await issue({ ttlSeconds: 60 });
    advance(63_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
  });

  it('rejects a token whose nbf is in the future with TOKEN_NOT_YET_VALID', async () => {
    const { verifier, issue } = setup();
    const token = await issue({ issuedAt: new Date(T0 + 60_000) });
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_NOT_YET_VALID');
  });

  it('rejects a token for another audience with TOKEN_INVALID', async () => {
    const { verifier, issue } = setup();
    expect(await codeOf(verifier.verify(await issue({ audience: 'someone-else' })))).toBe('TOKEN_INVALID');
  });

  it('rejects a token from an issuer no provider is configured for with UNKNOWN_PROVIDER', async () => {
    const { verifier, issue } = setup();
    expect(await codeOf(verifier.verify(await issue({ issuer: 'https://evil.test' })))).toBe(
      'UNKNOWN_PROVIDER',
    );
  });

  it("rejects a token claiming another configured provider's issuer with TOKEN_INVALID", async () => {
    const other = createKeyRing({ rotationMs: 3_600_000, retainMs: 7_200_000 });
    const { ring, issue } = setup();
    const twoProviders = createTokenVerifier({
      providers: [
        { name: 'local', issuer: ISSUER, audience: AUDIENCE, jwks: () => ring.jwks() },
        { name: 'other', issuer: 'https://other.test', audience: AUDIENCE, jwks: () => other.jwks() },
      ],
      clock: new ManualClock(T0),
    });
    const forged = await issue({ issuer: 'https://other.test' }, ring);
    expect(await codeOf(twoProviders.verify(forged))).toBe('TOKEN_INVALID');
  });

  it('rejects an unsecured token (alg none) with TOKEN_INVALID', async () => {
    const { verifier, issue } = setup();
    const valid = await issue();
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const unsecured = `${header}.${valid.split('.')[1]}.`;
    expect(await codeOf(verifier.verify(unsecured))).toBe('TOKEN_INVALID');
  });

  it('rejects an HS256 token whose secret is the public key with TOKEN_INVALID', async () => {
    const { verifier, ring, clock } = setup();
    const publicJwk = ring.current().publicJwk;
    const forged = await new SignJWT({ roles: ['owner'], org_id: 'org-1' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('attacker')
      .setJti('forged')
      .setIssuedAt(clock.nowMs() / 1000)
      .setExpirationTime(clock.nowMs() / 1000 + 300)
      .sign(base64url.decode(publicJwk.x));
    expect(await codeOf(verifier.verify(forged))).toBe('TOKEN_INVALID');
  });

  it('rejects a token signed by a key that is not in the JWKS (unknown kid) with TOKEN_INVALID', async () => {
    const { verifier, issue } = setup();
    const stranger = createKeyRing({ rotationMs: 3_600_000, retainMs: 7_200_000 });
    expect(await codeOf(verifier.verify(await issue({}, stranger)))).toBe('TOKEN_INVALID');
  });

  it('rejects a token whose payload was altered with TOKEN_INVALID', async () => {
    const { verifier, issue } = setup();
    const token = await issue({ roles: ['viewer'] });
    const claims = JSON.parse(
      new TextDecoder().decode(base64url.decode(token.split('.')[1] ?? '')),
    ) as object;
    const escalated = base64url.encode(JSON.stringify({ ...claims, roles: ['owner'] }));
    expect(await codeOf(verifier.verify(replacePart(token, 1, escalated)))).toBe('TOKEN_INVALID');
  });

  it('rejects a token whose signature was altered with TOKEN_INVALID', async () => {
    const { verifier, issue } = setup();
    const token = await issue();
    const signature = base64url.decode(token.split('.')[2] ?? '');
    signature[0] = (signature[0] ?? 0) ^ 0xff;
    expect(await codeOf(verifier.verify(replacePart(token, 2, base64url.encode(signature))))).toBe(
      'TOKEN_INVALID',
    );
  });

  it('rejects a revoked token id with TOKEN_REVOKED', async () => {
    const revoked = new Set(['revoked-jti']);
    const { verifier, issue } = setup({ isRevoked: async (jti) => Promise.resolve(revoked.has(jti)) });
    expect(await codeOf(verifier.verify(await issue({ tokenId: 'revoked-jti' })))).toBe('TOKEN_REVOKED');
    await expect(verifier.verify(await issue({ tokenId: 'other-jti' }))).resolves.toMatchObject({
      tokenId: 'other-jti',
    });
  });

  it('rejects a JWT whose typ is not at+jwt (e.g. an ID token) with TOKEN_INVALID', async () => {
    const { verifier, ring, clock } = setup();
    const key = ring.current();
    const idToken = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setJti('id-token')
      .setExpirationTime(clock.nowMs() / 1000 + 300)
      .sign(key.privateKey);
    expect(await codeOf(verifier.verify(idToken))).toBe('TOKEN_INVALID');
  });

  it('rejects a correctly signed token whose roles claim is not a list with TOKEN_INVALID', async () => {
    const { verifier, ring, clock } = setup();
    const key = ring.current();
    const token = await new SignJWT({ roles: 'owner' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setJti('j')
      .setExpirationTime(clock.nowMs() / 1000 + 300)
      .sign(key.privateKey);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_INVALID');
  });

  it('rejects garbage with TOKEN_INVALID', async () => {
    const { verifier } = setup();
    expect(await codeOf(verifier.verify('not-a-jwt'))).toBe('TOKEN_INVALID');
  });

  it('accepts a token signed by a key rotated out but still retained, and refuses it once pruned', async () => {
    const { verifier, issue, ring, advance } = setup();
    const token = await issue({ ttlSeconds: 3 * 3_600 });
    const oldKid = ring.current().kid;
    ring.rotate();
    expect(ring.current().kid).not.toBe(oldKid);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    advance(7_200_000);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_INVALID');
  });

  it('keeps error messages free of token, key and claim details', async () => {
    const { verifier, issue } = setup();
    const token = await issue({ audience: 'secret-audience-name' });
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('The token is invalid.');
    expect((error as AuthError).message).not.toContain('aud');
  });
});
