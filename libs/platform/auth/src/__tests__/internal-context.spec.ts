import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError, signInternalContext, verifyInternalContext, type InternalContext } from '../index.js';

const SECRET = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const AUD = 'providers';
const CTX: InternalContext = {
  orgId: 'org-1',
  userId: 'u-1',
  roles: ['admin'],
  provider: 'local',
  requestId: 'r-1',
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }
  throw new Error('expected a failure');
}

describe('internal context', () => {
  it('round-trips the context before it expires', () => {
    const header = signInternalContext(CTX, SECRET, { ttlMs: 10_000, audience: AUD, now: 1_000 });
    expect(verifyInternalContext(header, SECRET, { audience: AUD, now: 10_999 })).toEqual(CTX);
  });

  it('carries the credential kind and id and the client address, and refuses an unknown credential kind', () => {
    const withCredential: InternalContext = {
      ...CTX,
      credential: 'api-token',
      credentialId: 'tok-1',
      clientAddress: '127.0.0.1',
    };
    const sign = (ctx: InternalContext) =>
      signInternalContext(ctx, SECRET, { ttlMs: 10_000, audience: AUD, now: 1_000 });
    const header = sign(withCredential);
    const forged = sign({ ...CTX, credential: 'superuser' as never });

    expect(verifyInternalContext(header, SECRET, { audience: AUD, now: 1_000 })).toEqual(withCredential);
    expect(codeOf(() => verifyInternalContext(forged, SECRET, { audience: AUD, now: 1_000 }))).toBe(
      'CONTEXT_MALFORMED',
    );
  });

  it('rejects an expired context', () => {
    const header = signInternalContext(CTX, SECRET, { ttlMs: 10_000, audience: AUD, now: 1_000 });
    expect(codeOf(() => verifyInternalContext(header, SECRET, { audience: AUD, now: 11_000 }))).toBe(
      'CONTEXT_EXPIRED',
    );
  });

  it('rejects a context signed with another secret', () => {
    const header = signInternalContext(CTX, OTHER, { ttlMs: 10_000, audience: AUD, now: 1_000 });
    expect(codeOf(() => verifyInternalContext(header, SECRET, { audience: AUD, now: 1_000 }))).toBe(
      'CONTEXT_SIGNATURE_INVALID',
    );
  });

  it('accepts the previous secret during a rotation', () => {
    const header = signInternalContext(CTX, OTHER, { ttlMs: 10_000, audience: AUD, now: 1_000 });
    expect(verifyInternalContext(header, [SECRET, OTHER], { audience: AUD, now: 1_000 })).toEqual(CTX);
  });

  it('rejects a context whose roles were altered', () => {
    const [version, , signature] = signInternalContext(CTX, SECRET, {
      ttlMs: 10_000,
      audience: AUD,
      now: 1_000,
    }).split('.');
    const body = Buffer.from(
      JSON.stringify({ ...CTX, roles: ['owner'], aud: AUD, kind: 'user', iat: 1_000, exp: 11_000 }),
    ).toString('base64url');
    expect(
      codeOf(() =>
        verifyInternalContext(`${version}.${body}.${signature}`, SECRET, { audience: AUD, now: 1_000 }),
      ),
    ).toBe('CONTEXT_SIGNATURE_INVALID');
  });

  it.each([undefined, '', 'v1.only-two', 'v2.a.b', 'v1..sig'])(
    'rejects the malformed header %s',
    (header) => {
      expect(codeOf(() => verifyInternalContext(header, SECRET, { audience: AUD, now: 0 }))).toBe(
        'CONTEXT_MALFORMED',
      );
    },
  );

  it('rejects a validly signed body that is not a context', () => {
    const body = Buffer.from(JSON.stringify({ roles: 'admin' })).toString('base64url');
    const signature = createHmac('sha256', SECRET).update(`v1.${body}`).digest('base64url');
    expect(
      codeOf(() => verifyInternalContext(`v1.${body}.${signature}`, SECRET, { audience: AUD, now: 0 })),
    ).toBe('CONTEXT_MALFORMED');
  });

  it('is bound to its audience: a context signed for one service is refused by any other', () => {
    const header = signInternalContext(CTX, SECRET, { ttlMs: 10_000, audience: 'providers', now: 1_000 });
    expect(verifyInternalContext(header, SECRET, { audience: 'providers', now: 1_000 })).toEqual(CTX);
    expect(
      codeOf(() => verifyInternalContext(header, SECRET, { audience: 'meshsync-ingest', now: 1_000 })),
    ).toBe('CONTEXT_AUDIENCE_MISMATCH');
  });

  it('refuses a payload without an audience, even validly signed (a context from before audiences)', () => {
    const body = Buffer.from(JSON.stringify({ ...CTX, kind: 'user', iat: 0, exp: 10_000 })).toString(
      'base64url',
    );
    const signature = createHmac('sha256', SECRET).update(`v1.${body}`).digest('base64url');
    expect(
      codeOf(() => verifyInternalContext(`v1.${body}.${signature}`, SECRET, { audience: AUD, now: 0 })),
    ).toBe('CONTEXT_MALFORMED');
  });

  it('tells a service context from a user context: each is refused where the other is expected', () => {
    const service = signInternalContext({ requestId: 'r', roles: [] }, SECRET, {
      ttlMs: 10_000,
      audience: AUD,
      kind: 'service',
      now: 0,
    });
    const user = signInternalContext(CTX, SECRET, { ttlMs: 10_000, audience: AUD, now: 0 });
    expect(verifyInternalContext(service, SECRET, { audience: AUD, kind: 'service', now: 0 })).toEqual({
      requestId: 'r',
      roles: [],
    });
    expect(
      codeOf(() => verifyInternalContext(user, SECRET, { audience: AUD, kind: 'service', now: 0 })),
    ).toBe('CONTEXT_KIND_MISMATCH');
    expect(codeOf(() => verifyInternalContext(service, SECRET, { audience: AUD, now: 0 }))).toBe(
      'CONTEXT_KIND_MISMATCH',
    );
  });

  it('carries the platform operator flag, and refuses a context where it was added after signing', () => {
    const opts = { ttlMs: 10_000, audience: AUD, now: 1_000 };
    const verifyOpts = { audience: AUD, now: 1_000 };
    const header = signInternalContext({ ...CTX, platformOperator: true }, SECRET, opts);
    const [version, , signature] = signInternalContext(CTX, SECRET, opts).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...CTX, platformOperator: true, aud: AUD, kind: 'user', iat: 1_000, exp: 11_000 }),
    ).toString('base64url');

    expect(verifyInternalContext(header, SECRET, verifyOpts).platformOperator).toBe(true);
    expect(
      verifyInternalContext(signInternalContext(CTX, SECRET, opts), SECRET, verifyOpts),
    ).not.toHaveProperty('platformOperator');
    expect(codeOf(() => verifyInternalContext(`${version}.${forged}.${signature}`, SECRET, verifyOpts))).toBe(
      'CONTEXT_SIGNATURE_INVALID',
    );
  });

  it('rejects a signed context whose platform operator flag is not a boolean', () => {
    const body = Buffer.from(
      JSON.stringify({ ...CTX, platformOperator: 'yes', aud: AUD, kind: 'user', iat: 0, exp: 10_000 }),
    ).toString('base64url');
    const signature = createHmac('sha256', SECRET).update(`v1.${body}`).digest('base64url');
    expect(
      codeOf(() => verifyInternalContext(`v1.${body}.${signature}`, SECRET, { audience: AUD, now: 0 })),
    ).toBe('CONTEXT_MALFORMED');
  });

  it('refuses short secrets and overly long lifetimes', () => {
    expect(() => signInternalContext(CTX, 'short', { ttlMs: 1_000, audience: AUD })).toThrow(/at least 32/);
    expect(() => signInternalContext(CTX, SECRET, { ttlMs: 60 * 60_000, audience: AUD })).toThrow(/ttlMs/);
  });
});
