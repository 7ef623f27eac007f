import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MessagingClient } from '@meshplane/messaging';
import { startLoadWorker, type LoadWorker } from '@meshplane/perf-distributed';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { RUNS_CONFIG, type RunsConfig } from '../config/runs.config.js';

/**
 * Every perf replica is also a load worker (unless PERF_WORKER_ENABLED=false): it pulls shards of distributed runs
 * from the PERF_SHARDS work queue, one at a time, with the replica's own target policy (a shard cannot widen it).
 * More replicas, more shards at once; a replica that stops abandons its shard, which its coordinator reports lost.
 */
@Injectable()
export class LoadWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LoadWorkerService.name);
  private readonly stop = new AbortController();
  private worker?: LoadWorker;

  constructor(
    @Inject(RUNS_CONFIG) private readonly config: RunsConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly messaging: MessagingClient,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workerEnabled) return;
    this.worker = startLoadWorker({
      client: this.messaging,
      workerId: this.identity.instance,
      policy: this.config.targetPolicy,
      signal: this.stop.signal,
      onShard: ({ runId, index, status }) =>
        this.logger.log(`shard ${index} of distributed run ${runId}: ${status}`),
    });
    this.worker.done.catch((error: unknown) =>
      this.logger.error(`the load worker stopped: ${(error as Error).message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.worker?.done.catch(() => undefined);
  }
}
