import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CLUSTER_STATUSES, type ClusterStatusValue } from './connection-status.js';

/** A Kubernetes cluster, identified by its kube-system namespace UID: two contexts to it are one cluster. */
@Entity({ name: 'clusters' })
@Index('ux_clusters_org_kube_system_uid', ['orgId', 'kubeSystemUid'], { unique: true })
@Index('ix_clusters_org_first_seen', ['orgId', 'firstSeen', 'id'])
export class ClusterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text', { name: 'kube_system_uid' })
  kubeSystemUid!: string;

  @Column('text')
  name!: string;

  @Column('text')
  version!: string;

  @Column('integer', { name: 'node_count' })
  nodeCount!: number;

  @Column({ type: 'enum', enum: CLUSTER_STATUSES, enumName: 'cluster_status' })
  status!: ClusterStatusValue;

  @Column('timestamptz', { name: 'first_seen' })
  firstSeen!: Date;

  @Column('timestamptz', { name: 'last_seen' })
  lastSeen!: Date;
}
