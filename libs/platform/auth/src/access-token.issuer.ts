import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ACCESS_TOKEN_TYPE,
  CLAIM_CLIENT_ID,
  CLAIM_ORG_ID,
  CLAIM_ROLES,
  CLAIM_SCOPE,
} from './access-token.claims.js';
import { systemClock } from '@meshplane/runtime';
import type { KeyRing } from './key-ring.js';

export interface AccessTokenInput {
  issuer: string;
  audience: string | string[];
  subject: string;
  orgId?: string;
  roles: readonly string[];
  ttlSeconds: number;
  scopes?: readonly string[];
  clientId?: string;
  /** Supply one to record the token for revocation; a random UUID otherwise. */
  tokenId?: string;
  /** When the token is issued (its iat and nbf, the start of its ttl): now by default. */
  issuedAt?: Date;
}

/** Signs an EdDSA access token (RFC 9068 shape) with the ring's current key. */
export async function issueAccessToken(ring: KeyRing, input: AccessTokenInput): Promise<string> {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) {
    throw new Error('ttlSeconds must be a positive whole number');
  }
  const key = ring.current();
  const now = Math.floor((input.issuedAt ?? systemClock.now()).getTime() / 1000);
  const claims: Record<string, unknown> = { [CLAIM_ROLES]: [...input.roles] };
  if (input.orgId !== undefined) claims[CLAIM_ORG_ID] = input.orgId;
  if (input.scopes !== undefined && input.scopes.length > 0) claims[CLAIM_SCOPE] = input.scopes.join(' ');
  if (input.clientId !== undefined) claims[CLAIM_CLIENT_ID] = input.clientId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN_TYPE, kid: key.kid })
    .setIssuer(input.issuer)
    .setAudience(input.audience)
    .setSubject(input.subject)
    .setJti(input.tokenId ?? randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + input.ttlSeconds)
    .sign(key.privateKey);
}
