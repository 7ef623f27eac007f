import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunsService } from '@meshplane/perf-runs';
import { Clock } from '@meshplane/runtime';
import { PostgresScheduleStore } from '../persistence/postgres-schedule-store.js';
import { DEFAULT_SCHEDULER_OPTIONS, runSchedulePass, type ScheduleHooks } from '../scheduler.js';
import { SCHEDULES_CONFIG, type SchedulesConfig } from './schedules.config.js';

/**
 * Runs a scheduler pass every PERF_SCHEDULE_POLL_MS on every replica: due schedules are claimed under a lease, each
 * tick recorded once, its run started under the key `<schedule>@<tick>` (the runs feature returns the same run for
 * the same key), or the tick skipped when the schedule's previous run is still going.
 */
@Injectable()
export class ScheduleWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleWorker.name);
  private readonly store: PostgresScheduleStore;
  private readonly hooks: ScheduleHooks;
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;

  constructor(
    @Inject(SCHEDULES_CONFIG) private readonly config: SchedulesConfig,
    dataSource: DataSource,
    runs: RunsService,
    private readonly clock: Clock,
  ) {
    this.store = new PostgresScheduleStore(dataSource);
    this.hooks = {
      isRunActive: (orgId, scheduleId) => runs.isScheduleRunActive(orgId, scheduleId),
      startRun: (request) => runs.startForSchedule(request),
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // One pass at a time on this replica; a slow pass simply delays the next.
      this.pass ??= this.runPass().finally(() => (this.pass = undefined));
    }, this.config.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  private async runPass(): Promise<void> {
    try {
      const report = await runSchedulePass(this.store, this.clock.now(), this.hooks, {
        ...DEFAULT_SCHEDULER_OPTIONS,
        graceMs: this.config.graceMs,
      });
      if (report.started + report.skipped + report.failed + report.missed > 0)
        this.logger.log(
          `schedule pass: ${report.started} started, ${report.skipped} skipped, ${report.failed} failed, ${report.missed} missed`,
        );
    } catch (error) {
      this.logger.warn(`schedule pass failed: ${(error as Error).message}`);
    }
  }
}
