import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const RESULT_SYNC_STATUSES = ['SYNCED', 'RETRYING', 'FAILED', 'SIGN_IN_REQUIRED'] as const;
export type ResultSyncStatus = (typeof RESULT_SYNC_STATUSES)[number];

/**
 * One performance result's copy at one remote provider (providers schema, forced RLS on org_id): what the last
 * attempt did, so that the organization sees whether its result is there and, when not, why.
 */
@Entity({ name: 'performance_result_syncs' })
@Index('ix_performance_result_syncs_org_result', ['orgId', 'resultId'])
export class PerformanceResultSyncEntity {
  @PrimaryColumn('uuid', { name: 'result_id', primaryKeyConstraintName: 'PK_performance_result_syncs' })
  resultId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_performance_result_syncs' })
  provider!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  /** Whose grant it was stored with (the user who requested the run). */
  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  status!: ResultSyncStatus;

  @Column('integer')
  attempts!: number;

  @Column('text', { nullable: true })
  message!: string | null;

  /** The record's version at the provider after the last successful store. */
  @Column('integer', { name: 'remote_version', nullable: true })
  remoteVersion!: number | null;

  @Column('timestamptz', { name: 'synced_at', nullable: true })
  syncedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
