import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A fingerprint rule an adapter registered for one organization, stored as validated. */
@Entity({ name: 'mesh_fingerprints' })
export class MeshFingerprintEntity {
  @PrimaryColumn('uuid', { name: 'org_id', primaryKeyConstraintName: 'pk_mesh_fingerprints' })
  orgId!: string;

  @PrimaryColumn('text', { name: 'mesh_id', primaryKeyConstraintName: 'pk_mesh_fingerprints' })
  meshId!: string;

  @Column('integer', { name: 'rule_version' })
  ruleVersion!: number;

  @Column('jsonb')
  rule!: Record<string, unknown>;

  @Column('uuid', { name: 'registered_by', nullable: true })
  registeredBy!: string | null;

  @Column('timestamp with time zone', { name: 'registered_at', precision: 3, default: () => 'now()' })
  registeredAt!: Date;
}
