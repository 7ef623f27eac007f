import { perfResultsStream, providersResultSyncConsumer } from '@meshplane/contracts';
import { defineFeature } from '@meshplane/service-kit';
import { identityFeature } from '../identity.feature.js';
import { CreatePerformanceResultSyncs1797100000001 } from './migrations/1797100000001-CreatePerformanceResultSyncs.js';
import { PerformanceResultSyncEntity } from './result-sync.entity.js';
import { ResultSyncModule } from './result-sync.module.js';
import { PerformanceResult } from './result-sync.resolver.js';

/**
 * Results synced to remote providers: the perf service announces each recorded result on PERF_RESULTS; this feature
 * stores it at the providers of the user who requested the run (see ResultSyncService), table
 * `providers.performance_result_syncs`, and extends perf's PerformanceResult with `remoteSyncs`.
 */
export const resultSyncFeature = defineFeature({
  name: 'result-sync',
  module: ResultSyncModule,
  entities: [PerformanceResultSyncEntity],
  migrations: [CreatePerformanceResultSyncs1797100000001],
  /** PERF_RESULTS is the perf service's: read here, never published to. */
  reads: [perfResultsStream],
  consumers: [providersResultSyncConsumer],
  /** perf's PerformanceResult, extended (federation) with remoteSyncs. */
  orphanedTypes: [PerformanceResult],
  requires: [identityFeature],
});
