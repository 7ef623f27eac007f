import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, errorField, joinAs, newOrganization, type Actor } from './tenancy-graphql.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

const TENANT_TABLES = [
  'organizations',
  'workspaces',
  'environments',
  'memberships',
  'invitations',
  'user_preferences',
  'organization_settings',
];

describe('tenant isolation and bad input', () => {
  let h: TenancyHarness;
  let a: Actor;
  let b: Actor;
  let bWorkspace: string;
  let bMember: Actor;
  let snapshot: () => Promise<unknown[]>;

  beforeAll(async () => {
    h = await startTenancy('tenancy-isolation');
    a = await newOrganization(h.svc, 'Org A', 'a-owner@example.com');
    b = await newOrganization(h.svc, 'Org B', 'b-owner@example.com');
    bMember = await joinAs(h.svc, b.orgId, 'b-member@example.com', 'member');
    const [workspace] = await h.admin<{ id: string }>(
      'SELECT id FROM providers.workspaces WHERE org_id = $1',
      [b.orgId],
    );
    bWorkspace = workspace?.id ?? '';
    snapshot = async () =>
      Promise.all(
        TENANT_TABLES.map((table) => h.admin(`SELECT * FROM providers.${table} ORDER BY org_id, 1, 2`)),
      );
  });
  afterAll(() => h.stop());

  it("answers NOT_FOUND for another organization's ids and changes nothing", async () => {
    const before = await snapshot();
    const attempts = [
      [`query($id: ID!) { workspace(id: $id) { name } }`, { id: bWorkspace }],
      [`query($id: ID!) { environments(workspaceId: $id) { totalCount } }`, { id: bWorkspace }],
      [
        `mutation($id: ID!) { updateWorkspace(input: { id: $id, name: "pwned" }) { id } }`,
        { id: bWorkspace },
      ],
      [`mutation($id: ID!) { deleteWorkspace(id: $id) { id } }`, { id: bWorkspace }],
      [
        `mutation($id: ID!) { createEnvironment(input: { workspaceId: $id, name: "x" }) { id } }`,
        { id: bWorkspace },
      ],
      [`query($id: ID!) { organization(id: $id) { name } }`, { id: b.orgId }],
      [
        `mutation($id: ID!) { updateOrganization(input: { id: $id, name: "pwned" }) { id } }`,
        { id: b.orgId },
      ],
      [`mutation($id: ID!) { deleteOrganization(id: $id) { id } }`, { id: b.orgId }],
      [`mutation($id: ID!) { changeMemberRole(userId: $id, role: VIEWER) { role } }`, { id: bMember.userId }],
      [`mutation($id: ID!) { removeMember(userId: $id) { userId } }`, { id: bMember.userId }],
      [
        `mutation($id: ID!) { updateOrganizationSettings(input: { defaultWorkspaceId: $id }) { defaultWorkspaceId } }`,
        { id: bWorkspace },
      ],
    ] as const;
    for (const [query, variables] of attempts) {
      const result = await h.svc.graphql(query, variables, a);
      expect({ query, code: errorCode(result), data: result.data }).toMatchObject({
        query,
        code: 'NOT_FOUND',
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("never lists another organization's rows", async () => {
    const workspaces = await h.svc.graphql<{ workspaces: { edges: { node: { id: string } }[] } }>(
      `{ workspaces(first: 100) { edges { node { id } } } }`,
      {},
      a,
    );
    expect(workspaces.data?.workspaces.edges.map((edge) => edge.node.id)).not.toContain(bWorkspace);
    const members = await h.svc.graphql<{ members: { edges: { node: { userId: string } }[] } }>(
      `{ members { edges { node { userId } } } }`,
      {},
      a,
    );
    expect(members.data?.members.edges.map((edge) => edge.node.userId)).toEqual([a.userId]);
    const organizations = await h.svc.graphql<{ organizations: { edges: { node: { id: string } }[] } }>(
      `{ organizations { edges { node { id } } } }`,
      {},
      a,
    );
    expect(organizations.data?.organizations.edges.map((edge) => edge.node.id)).toEqual([a.orgId]);
  });

  it('enforces row-level security on the app role: no tenant, no rows; a tenant, only its rows', async () => {
    const client = new pg.Client({ connectionString: h.svc.appUrl });
    await client.connect();
    try {
      for (const table of TENANT_TABLES) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM providers.${table}`);
        expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
      }
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.org_id', $1, true)`, [a.orgId]);
      const { rows } = await client.query('SELECT DISTINCT org_id FROM providers.workspaces');
      expect(rows).toEqual([{ org_id: a.orgId }]);
      await expect(
        client.query(
          `INSERT INTO providers.workspaces (id, org_id, name) VALUES (gen_random_uuid(), $1, 'sneaky')`,
          [b.orgId],
        ),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });

  it('refuses control characters, oversized names, bad emails and bad ids with BAD_USER_INPUT, changing nothing', async () => {
    const before = await snapshot();
    const cases = [
      [`mutation { createWorkspace(input: { name: "tab\\there" }) { id } }`, 'name'],
      [`mutation { createWorkspace(input: { name: "${'x'.repeat(101)}" }) { id } }`, 'name'],
      [`mutation { createWorkspace(input: { name: "   " }) { id } }`, 'name'],
      [
        `mutation { createWorkspace(input: { name: "ok", description: "bell\\u0007" }) { id } }`,
        'description',
      ],
      [`mutation { createOrganization(input: { name: "a\\u0000b" }) { id } }`, 'name'],
      [`mutation { inviteMember(email: "x'; DROP TABLE providers.users; --") { token } }`, 'email'],
      [`mutation { deleteWorkspace(id: "1 OR 1=1") { id } }`, 'id'],
      [`mutation { setMyPreference(key: "bad key!", value: 1) { key } }`, 'key'],
      [`{ members(filter: { emailContains: "a\\u0000" }) { totalCount } }`, 'filter.emailContains'],
      [`{ workspaces(first: 1000) { totalCount } }`, 'first'],
    ] as const;
    for (const [query, field] of cases) {
      const result = await h.svc.graphql(query, {}, a);
      expect({ query, code: errorCode(result), field: errorField(result) }).toEqual({
        query,
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('accepts unicode names and keeps preferences per user and organization', async () => {
    const created = await h.svc.graphql(
      `mutation { createWorkspace(input: { name: "  Équipe 東京 🚀 " }) { name } }`,
      {},
      a,
    );
    expect(created.data).toEqual({ createWorkspace: { name: 'Équipe 東京 🚀' } });
    const set = await h.svc.graphql(
      `mutation($v: JSON!) { setMyPreference(key: "ui.theme", value: $v) { key value } }`,
      { v: { mode: 'dark', density: 2 } },
      a,
    );
    expect(set.data).toEqual({ setMyPreference: { key: 'ui.theme', value: { mode: 'dark', density: 2 } } });
    const mine = await h.svc.graphql(`{ myPreferences { key value } }`, {}, a);
    expect(mine.data).toEqual({ myPreferences: [{ key: 'ui.theme', value: { mode: 'dark', density: 2 } }] });
    const theirs = await h.svc.graphql(`{ myPreferences { key } }`, {}, b);
    expect(theirs.data).toEqual({ myPreferences: [] });
  });
});
