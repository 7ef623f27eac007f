import type { EntityManager } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { ForbiddenError } from '@meshplane/graphql';
import { MembershipEntity } from '../entities/membership.entity.js';

/**
 * The acting user's role in the transaction's organization as stored now: member management decides on it
 * rather than on the signed context, which may predate a demotion.
 */
export async function actorRoleIn(manager: EntityManager, userId: string): Promise<Role> {
  const membership = await manager.findOneBy(MembershipEntity, { userId });
  if (!membership) throw new ForbiddenError('You are not a member of this organization');
  return membership.role;
}
