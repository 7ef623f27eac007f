import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InvalidPayloadError, performanceResultRecordedEvent } from '@meshplane/contracts';
import { Publisher } from '@meshplane/messaging';
import { RUNS_CONFIG, type RunsConfig } from '../config/runs.config.js';
import { RunsRepository } from '../persistence/runs.repository.js';

/** Results announced per sweep at most (the rest wait for the next one). */
const SWEEP_BATCH = 50;

/**
 * Announces each stored result once on PERF_RESULTS (`PerformanceResultRecorded@1`, dedup id = the result id). The
 * executor announces a result as soon as it is stored; the `announced_at` column is the outbox every replica sweeps,
 * so that a result stored just before a crash, or while NATS was away, is announced later rather than never. Two
 * replicas announcing the same result publish one message (JetStream dedup), and the consumers are idempotent.
 */
@Injectable()
export class ResultAnnouncer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ResultAnnouncer.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @Inject(RUNS_CONFIG) private readonly config: RunsConfig,
    private readonly runs: RunsRepository,
    private readonly publisher: Publisher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.announceSweepMs);
    this.timer.unref();
    void this.sweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Announces one result now; false (and a warning) when it could not be, the sweep then retries it. A result that can
   * never be announced (its payload breaks the event's contract) is skipped with an error, never retried.
   */
  async announce(orgId: string, id: string): Promise<boolean> {
    try {
      const stored = await this.runs.resultWithRun(orgId, id);
      if (!stored) return false;
      const { result, run } = stored;
      await this.publisher.publish(
        performanceResultRecordedEvent,
        {
          resultId: result.id,
          orgId: result.orgId,
          profileId: result.profileId,
          name: run.profile.name,
          requestedBy: run.requestedBy,
          recordedAt: result.createdAt.toISOString(),
          smp: result.smp as unknown as Record<string, unknown>,
        },
        { tenant: orgId },
      );
      await this.runs.markAnnounced(orgId, id);
      return true;
    } catch (error) {
      if (error instanceof InvalidPayloadError) {
        // It can never be announced (e.g. a document past the event's size): skipped, so that it does not hold back
        // every result after it in the outbox. Its run and result stay as they are.
        this.logger.error(`result ${id} cannot be announced and is skipped: ${error.message}`);
        await this.runs.markAnnounced(orgId, id).catch(() => undefined);
        return true;
      }
      this.logger.warn(`result ${id} not announced yet: ${(error as Error).message}`);
      return false;
    }
  }

  /** Announces what is still unannounced (one sweep at a time per replica). */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    let pending: { id: string; orgId: string }[];
    try {
      pending = await this.runs.unannounced(SWEEP_BATCH);
    } catch (error) {
      this.logger.warn(`results to announce not read: ${(error as Error).message}`);
      return;
    }
    for (const { id, orgId } of pending) {
      if (!(await this.announce(orgId, id))) return;
    }
  }
}
