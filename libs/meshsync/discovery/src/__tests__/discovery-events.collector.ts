import {
  clusterSyncStatusEvent,
  decodePayload,
  MessageHeaders,
  resourceChangesEvent,
  syncMarkerEvent,
  type ClusterSyncStatusPayload,
  type ResourceChanges,
  type SyncMarker,
} from '@meshplane/contracts';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface Collected<T> {
  payload: T;
  tenant: string | undefined;
  subject: string;
}

/** Reads everything on DISCOVERY (from the start) through an ordered consumer, decoded by the contract. */
export class DiscoveryEventsCollector {
  readonly changes: Collected<ResourceChanges>[] = [];
  readonly markers: Collected<SyncMarker>[] = [];
  readonly statuses: Collected<ClusterSyncStatusPayload>[] = [];
  private constructor(private readonly nc: NatsConnection) {}

  static async start(natsUrl: string): Promise<DiscoveryEventsCollector> {
    const nc = await connect({ servers: natsUrl });
    const collector = new DiscoveryEventsCollector(nc);
    const consumer = await jetstream(nc).consumers.get('DISCOVERY');
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        const tenant = m.headers?.get(MessageHeaders.tenant);
        if (m.subject.endsWith('.changes'))
          collector.changes.push({
            payload: decodePayload(resourceChangesEvent, m.data),
            tenant,
            subject: m.subject,
          });
        else if (m.subject.endsWith('.sync'))
          collector.markers.push({
            payload: decodePayload(syncMarkerEvent, m.data),
            tenant,
            subject: m.subject,
          });
        else
          collector.statuses.push({
            payload: decodePayload(clusterSyncStatusEvent, m.data),
            tenant,
            subject: m.subject,
          });
      }
    })();
    return collector;
  }

  completed(kind: string, clusterId?: string): SyncMarker[] {
    return this.markers
      .map((m) => m.payload)
      .filter(
        (m) => m.phase === 'completed' && m.kind.kind === kind && (!clusterId || m.clusterId === clusterId),
      );
  }

  changesOf(kind: string, clusterId?: string) {
    return this.changes
      .map((c) => c.payload)
      .filter((c) => c.kind.kind === kind && (!clusterId || c.clusterId === clusterId))
      .flatMap((c) => c.changes);
  }

  async stop(): Promise<void> {
    await this.nc.close();
  }
}
