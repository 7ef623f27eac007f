import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { UserEntity } from './user.entity.js';

@Entity({ name: 'memberships' })
@Index('ix_memberships_user', ['userId'])
@Check('ck_memberships_role', `"role" IN ('owner', 'admin', 'member', 'viewer')`)
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'org_id' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_memberships_user' })
  user?: UserEntity;

  @Column('text')
  role!: Role;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
