import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The newest known state of one Kubernetes object of one cluster. Deleted objects stay as tombstones
 * (`deletedAt`) so an older event arriving late can never bring them back.
 */
@Entity({ name: 'resources' })
@Index('ux_resources_id', ['id'], { unique: true })
@Index('ix_resources_cluster_kind', ['orgId', 'clusterId', 'kind', 'namespace', 'name'])
export class ResourceEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_resources' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_resources' })
  clusterId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_resources' })
  uid!: string;

  /** The API's own id for the object, independent of cluster and uid syntax; set when first stored. */
  @Column('uuid')
  id!: string;

  @Column('text', { name: 'api_group' })
  apiGroup!: string;

  @Column('text', { name: 'api_version' })
  apiVersion!: string;

  @Column('text')
  kind!: string;

  /** '' for cluster-scoped objects, which keeps ordering and comparisons free of NULL cases. */
  @Column('text', { default: '' })
  namespace!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'resource_version' })
  resourceVersion!: string;

  /** The resourceVersion as a number when it is one: versions compare numerically, not as text. */
  @Column('bigint', { name: 'rv_num', nullable: true })
  rvNum!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  labels!: Record<string, string>;

  /** Absent only for an object first seen through its deletion. */
  @Column('jsonb', { nullable: true })
  object!: Record<string, unknown> | null;

  @Column('text', { name: 'last_sync_id', nullable: true })
  lastSyncId!: string | null;

  @Column('timestamp with time zone', { name: 'deleted_at', precision: 3, nullable: true })
  deletedAt!: Date | null;

  @Column('timestamp with time zone', { name: 'first_seen', precision: 3, default: () => 'now()' })
  firstSeen!: Date;

  @Column('timestamp with time zone', { name: 'updated_at', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
