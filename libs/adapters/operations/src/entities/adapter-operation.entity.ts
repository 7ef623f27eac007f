import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OperationStatus } from '../state/operation-state.js';

/**
 * One run of an adapter operation (forced RLS by org_id). `id` is what the adapter receives as operation_id, its
 * idempotency key: every attempt of this run, by any replica, sends the same one, so the adapter attaches to the
 * run instead of starting it again. A replica executing it holds the lease (lease_owner until lease_until).
 */
@Entity({ name: 'adapter_operations' })
@Index('ux_adapter_operations_org_key', ['orgId', 'idempotencyKey'], { unique: true })
@Index('ix_adapter_operations_org_created', ['orgId', 'createdAt', 'id'])
@Index('ix_adapter_operations_claimable', ['status', 'leaseUntil'])
@Index('ix_adapter_operations_org_cluster', ['orgId', 'clusterId', 'createdAt'])
export class AdapterOperationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  /** The caller's key (or the id when none was given): the same key in one organization is the same operation. */
  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('uuid', { name: 'adapter_id' })
  adapterId!: string;

  /** For messages: the adapter's name when the run was requested. */
  @Column('text', { name: 'adapter_name' })
  adapterName!: string;

  @Column('text')
  operation!: string;

  @Column('text')
  category!: string;

  /** Operations of this category converge when re-run, so a failed attempt may be tried again. */
  @Column('boolean')
  idempotent!: boolean;

  /** The target cluster's connection; its credentials are fetched from meshsync-ingest for each attempt. */
  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId!: string | null;

  /** The cluster that connection reaches, as meshsync-ingest said when the credentials were fetched. */
  @Column('uuid', { name: 'cluster_id', nullable: true })
  clusterId!: string | null;

  @Column('text')
  namespace!: string;

  @Column('jsonb')
  input!: Record<string, unknown>;

  @Column('boolean', { name: 'delete' })
  delete!: boolean;

  @Column('boolean', { name: 'dry_run' })
  dryRun!: boolean;

  @Column('timestamptz', { name: 'deadline_at' })
  deadlineAt!: Date;

  @Column('text')
  status!: OperationStatus;

  /** The adapter's final message, or why the run failed. */
  @Column('text', { nullable: true })
  message!: string | null;

  @Column('jsonb', { nullable: true })
  output!: Record<string, unknown> | null;

  /** How many times a replica took it up (the first run, then resumes after a lost lease or retries). */
  @Column('integer')
  attempts!: number;

  @Column('boolean', { name: 'cancel_requested' })
  cancelRequested!: boolean;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner!: string | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
