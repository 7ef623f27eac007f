import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ReadinessRegistry } from '@meshplane/runtime';
import { DiscoveryRuntime } from './leases/discovery.runtime.js';

/** Starts the lease loop once everything is up; on shutdown hands the leases over before NATS drains. */
@Injectable()
export class DiscoveryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(DiscoveryRuntime) private readonly runtime: DiscoveryRuntime,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // Ready means the lease loop reaches Postgres; a broken cluster shows in its own sync status instead.
    this.readiness.register('discovery', () => {
      const health = this.runtime.health();
      return health.ok ? Promise.resolve() : Promise.reject(new Error(health.error));
    });
    this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop({ release: true });
  }
}

export const discoveryLogger = new Logger('Discovery');
