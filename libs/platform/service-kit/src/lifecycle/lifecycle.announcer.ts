import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { systemEvent, type SystemEvent } from '@meshplane/contracts';
import { Publisher } from '@meshplane/messaging';
import { Clock, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';

const STOPPING_PUBLISH_TIMEOUT_MS = 2_000;

/** Tells the platform on the bus when this replica starts serving and when it begins to stop. */
@Injectable()
export class LifecycleAnnouncer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LifecycleAnnouncer.name);

  constructor(
    private readonly publisher: Publisher,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.announce('started', `${this.identity.service} ${this.identity.version} started`);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    // Best effort with a deadline: a broker outage must not hold up shutdown.
    await Promise.race([
      this.announce('stopping', `${this.identity.service} stopping${signal ? ` on ${signal}` : ''}`),
      new Promise((resolve) => setTimeout(resolve, STOPPING_PUBLISH_TIMEOUT_MS).unref()),
    ]);
  }

  private async announce(kind: SystemEvent['kind'], message: string): Promise<void> {
    const event: SystemEvent = {
      id: randomUUID(),
      service: this.identity.service,
      instance: this.identity.instance,
      kind,
      severity: 'info',
      message,
      at: this.clock.now().toISOString(),
    };
    try {
      await this.publisher.publish(systemEvent, event);
    } catch (error) {
      this.logger.warn(`could not announce ${kind}: ${(error as Error).message}`);
    }
  }
}
