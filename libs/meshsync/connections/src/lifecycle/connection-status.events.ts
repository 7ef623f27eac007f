import { Injectable, Logger } from '@nestjs/common';
import { type ConnectionStatusValue } from '../entities/connection-status.js';

export interface ConnectionStatusChange {
  readonly orgId: string;
  readonly connectionId: string;
  /** Null while the connection has never identified its cluster. */
  readonly clusterId: string | null;
  readonly before: ConnectionStatusValue;
  readonly status: ConnectionStatusValue;
}

export type ConnectionStatusListener = (change: ConnectionStatusChange) => void | Promise<void>;

/**
 * In-process notice that a connection's status changed, emitted after the change is committed. Only this
 * replica's changes are seen, and a listener may miss one while it is not subscribed: consumers that must not
 * miss anything (discovery) also poll `ClusterDirectory.connectedClusters()`.
 */
@Injectable()
export class ConnectionStatusEvents {
  private readonly logger = new Logger(ConnectionStatusEvents.name);
  private readonly listeners = new Set<ConnectionStatusListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: ConnectionStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: ConnectionStatusChange): void {
    if (change.before === change.status) return;
    for (const listener of this.listeners) {
      // A listener's failure is its own: it must neither break the status write nor the other listeners.
      Promise.resolve()
        .then(() => listener(change))
        .catch((error: unknown) =>
          this.logger.warn(`connection status listener failed: ${(error as Error).message}`),
        );
    }
  }
}
