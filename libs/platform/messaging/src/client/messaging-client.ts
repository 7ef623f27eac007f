import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { inboxPrefixFor } from '../auth/nats-permissions.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

export interface MessagingConnectOptions {
  url: string;
  /** Shown by the server's monitoring for this connection; use the service instance id. */
  name: string;
  /**
   * The service connecting (kebab-case). Replies and pulled messages then arrive under `_INBOX.<service>.`, the
   * only inboxes its NATS user may subscribe to, so no service can read another one's replies.
   */
  service?: string;
  /** The service's own NATS user; omitted against a server without authentication (tests). */
  credentials?: { user: string; password: string };
}

/** Something that must stop before the connection drains (running consumers). */
export interface Stoppable {
  stop(): Promise<void>;
}

/** One NATS connection with its JetStream client and manager. */
export class MessagingClient {
  private readonly running = new Set<Stoppable>();
  /** False from a lost connection until it is back (the client reconnects by itself meanwhile). */
  private connected = true;
  /** Set while close() drains: the connection was lost meanwhile. */
  private whenLost?: () => void;

  /**
   * `statuses`: the connection's status events, when followed since before this client existed (connectMessaging);
   * `onReconnect`: called at each reconnection.
   */
  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    events: { statuses?: AsyncIterable<Status>; onReconnect?: () => void } = {},
  ) {
    void this.followStatus(events.statuses ?? nc.status(), events.onReconnect);
  }

  /** Registers a consumer so that close() stops it before draining; returns the unregister function. */
  track(stoppable: Stoppable): () => void {
    this.running.add(stoppable);
    return () => this.running.delete(stoppable);
  }

  /** Stops every consumer started on this client (waiting for their in-flight handlers). */
  async stopConsumers(): Promise<void> {
    await Promise.all([...this.running].map((c) => c.stop()));
  }

  isClosed(): boolean {
    return this.nc.isClosed();
  }

  /**
   * Stops consumers, then drains: pending publishes are flushed and subscriptions finish before closing. Draining needs
   * the server; while the connection is down nothing can be flushed, and a drain would wait out its timeout (~13 s)
   * and then fail, so the connection is closed at once instead (a service stopped together with its nats-server, as
   * Ctrl-C of `npm start` does, stops without that wait).
   */
  async close(): Promise<void> {
    await this.stopConsumers();
    if (this.nc.isClosed()) return;
    if (!this.connected) await this.nc.close();
    else if (!this.nc.isDraining()) {
      // The server may go in the middle of the drain (both are stopped at once): then too, close at once.
      const drained = this.nc.drain();
      const lost = new Promise<'lost'>((resolve) => (this.whenLost = () => resolve('lost')));
      const first = await Promise.race([drained.then(() => 'drained' as const), lost]).finally(
        () => (this.whenLost = undefined),
      );
      if (first === 'lost') {
        drained.catch(() => undefined);
        await this.nc.close();
      }
    }
    await this.nc.closed();
  }

  private async followStatus(statuses: AsyncIterable<Status>, onReconnect?: () => void): Promise<void> {
    for await (const status of statuses) {
      if (status.type === 'disconnect') {
        this.connected = false;
        this.whenLost?.();
      } else if (status.type === 'reconnect') {
        this.connected = true;
        onReconnect?.();
      }
    }
  }
}

/** Connects once (failing fast if NATS is unreachable), then reconnects forever with capped backoff. */
export async function connectMessaging(options: MessagingConnectOptions): Promise<MessagingClient> {
  let attempts = 0;
  const nc = await connect({
    servers: options.url,
    name: options.name,
    ...(options.service !== undefined && { inboxPrefix: inboxPrefixFor(options.service) }),
    ...(options.credentials && { user: options.credentials.user, pass: options.credentials.password }),
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => reconnectDelayMs(attempts++),
  });
  // Followed from here on, so that no change during the JetStream setup below is missed.
  const statuses = nc.status();
  const jsm = await jetstreamManager(nc);
  // The backoff starts over once a reconnection succeeded.
  return new MessagingClient(nc, jetstream(nc), jsm, { statuses, onReconnect: () => (attempts = 0) });
}
