import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest sync the inventory has seen for one kind of one cluster, and its completed syncs: the one
 * waiting for its objects (pending) and the last reconciled. A `completed` marker older than a pending or
 * reconciled sync is superseded (acked and ignored); one older than a sync that only started is recorded
 * as pending, since that sync may never complete (see the README's sync ordering).
 */
@Entity({ name: 'kind_syncs' })
export class KindSyncEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_kind_syncs' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_kind_syncs' })
  clusterId!: string;

  @PrimaryColumn('text', { name: 'api_group', primaryKeyConstraintName: 'pk_kind_syncs' })
  apiGroup!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_kind_syncs' })
  kind!: string;

  @Column('text', { name: 'newest_sync_id' })
  newestSyncId!: string;

  /** The newest sync whose completed marker reconciled the kind (tombstoned what it did not list). */
  @Column('text', { name: 'reconciled_sync_id', nullable: true })
  reconciledSyncId!: string | null;

  /** The list resourceVersion of that sync (numeric), when it had one. */
  @Column('bigint', { name: 'reconciled_list_rv', nullable: true })
  reconciledListRv!: string | null;

  /** The newest completed sync still waiting for its objects (its marker already acked), or null. */
  @Column('text', { name: 'pending_sync_id', nullable: true })
  pendingSyncId!: string | null;

  /** How many objects that sync listed. */
  @Column('integer', { name: 'pending_count', nullable: true })
  pendingCount!: number | null;

  /** Its list resourceVersion (numeric), when it had one. */
  @Column('bigint', { name: 'pending_list_rv', nullable: true })
  pendingListRv!: string | null;

  /**
   * At least how many of its objects are stored (an upper bound: writers add the rows they wrote for it,
   * repeats included); exact after each count under the kind's lock; null when unknown. The kind's rows
   * are counted only once this reaches pendingCount (or is unknown).
   */
  @Column('integer', { name: 'pending_stored', nullable: true })
  pendingStored!: number | null;

  /** Its completion time: the time of the tombstones it will write. */
  @Column('timestamp with time zone', { name: 'pending_at', precision: 3, nullable: true })
  pendingAt!: Date | null;

  @Column('timestamp with time zone', { name: 'updated_at', precision: 3 })
  updatedAt!: Date;
}
