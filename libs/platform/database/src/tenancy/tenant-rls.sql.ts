import { quoteIdentifier } from '../data-source/service-data-source.js';
import { TENANT_COLUMN, TENANT_SETTING } from './tenant-id.js';

export const TENANT_POLICY = 'tenant_isolation';

/**
 * An unset tenant reads as '' once any transaction of the session has set it, and as NULL before: both
 * become NULL, which equals no org_id, so a missing tenant means no rows rather than an error or all rows.
 */
const CURRENT_TENANT = `nullif(current_setting('${TENANT_SETTING}', true), '')::uuid`;

/**
 * SQL for a migration's up(): row-level security on a tenant-owned table, forced so that the table's
 * owner is subject to it too, with one policy limiting reads and writes to the transaction's tenant.
 */
export function enableTenantRls(schema: string, table: string): string[] {
  const target = qualifiedName(schema, table);
  const condition = `${quoteIdentifier(TENANT_COLUMN)} = ${CURRENT_TENANT}`;
  return [
    `ALTER TABLE ${target} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${target} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${quoteIdentifier(TENANT_POLICY)} ON ${target} FOR ALL USING (${condition}) WITH CHECK (${condition})`,
  ];
}

/** SQL for the matching down(): undoes enableTenantRls, in the order to run it. */
export function disableTenantRls(schema: string, table: string): string[] {
  const target = qualifiedName(schema, table);
  return [
    `DROP POLICY ${quoteIdentifier(TENANT_POLICY)} ON ${target}`,
    `ALTER TABLE ${target} NO FORCE ROW LEVEL SECURITY`,
    `ALTER TABLE ${target} DISABLE ROW LEVEL SECURITY`,
  ];
}

function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}
