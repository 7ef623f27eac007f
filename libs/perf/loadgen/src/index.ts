export * from './result.js';
export { runLoad, type LoadProgress, type RunControl } from './run-load.js';
export { addCounts, mergeGeneratorHealth, mergeSeriesByClock } from './merge-results.js';
export { MAX_TARGETS, mergeTargets, runLoadAcross, type MultiTargetResult } from './multi-target.js';
export { LoadOptionsError, validateOptions, type LoadOptions } from './options.js';
export {
  allowTargets,
  assertTargetAllowed,
  isLoopbackHost,
  LOOPBACK_ONLY,
  TargetRefusedError,
  type TargetPolicy,
} from './target-policy.js';
export { classifyError, type ErrorClass } from './error-class.js';
export {
  decodeHistogram,
  encodeHistogram,
  latencyStats,
  latencyStatsOf,
  mergeHistograms,
  newHistogram,
  recordMs,
} from './histogram.js';
