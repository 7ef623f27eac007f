export * from './profile.js';
export * from './profile-errors.js';
export * from './validate-profile.js';
export * from './smp-mapping.js';
export { PerformanceProfileEntity } from './entities/performance-profile.entity.js';
