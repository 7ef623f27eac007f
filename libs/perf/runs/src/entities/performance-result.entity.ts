import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LoadResult } from '@meshplane/perf-loadgen';
import type { SmpResultDocument } from '@meshplane/perf-smp';

/**
 * The result of one run (its id is the run's), in the `perf` schema (forced RLS on org_id): the generator's whole
 * result (percentiles, series, status codes, the lossless histograms in base64) and its SMP PerformanceTestResult.
 */
@Entity({ name: 'performance_results' })
@Index('ix_performance_results_org_created', ['orgId', 'createdAt', 'id'])
@Index('ix_performance_results_unannounced', ['createdAt'], { where: '"announced_at" IS NULL' })
export class PerformanceResultEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_performance_results' })
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('uuid', { name: 'profile_id' })
  profileId!: string;

  @Column('jsonb')
  result!: LoadResult;

  @Column('jsonb')
  smp!: SmpResultDocument;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** When it was announced on PERF_RESULTS; null until then (the replicas' sweep announces it). */
  @Column('timestamptz', { name: 'announced_at', nullable: true })
  announcedAt!: Date | null;
}
