import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@meshplane/runtime';
import { MessagingClient } from '../client/messaging-client.js';
import { ensureTopology } from '../topology/ensure-topology.js';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options.js';

/**
 * Topology before anything publishes or consumes; on shutdown, consumers finish their in-flight
 * handlers before other modules (the database) close, and the connection drains last.
 */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly client: MessagingClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureTopology(this.client, this.options);
    this.readiness.register('nats', () => natsReadiness(this.client));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.client.stopConsumers();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Open connection and a JetStream API that answers (a reconnecting client fails by timeout). */
export async function natsReadiness(client: MessagingClient): Promise<void> {
  if (client.isClosed()) throw new Error('NATS connection is closed');
  await client.jsm.getAccountInfo();
}
