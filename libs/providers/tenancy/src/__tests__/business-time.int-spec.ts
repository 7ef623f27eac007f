import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@meshplane/runtime';
import type { TestCaller } from '@meshplane/service-testing';
import { errorCode, joinAs, newOrganization, type Actor } from './tenancy-graphql.js';
import { startTenancy, type TenancyHarness } from './tenancy-test-service.js';

const INVITE = `mutation($email: String!) {
  inviteMember(email: $email) { token invitation { id status expiresAt } } }`;
const INVITATIONS = `query($pendingOnly: Boolean) {
  invitations(first: 20, filter: { pendingOnly: $pendingOnly }) { edges { node { id status } } } }`;
const ACCEPT = `mutation($token: String!) { acceptInvitation(token: $token) { id } }`;
const SUSPEND = `mutation($id: ID!) { suspendOrganization(input: { id: $id, reason: "audit" }) { id } }`;
const SUSPENDED = `query { platformOrganizations(first: 20, filter: { suspended: true }) {
  edges { node { id suspension { suspendedAt } } } } }`;

const DAY_MS = 24 * 60 * 60 * 1000;
// Years ahead of the machine's clock: whatever read the system time instead of the service's Clock shows.
const T0 = Date.parse('2031-03-01T12:00:00.000Z');

interface Invited {
  inviteMember: { token: string; invitation: { id: string; status: string; expiresAt: string } };
}
interface Listed {
  invitations: { edges: { node: { id: string; status: string } }[] };
}

describe("the tenancy's business time is the service's Clock", () => {
  const clock = new ManualClock(T0);
  let h: TenancyHarness;
  let owner: Actor;

  beforeAll(async () => {
    h = await startTenancy('tenancy-clock', clock);
    owner = await newOrganization(h.svc, 'Clockwork', 'clock-owner@example.com');
  });
  afterAll(() => h?.stop());

  it('dates an invitation from the clock and lets it expire when the clock passes its seven days', async () => {
    const invited = await h.svc.graphql<Invited>(INVITE, { email: 'late@example.com' }, owner);
    const { token, invitation } = invited.data?.inviteMember ?? { token: '', invitation: undefined };
    expect(invitation).toMatchObject({
      status: 'PENDING',
      expiresAt: new Date(T0 + 7 * DAY_MS).toISOString(),
    });

    clock.advance(7 * DAY_MS);

    const pending = await h.svc.graphql<Listed>(INVITATIONS, { pendingOnly: true }, owner);
    const all = await h.svc.graphql<Listed>(INVITATIONS, {}, owner);
    expect(pending.data?.invitations.edges).toEqual([]);
    expect(all.data?.invitations.edges.map((edge) => edge.node)).toEqual([
      { id: invitation?.id, status: 'EXPIRED' },
    ]);
    const late = await joinAs(
      h.svc,
      (await newOrganization(h.svc, 'Elsewhere', 'late-owner@example.com')).orgId,
      'late@example.com',
      'viewer',
    );
    expect(errorCode(await h.svc.graphql(ACCEPT, { token }, { userId: late.userId, roles: [] }))).toBe(
      'INVITATION_EXPIRED',
    );
  });

  it('stamps a suspension with the time of the clock', async () => {
    const operator: TestCaller = { userId: randomUUID(), roles: [], platformOperator: true };
    clock.set(T0 + 30 * DAY_MS);

    expect((await h.svc.graphql(SUSPEND, { id: owner.orgId }, operator)).errors).toBeUndefined();

    const suspended = await h.svc.graphql<{
      platformOrganizations: { edges: { node: { id: string; suspension: { suspendedAt: string } } }[] };
    }>(SUSPENDED, {}, operator);
    expect(suspended.data?.platformOrganizations.edges.map((edge) => edge.node)).toEqual([
      { id: owner.orgId, suspension: { suspendedAt: new Date(T0 + 30 * DAY_MS).toISOString() } },
    ]);
  });
});
