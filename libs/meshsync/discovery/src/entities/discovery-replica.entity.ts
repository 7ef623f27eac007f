import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The discovery replicas alive now (a heartbeat), so each one can take its fair share of clusters. Global by
 * nature (process ids, no tenant data): no org_id.
 */
@Entity({ name: 'discovery_replicas' })
export class DiscoveryReplicaEntity {
  @PrimaryColumn('text', { name: 'instance_id', primaryKeyConstraintName: 'pk_discovery_replicas' })
  instanceId!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
