import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ADAPTER_HEALTHS, type AdapterHealth } from '../health/health-state.js';
import type { AdapterCatalogue, AdapterTls } from './adapter-catalogue.js';

/**
 * One registered adapter. Rows with an org_id are an organization's (registered through GraphQL, forced RLS);
 * rows without are the operator's (ADAPTERS), which every organization reads and none can change.
 */
@Entity({ name: 'adapters' })
@Index('ux_adapters_org_address', ['orgId', 'address'], { unique: true, where: 'org_id IS NOT NULL' })
@Index('ux_adapters_operator_name', ['name'], { unique: true, where: 'org_id IS NULL' })
@Index('ix_adapters_org_created', ['orgId', 'createdAt', 'id'])
@Index('ix_adapters_next_check', ['nextCheckAt'])
export class AdapterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Null: configured by the operator. */
  @Column('uuid', { name: 'org_id', nullable: true })
  orgId!: string | null;

  /** The operator's name for a configured adapter; the adapter's own (GetInfo) once known otherwise. */
  @Column('text', { nullable: true })
  name!: string | null;

  /** `host:port` as registered; every connection re-checks it against the address policy. */
  @Column('text')
  address!: string;

  @Column('jsonb', { nullable: true })
  tls!: AdapterTls | null;

  @Column('text')
  health!: AdapterHealth;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('integer', { name: 'consecutive_failures' })
  consecutiveFailures!: number;

  @Column('timestamptz', { name: 'last_checked_at', nullable: true })
  lastCheckedAt!: Date | null;

  @Column('timestamptz', { name: 'next_check_at' })
  nextCheckAt!: Date;

  /** A replica checking this adapter holds it until then; others skip it. */
  @Column('timestamptz', { name: 'check_lease_until', nullable: true })
  checkLeaseUntil!: Date | null;

  /** The mesh it manages (GetInfo), for filtering; null until first reached. */
  @Column('text', { nullable: true })
  mesh!: string | null;

  /** Info, operations, components and fingerprint rules as last read; null until first reached. */
  @Column('jsonb', { nullable: true })
  catalogue!: AdapterCatalogue | null;

  /** sha256 of the catalogue: a change is announced, a re-read of the same one is not. */
  @Column('text', { name: 'catalogue_digest', nullable: true })
  catalogueDigest!: string | null;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

export { ADAPTER_HEALTHS };
