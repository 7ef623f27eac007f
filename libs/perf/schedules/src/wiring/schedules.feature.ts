import { runsFeature } from '@meshplane/perf-runs';
import { defineFeature } from '@meshplane/service-kit';
import { PerformanceScheduleEntity } from '../entities/performance-schedule.entity.js';
import { ScheduleTickEntity } from '../entities/schedule-tick.entity.js';
import { SCHEDULES_MIGRATIONS } from '../migrations/index.js';
import { SCHEDULES_CONFIG, SCHEDULES_CONFIG_SHAPE, schedulesConfigOf } from './schedules.config.js';
import { SchedulesModule } from './schedules.module.js';

/** Cron schedules of performance profiles as the perf service runs them (their runs through the runs feature). */
export const schedulesFeature = defineFeature({
  name: 'performance-schedules',
  module: SchedulesModule,
  entities: [PerformanceScheduleEntity, ScheduleTickEntity],
  migrations: SCHEDULES_MIGRATIONS,
  config: { token: SCHEDULES_CONFIG, shape: SCHEDULES_CONFIG_SHAPE, build: schedulesConfigOf },
  requires: [runsFeature],
});
