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
  config: { token: RUNS_CONFIG, shape: RUNS_CONFIG_SHAPE, build: runsConfigOf },
  requires: [profilesFeature],
});
