import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'workspaces' })
@Index('ux_workspaces_org_name', ['orgId', 'name'], { unique: true })
export class WorkspaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
