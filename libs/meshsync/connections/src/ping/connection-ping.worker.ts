import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONNECTIONS_CONFIG, type ConnectionsConfig } from '../config/connections.config.js';
import { ConnectionsService } from '../lifecycle/connections.service.js';
import { CrossTenantRepository } from '../persistence/cross-tenant.repository.js';

const BATCH = 20;
const MAX_TICK_MS = 5_000;

/**
 * Pings every connection whose last ping is older than CONNECTION_PING_INTERVAL_MS (connected ones, and
 * disconnected ones a user did not disconnect, so they recover). Safe with many replicas: each claims due
 * connections with a lease (FOR UPDATE SKIP LOCKED in the definer function), so one connection is pinged by
 * one replica, and a lease left by a crashed replica simply expires.
 */
@Injectable()
export class ConnectionPingWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectionPingWorker.name);
  private readonly stop = new AbortController();
  private loop?: Promise<void>;

  constructor(
    @Inject(CONNECTIONS_CONFIG) private readonly config: ConnectionsConfig,
    private readonly crossTenant: CrossTenantRepository,
    private readonly connections: ConnectionsService,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  /** One pass: claims what is due and pings it; returns how many connections were pinged. */
  async pingDue(): Promise<number> {
    let pinged = 0;
    for (;;) {
      const due = await this.crossTenant.claimDuePings(
        this.config.pingIntervalMs,
        this.connections.leaseMs,
        BATCH,
      );
      await Promise.all(
        due.map((ref) =>
          this.connections
            .pingClaimed(ref)
            .catch((error: unknown) =>
              this.logger.warn(`ping of a connection failed: ${(error as Error).message}`),
            ),
        ),
      );
      pinged += due.length;
      if (due.length < BATCH || this.stop.signal.aborted) return pinged;
    }
  }

  private async run(): Promise<void> {
    const tickMs = Math.min(this.config.pingIntervalMs, MAX_TICK_MS);
    while (!this.stop.signal.aborted) {
      try {
        await this.pingDue();
      } catch (error) {
        this.logger.warn(`connection ping pass failed: ${(error as Error).message}`);
      }
      await sleep(tickMs, this.stop.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
