/** @meshplane/perf-schedules: see README.md. */
export {
  MAX_CRON_LENGTH,
  MIN_SCHEDULE_PERIOD_MS,
  parseCronSchedule,
  type CronSchedule,
  type CronScheduleInput,
} from './cron-schedule.js';
export { ScheduleValidationError } from './schedule-errors.js';
export { MAX_TICKS_WALKED, planTicks, type TickPlan, type TickPlanOptions } from './tick-plan.js';
export {
  DEFAULT_SCHEDULER_OPTIONS,
  runSchedulePass,
  type ClaimedSchedule,
  type PassReport,
  type RunRequest,
  type ScheduleHooks,
  type ScheduleStore,
  type SchedulerOptions,
  type TickResult,
} from './scheduler.js';
export { PerformanceScheduleEntity } from './entities/performance-schedule.entity.js';
export { ScheduleTickEntity, TICK_OUTCOMES, type TickOutcome } from './entities/schedule-tick.entity.js';
export { PostgresScheduleStore } from './persistence/postgres-schedule-store.js';
export { SCHEDULES_MIGRATIONS } from './migrations/index.js';
export { schedulesFeature } from './wiring/schedules.feature.js';
export { SchedulesModule } from './wiring/schedules.module.js';
