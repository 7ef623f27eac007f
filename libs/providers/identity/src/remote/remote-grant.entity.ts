import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/**
 * What a user allowed Meshplane to do at a remote provider on their behalf (scope `persistence`): the provider's
 * refresh token, sealed (AES-256-GCM under PROVIDERS_KEY_SECRET, bound to the user and provider), replaced at every
 * use since the provider rotates it. One per user and provider; gone with the user, or when the provider refuses it.
 */
@Entity({ name: 'remote_grants' })
export class RemoteGrantEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_remote_grants' })
  userId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_remote_grants' })
  provider!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_remote_grants_user' })
  user?: UserEntity;

  /** The user's subject at the provider (the identity it was granted with). */
  @Column('text')
  subject!: string;

  @Column('text', { name: 'sealed_refresh_token' })
  sealedRefreshToken!: string;

  /** Space-separated, as the provider granted them. */
  @Column('text')
  scopes!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
