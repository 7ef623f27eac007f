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

export interface RefreshTokenStore {
  insert(record: RefreshTokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks the token used unless it already was; false means another request used it first (a reuse). */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of the family and returns them (their access tokens are revoked too). */
  revokeFamily(familyId: string, at: Date): Promise<RefreshTokenRecord[]>;
}

export interface RevocationStore {
  revoke(entries: readonly { tokenId: string; expiresAt: Date }[]): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
}

export const REFRESH_TOKEN_STORE = Symbol('REFRESH_TOKEN_STORE');
export const REVOCATION_STORE = Symbol('REVOCATION_STORE');
