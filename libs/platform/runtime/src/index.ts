export { ReadinessRegistry, type ReadinessCheck, type ReadinessReport } from './health/readiness.registry.js';
