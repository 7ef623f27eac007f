import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const resourceHistoryChangeTypes = ['upsert', 'delete'] as const;
export type ResourceHistoryChangeType = (typeof resourceHistoryChangeTypes)[number];

/**
 * Each state the inventory stored for an object, kept for INVENTORY_HISTORY_RETENTION_HOURS. The key
 * makes recording the same change twice (a redelivered batch) a no-op.
 */
@Entity({ name: 'resource_history' })
@Index('ix_resource_history_org_at', ['orgId', 'at'])
export class ResourceHistoryEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_resource_history' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_resource_history' })
  clusterId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_resource_history' })
  uid!: string;

  @PrimaryColumn('text', { name: 'resource_version', primaryKeyConstraintName: 'pk_resource_history' })
  resourceVersion!: string;

  @PrimaryColumn('text', { name: 'change_type', primaryKeyConstraintName: 'pk_resource_history' })
  changeType!: ResourceHistoryChangeType;

  @Column('bigint', { name: 'rv_num', nullable: true })
  rvNum!: string | null;

  @Column('jsonb', { nullable: true })
  object!: Record<string, unknown> | null;

  @Column('timestamp with time zone', { precision: 3 })
  at!: Date;
}
