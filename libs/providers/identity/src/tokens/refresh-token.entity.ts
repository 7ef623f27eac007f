import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/**
 * One refresh token, stored as a hash. Every token descending from one login shares a family: using a token twice
 * means it leaked, and the whole family is revoked. `session_org_id` is the organization the session currently
 * works in (a user-owned session, not a tenant-owned row), so the table is global like users.
 */
@Entity({ name: 'refresh_tokens' })
@Index('ix_refresh_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('ix_refresh_tokens_family_id', ['familyId'])
@Index('ix_refresh_tokens_access_token_id', ['accessTokenId'])
@Index('ix_refresh_tokens_user_id', ['userId'])
export class RefreshTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'family_id' })
  familyId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_refresh_tokens_user' })
  user?: UserEntity;

  @Column('uuid', { name: 'session_org_id', nullable: true })
  sessionOrgId!: string | null;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  /** The access token issued together with this refresh token: revoked with the family. */
  @Column('text', { name: 'access_token_id' })
  accessTokenId!: string;

  @Column('timestamptz', { name: 'access_expires_at' })
  accessExpiresAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
