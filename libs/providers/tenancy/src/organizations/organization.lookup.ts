import { NotFoundError } from '@meshplane/graphql';
import type { TenantTx } from '../common/tenant-transactions.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import type { OrganizationsRepository } from './organizations.repository.js';

/** The organization of the transaction, unless it was deleted: NOT_FOUND then, as for another tenant's. */
export async function liveOrganization(
  organizations: OrganizationsRepository,
  tx: TenantTx,
  orgId: string,
): Promise<OrganizationEntity> {
  const organization = await organizations.find(tx, orgId);
  if (!organization || organization.deletedAt !== null) throw new NotFoundError('Organization');
  return organization;
}
