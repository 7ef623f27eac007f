import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * A cron schedule that starts runs of a performance profile. Tenant-owned: forced row-level security on org_id.
 * The scheduler claims due rows across tenants only through `perf.claim_due_schedules` (a definer function).
 */
@Entity({ name: 'performance_schedules' })
@Index('ux_performance_schedules_org_name', ['orgId', 'name'], { unique: true })
@Index('ix_performance_schedules_due', ['nextTickAt'], { where: 'enabled AND next_tick_at IS NOT NULL' })
export class PerformanceScheduleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  name!: string;

  @Column('uuid', { name: 'profile_id' })
  profileId!: string;

  @Column('text')
  cron!: string;

  @Column('text')
  timezone!: string;

  @Column('boolean', { default: true })
  enabled!: boolean;

  /** The next tick to handle; null once the expression never fires again. */
  @Column('timestamptz', { name: 'next_tick_at', nullable: true })
  nextTickAt!: Date | null;

  /** A replica handling the due tick holds the schedule until then; a crashed replica's lease simply expires. */
  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('timestamptz', { name: 'last_tick_at', nullable: true })
  lastTickAt!: Date | null;

  /** Ticks that passed while no replica ran (or later than the grace): counted, the latest few recorded. */
  @Column('integer', { name: 'missed_ticks', default: 0 })
  missedTicks!: number;

  @VersionColumn()
  version!: number;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
