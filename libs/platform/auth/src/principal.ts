import type { JWTPayload } from 'jose';
import { CLAIM_ORG_ID, CLAIM_ROLES, CLAIM_SCOPE } from './access-token.claims.js';
import { AuthError } from './auth-error.js';
import { isRole, type Role } from './permissions.js';

/** Who made a request, as established from a verified access token. */
export interface Principal {
  /** Name of the configured provider that issued the token. */
  provider: string;
  subject: string;
  orgId?: string;
  /** Roles the platform knows; unknown role names from a provider are dropped (they grant nothing). */
  roles: Role[];
  scopes: string[];
  tokenId: string;
  expiresAt: Date;
}

export function principalFromClaims(provider: string, payload: JWTPayload): Principal {
  const { sub, jti, exp } = payload;
  const orgId = payload[CLAIM_ORG_ID];
  const roles = payload[CLAIM_ROLES] ?? [];
  const scope = payload[CLAIM_SCOPE] ?? '';
  // Every field below drives authorisation, so a malformed one rejects the token rather than defaulting.
  if (
    typeof sub !== 'string' ||
    sub === '' ||
    typeof jti !== 'string' ||
    jti === '' ||
    typeof exp !== 'number' ||
    (orgId !== undefined && typeof orgId !== 'string') ||
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === 'string') ||
    typeof scope !== 'string'
  ) {
    throw new AuthError('TOKEN_INVALID');
  }
  return {
    provider,
    subject: sub,
    ...(orgId === undefined ? {} : { orgId }),
    roles: roles.filter(isRole),
    scopes: scope.split(' ').filter((s) => s !== ''),
    tokenId: jti,
    expiresAt: new Date(exp * 1000),
  };
}
