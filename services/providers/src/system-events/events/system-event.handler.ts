import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { providersSystemLogConsumer, systemEvent } from '@meshplane/contracts';
import { consume, MessagingClient, type ConsumerHandle } from '@meshplane/messaging';
import { SystemEventsService } from '../system-events.service.js';

/**
 * Durable consumer `providers-system-log`: every replica pulls from it, each event is stored by exactly one of
 * them and acked only after the insert committed, so a crash redelivers instead of losing.
 */
@Injectable()
export class SystemEventHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly client: MessagingClient,
    private readonly events: SystemEventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = consume(this.client, providersSystemLogConsumer, systemEvent, async (msg) => {
      await this.events.record(msg.data, msg.streamSeq);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
