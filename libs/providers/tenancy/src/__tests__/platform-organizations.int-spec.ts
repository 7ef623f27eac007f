import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTenantIsolation } from '@meshplane/database';
import type { TestCaller } from '@meshplane/service-testing';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import { errorCode, joinAs, newOrganization, type Actor } from './tenancy-graphql.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

const LIST = `query($first: Int!, $after: String, $filter: PlatformOrganizationFilter, $sort: NameSort) {
  platformOrganizations(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name memberCount workspaceCount environmentCount suspension { suspendedBy reason suspendedAt } } }
  }
}`;
const SUSPEND = `mutation($id: ID!, $reason: String!) {
  suspendOrganization(input: { id: $id, reason: $reason }) { id suspension { suspendedBy reason } }
}`;
const RESUME = `mutation($id: ID!) { resumeOrganization(id: $id) { id suspension { reason } } }`;

interface Listed {
  platformOrganizations: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        name: string;
        memberCount: number;
        workspaceCount: number;
        environmentCount: number;
        suspension: { suspendedBy: string; reason: string; suspendedAt: string } | null;
      };
    }[];
  };
}

describe('the platform operator’s organizations', () => {
  let h: TenancyHarness;
  let zeta: Actor;
  let alpha: Actor;
  let mu: Actor;
  const operator: TestCaller = { userId: randomUUID(), roles: [], platformOperator: true };

  beforeAll(async () => {
    h = await startTenancy('tenancy-platform');
    zeta = await newOrganization(h.svc, 'Zeta platform', 'zeta-owner@example.com');
    alpha = await newOrganization(h.svc, 'Alpha platform', 'alpha-owner@example.com');
    mu = await newOrganization(h.svc, 'Mu platform', 'mu-owner@example.com');
    await joinAs(h.svc, alpha.orgId, 'alpha-member@example.com', 'member');
  });
  afterAll(() => h?.stop());

  const list = (variables: Record<string, unknown>, caller: TestCaller = operator) =>
    h.svc.graphql<Listed>(LIST, { first: 20, ...variables }, caller);

  it('lists every organization with its member, workspace and environment counts, by name', async () => {
    const result = await list({});

    expect(result.errors).toBeUndefined();
    expect(result.data?.platformOrganizations.totalCount).toBe(3);
    expect(result.data?.platformOrganizations.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        id: alpha.orgId,
        memberCount: 2,
        workspaceCount: 1,
        environmentCount: 1,
        suspension: null,
      }),
      expect.objectContaining({ id: mu.orgId, memberCount: 1 }),
      expect.objectContaining({ id: zeta.orgId, memberCount: 1 }),
    ]);
  });

  it('pages with the tenancy cursors in both orders, and filters by name', async () => {
    const first = await list({ first: 2, sort: { field: 'NAME', direction: 'DESC' } });
    const second = await list({
      first: 2,
      after: first.data?.platformOrganizations.pageInfo.endCursor,
      sort: { field: 'NAME', direction: 'DESC' },
    });
    const byCreation = await list({ first: 1, sort: { field: 'CREATED_AT', direction: 'ASC' } });
    const nextByCreation = await list({
      first: 1,
      after: byCreation.data?.platformOrganizations.pageInfo.endCursor,
      sort: { field: 'CREATED_AT', direction: 'ASC' },
    });
    const named = await list({ filter: { nameContains: 'MU P' } });
    const wildcard = await list({ filter: { nameContains: '%' } });

    expect(first.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([zeta.orgId, mu.orgId]);
    expect(first.data?.platformOrganizations.pageInfo.hasNextPage).toBe(true);
    expect(second.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([alpha.orgId]);
    expect(second.data?.platformOrganizations.pageInfo.hasNextPage).toBe(false);
    expect(byCreation.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([zeta.orgId]);
    expect(nextByCreation.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([alpha.orgId]);
    expect(named.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([mu.orgId]);
    expect(named.data?.platformOrganizations.totalCount).toBe(1);
    expect(wildcard.data?.platformOrganizations.totalCount).toBe(0);
  });

  it('suspends with who and why, shows it under the suspended filter and to the directory, and resumes', async () => {
    const suspended = await h.svc.graphql<{
      suspendOrganization: { suspension: { suspendedBy: string; reason: string } };
    }>(SUSPEND, { id: mu.orgId, reason: '  unpaid invoices  ' }, operator);
    const again = await h.svc.graphql(SUSPEND, { id: mu.orgId, reason: 'another reason' }, operator);
    const onlySuspended = await list({ filter: { suspended: true } });
    const onlyRunning = await list({ filter: { suspended: false } });
    const directory = await h.svc.app.get(TenancyDirectory).membershipsOf(mu.userId);
    const resumed = await h.svc.graphql<{ resumeOrganization: { suspension: null } }>(
      RESUME,
      { id: mu.orgId },
      operator,
    );
    const history = await h.admin<{ suspended_by: string; resumed_by: string; reason: string }>(
      'SELECT suspended_by, resumed_by, reason FROM providers.organization_suspensions WHERE org_id = $1',
      [mu.orgId],
    );

    expect(suspended.data?.suspendOrganization.suspension).toEqual({
      suspendedBy: operator.userId,
      reason: 'unpaid invoices',
    });
    expect(again.errors).toBeUndefined();
    expect(onlySuspended.data?.platformOrganizations.edges.map((e) => e.node.id)).toEqual([mu.orgId]);
    expect(onlySuspended.data?.platformOrganizations.edges[0]?.node.suspension?.reason).toBe(
      'unpaid invoices',
    );
    expect(onlyRunning.data?.platformOrganizations.totalCount).toBe(2);
    expect(directory).toEqual([{ orgId: mu.orgId, role: 'owner', suspended: true }]);
    expect(resumed.data?.resumeOrganization.suspension).toBeNull();
    expect(await h.svc.app.get(TenancyDirectory).membershipsOf(mu.userId)).toEqual([
      { orgId: mu.orgId, role: 'owner', suspended: false },
    ]);
    expect(history).toEqual([
      { suspended_by: operator.userId, resumed_by: operator.userId, reason: 'unpaid invoices' },
    ]);
  });

  it('refuses an organization owner (with or without an organization) and anonymous callers, changing nothing', async () => {
    const asOwner = { userId: zeta.userId, orgId: zeta.orgId, roles: zeta.roles };
    const outcomes = [
      await list({}, asOwner),
      await h.svc.graphql(SUSPEND, { id: zeta.orgId, reason: 'mine' }, asOwner),
      await h.svc.graphql(SUSPEND, { id: alpha.orgId, reason: 'theirs' }, asOwner),
      await h.svc.graphql(RESUME, { id: alpha.orgId }, asOwner),
      await list({}, { userId: zeta.userId, roles: ['owner'] }),
    ];
    const anonymous = await list({}, {});
    const rows = await h.admin('SELECT 1 FROM providers.organization_suspensions WHERE resumed_at IS NULL');

    expect(outcomes.map((outcome) => outcome.errors?.[0]?.extensions)).toEqual(
      outcomes.map(() => ({ code: 'FORBIDDEN', reason: 'PLATFORM_OPERATOR_REQUIRED' })),
    );
    expect(outcomes.map((outcome) => outcome.data ?? null)).toEqual(outcomes.map(() => null));
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(rows).toEqual([]);
  });

  it('names the bad field: unknown or deleted organization, empty reason, bad cursor', async () => {
    const unknown = await h.svc.graphql(SUSPEND, { id: randomUUID(), reason: 'x' }, operator);
    const empty = await h.svc.graphql(SUSPEND, { id: zeta.orgId, reason: '   ' }, operator);
    const badId = await h.svc.graphql(RESUME, { id: 'not-a-uuid' }, operator);
    const badCursor = await list({ after: 'bm9wZQ' });

    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(empty.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(badId.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(badCursor.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('keeps the suspension table under forced row-level security the service cannot bypass', async () => {
    expect(await auditTenantIsolation(h.svc.appUrl, { schemas: ['providers'] })).toEqual([]);
  });
});
