import {
  resourceChangesEvent,
  syncMarkerEvent,
  type ResourceChange,
  type ResourceKind,
} from '@meshplane/contracts';
import type { Publisher } from '@meshplane/messaging';
import type { Clock } from '@meshplane/runtime';
import type { ChangeSink, SyncMarkerInput } from '../sync/kind-sync.ports.js';
import { splitChanges } from './split-changes.js';

export interface ClusterRef {
  orgId: string;
  clusterId: string;
}

/** Publishes one cluster's changes and sync markers to DISCOVERY, tenant header set to the cluster's org. */
export class JetStreamChangeSink implements ChangeSink {
  constructor(
    private readonly publisher: Publisher,
    private readonly cluster: ClusterRef,
    private readonly maxMessageBytes: number,
    /** Stamps `observedAt` and a marker's `at` (the inventory's history times, and so its retention). */
    private readonly clock: Clock,
    private readonly onPublished?: () => void,
  ) {}

  async changes(kind: ResourceKind, changes: ResourceChange[]): Promise<void> {
    const observedAt = this.clock.now().toISOString();
    const payloads = splitChanges(changes, this.maxMessageBytes).map((batch) => ({
      ...this.cluster,
      kind,
      observedAt,
      changes: batch,
    }));
    const results = await this.publisher.publishMany(resourceChangesEvent, payloads, {
      tenant: this.cluster.orgId,
    });
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    this.onPublished?.();
  }

  async marker(kind: ResourceKind, marker: SyncMarkerInput): Promise<void> {
    await this.publisher.publish(
      syncMarkerEvent,
      { ...this.cluster, kind, ...marker, at: this.clock.now().toISOString() },
      { tenant: this.cluster.orgId },
    );
  }
}
