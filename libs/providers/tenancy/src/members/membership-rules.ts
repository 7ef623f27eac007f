import { can, type Role } from '@meshplane/auth';
import { DomainError, ForbiddenError } from '@meshplane/graphql';

/** The organization would be left without an owner: nobody could delete it or appoint owners any more. */
export class LastOwnerError extends DomainError {
  constructor(action: string) {
    super(
      'LAST_OWNER',
      `Cannot ${action}: this is the organization's last owner, and an organization must keep at least one. Make another member an owner first.`,
    );
  }
}

export interface RoleChange {
  actorRole: Role;
  currentRole: Role;
  newRole: Role;
  /** Owners of the organization right now, the target included when they are one. */
  ownerCount: number;
}

export interface Removal {
  actorRole: Role;
  targetRole: Role;
  ownerCount: number;
}

/** Admins and owners may invite; only owners may invite an owner. */
export function assertMayInvite(actorRole: Role, role: Role): void {
  assertManagesMembers(actorRole);
  if (role === 'owner') assertOwner(actorRole, 'Only owners may grant the owner role');
}

export function assertMayChangeRole({ actorRole, currentRole, newRole, ownerCount }: RoleChange): void {
  assertManagesMembers(actorRole);
  if (currentRole === 'owner') assertOwner(actorRole, 'Only owners may change the role of an owner');
  if (newRole === 'owner') assertOwner(actorRole, 'Only owners may grant the owner role');
  if (currentRole === 'owner' && newRole !== 'owner' && ownerCount <= 1) {
    throw new LastOwnerError('demote this member');
  }
}

export function assertMayRemove({ actorRole, targetRole, ownerCount }: Removal): void {
  assertManagesMembers(actorRole);
  if (targetRole === 'owner') assertOwner(actorRole, 'Only owners may remove an owner');
  if (targetRole === 'owner' && ownerCount <= 1) throw new LastOwnerError('remove this member');
}

/** Anyone may leave, except the last owner. */
export function assertMayLeave(role: Role, ownerCount: number): void {
  if (role === 'owner' && ownerCount <= 1) throw new LastOwnerError('leave the organization');
}

function assertManagesMembers(actorRole: Role): void {
  if (!can([actorRole], 'members:manage')) {
    throw new ForbiddenError('Your role in this organization does not allow members:manage', {
      permission: 'members:manage',
    });
  }
}

function assertOwner(actorRole: Role, message: string): void {
  if (actorRole !== 'owner') throw new ForbiddenError(message);
}
