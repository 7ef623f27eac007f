import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ControlPlaneComponent } from '../engine/detected-mesh.js';

/** The latest detection of one mesh in one cluster; removed when a pass no longer finds it. */
@Entity({ name: 'cluster_meshes' })
export class ClusterMeshEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_cluster_meshes' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_cluster_meshes' })
  clusterId!: string;

  @PrimaryColumn('text', { name: 'mesh_id', primaryKeyConstraintName: 'pk_cluster_meshes' })
  meshId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  version!: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  versions!: string[];

  @Column('jsonb', { name: 'control_plane', default: () => "'[]'" })
  controlPlane!: ControlPlaneComponent[];

  @Column('integer', { name: 'proxy_count', default: 0 })
  proxyCount!: number;

  @Column('jsonb', { name: 'injected_namespaces', default: () => "'[]'" })
  injectedNamespaces!: string[];

  @Column('jsonb', { name: 'crd_groups', default: () => "'[]'" })
  crdGroups!: string[];

  @Column('integer', { name: 'rule_version' })
  ruleVersion!: number;

  /** When this mesh was first found in the cluster (kept across refreshes). */
  @Column('timestamp with time zone', { name: 'detected_at', precision: 3, default: () => 'now()' })
  detectedAt!: Date;

  /** When a detection last confirmed it. */
  @Column('timestamp with time zone', { name: 'updated_at', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
