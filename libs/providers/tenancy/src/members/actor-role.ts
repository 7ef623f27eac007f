import type { Role } from '@meshplane/auth';
import { ForbiddenError } from '@meshplane/graphql';
import type { TenantTx } from '../common/tenant-transactions.js';
import type { MembershipsRepository } from './memberships.repository.js';

/**
 * The acting user's role in the transaction's organization as stored now: member management decides on it
 * rather than on the signed context, which may predate a demotion.
 */
export async function actorRoleIn(
  memberships: MembershipsRepository,
  tx: TenantTx,
  userId: string,
): Promise<Role> {
  const membership = await memberships.find(tx, userId);
  if (!membership) throw new ForbiddenError('You are not a member of this organization');
  return membership.role;
}
