export * from './run-state.js';
export { PerformanceRunEntity } from './entities/performance-run.entity.js';
export { PerformanceResultEntity } from './entities/performance-result.entity.js';
export { RUNS_CONFIG_SHAPE, runsConfigOf, type RunsConfig } from './config/runs.config.js';
export { RunExecutor } from './execution/run-executor.js';
export { runsFeature } from './runs.feature.js';
export { RunsModule } from './runs.module.js';
export { RunsService } from './runs.service.js';
