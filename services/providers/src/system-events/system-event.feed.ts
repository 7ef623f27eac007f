import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { systemEvent, systemStream } from '@meshplane/contracts';
import { liveEvents, MessagingClient } from '@meshplane/messaging';
import type { SystemEvent } from './models/system-event.model.js';
import { fromPayload } from './system-events.service.js';

const TOPIC = 'systemEvent';

/**
 * Live side of the log. Each replica reads the stream through its own ordered consumer and fans out to the
 * subscribers connected to it; the durable consumer can't serve this, it hands each message to one replica only.
 */
@Injectable()
export class SystemEventFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SystemEventFeed.name);
  private readonly pubsub = new PubSub();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;

  constructor(private readonly client: MessagingClient) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  subscribe(): AsyncIterableIterator<{ systemEvents: SystemEvent }> {
    return this.pubsub.asyncIterableIterator<{ systemEvents: SystemEvent }>(TOPIC);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        for await (const msg of liveEvents(this.client, systemStream, 'system.v1.>', systemEvent, {
          signal,
        })) {
          await this.pubsub.publish(TOPIC, { systemEvents: fromPayload(msg.data) });
        }
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn(`live system event feed interrupted, resuming: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
