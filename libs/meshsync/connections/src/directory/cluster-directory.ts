import { Injectable } from '@nestjs/common';
import type { KubeConfig } from '@kubernetes/client-node';
import { parseTenantId } from '@meshplane/database';
import { isUuid } from '@meshplane/graphql';
import { ConnectionProber } from '../lifecycle/connection-prober.js';
import { type ConnectedCluster } from '../persistence/connection-ref.js';
import { ClustersRepository } from '../persistence/clusters.repository.js';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { CrossTenantRepository } from '../persistence/cross-tenant.repository.js';
import { ClusterNotConnectedError } from './cluster-not-connected.error.js';

/** What other features (discovery) need to know about clusters, without touching connections' tables. */
@Injectable()
export class ClusterDirectory {
  constructor(
    private readonly crossTenant: CrossTenantRepository,
    private readonly connections: ConnectionsRepository,
    private readonly prober: ConnectionProber,
    private readonly clusters: ClustersRepository,
  ) {}

  /** The cluster as discovery last saw it (name, Kubernetes version, nodes); null outside the organization. */
  async describe(
    orgId: string,
    clusterId: string,
  ): Promise<{ id: string; name: string; version: string; nodeCount: number } | null> {
    if (!isUuid(clusterId)) return null;
    const row = await this.clusters.find(orgId, clusterId);
    return row && { id: row.id, name: row.name, version: row.version, nodeCount: row.nodeCount };
  }

  /** Every cluster of every tenant with at least one connected connection (one entry per cluster). */
  connectedClusters(): Promise<ConnectedCluster[]> {
    return this.crossTenant.connectedClusters();
  }

  /**
   * A client-node KubeConfig for `clusterId`, built from the opened credentials of its freshest connected
   * connection, after re-checking the server against the SSRF policy. Call it again before every (re)connect:
   * DNS and policy can change. Throws ClusterNotConnectedError when the tenant has no connected connection
   * to that cluster, ClusterProbeError (NOT_ALLOWED) when the policy refuses the server.
   */
  async kubeConfigFor(orgId: string, clusterId: string): Promise<KubeConfig> {
    if (!isUuid(clusterId)) throw new ClusterNotConnectedError(clusterId);
    const connection = await this.connections.connectedOfCluster(parseTenantId(orgId), clusterId);
    if (!connection?.credentials) throw new ClusterNotConnectedError(clusterId);
    return this.prober.kubeConfig(connection.credentials, connection.id);
  }
}
