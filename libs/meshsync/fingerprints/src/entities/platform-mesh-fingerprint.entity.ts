import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A fingerprint rule an operator's adapter (one every organization uses) registered for the whole platform: it
 * applies to every organization, above the built-in rule of its mesh when its ruleVersion is higher and below an
 * organization's own registered rule. Global (no org_id): it holds no tenant data, only what the operator runs.
 */
@Entity({ name: 'platform_mesh_fingerprints' })
export class PlatformMeshFingerprintEntity {
  @PrimaryColumn('text', { name: 'mesh_id', primaryKeyConstraintName: 'pk_platform_mesh_fingerprints' })
  meshId!: string;

  @Column('integer', { name: 'rule_version' })
  ruleVersion!: number;

  @Column('jsonb')
  rule!: Record<string, unknown>;

  /** The operator's adapter that registered it. */
  @Column('uuid', { name: 'registered_by', nullable: true })
  registeredBy!: string | null;

  @Column('timestamp with time zone', { name: 'registered_at', precision: 3, default: () => 'now()' })
  registeredAt!: Date;
}
