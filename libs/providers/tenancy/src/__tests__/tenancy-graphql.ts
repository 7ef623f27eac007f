import type { Role } from '@meshplane/auth';
import type { GraphqlResult, TestService } from '@meshplane/service-testing';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { UsersService } from '../users/users.service.js';
import { admin } from './tenancy-admin.js';

export interface Actor {
  userId: string;
  orgId: string;
  roles: Role[];
}

/** A user with `role` in `orgId`, stored through the service so memberships and the signed caller agree. */
export async function joinAs(svc: TestService, orgId: string, email: string, role: Role): Promise<Actor> {
  const user = await svc.app
    .get(UsersService)
    .upsertByEmail({ email, displayName: email.split('@')[0] ?? email });
  await admin(svc.adminUrl, 'INSERT INTO providers.memberships (org_id, user_id, role) VALUES ($1, $2, $3)', [
    orgId,
    user.id,
    role,
  ]);
  return { userId: user.id, orgId, roles: [role] };
}

/** A new organization and its owner. */
export async function newOrganization(svc: TestService, name: string, ownerEmail: string): Promise<Actor> {
  const owner = await svc.app.get(UsersService).upsertByEmail({ email: ownerEmail, displayName: 'Owner' });
  const org = await svc.app.get(OrganizationsService).createOrganization({ name, ownerUserId: owner.id });
  return { userId: owner.id, orgId: org.id, roles: ['owner'] };
}

export function errorCode(result: GraphqlResult): unknown {
  return result.errors?.[0]?.extensions?.['code'];
}

export function errorField(result: GraphqlResult): unknown {
  return result.errors?.[0]?.extensions?.['field'];
}
