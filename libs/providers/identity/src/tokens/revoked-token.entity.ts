import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An access token id refused before its expiry; the row is useless (and pruned) once the token expired anyway. */
@Entity({ name: 'revoked_tokens' })
@Index('ix_revoked_tokens_expires_at', ['expiresAt'])
export class RevokedTokenEntity {
  @PrimaryColumn('text', { name: 'token_id' })
  tokenId!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', default: () => 'now()' })
  revokedAt!: Date;
}
