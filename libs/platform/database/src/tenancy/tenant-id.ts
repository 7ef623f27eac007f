import { isUuid } from '@meshplane/runtime';

/** The transaction-local setting that row-level security policies read the tenant from. */
export const TENANT_SETTING = 'app.org_id';

/** The column every tenant-owned row carries. */
export const TENANT_COLUMN = 'org_id';

/** A tenant id that is not a UUID: refused before it can reach SQL. Carries a stable code for error mapping. */
export class InvalidTenantIdError extends Error {
  readonly code = 'INVALID_TENANT_ID';

  constructor() {
    // The rejected value is left out on purpose: it is caller input and may be anything, secrets included.
    super('The tenant (org id) must be a UUID');
    this.name = 'InvalidTenantIdError';
  }
}

/** The org id in canonical (lower-case) form; throws InvalidTenantIdError for anything but a UUID. */
export function parseTenantId(orgId: unknown): string {
  if (!isUuid(orgId)) throw new InvalidTenantIdError();
  return orgId.toLowerCase();
}
