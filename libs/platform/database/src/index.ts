export { copyFrom, transactionConnection, type CopyTarget } from './copy/copy-from.js';
export { DatabaseModule } from './database.module.js';
export { POSTGRES_READINESS_CHECK } from './data-source/data-source.lifecycle.js';
export { initialiseDataSource } from './data-source/initialise-data-source.js';
export {
  createServiceDataSource,
  type ClassReference,
  MIGRATIONS_TABLE,
  serviceSchema,
  type ServiceDataSourceOptions,
} from './data-source/service-data-source.js';
export { runMigrations } from './migrations/run-migrations.js';
export { pendingSchemaChanges, type SchemaChanges } from './migrations/pending-schema-changes.js';
export { renderMigration, type RenderMigrationOptions } from './migrations/render-migration.js';
export {
  withTransaction,
  type IsolationLevel,
  type TransactionOptions,
} from './transaction/with-transaction.js';
export { InvalidTenantIdError, parseTenantId, TENANT_COLUMN, TENANT_SETTING } from './tenancy/tenant-id.js';
export { withTenant } from './tenancy/with-tenant.js';
export { disableTenantRls, enableTenantRls, TENANT_POLICY } from './tenancy/tenant-rls.sql.js';
export { provisionServiceRoles, type ServiceRolesOptions } from './tenancy/provision-service-roles.js';
export { roleUrl } from './tenancy/role-url.js';
export {
  auditTenantIsolation,
  type TenantIsolationAuditOptions,
  type TenantIsolationViolation,
  type TenantIsolationViolationCode,
} from './tenancy/audit-tenant-isolation.js';
export {
  applyKeyset,
  keysetAfterSql,
  keysetOrderSql,
  type BindValue,
  type Keyset,
  type KeysetColumn,
  type KeysetDirection,
} from './pagination/keyset.js';
