import type { DataSource, EntityManager } from 'typeorm';
import { withTransaction, type TransactionOptions } from '../transaction/with-transaction.js';
import { parseTenantId, TENANT_SETTING } from './tenant-id.js';

/**
 * Runs `work` in one transaction scoped to the tenant `orgId` (`app.org_id`, local to the transaction, so
 * a pooled connection never carries it into the next one). Row-level security policies then show and
 * accept only that tenant's rows. `orgId` must be a UUID: anything else is refused (as a rejection, like
 * every other failure here) before a connection is even taken from the pool.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  orgId: string,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const tenant = parseTenantId(orgId);
  if (options.localSettings && TENANT_SETTING in options.localSettings) {
    throw new Error(`withTenant sets ${TENANT_SETTING} itself: pass the tenant as orgId only`);
  }
  return await withTransaction(dataSource, work, {
    ...options,
    localSettings: { ...options.localSettings, [TENANT_SETTING]: tenant },
  });
}
