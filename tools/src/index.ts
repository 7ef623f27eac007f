export { startSystem, servicePort, type RunningSystem } from './run/system-runner.js';
export { loadRunConfig, type RunConfig } from './run/run-config.js';
export { BACKEND_SERVICES, GATEWAY, type ServiceSpec } from './run/service-catalog.js';
