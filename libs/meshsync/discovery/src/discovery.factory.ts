import { clusterSyncStatusEvent } from '@meshplane/contracts';
import { KindSyncLedger } from '@meshplane/meshsync-inventory';
import { Publisher, type MessagingClient } from '@meshplane/messaging';
import type { Clock } from '@meshplane/runtime';
import type { DataSource } from 'typeorm';
import type { DiscoveryConfig } from './config/discovery.config.js';
import { KubeHttpClient } from './kube/kube-http.client.js';
import type { ClusterLocator } from './leases/cluster-locator.js';
import { DiscoveryLeaseRepository } from './leases/discovery-lease.repository.js';
import { DiscoveryRuntime } from './leases/discovery.runtime.js';
import { JetStreamChangeSink } from './publish/jetstream-change.sink.js';
import { SyncStatusAnnouncer } from './status/sync-status-announcer.js';
import { ClusterSync } from './sync/cluster-sync.js';

const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
const BACKOFF_BASE_MS = 500;

export interface DiscoveryRuntimeParts {
  config: DiscoveryConfig;
  instanceId: string;
  dataSource: DataSource;
  locator: ClusterLocator;
  messaging: MessagingClient;
  clock: Clock;
  onError?: (error: unknown) => void;
}

/** Assembles a runtime from its collaborators (the Nest module does this once; tests may build more). */
export function createDiscoveryRuntime(parts: DiscoveryRuntimeParts): DiscoveryRuntime {
  const { config, locator, messaging, clock } = parts;
  const publisher = new Publisher(messaging);
  const ledger = new KindSyncLedger(parts.dataSource);
  const maxMessageBytes = messaging.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  const createSync = (cluster: { orgId: string; clusterId: string }) =>
    new ClusterSync(cluster, {
      connect: async ({ orgId, clusterId }) =>
        KubeHttpClient.create(await locator.kubeConfigFor(orgId, clusterId), {
          requestTimeoutMs: config.requestTimeoutMs,
          watchIdleTimeoutMs: config.watchIdleTimeoutMs,
        }),
      sinkFor: (ref) => new JetStreamChangeSink(publisher, ref, maxMessageBytes, clock),
      selection: { include: config.include, exclude: config.exclude },
      newestSyncId: ({ orgId, clusterId }) => ledger.newestSyncId(orgId, clusterId),
      kindOptions: {
        redactSecrets: config.redactSecrets,
        pageSize: config.pageSize,
        batchFlushMs: config.batchFlushMs,
        batchMaxChanges: config.batchMaxChanges,
        resyncIntervalMs: config.resyncIntervalMs,
        backoffBaseMs: BACKOFF_BASE_MS,
        backoffMaxMs: config.backoffMaxMs,
        clock,
      },
    });
  const announcer = new SyncStatusAnnouncer(
    ledger,
    async (payload) => {
      await publisher.publish(clusterSyncStatusEvent, payload, { tenant: payload.orgId });
    },
    clock,
  );
  return new DiscoveryRuntime(
    { instanceId: parts.instanceId, leaseTtlMs: config.leaseTtlMs, leaseRenewMs: config.leaseRenewMs },
    {
      leases: new DiscoveryLeaseRepository(parts.dataSource),
      locator,
      createSync,
      announce: (cluster, status, previous) => announcer.announce(cluster, status, previous),
      ...(parts.onError && { onError: parts.onError }),
    },
  );
}
