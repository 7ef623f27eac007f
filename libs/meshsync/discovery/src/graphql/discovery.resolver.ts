import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkUuid, CurrentCaller, NotFoundError, requirePermission, type Caller } from '@meshplane/graphql';
import { CLUSTER_LOCATOR, type ClusterLocator } from '../leases/cluster-locator.js';
import { DiscoveryStatusService, type ClusterSyncReport } from '../status/discovery-status.service.js';
import { ClusterSyncPhase, ClusterSyncStatus } from './cluster-sync-status.model.js';

const PHASES: Record<ClusterSyncReport['phase'], ClusterSyncPhase> = {
  connecting: ClusterSyncPhase.CONNECTING,
  syncing: ClusterSyncPhase.SYNCING,
  synced: ClusterSyncPhase.SYNCED,
  error: ClusterSyncPhase.ERROR,
};

@Resolver(() => ClusterSyncStatus)
export class DiscoveryResolver {
  constructor(
    @Inject(DiscoveryStatusService) private readonly status: DiscoveryStatusService,
    @Inject(CLUSTER_LOCATOR) private readonly locator: ClusterLocator,
  ) {}

  @Query(() => ClusterSyncStatus, {
    nullable: true,
    description:
      "Discovery's sync state of a cluster of the caller's organization; null before its first sync.",
  })
  async clusterSyncStatus(
    @CurrentCaller() caller: Caller,
    @Args('clusterId', { type: () => ID }) clusterId: string,
  ): Promise<ClusterSyncStatus | null> {
    const orgId = requirePermission(caller, 'resources:read');
    const report = await this.status.clusterSyncStatus(orgId, checkUuid(clusterId, 'clusterId'));
    return report ? toModel(report) : null;
  }

  @Mutation(() => Boolean, {
    description: 'Relists every kind of a connected cluster now (on whichever replica runs its discovery).',
  })
  async resyncCluster(
    @CurrentCaller() caller: Caller,
    @Args('clusterId', { type: () => ID }) clusterId: string,
  ): Promise<boolean> {
    const orgId = requirePermission(caller, 'resources:write');
    const id = checkUuid(clusterId, 'clusterId');
    if (await this.status.requestResync(orgId, id)) return true;
    // No lease yet: a connected cluster is about to get its first full sync anyway.
    const connected = await this.locator.connectedClusters();
    if (connected.some((c) => c.orgId === orgId && c.clusterId === id)) return true;
    throw new NotFoundError('cluster');
  }
}

function toModel(report: ClusterSyncReport): ClusterSyncStatus {
  return {
    clusterId: report.clusterId,
    active: report.active,
    phase: PHASES[report.phase],
    kindsTotal: report.kindsTotal,
    kindsSynced: report.kindsSynced,
    kindsCommitted: report.kindsCommitted,
    pendingKinds: report.pendingKinds,
    kindSetPending: report.kindSetPending,
    objectsListed: report.objectsListed,
    objectsCommitted: report.objectsCommitted,
    ...(report.lastEventAt && { lastEventAt: new Date(report.lastEventAt) }),
    ...(report.error && { error: report.error }),
    observedAt: report.observedAt,
    kinds: report.kinds.map((k) => ({
      group: k.group,
      version: k.version,
      kind: k.kind,
      synced: k.synced,
      objects: k.objects,
      committed: k.committed,
      ...(k.lastSyncAt && { lastSyncAt: new Date(k.lastSyncAt) }),
      ...(k.lastEventAt && { lastEventAt: new Date(k.lastEventAt) }),
      ...(k.error && { error: k.error }),
    })),
  };
}
