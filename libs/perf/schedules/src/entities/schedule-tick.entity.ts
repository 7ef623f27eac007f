import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PerformanceScheduleEntity } from './performance-schedule.entity.js';

export const TICK_OUTCOMES = ['firing', 'started', 'skipped', 'failed', 'missed'] as const;
/**
 * `firing`: claimed, the run is being started (a replica that finds it after a crash starts it again under the
 * same idempotency key); `started`; `skipped` (the schedule's previous run was still going); `failed` (the run
 * could not start: detail says why); `missed` (no replica handled it within the grace).
 */
export type TickOutcome = (typeof TICK_OUTCOMES)[number];

/** One tick of a schedule and what became of it; (schedule, tick) is unique, so a tick is handled once. */
@Entity({ name: 'performance_schedule_ticks' })
export class ScheduleTickEntity {
  @PrimaryColumn('uuid', { name: 'schedule_id' })
  scheduleId!: string;

  /** Deleting a schedule deletes its ticks. */
  @ManyToOne(() => PerformanceScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: PerformanceScheduleEntity;

  @PrimaryColumn('timestamptz', { name: 'tick_at' })
  tickAt!: Date;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column({ type: 'enum', enum: TICK_OUTCOMES, enumName: 'performance_schedule_tick_outcome' })
  outcome!: TickOutcome;

  @Column('uuid', { name: 'run_id', nullable: true })
  runId!: string | null;

  @Column('text', { nullable: true })
  detail!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
