/** The transaction-local setting that row-level security policies read the tenant from. */
export const TENANT_SETTING = 'app.org_id';

/** The column every tenant-owned row carries. */
export const TENANT_COLUMN = 'org_id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (typeof orgId !== 'string' || !UUID.test(orgId)) throw new InvalidTenantIdError();
  return orgId.toLowerCase();
}
