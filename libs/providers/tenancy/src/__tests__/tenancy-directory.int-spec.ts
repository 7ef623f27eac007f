import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { UsersService } from '../users/users.service.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

describe('the tenancy service API used by identity', () => {
  let h: TenancyHarness;
  let users: UsersService;
  let organizations: OrganizationsService;
  let directory: TenancyDirectory;

  beforeAll(async () => {
    h = await startTenancy('tenancy-directory');
    users = h.svc.app.get(UsersService);
    organizations = h.svc.app.get(OrganizationsService);
    directory = h.svc.app.get(TenancyDirectory);
  });
  afterAll(() => h.stop());

  it('upserts users by case-insensitive email, refreshing the display name and keeping the id', async () => {
    const first = await users.upsertByEmail({ email: 'Ada@Example.COM ', displayName: 'Ada' });
    const again = await users.upsertByEmail({ email: 'ada@example.com', displayName: 'Ada Lovelace' });

    expect(first.email).toBe('ada@example.com');
    expect(again.id).toBe(first.id);
    expect(again.displayName).toBe('Ada Lovelace');
    expect((await users.findById(first.id))?.displayName).toBe('Ada Lovelace');
    expect(await users.findById(randomUUID())).toBeUndefined();
  });

  it('disables and re-enables a user', async () => {
    const user = await users.upsertByEmail({ email: 'grace@example.com', displayName: 'Grace' });

    expect((await users.setDisabled(user.id, true)).disabledAt).toBeInstanceOf(Date);
    expect((await users.setDisabled(user.id, false)).disabledAt).toBeNull();
  });

  it('creates an organization with its owner, a default workspace and environment, and settings', async () => {
    const owner = await users.upsertByEmail({ email: 'owner@example.com', displayName: 'Owner' });
    const org = await organizations.createOrganization({ name: 'Élan Systems', ownerUserId: owner.id });

    expect(org.slug).toBe('elan-systems');
    const [workspace] = await h.admin<{ id: string; name: string }>(
      'SELECT id, name FROM providers.workspaces WHERE org_id = $1',
      [org.id],
    );
    const [environment] = await h.admin<{ id: string; name: string }>(
      'SELECT id, name FROM providers.environments WHERE workspace_id = $1',
      [workspace?.id],
    );
    const [settings] = await h.admin<{ defaults: Record<string, string> }>(
      'SELECT defaults FROM providers.organization_settings WHERE org_id = $1',
      [org.id],
    );
    expect(workspace?.name).toBe('default');
    expect(environment?.name).toBe('default');
    expect(settings?.defaults).toEqual({
      defaultWorkspaceId: workspace?.id,
      defaultEnvironmentId: environment?.id,
      defaultInvitationRole: 'member',
    });
    expect(await directory.roleIn(owner.id, org.id)).toBe('owner');
  });

  it('gives a second organization of the same name another slug', async () => {
    const owner = await users.upsertByEmail({ email: 'twin@example.com', displayName: 'Twin' });
    const a = await organizations.createOrganization({ name: 'Twin Co', ownerUserId: owner.id });
    const b = await organizations.createOrganization({ name: 'Twin Co', ownerUserId: owner.id });

    expect(a.slug).toBe('twin-co');
    expect(b.slug).toMatch(/^twin-co-[0-9a-f]{6}$/);
  });

  it('lists memberships across organizations, oldest first, and forgets deleted organizations', async () => {
    const user = await users.upsertByEmail({ email: 'multi@example.com', displayName: 'Multi' });
    const first = await organizations.createOrganization({ name: 'First', ownerUserId: user.id });
    const second = await organizations.createOrganization({ name: 'Second', ownerUserId: user.id });
    const third = await organizations.createOrganization({ name: 'Third', ownerUserId: user.id });
    await h.admin(`UPDATE providers.memberships SET role = 'viewer' WHERE org_id = $1`, [second.id]);
    await organizations.delete(third.id);

    expect(await directory.membershipsOf(user.id)).toEqual([
      { orgId: first.id, role: 'owner', suspended: false },
      { orgId: second.id, role: 'viewer', suspended: false },
    ]);
    expect(await directory.defaultOrgOf(user.id)).toBe(first.id);
    expect(await directory.roleIn(user.id, third.id)).toBeUndefined();
    expect(await directory.defaultOrgOf(randomUUID())).toBeUndefined();
  });

  it('refuses an owner that does not exist', async () => {
    await expect(
      organizations.createOrganization({ name: 'Nobody', ownerUserId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
