import {
  clusterEnvironmentRequest,
  perfLoadWorkersConsumer,
  perfResultsStream,
  perfRunsStream,
  perfShardsStream,
} from '@meshplane/contracts';
import { profilesFeature } from '@meshplane/perf-profiles';
import { defineFeature } from '@meshplane/service-kit';
import { RUNS_CONFIG, RUNS_CONFIG_SHAPE, runsConfigOf } from './config/runs.config.js';
import { PerformanceResultEntity } from './entities/performance-result.entity.js';
import { PerformanceRunEntity } from './entities/performance-run.entity.js';
import { RUNS_MIGRATIONS } from './migrations/index.js';
import { RunsModule } from './runs.module.js';

/** Performance runs and results as the perf service runs them (tables `perf.performance_runs`, `…_results`). */
export const runsFeature = defineFeature({
  name: 'performance-runs',
  module: RunsModule,
  entities: [PerformanceRunEntity, PerformanceResultEntity],
  migrations: RUNS_MIGRATIONS,
  /**
   * Distributed runs: shards published to PERF_SHARDS, heartbeats and results on PERF_RUNS; every stored result
   * announced on PERF_RESULTS.
   */
  streams: [perfShardsStream, perfRunsStream, perfResultsStream],
  /** Each run's coordinator follows its shards' reports on PERF_RUNS through an ordered consumer. */
  liveStreams: [perfRunsStream],
  /** Every replica's load worker pulls shards from the one at-most-once durable all workers share. */
  pulls: [perfLoadWorkersConsumer],
  /** A run that names a cluster records its environment, asked of meshsync-ingest when the run is requested. */
  asks: [clusterEnvironmentRequest],
  config: { token: RUNS_CONFIG, shape: RUNS_CONFIG_SHAPE, build: runsConfigOf },
  requires: [profilesFeature],
});
