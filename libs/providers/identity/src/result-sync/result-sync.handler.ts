import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { performanceResultRecordedEvent, providersResultSyncConsumer } from '@meshplane/contracts';
import { consume, MessagingClient, type ConsumerHandle } from '@meshplane/messaging';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { ResultSyncService } from './result-sync.service.js';

/**
 * Durable consumer `providers-result-sync` on PERF_RESULTS, shared by every replica: each result is synced by one
 * of them and acked once every provider's outcome is recorded; RESULT_SYNC_CONCURRENCY of them at once per replica. A provider to try again naks the delivery (the
 * consumer's backoff spaces the attempts); on the last allowed delivery it is recorded FAILED instead.
 */
@Injectable()
export class ResultSyncHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly client: MessagingClient,
    private readonly service: ResultSyncService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = consume(
      this.client,
      providersResultSyncConsumer,
      performanceResultRecordedEvent,
      (msg) => this.service.sync(msg.data, msg.deliveryCount >= providersResultSyncConsumer.maxDeliver),
      // Results are independent (each PUT is keyed by its id; a grant's refresh is serialized by its row lock).
      { concurrency: this.config.RESULT_SYNC_CONCURRENCY },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
