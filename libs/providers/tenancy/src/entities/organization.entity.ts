import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A tenant. `orgId` repeats `id` so that row-level security covers organizations like any other table. */
@Entity({ name: 'organizations' })
@Index('ux_organizations_slug', ['slug'], { unique: true })
@Check('ck_organizations_org_id', `"org_id" = "id"`)
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  slug!: string;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamp with time zone', { name: 'deleted_at', precision: 3, nullable: true })
  deletedAt!: Date | null;
}
