import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StoredClusterStatus } from '../status/stored-cluster-status.js';

/**
 * Which replica runs discovery for a cluster, until when. The holder renews it, writes the cluster's sync
 * state into it (so any replica can answer for it) and picks up resync requests from it.
 */
@Entity({ name: 'discovery_leases' })
@Index('ix_discovery_leases_holder', ['holder'])
export class DiscoveryLeaseEntity {
  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_discovery_leases' })
  clusterId!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  holder!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'resync_requested_at', nullable: true })
  resyncRequestedAt!: Date | null;

  @Column('jsonb', { name: 'sync_status', nullable: true })
  syncStatus!: StoredClusterStatus | null;

  @Column('timestamptz', { name: 'status_updated_at', nullable: true })
  statusUpdatedAt!: Date | null;
}
