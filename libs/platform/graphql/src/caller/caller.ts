import { can, isRole, type CredentialKind, type Permission, type Role } from '@meshplane/auth';
import { DomainError } from '../errors/domain-error.js';

/**
 * Who is calling a subgraph, as the gateway established it and signed it: anonymous callers have no user,
 * callers who have not chosen an organization have no org. Resolvers read it with `@CurrentCaller()`.
 */
export interface Caller {
  requestId: string;
  userId?: string;
  orgId?: string;
  /** Roles in `orgId` only: they grant nothing anywhere else. */
  roles: Role[];
  provider?: string;
  /** What the caller authenticated with and its id (access token `jti` or API token id). */
  credential?: { kind: CredentialKind; id: string };
  /** The client's network address, as the gateway saw it. */
  clientAddress?: string;
  /** A platform operator (PLATFORM_OPERATORS): may act across organizations. Never set for API tokens. */
  platformOperator?: boolean;
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first: this operation needs an authenticated user') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}

export function callerFromContext(ctx: {
  requestId: string;
  userId?: string;
  orgId?: string;
  roles: readonly string[];
  provider?: string;
  credential?: CredentialKind;
  credentialId?: string;
  clientAddress?: string;
  platformOperator?: boolean;
}): Caller {
  return {
    requestId: ctx.requestId,
    ...(ctx.userId === undefined ? {} : { userId: ctx.userId }),
    ...(ctx.orgId === undefined ? {} : { orgId: ctx.orgId }),
    roles: ctx.roles.filter(isRole),
    ...(ctx.provider === undefined ? {} : { provider: ctx.provider }),
    ...(ctx.credential === undefined || ctx.credentialId === undefined
      ? {}
      : { credential: { kind: ctx.credential, id: ctx.credentialId } }),
    ...(ctx.clientAddress === undefined ? {} : { clientAddress: ctx.clientAddress }),
    ...(ctx.platformOperator === true ? { platformOperator: true } : {}),
  };
}

/** The caller's user id; anonymous callers are refused. */
export function requireUser(caller: Caller): string {
  if (caller.userId === undefined) throw new UnauthenticatedError();
  return caller.userId;
}

/** The caller's organization (the tenant every query runs under); refused when none was chosen. */
export function requireOrg(caller: Caller): string {
  requireUser(caller);
  if (caller.orgId === undefined) {
    throw new ForbiddenError('Choose an organization first: this operation works inside one');
  }
  return caller.orgId;
}

/**
 * The caller's organization, once the caller's roles there grant `permission`. Every resolver that reads or
 * writes tenant data calls this (or `requireOrg`) itself: the gateway's checks are not relied upon.
 */
export function requirePermission(caller: Caller, permission: Permission): string {
  const orgId = requireOrg(caller);
  if (!can(caller.roles, permission)) {
    throw new ForbiddenError(`Your role in this organization does not allow ${permission}`, {
      permission,
    });
  }
  return orgId;
}

/**
 * The caller's user id, once the caller is a platform operator. Every operation whose effect crosses
 * organizations calls this: organization roles (even owner) and API tokens never pass it.
 */
export function requirePlatformOperator(caller: Caller): string {
  const userId = requireUser(caller);
  if (caller.platformOperator !== true) {
    throw new ForbiddenError('Only a platform operator may do this: it reaches every organization', {
      reason: 'PLATFORM_OPERATOR_REQUIRED',
    });
  }
  return userId;
}
