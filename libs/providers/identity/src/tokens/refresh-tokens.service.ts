import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { InvalidRefreshTokenError } from './token.errors.js';
import {
  REFRESH_TOKEN_STORE,
  REVOCATION_STORE,
  type RefreshTokenRecord,
  type RefreshTokenStore,
  type RevocationStore,
} from './token.stores.js';

const PREFIX = 'mprt_';

/** Who a refresh token stands for and the access token issued with it. */
export interface RefreshGrant {
  userId: string;
  orgId?: string;
  /** Continues an existing login session; a new family starts when absent. */
  familyId?: string;
  /** The token of that family this one replaces (a refresh): issued only if it was still unused. */
  consumes?: string;
  accessTokenId: string;
  accessExpiresAt: Date;
}

/** A live refresh token: the session it continues. */
export interface RedeemedRefreshToken {
  id: string;
  userId: string;
  orgId?: string;
  familyId: string;
}

/**
 * Opaque, single-use refresh tokens. 256 random bits, so a plain SHA-256 is enough to store them (nothing to
 * brute-force, unlike a password). Using one twice revokes its whole family, access tokens included: one of the
 * two users of a token is not its owner, and there is no telling which.
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    @Inject(REFRESH_TOKEN_STORE) private readonly store: RefreshTokenStore,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * A refresh token in a new or a continued family. Refused when the family was revoked meanwhile, or when the
   * token it consumes was used by another request first: that is a reuse, and the family is revoked, including
   * whatever the other request issued.
   */
  async issue(grant: RefreshGrant): Promise<{ token: string; familyId: string }> {
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.clock.nowMs();
    const familyId = grant.familyId ?? randomUUID();
    const outcome = await this.store.append(
      {
        id: randomUUID(),
        familyId,
        userId: grant.userId,
        ...(grant.orgId === undefined ? {} : { orgId: grant.orgId }),
        tokenHash: hashRefreshToken(token),
        accessTokenId: grant.accessTokenId,
        accessExpiresAt: grant.accessExpiresAt,
        createdAt: new Date(now),
        expiresAt: new Date(now + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      },
      grant.consumes,
    );
    if (outcome === 'reused') await this.revokeFamily(familyId);
    if (outcome !== 'issued') throw new InvalidRefreshTokenError();
    return { token, familyId };
  }

  /**
   * The session a refresh token continues, if the token is live; a token already used revokes its family. The
   * token is consumed by the `issue` that names it in `consumes`, atomically with issuing its successor.
   */
  async redeem(token: string): Promise<RedeemedRefreshToken> {
    const record = this.unexpired(await this.find(token));
    if (record.usedAt !== undefined) {
      await this.revokeFamily(record.familyId);
      throw new InvalidRefreshTokenError();
    }
    return sessionOf(record);
  }

  /**
   * The session an access token was issued in, while its family lives (its refresh token may have been rotated
   * since); InvalidRefreshTokenError for any other token.
   */
  async sessionOfAccessToken(accessTokenId: string): Promise<RedeemedRefreshToken> {
    const record = await this.store.findByAccessTokenId(accessTokenId);
    if (record === undefined) throw new InvalidRefreshTokenError();
    return sessionOf(this.unexpired(record));
  }

  private unexpired(record: RefreshTokenRecord): RefreshTokenRecord {
    if (record.revokedAt !== undefined || record.expiresAt <= this.clock.now()) {
      throw new InvalidRefreshTokenError();
    }
    return record;
  }

  /**
   * Ends every session of the user but `keepFamilyId` when given (a password change keeps the session that made
   * it; a reset, a disabled account keep none). Returns how many sessions ended.
   */
  async revokeSessionsOfUser(userId: string, keepFamilyId?: string): Promise<number> {
    let ended = 0;
    for (const familyId of await this.store.liveFamiliesOf(userId)) {
      if (familyId === keepFamilyId) continue;
      await this.revokeFamily(familyId);
      ended += 1;
    }
    return ended;
  }

  /** Ends one login session (its refresh and access tokens), as `revokeSession` asks. */
  async revokeSession(familyId: string): Promise<void> {
    await this.revokeFamily(familyId);
  }

  /** Ends the login session the token belongs to (logout). */
  async revokeSessionOf(token: string): Promise<{ userId: string }> {
    const record = await this.find(token);
    await this.revokeFamily(record.familyId);
    return { userId: record.userId };
  }

  private async find(token: string): Promise<RefreshTokenRecord> {
    const record = token.startsWith(PREFIX)
      ? await this.store.findByHash(hashRefreshToken(token))
      : undefined;
    if (record === undefined) throw new InvalidRefreshTokenError();
    return record;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    const family = await this.store.revokeFamily(familyId, this.clock.now());
    await this.revocations.revoke(
      family.map((member) => ({ tokenId: member.accessTokenId, expiresAt: member.accessExpiresAt })),
    );
  }
}

function sessionOf(record: RefreshTokenRecord): RedeemedRefreshToken {
  return {
    id: record.id,
    userId: record.userId,
    ...(record.orgId === undefined ? {} : { orgId: record.orgId }),
    familyId: record.familyId,
  };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
