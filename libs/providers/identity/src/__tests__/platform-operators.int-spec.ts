import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import pg from 'pg';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import { OrganizationsService, UsersService } from '@meshplane/providers-tenancy';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { serviceHeaders, startTestService, type TestService } from '@meshplane/service-testing';
import {
  ADMIN_EMAIL,
  identityTestEnv,
  identityTestService,
  loginAsAdmin,
  origin,
} from './support/identity-test-service.js';

// Loopback and a port nothing answers on: resolving a remote principal never calls its provider.
const REMOTE = 'acme=http://127.0.0.1:9';
const UNLINKED_OPERATOR_EMAIL = 'ops@meshplane.test';

let nats: NatsServer;
let svc: TestService;
let adminId: string;
let adminOrg: string;

function post(path: string, body: unknown) {
  return fetch(`${origin(svc)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...serviceHeaders('providers') },
    body: JSON.stringify(body),
  });
}

function resolve(provider: string, subject: string, orgId?: string) {
  return post(INTERNAL_PATHS.resolvePrincipal, {
    provider,
    subject,
    tokenId: randomUUID(),
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    ...(orgId === undefined ? {} : { orgId }),
  });
}

async function resolved(provider: string, subject: string, orgId?: string) {
  const response = await resolve(provider, subject, orgId);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function apiTokenFor(userId: string, orgId: string): Promise<string> {
  const result = await svc.graphql<{ createApiToken: { token: string } }>(
    'mutation { createApiToken(input: { name: "ci", expiresInDays: 1, role: OWNER }) { token } }',
    {},
    // API tokens are minted from a signed-in session (an access token), never from another credential.
    { userId, orgId, roles: ['owner'], credential: 'access-token', credentialId: 'session-access-token' },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createApiToken.token;
}

const suspend = (orgId: string) =>
  svc.graphql(
    'mutation($id: ID!) { suspendOrganization(input: { id: $id, reason: "abuse report 7" }) { id } }',
    { id: orgId },
    { userId: adminId, roles: [], platformOperator: true },
  );
const resume = (orgId: string) =>
  svc.graphql(
    'mutation($id: ID!) { resumeOrganization(id: $id) { id } }',
    { id: orgId },
    { userId: adminId, roles: [], platformOperator: true },
  );

beforeAll(async () => {
  nats = await startTestNats();
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-operators',
    env: identityTestEnv({
      REMOTE_PROVIDERS: REMOTE,
      PLATFORM_OPERATORS: `local:${ADMIN_EMAIL.toUpperCase()},local:${UNLINKED_OPERATOR_EMAIL},acme:user:ops`,
    }),
  });
  const admin = await loginAsAdmin(svc);
  adminId = decodeJwt(admin.accessToken).sub ?? '';
  adminOrg = admin.organizationId ?? '';
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
});

describe('who holds the platform-operator role', () => {
  it('is the local user whose sign-in email is listed, and a listed remote subject; they keep their org roles', async () => {
    const admin = await resolved('local', adminId);
    const remoteOperator = await resolved('acme', 'user:ops');
    const remoteUser = await resolved('acme', 'user:someone-else');

    expect(admin.body).toMatchObject({
      userId: adminId,
      orgId: adminOrg,
      roles: ['owner'],
      platformOperator: true,
    });
    expect(remoteOperator.status).toBe(200);
    expect(remoteOperator.body).toMatchObject({ roles: [], platformOperator: true });
    expect(remoteUser.status).toBe(200);
    expect(remoteUser.body).not.toHaveProperty('platformOperator');
  });

  it('is not a user who merely has a listed email on their profile, without the local credential', async () => {
    const impostor = await svc.app
      .get(UsersService)
      .upsertByEmail({ email: UNLINKED_OPERATOR_EMAIL, displayName: 'Claims the operator email' });

    const answer = await resolved('local', impostor.id);

    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('platformOperator');
  });

  it("is never an API token, not even the operator's own with the owner role", async () => {
    const token = await apiTokenFor(adminId, adminOrg);

    const response = await post(INTERNAL_PATHS.verifyApiToken, { token });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ userId: adminId, orgId: adminOrg, roles: ['owner'] });
    expect(body).not.toHaveProperty('platformOperator');
  });

  it('shows in me, read with the signed flag, and not without it', async () => {
    const me = '{ me { platformOperator roles } }';
    const withFlag = await svc.graphql(
      me,
      {},
      { userId: adminId, orgId: adminOrg, roles: ['owner'], platformOperator: true },
    );
    const without = await svc.graphql(me, {}, { userId: adminId, orgId: adminOrg, roles: ['owner'] });

    expect(withFlag.data).toEqual({ me: { platformOperator: true, roles: ['owner'] } });
    expect(without.data).toEqual({ me: { platformOperator: false, roles: ['owner'] } });
  });
});

describe('a suspended organization at principal resolution', () => {
  let memberId: string;
  let suspendedOrg: string;
  let otherOrg: string;
  let memberToken: string;

  beforeAll(async () => {
    const member = await svc.app
      .get(UsersService)
      .upsertByEmail({ email: 'member@suspended.test', displayName: 'Member' });
    memberId = member.id;
    const organizations = svc.app.get(OrganizationsService);
    suspendedOrg = (await organizations.createOrganization({ name: 'Suspended', ownerUserId: memberId })).id;
    otherOrg = (await organizations.createOrganization({ name: 'Still running', ownerUserId: memberId })).id;
    memberToken = await apiTokenFor(memberId, suspendedOrg);
    // The operator is a member too: suspension must not lock out the one who can lift it.
    const client = new pg.Client({ connectionString: svc.adminUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO providers.memberships (org_id, user_id, role) VALUES ($1, $2, 'viewer')`,
        [suspendedOrg, adminId],
      );
    } finally {
      await client.end();
    }
    expect((await suspend(suspendedOrg)).errors).toBeUndefined();
  });

  it('refuses its members with 403 ORGANIZATION_SUSPENDED, for provider tokens and API tokens', async () => {
    const asked = await resolved('local', memberId, suspendedOrg);
    const apiToken = await post(INTERNAL_PATHS.verifyApiToken, { token: memberToken });

    expect(asked.status).toBe(403);
    expect(asked.body).toEqual({
      code: 'ORGANIZATION_SUSPENDED',
      message: 'That organization is suspended by the platform operator.',
    });
    expect(apiToken.status).toBe(403);
    expect(await apiToken.json()).toMatchObject({ code: 'ORGANIZATION_SUSPENDED' });
  });

  it('resolves a platform operator who is a member without the organization or its roles, but still an operator', async () => {
    const answer = await resolved('local', adminId, suspendedOrg);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ userId: adminId, roles: [], platformOperator: true });
    expect(answer.body).not.toHaveProperty('orgId');
  });

  it('lands a member who names no organization in the first one still running', async () => {
    expect((await resolved('local', memberId)).body).toMatchObject({ orgId: otherOrg, roles: ['owner'] });
  });

  it('lets its members in again once resumed', async () => {
    expect((await resume(suspendedOrg)).errors).toBeUndefined();
    try {
      expect((await resolved('local', memberId, suspendedOrg)).body).toMatchObject({
        orgId: suspendedOrg,
        roles: ['owner'],
      });
      expect((await post(INTERNAL_PATHS.verifyApiToken, { token: memberToken })).status).toBe(200);
    } finally {
      await suspend(suspendedOrg);
    }
  });
});
