import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, joinAs, newOrganization, type Actor } from './tenancy-graphql.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

const MEMBERS = `query($filter: MemberFilter, $sort: MemberSort) {
  members(first: 50, filter: $filter, sort: $sort) { totalCount edges { node { userId email role } } } }`;
const CHANGE_ROLE = `mutation($userId: ID!, $role: MemberRole!) { changeMemberRole(userId: $userId, role: $role) { role } }`;
const REMOVE = `mutation($userId: ID!) { removeMember(userId: $userId) { userId } }`;
const LEAVE = `mutation { leaveOrganization { userId } }`;
const INVITE = `mutation($email: String!, $role: MemberRole) {
  inviteMember(email: $email, role: $role) { token invitation { id email role status } } }`;
const ACCEPT = `mutation($token: String!) { acceptInvitation(token: $token) { id myRole } }`;
const CREATE_WORKSPACE = `mutation { createWorkspace(input: { name: "viewer was here" }) { id } }`;

describe('member management and the role rules', () => {
  let h: TenancyHarness;
  let owner: Actor;
  let admin: Actor;
  let member: Actor;
  let viewer: Actor;

  const roleOf = async (userId: string) =>
    (
      await h.admin<{ role: string }>(
        'SELECT role FROM providers.memberships WHERE org_id = $1 AND user_id = $2',
        [owner.orgId, userId],
      )
    )[0]?.role;

  beforeAll(async () => {
    h = await startTenancy('tenancy-members');
    owner = await newOrganization(h.svc, 'Roles Org', 'roles-owner@example.com');
    admin = await joinAs(h.svc, owner.orgId, 'roles-admin@example.com', 'admin');
    member = await joinAs(h.svc, owner.orgId, 'roles-member@example.com', 'member');
    viewer = await joinAs(h.svc, owner.orgId, 'roles-viewer@example.com', 'viewer');
  });
  afterAll(() => h.stop());

  it('lists members filtered by role and email and sorted by email', async () => {
    const all = await h.svc.graphql<{
      members: { totalCount: number; edges: { node: { email: string } }[] };
    }>(MEMBERS, { sort: { field: 'EMAIL', direction: 'DESC' } }, viewer);
    expect(all.data?.members.edges.map((edge) => edge.node.email)).toEqual([
      'roles-viewer@example.com',
      'roles-owner@example.com',
      'roles-member@example.com',
      'roles-admin@example.com',
    ]);
    const admins = await h.svc.graphql<{ members: { totalCount: number } }>(
      MEMBERS,
      { filter: { role: 'ADMIN', emailContains: 'ROLES-' } },
      viewer,
    );
    expect(admins.data?.members.totalCount).toBe(1);
  });

  it('lets a viewer mutate nothing', async () => {
    const workspacesBefore = await h.admin('SELECT id FROM providers.workspaces WHERE org_id = $1', [
      owner.orgId,
    ]);
    expect(errorCode(await h.svc.graphql(CREATE_WORKSPACE, {}, viewer))).toBe('FORBIDDEN');
    expect(errorCode(await h.svc.graphql(INVITE, { email: 'x@example.com' }, viewer))).toBe('FORBIDDEN');
    expect(
      errorCode(await h.svc.graphql(CHANGE_ROLE, { userId: member.userId, role: 'VIEWER' }, viewer)),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(
        await h.svc.graphql(
          `mutation($id: ID!) { updateOrganization(input: { id: $id, name: "x" }) { id } }`,
          {
            id: owner.orgId,
          },
          viewer,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(await h.admin('SELECT id FROM providers.workspaces WHERE org_id = $1', [owner.orgId])).toEqual(
      workspacesBefore,
    );
    expect(await roleOf(member.userId)).toBe('member');
  });

  it('lets a member create workspaces but not manage members', async () => {
    expect((await h.svc.graphql(CREATE_WORKSPACE, {}, member)).errors).toBeUndefined();
    expect(errorCode(await h.svc.graphql(INVITE, { email: 'y@example.com' }, member))).toBe('FORBIDDEN');
    expect(errorCode(await h.svc.graphql(REMOVE, { userId: viewer.userId }, member))).toBe('FORBIDDEN');
    expect(await roleOf(viewer.userId)).toBe('viewer');
  });

  it('lets an admin manage non-owners but neither change an owner nor grant ownership', async () => {
    const promoted = await h.svc.graphql(CHANGE_ROLE, { userId: viewer.userId, role: 'MEMBER' }, admin);
    expect(promoted.data).toEqual({ changeMemberRole: { role: 'MEMBER' } });
    expect(errorCode(await h.svc.graphql(CHANGE_ROLE, { userId: owner.userId, role: 'ADMIN' }, admin))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await h.svc.graphql(CHANGE_ROLE, { userId: member.userId, role: 'OWNER' }, admin))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await h.svc.graphql(REMOVE, { userId: owner.userId }, admin))).toBe('FORBIDDEN');
    expect(await roleOf(owner.userId)).toBe('owner');
    expect(await roleOf(member.userId)).toBe('member');
    await h.svc.graphql(CHANGE_ROLE, { userId: viewer.userId, role: 'VIEWER' }, admin);
  });

  it('keeps the last owner: they cannot leave, be demoted or be removed', async () => {
    const leave = await h.svc.graphql(LEAVE, {}, owner);
    expect(errorCode(leave)).toBe('LAST_OWNER');
    expect(leave.errors?.[0]?.message).toMatch(/last owner/);
    expect(errorCode(await h.svc.graphql(CHANGE_ROLE, { userId: owner.userId, role: 'ADMIN' }, owner))).toBe(
      'LAST_OWNER',
    );
    expect(errorCode(await h.svc.graphql(REMOVE, { userId: owner.userId }, owner))).toBe('LAST_OWNER');
    expect(await roleOf(owner.userId)).toBe('owner');
  });

  it('lets an owner hand over ownership and then leave', async () => {
    expect(
      (await h.svc.graphql(CHANGE_ROLE, { userId: admin.userId, role: 'OWNER' }, owner)).errors,
    ).toBeUndefined();
    expect((await h.svc.graphql(LEAVE, {}, owner)).errors).toBeUndefined();
    expect(await roleOf(owner.userId)).toBeUndefined();
    expect(await roleOf(admin.userId)).toBe('owner');
  });

  it('invites by email, shows the token once, and lets only the invited user accept it, once', async () => {
    const newOwner: Actor = { ...admin, roles: ['owner'] };
    const invited = await h.svc.graphql<{
      inviteMember: { token: string; invitation: { role: string; status: string } };
    }>(INVITE, { email: 'Newcomer@Example.com' }, newOwner);
    const token = invited.data?.inviteMember.token ?? '';
    expect(invited.data?.inviteMember.invitation).toMatchObject({ role: 'MEMBER', status: 'PENDING' });
    const [stored] = await h.admin<{ token_hash: string; email: string }>(
      'SELECT token_hash, email FROM providers.invitations WHERE org_id = $1',
      [owner.orgId],
    );
    expect(stored?.email).toBe('newcomer@example.com');
    expect(stored?.token_hash).not.toContain(token);

    const stranger = await joinAs(
      h.svc,
      (await newOrganization(h.svc, 'Elsewhere', 'stranger@example.com')).orgId,
      'other@example.com',
      'viewer',
    );
    expect(errorCode(await h.svc.graphql(ACCEPT, { token }, stranger))).toBe('FORBIDDEN');

    const newcomer = await joinAs(h.svc, stranger.orgId, 'newcomer@example.com', 'viewer');
    const accepted = await h.svc.graphql(ACCEPT, { token }, { userId: newcomer.userId, roles: [] });
    expect(accepted.data).toEqual({ acceptInvitation: { id: owner.orgId, myRole: 'MEMBER' } });
    expect(await roleOf(newcomer.userId)).toBe('member');
    expect(errorCode(await h.svc.graphql(ACCEPT, { token }, { userId: newcomer.userId, roles: [] }))).toBe(
      'INVITATION_USED',
    );
    expect(errorCode(await h.svc.graphql(ACCEPT, { token: 'mpinv_forged' }, newcomer))).toBe('NOT_FOUND');
  });
});
