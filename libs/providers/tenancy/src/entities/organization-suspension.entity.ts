import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One suspension of an organization by a platform operator, kept after it is lifted (who, when, why; who lifted
 * it, when). At most one is open per organization; while it is, no member's request runs in that organization.
 */
@Entity({ name: 'organization_suspensions' })
@Index('ux_organization_suspensions_open', ['orgId'], { unique: true, where: '"resumed_at" IS NULL' })
export class OrganizationSuspensionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('timestamp with time zone', { name: 'suspended_at', precision: 3 })
  suspendedAt!: Date;

  /** The operator's user id. */
  @Column('uuid', { name: 'suspended_by' })
  suspendedBy!: string;

  @Column('text')
  reason!: string;

  @Column('timestamp with time zone', { name: 'resumed_at', precision: 3, nullable: true })
  resumedAt!: Date | null;

  @Column('uuid', { name: 'resumed_by', nullable: true })
  resumedBy!: string | null;
}
