import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per cluster the detector has looked at: its lock (FOR UPDATE SKIP LOCKED) keeps replicas from
 * detecting the same cluster at once, and `inventoryChangedAt` is the newest inventory change the stored
 * detection already reflects.
 */
@Entity({ name: 'mesh_detection_state' })
export class MeshDetectionStateEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_mesh_detection_state' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'cluster_id', primaryKeyConstraintName: 'pk_mesh_detection_state' })
  clusterId!: string;

  @Column('timestamp with time zone', { name: 'inventory_changed_at', precision: 3, nullable: true })
  inventoryChangedAt!: Date | null;

  @Column('timestamp with time zone', { name: 'detected_at', precision: 3, nullable: true })
  detectedAt!: Date | null;
}
