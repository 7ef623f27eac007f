import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/**
 * What a user sees of one login session (a refresh family): where it began and when it was last used. Whether it
 * still lives is read from `refresh_tokens` (the family's live token), never duplicated here.
 */
@Entity({ name: 'login_sessions' })
@Index('ix_login_sessions_user_id', ['userId'])
export class LoginSessionEntity {
  @PrimaryColumn('uuid', { name: 'family_id' })
  familyId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_login_sessions_user' })
  user?: UserEntity;

  /** The provider signed in with: `local`, a remote or an OpenID Connect provider's name. */
  @Column('text')
  provider!: string;

  /** A label the client gave at sign-in (e.g. `meshplane-cli 0.3 on linux`), cleaned of control characters. */
  @Column('text', { nullable: true })
  client!: string | null;

  /** The client address the gateway saw at sign-in. */
  @Column('text', { name: 'client_address', nullable: true })
  clientAddress!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** The last time the session got tokens (sign-in, refresh, organization switch). */
  @Column('timestamptz', { name: 'last_used_at' })
  lastUsedAt!: Date;
}
