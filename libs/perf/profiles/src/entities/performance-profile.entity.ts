import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { GeneratorName, LoadProtocol } from '@meshplane/perf-loadgen';
import type { LoadModel } from '../profile.js';

/**
 * One stored performance profile in the `perf` schema. Tenant-owned: forced row-level security on org_id (see
 * the migration). `version` is the optimistic-concurrency counter an update must name; every update raises it.
 */
@Entity({ name: 'performance_profiles' })
@Index('ux_performance_profiles_org_name', ['orgId', 'name'], { unique: true })
@Index('ix_performance_profiles_org_created', ['orgId', 'createdAt', 'id'])
export class PerformanceProfileEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_performance_profiles' })
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  name!: string;

  @Column('text', { array: true })
  endpoints!: string[];

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  @Column('jsonb')
  model!: LoadModel;

  @Column('text')
  generator!: GeneratorName;

  @Column('text')
  protocol!: LoadProtocol;

  @Column('text')
  method!: string;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('text', { nullable: true })
  body!: string | null;

  @Column('integer')
  workers!: number;

  @Column('jsonb')
  labels!: Record<string, string>;

  @VersionColumn()
  version!: number;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
