import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  can,
  generateApiToken,
  parseApiTokenId,
  ROLES,
  verifyApiTokenHash,
  type Role,
} from '@meshplane/auth';
import type { ResolvedPrincipal } from '@meshplane/contracts';
import {
  checkName,
  checkUuid,
  decodeCursor,
  encodeCursor,
  ForbiddenError,
  NotFoundError,
  pageOf,
  pageSize,
  requireOrg,
  requireUser,
  SortDirection,
  ValidationFailedError,
  type Caller,
  type CursorShape,
} from '@meshplane/graphql';
import { TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { Clock } from '@meshplane/runtime';
import { PrincipalRejectedError } from '../principals/principal-rejection.js';
import { PRINCIPAL_CACHE_MS } from '../principals/principal-resolution.service.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokenSortField, type ApiTokensArgs, type CreateApiTokenInput } from './dto/api-token.inputs.js';
import type { ApiTokenConnection } from './models/api-token-connection.model.js';
import type { ApiToken, ApiTokenRole, CreatedApiToken } from './models/api-token.model.js';

/** Writing last_used_at on every request would turn each API call into a write: once a minute is precise enough. */
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly repository: ApiTokensRepository,
    private readonly directory: TenancyDirectory,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: CreateApiTokenInput): Promise<CreatedApiToken> {
    const orgId = requireOrg(caller);
    const userId = requireUser(caller);
    if (caller.credential?.kind !== 'access-token') {
      // An API token minting another would outlive its own expiry and revocation.
      throw new ForbiddenError(
        'API tokens are created from a signed-in session, not with another API token',
        {
          reason: 'SESSION_REQUIRED',
          credential: caller.credential?.kind ?? 'none',
        },
      );
    }
    const name = checkName(input.name, 'name');
    if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 365) {
      throw new ValidationFailedError('expiresInDays', 'must be a whole number of days from 1 to 365');
    }
    const role = input.role as Role;
    if (!caller.roles.some((held) => rank(held) <= rank(role))) {
      throw new ForbiddenError('A token cannot grant more than your own role', { field: 'role' });
    }
    const generated = generateApiToken();
    const now = this.clock.nowMs();
    const entity = Object.assign(new ApiTokenEntity(), {
      id: randomUUID(),
      orgId,
      userId,
      name,
      tokenId: generated.tokenId,
      tokenHash: generated.hash,
      role,
      createdAt: new Date(now),
      expiresAt: new Date(now + input.expiresInDays * 86_400_000),
      revokedAt: null,
      lastUsedAt: null,
    });
    await this.repository.insert(entity);
    return { token: generated.token, apiToken: toModel(entity) };
  }

  async list(caller: Caller, args: ApiTokensArgs): Promise<ApiTokenConnection> {
    const orgId = requireOrg(caller);
    const userId = requireUser(caller);
    const size = pageSize(args.first);
    const field = args.sort?.field ?? ApiTokenSortField.CREATED_AT;
    const direction = args.sort?.direction ?? SortDirection.DESC;
    const cursor = cursorShape(field, direction);
    const after = decodeCursor(args.after, cursor);
    const { rows, total } = await this.repository.page({
      orgId,
      userId,
      field,
      direction,
      limit: size + 1,
      after,
    });
    const cursorOf = (row: ApiTokenEntity) => encodeCursor(cursor, [sortValue(field, row), row.id]);
    return { ...pageOf(rows, size, cursorOf, toModel), totalCount: total };
  }

  /** The creator revokes their own tokens; whoever manages members may revoke anyone's in the organization. */
  async revoke(caller: Caller, id: string): Promise<ApiToken> {
    const orgId = requireOrg(caller);
    const userId = requireUser(caller);
    const tokenRowId = checkUuid(id, 'id');
    return this.repository.inOrg(orgId, async (manager) => {
      const token = await this.repository.findById(manager, tokenRowId);
      if (!token || (token.userId !== userId && !can(caller.roles, 'members:manage'))) {
        throw new NotFoundError('API token');
      }
      if (token.revokedAt === null) {
        token.revokedAt = this.clock.now();
        await this.repository.revoke(manager, tokenRowId, token.revokedAt);
      }
      return toModel(token);
    });
  }

  /** Who a presented API token stands for, as the gateway caches it; throws PrincipalRejectedError. */
  async verify(token: string): Promise<ResolvedPrincipal> {
    const tokenId = parseApiTokenId(token);
    const orgId = tokenId === undefined ? undefined : await this.repository.orgOfTokenId(tokenId);
    if (tokenId === undefined || orgId === undefined) throw new PrincipalRejectedError('TOKEN_UNKNOWN');
    const row = await this.repository.inOrg(orgId, async (manager) => {
      const found = await this.repository.findByTokenId(manager, tokenId);
      if (!found || !verifyApiTokenHash(token, found.tokenHash))
        throw new PrincipalRejectedError('TOKEN_UNKNOWN');
      const now = this.clock.nowMs();
      if (found.revokedAt !== null) throw new PrincipalRejectedError('TOKEN_REVOKED');
      if (found.expiresAt.getTime() <= now) throw new PrincipalRejectedError('TOKEN_EXPIRED');
      if (found.lastUsedAt === null || now - found.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        await this.repository.touch(manager, found.id, new Date(now));
      }
      return found;
    });
    const user = await this.users.findById(row.userId);
    if (!user) throw new PrincipalRejectedError('TOKEN_UNKNOWN');
    if (user.disabledAt !== null) throw new PrincipalRejectedError('USER_DISABLED');
    const current = await this.directory.roleIn(row.userId, orgId);
    if (current === undefined) throw new PrincipalRejectedError('NOT_A_MEMBER');
    return {
      userId: row.userId,
      orgId,
      roles: [lesser(row.role, current)],
      cacheUntil: new Date(
        Math.min(row.expiresAt.getTime(), this.clock.nowMs() + PRINCIPAL_CACHE_MS),
      ).toISOString(),
    };
  }
}

/** 0 for owner, growing as roles grant less. */
function rank(role: Role): number {
  return ROLES.indexOf(role);
}

function lesser(a: Role, b: Role): Role {
  return rank(a) >= rank(b) ? a : b;
}

/** A cursor is bound to the sort it was issued for; dates travel as ISO instants. */
function cursorShape(field: ApiTokenSortField, direction: SortDirection) {
  const key = field === ApiTokenSortField.NAME ? 'text' : 'timestamp';
  return { order: `apiTokens:${field}:${direction}`, keys: [key, 'uuid'] } as const satisfies CursorShape;
}

function sortValue(field: ApiTokenSortField, row: ApiTokenEntity): string {
  switch (field) {
    case ApiTokenSortField.NAME:
      return row.name;
    case ApiTokenSortField.CREATED_AT:
      return row.createdAt.toISOString();
    case ApiTokenSortField.EXPIRES_AT:
      return row.expiresAt.toISOString();
  }
}

function toModel(row: ApiTokenEntity): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as ApiTokenRole,
    userId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
