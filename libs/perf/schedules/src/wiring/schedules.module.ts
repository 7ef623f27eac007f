import { Module } from '@nestjs/common';
import { ProfilesModule } from '@meshplane/perf-profiles';
import { RunsModule } from '@meshplane/perf-runs';
import { SchedulesResolver } from '../graphql/schedules.resolver.js';
import { ScheduleWorker } from './schedule-worker.js';
import { SchedulesService } from './schedules.service.js';

/** Performance schedules: the GraphQL and the scheduler pass every replica runs. */
@Module({
  imports: [ProfilesModule, RunsModule],
  providers: [SchedulesService, SchedulesResolver, ScheduleWorker],
})
export class SchedulesModule {}
