/** A refresh token as the rotation logic sees it (the secret itself is never stored, only its hash). */
export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  userId: string;
  orgId?: string;
  tokenHash: string;
  accessTokenId: string;
  accessExpiresAt: Date;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
  revokedAt?: Date;
}

/** What became of a token offered to a family: `reused` and `revoked` issue nothing. */
export type AppendOutcome = 'issued' | 'reused' | 'revoked';

/**
 * `append` and `revokeFamily` run under one lock per family, shared by every replica: a revocation either
 * comes after an issue (and revokes what it issued) or before it (and the issue is refused), never in between.
 */
export interface RefreshTokenStore {
  /**
   * Adds `record` to its family unless the family is revoked; with `consumes`, only if that token of the
   * family was still unused, marking it used in the same step (a rotation).
   */
  append(record: RefreshTokenRecord, consumes?: string): Promise<AppendOutcome>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** The token issued together with an access token, to continue its session. */
  findByAccessTokenId(accessTokenId: string): Promise<RefreshTokenRecord | undefined>;
  /** The user's families that are not revoked. */
  liveFamiliesOf(userId: string): Promise<string[]>;
  /** Revokes every token of the family and returns them (their access tokens are revoked too). */
  revokeFamily(familyId: string, at: Date): Promise<RefreshTokenRecord[]>;
}

export interface RevocationStore {
  revoke(entries: readonly { tokenId: string; expiresAt: Date }[]): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
}

export const REFRESH_TOKEN_STORE = Symbol('REFRESH_TOKEN_STORE');
export const REVOCATION_STORE = Symbol('REVOCATION_STORE');
