import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError } from './auth-error.js';
import { systemClock } from '@meshplane/runtime';

/** Header the gateway sets on every subgraph request. */
export const INTERNAL_CONTEXT_HEADER = 'x-meshplane-context';

/** What the caller authenticated with: a session's (or remote provider's) access token, or an API token. */
export type CredentialKind = 'access-token' | 'api-token';

export interface InternalContext {
  orgId?: string;
  userId?: string;
  roles: string[];
  provider?: string;
  /** Lets a subgraph refuse to mint a credential from a weaker one (an API token never starts a session). */
  credential?: CredentialKind;
  /** The access token's `jti`, or the API token's public id. */
  credentialId?: string;
  /** The client's network address as the gateway saw it (sign-in throttling). */
  clientAddress?: string;
  requestId: string;
  /**
   * Set by the gateway only when providers resolved a signed-in user listed in PLATFORM_OPERATORS (never for an
   * API token, never from an organization role): the one grant that reaches across organizations.
   */
  platformOperator?: boolean;
}

/**
 * `user`: a client's request relayed by the gateway (anonymous when it names no user). `service`: the
 * gateway itself calling a service's internal endpoints (principal resolution); no user, no roles.
 */
export type InternalContextKind = 'user' | 'service';

export interface SignContextOptions {
  ttlMs: number;
  /** The one service the context is for (its name, e.g. `providers`, `meshsync-ingest`); any other refuses it. */
  audience: string;
  kind?: InternalContextKind;
  now?: number;
}

export interface VerifyContextOptions {
  /** This service's own name: a context signed for another service is refused. */
  audience: string;
  /** What the endpoint accepts (`user` by default): a service context is refused where users call, and back. */
  kind?: InternalContextKind;
  now?: number;
}

interface SignedPayload extends InternalContext {
  aud: string;
  kind: InternalContextKind;
  /** Issued at and expiry, epoch milliseconds. */
  iat: number;
  exp: number;
}

const VERSION = 'v1';
const MIN_SECRET_LENGTH = 32;
const MAX_TTL_MS = 5 * 60_000;

/**
 * HMAC-SHA256 over a shared secret. Gateway and subgraphs sit inside one trust boundary and already
 * share configuration, so symmetric signing costs one hash per request with nothing to fetch or rotate
 * beyond the secret. Verification accepts several secrets so the secret can be rotated without downtime.
 */
export function signInternalContext(
  ctx: InternalContext,
  secret: string,
  options: SignContextOptions,
): string {
  const { ttlMs, audience, kind = 'user', now = systemClock.nowMs() } = options;
  assertSecret(secret);
  if (!Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
    throw new Error(`ttlMs must be between 1 and ${MAX_TTL_MS}`);
  }
  if (audience === '') throw new Error('A signed internal context needs an audience');
  const payload: SignedPayload = {
    ...ctx,
    roles: [...ctx.roles],
    aud: audience,
    kind,
    iat: now,
    exp: now + ttlMs,
  };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${VERSION}.${body}.${mac(VERSION, body, secret).toString('base64url')}`;
}

export function verifyInternalContext(
  header: string | undefined,
  secrets: string | readonly string[],
  options: VerifyContextOptions,
): InternalContext {
  const now = options.now ?? systemClock.nowMs();
  const parts = (header ?? '').split('.');
  const [version, body, signature] = parts;
  if (parts.length !== 3 || version !== VERSION || !body || !signature)
    throw new AuthError('CONTEXT_MALFORMED');
  const given = Buffer.from(signature, 'base64url');
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  const valid = keys.some((secret) => {
    assertSecret(secret);
    const expected = mac(version, body, secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new AuthError('CONTEXT_SIGNATURE_INVALID');
  const payload = parsePayload(body);
  if (payload.exp <= now) throw new AuthError('CONTEXT_EXPIRED');
  if (payload.aud !== options.audience) throw new AuthError('CONTEXT_AUDIENCE_MISMATCH');
  if (payload.kind !== (options.kind ?? 'user')) throw new AuthError('CONTEXT_KIND_MISMATCH');
  const { iat: _iat, exp: _exp, aud: _aud, kind: _kind, ...ctx } = payload;
  return ctx;
}

function mac(version: string, body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${version}.${body}`).digest();
}

function parsePayload(body: string): SignedPayload {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new AuthError('CONTEXT_MALFORMED', { cause });
  }
  if (!isSignedPayload(value)) throw new AuthError('CONTEXT_MALFORMED');
  return value;
}

function isSignedPayload(value: unknown): value is SignedPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optionalString = (key: string) => v[key] === undefined || typeof v[key] === 'string';
  return (
    typeof v.requestId === 'string' &&
    typeof v.aud === 'string' &&
    (v.kind === 'user' || v.kind === 'service') &&
    typeof v.iat === 'number' &&
    typeof v.exp === 'number' &&
    Array.isArray(v.roles) &&
    v.roles.every((role) => typeof role === 'string') &&
    optionalString('orgId') &&
    optionalString('userId') &&
    optionalString('provider') &&
    (v.credential === undefined || v.credential === 'access-token' || v.credential === 'api-token') &&
    optionalString('credentialId') &&
    optionalString('clientAddress') &&
    (v.platformOperator === undefined || typeof v.platformOperator === 'boolean')
  );
}

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The internal context secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}
