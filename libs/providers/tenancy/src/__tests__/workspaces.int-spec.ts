import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@meshplane/graphql';
import type { GraphqlResult } from '@meshplane/service-testing';
import { newOrganization, errorCode, errorField, type Actor } from './tenancy-graphql.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

const WORKSPACES = `query($first: Int, $after: String, $filter: NameFilter, $sort: NameSort) {
  workspaces(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount edges { cursor node { id name description } } pageInfo { hasNextPage endCursor } } }`;
const CREATE = `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id name description } }`;
const UPDATE = `mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { id name description } }`;
const DELETE = `mutation($id: ID!) { deleteWorkspace(id: $id) { id } }`;
const ENVIRONMENTS = `query($workspaceId: ID!, $sort: NameSort) {
  environments(workspaceId: $workspaceId, sort: $sort) { totalCount edges { node { id name workspaceId } } } }`;
const CREATE_ENV = `mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id name workspaceId } }`;

interface WorkspacePage {
  workspaces: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; name: string; description: string | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('workspaces and environments over GraphQL', () => {
  let h: TenancyHarness;
  let owner: Actor;

  beforeAll(async () => {
    h = await startTenancy('tenancy-workspaces');
    owner = await newOrganization(h.svc, 'Workspace Org', 'ws-owner@example.com');
    for (const name of ['alpha', 'Beta', 'gamma', 'delta', 'Épsilon']) {
      const created = await h.svc.graphql(CREATE, { input: { name, description: `the ${name} one` } }, owner);
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(() => h.stop());

  it('pages through workspaces by name with cursors, without gaps or repeats', async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: GraphqlResult<WorkspacePage> = await h.svc.graphql(
        WORKSPACES,
        { first: 2, after },
        owner,
      );
      const connection: WorkspacePage['workspaces'] | undefined = result.data?.workspaces;
      expect(connection?.totalCount).toBe(6);
      names.push(...(connection?.edges.map((edge) => edge.node.name) ?? []));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }

    const all = await h.svc.graphql<WorkspacePage>(WORKSPACES, { first: 100 }, owner);
    expect(names).toHaveLength(6);
    expect(names).toEqual(all.data?.workspaces.edges.map((edge) => edge.node.name));
  });

  it('sorts by creation time descending and filters by a case-insensitive name fragment', async () => {
    const byTime = await h.svc.graphql<WorkspacePage>(
      WORKSPACES,
      { first: 10, sort: { field: 'CREATED_AT', direction: 'DESC' } },
      owner,
    );
    expect(byTime.data?.workspaces.edges[0]?.node.name).toBe('Épsilon');
    expect(byTime.data?.workspaces.edges.at(-1)?.node.name).toBe('default');

    const filtered = await h.svc.graphql<WorkspacePage>(
      WORKSPACES,
      { first: 10, filter: { nameContains: 'ETA' } },
      owner,
    );
    expect(filtered.data?.workspaces.edges.map((edge) => edge.node.name)).toEqual(['Beta']);
  });

  it('treats SQL and LIKE wildcards in filters as plain text', async () => {
    for (const nameContains of ["' OR 1=1 --", '%', '_', "'); DROP TABLE providers.workspaces; --"]) {
      const result = await h.svc.graphql<WorkspacePage>(
        WORKSPACES,
        { first: 10, filter: { nameContains } },
        owner,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.workspaces.totalCount).toBe(0);
    }
    expect((await h.admin('SELECT id FROM providers.workspaces')).length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a sort field outside the enum and a cursor of another ordering', async () => {
    const badSort = await h.svc.graphql(
      WORKSPACES,
      { first: 2, sort: { field: 'name; DROP TABLE x' } },
      owner,
    );
    expect(errorCode(badSort)).toBe('BAD_USER_INPUT');

    const page = await h.svc.graphql<WorkspacePage>(WORKSPACES, { first: 2 }, owner);
    const cursor = page.data?.workspaces.pageInfo.endCursor;
    const mixed = await h.svc.graphql(
      WORKSPACES,
      { first: 2, after: cursor, sort: { field: 'CREATED_AT' } },
      owner,
    );
    expect(errorCode(mixed)).toBe('BAD_USER_INPUT');
    expect(errorField(mixed)).toBe('after');
  });

  it('reads any position a valid cursor can hold, and refuses garbage as BAD_USER_INPUT, never a fault', async () => {
    const zeroId = '00000000-0000-0000-0000-000000000000';
    const byCreated = { order: 'CREATED_AT:ASC', keys: ['timestamp', 'uuid'] } as const;
    const byName = { order: 'NAME:DESC', keys: ['text', 'uuid'] } as const;
    const extremes: [Record<string, unknown>, string][] = [
      [{ field: 'CREATED_AT' }, encodeCursor(byCreated, ['0001-01-01T00:00:00.000Z', zeroId])],
      [{ field: 'CREATED_AT' }, encodeCursor(byCreated, ['9999-12-31T23:59:59.999Z', zeroId])],
      [
        { field: 'NAME', direction: 'DESC' },
        encodeCursor(byName, ["'); DROP TABLE x; --\u0001\u{10FFFF}", zeroId]),
      ],
    ];
    for (const [sort, after] of extremes) {
      const page = await h.svc.graphql<WorkspacePage>(WORKSPACES, { first: 2, after, sort }, owner);
      expect(page.errors).toBeUndefined();
    }

    for (const after of [
      '',
      'garbage!',
      'WzEsIkNSRUFURURfQVQ6QVNDIiwiMjAyNC0wMi0zMCIsMV0',
      'A'.repeat(100_000),
    ]) {
      const refused = await h.svc.graphql(
        WORKSPACES,
        { first: 2, after, sort: { field: 'CREATED_AT' } },
        owner,
      );
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorField(refused)).toBe('after');
    }
  });

  it('updates, rejects duplicate names, and deletes a workspace with its environments', async () => {
    const created = await h.svc.graphql<{ createWorkspace: { id: string } }>(
      CREATE,
      { input: { name: 'temporary' } },
      owner,
    );
    const id = created.data?.createWorkspace.id;
    const env = await h.svc.graphql(CREATE_ENV, { input: { workspaceId: id, name: 'staging' } }, owner);
    expect(env.errors).toBeUndefined();

    const renamed = await h.svc.graphql(
      UPDATE,
      { input: { id, name: '  Temporary 2  ', description: '' } },
      owner,
    );
    expect(renamed.data).toEqual({ updateWorkspace: { id, name: 'Temporary 2', description: null } });

    const duplicate = await h.svc.graphql(UPDATE, { input: { id, name: 'alpha' } }, owner);
    expect(errorCode(duplicate)).toBe('BAD_USER_INPUT');
    expect(errorField(duplicate)).toBe('name');

    expect((await h.svc.graphql(DELETE, { id }, owner)).errors).toBeUndefined();
    expect(await h.admin('SELECT id FROM providers.environments WHERE workspace_id = $1', [id])).toEqual([]);
  });

  it('keeps environment names unique per workspace only', async () => {
    const page = await h.svc.graphql<WorkspacePage>(WORKSPACES, { first: 10 }, owner);
    const [first, second] = page.data?.workspaces.edges.map((edge) => edge.node.id) ?? [];
    expect(
      (await h.svc.graphql(CREATE_ENV, { input: { workspaceId: first, name: 'prod' } }, owner)).errors,
    ).toBeUndefined();
    expect(
      (await h.svc.graphql(CREATE_ENV, { input: { workspaceId: second, name: 'prod' } }, owner)).errors,
    ).toBeUndefined();
    const again = await h.svc.graphql(CREATE_ENV, { input: { workspaceId: first, name: 'prod' } }, owner);
    expect(errorField(again)).toBe('name');

    const list = await h.svc.graphql<{ environments: { totalCount: number } }>(
      ENVIRONMENTS,
      { workspaceId: first },
      owner,
    );
    expect(list.data?.environments.totalCount).toBe(1);
  });
});
