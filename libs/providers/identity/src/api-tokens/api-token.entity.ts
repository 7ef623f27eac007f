import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { UserEntity } from '@meshplane/providers-tenancy';

/** A long-lived credential for scripts and CI, owned by one user in one organization; only its hash is kept. */
@Entity({ name: 'api_tokens' })
@Index('ux_api_tokens_token_id', ['tokenId'], { unique: true })
@Index('ix_api_tokens_org_user', ['orgId', 'userId'])
@Check('ck_api_tokens_role', `"role" IN ('owner', 'admin', 'member', 'viewer')`)
export class ApiTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_api_tokens_user' })
  user?: UserEntity;

  @Column('text')
  name!: string;

  /** Public part of the token, embedded in it: the row is found by it, then the hash is compared. */
  @Column('text', { name: 'token_id' })
  tokenId!: string;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  /** The most the token grants; the creator's current role caps it further at every use. */
  @Column('text')
  role!: Role;

  @Column({ type: 'timestamptz', name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at', precision: 3 })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
