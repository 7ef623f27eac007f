export {
  backendConfigSchema,
  defineBackendService,
  loadBackendConfig,
  schemaName,
  type BackendConfig,
  type BackendServiceDefinition,
  type BackendServiceInput,
} from './backend-service.definition.js';
export {
  buildFeatureConfig,
  defineFeature,
  featureConfigSchema,
  loadFeatureConfig,
  type Feature,
  type FeatureConfigDefinition,
  type FeatureDefinition,
  type ModuleRef,
} from './feature/feature.definition.js';
export { SERVICE_CONFIG } from './feature/feature-config.module.js';
export { configureBackendApp } from './backend-app.js';
export { BackendServiceModule } from './backend-service.module.js';
export { LifecycleAnnouncer } from './lifecycle/lifecycle.announcer.js';
export { emitSdlCli, renderBackendSdl } from './cli/emit-sdl.cli.js';
export { backendNatsPermissions, renderNatsPermissionsFile } from './nats-permissions.js';
export { migrateCli } from './cli/migrate.cli.js';
export { runCommand } from './cli/run-command.js';
export { migrateService, type MigrationOutcome } from './migrations/migrate-service.js';
export { packageVersion } from './cli/package-version.js';
export { runBackendService } from './cli/run-backend-service.js';
export {
  DEFAULT_ROLE_PREFIX,
  provisionService,
  serviceRoleNames,
  type ProvisionedService,
  type ServiceRoleNames,
} from './tenancy/service-roles.js';
export { SERVICE_SCHEMA } from './tenancy/service-schema.token.js';
