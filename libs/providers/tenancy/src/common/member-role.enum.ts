import { registerEnumType } from '@nestjs/graphql';
import type { Role } from '@meshplane/auth';

// Values equal names: federation rebuilds the subgraph schema from SDL, so enum values must not rely on internal
// values; the mapping to the lower-case roles of @meshplane/auth is explicit below.
export enum MemberRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  VIEWER = 'VIEWER',
}

registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: 'A role in an organization: owner > admin > member > viewer.',
});

const TO_ROLE: Record<MemberRole, Role> = {
  [MemberRole.OWNER]: 'owner',
  [MemberRole.ADMIN]: 'admin',
  [MemberRole.MEMBER]: 'member',
  [MemberRole.VIEWER]: 'viewer',
};

const TO_MEMBER_ROLE: Record<Role, MemberRole> = {
  owner: MemberRole.OWNER,
  admin: MemberRole.ADMIN,
  member: MemberRole.MEMBER,
  viewer: MemberRole.VIEWER,
};

export function roleOf(memberRole: MemberRole): Role {
  return TO_ROLE[memberRole];
}

export function memberRoleOf(role: Role): MemberRole {
  return TO_MEMBER_ROLE[role];
}
