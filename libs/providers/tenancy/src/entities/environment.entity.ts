import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity.js';

@Entity({ name: 'environments' })
@Index('ux_environments_workspace_name', ['workspaceId', 'name'], { unique: true })
@Index('ix_environments_org', ['orgId'])
export class EnvironmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  // Environments live and die with their workspace.
  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'fk_environments_workspace' })
  workspace?: WorkspaceEntity;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
