export {
  runDistributed,
  DistributedRunError,
  type DistributedProgress,
  type DistributedRunOptions,
} from './coordinator.js';
export { startLoadWorker, measurementOf, type LoadWorker, type LoadWorkerOptions } from './worker.js';
export { mergeSeries, mergeShards, partialOf, type DistributedResult } from './merge.js';
export {
  ShardTracker,
  isFinal,
  type ShardStatus,
  type ShardStatusName,
  type ShardTimes,
} from './shard-state.js';
export { ShardSplitError, splitLoadOptions, type DistributedLoadOptions } from './split.js';
export { ensurePerfTopology } from './topology.js';
