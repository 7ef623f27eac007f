import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClusterEnvironment } from '@meshplane/contracts';
import type { ProfileSnapshot, RunProgress, RunStatus } from '../run-state.js';

/**
 * One performance run in the `perf` schema (forced RLS on org_id). The profile is copied in when the run is
 * requested; `lease_owner`/`lease_until` say which replica runs it, renewed while it runs.
 */
@Entity({ name: 'performance_runs' })
@Index('ux_performance_runs_org_key', ['orgId', 'idempotencyKey'], { unique: true })
@Index('ix_performance_runs_org_created', ['orgId', 'createdAt', 'id'])
@Index('ix_performance_runs_status_created', ['status', 'createdAt'])
@Index('ix_performance_runs_org_schedule_status', ['orgId', 'scheduleId', 'status'])
export class PerformanceRunEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_performance_runs' })
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('uuid', { name: 'profile_id' })
  profileId!: string;

  /** The schedule that started it, when one did. */
  @Column('uuid', { name: 'schedule_id', nullable: true })
  scheduleId!: string | null;

  @Column('jsonb')
  profile!: ProfileSnapshot;

  /** The cluster the target runs in, when the run named one. */
  @Column('uuid', { name: 'cluster_id', nullable: true })
  clusterId!: string | null;

  /** That cluster's environment as discovery described it when the run was requested (recorded with the result). */
  @Column('jsonb', { nullable: true })
  environment!: ClusterEnvironment | null;

  @Column('text')
  status!: RunStatus;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('boolean', { name: 'cancel_requested', default: false })
  cancelRequested!: boolean;

  @Column('jsonb', { nullable: true })
  progress!: RunProgress | null;

  @Column('text', { nullable: true })
  message!: string | null;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner!: string | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
