export { Clock, ManualClock, SystemClock, systemClock } from './clock/clock.js';
export { isUuid } from './ids/uuid.js';
export { ReadinessRegistry, type ReadinessCheck, type ReadinessReport } from './health/readiness.registry.js';
export { ShutdownState } from './health/shutdown.state.js';
export { RuntimeModule, type RuntimeModuleOptions } from './runtime.module.js';
export { runService, type ServiceDefinition } from './bootstrap/run-service.js';
export { createServiceIdentity, SERVICE_IDENTITY, type ServiceIdentity } from './service-identity.js';
export { metricsRegistry } from './metrics/metrics.registry.js';
export { REDACTED_PATHS } from './logging/logger-options.js';
