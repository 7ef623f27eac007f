import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { decodeJwt } from 'jose';
import { parseApiTokenId } from '@meshplane/auth';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import { OrganizationsService, UsersService } from '@meshplane/providers-tenancy';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import {
  callerHeaders,
  serviceHeaders,
  startTestService,
  type TestService,
} from '@meshplane/service-testing';
import {
  identityTestEnv,
  identityTestService,
  loginAsAdmin,
  origin,
  PAIR,
  type TokenPairResult,
} from './support/identity-test-service.js';

let nats: NatsServer;
let svc: TestService;
let admin: TokenPairResult;
let adminId: string;
let defaultOrg: string;
let otherOrg: string;

async function adminQuery(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: svc.adminUrl });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function post(path: string, body: unknown, headers: Record<string, string> = serviceHeaders('providers')) {
  return fetch(`${origin(svc)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function resolveBody(accessToken: string, orgId?: string) {
  const claims = decodeJwt(accessToken);
  return {
    provider: 'local',
    subject: claims.sub,
    tokenId: claims.jti,
    expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString(),
    ...(orgId === undefined ? {} : { orgId }),
  };
}

/** The credential part of the context the gateway signs for a caller presenting this access token. */
function sessionCredential(accessToken: string) {
  return { credential: 'access-token' as const, credentialId: decodeJwt(accessToken).jti ?? '' };
}

/** The context the gateway signs for a caller presenting this API token (as it verified it). */
async function apiTokenCaller(token: string) {
  const principal = (await (await post(INTERNAL_PATHS.verifyApiToken, { token })).json()) as {
    userId: string;
    orgId: string;
    roles: ('viewer' | 'member' | 'admin' | 'owner')[];
  };
  return {
    userId: principal.userId,
    orgId: principal.orgId,
    roles: principal.roles,
    provider: 'local',
    credential: 'api-token' as const,
    credentialId: parseApiTokenId(token) ?? '',
  };
}

const SWITCH = `mutation($org: ID!) { switchOrganization(orgId: $org) { ${PAIR} } }`;

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id name role expiresAt revokedAt } }
}`;

beforeAll(async () => {
  nats = await startTestNats();
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-principals',
    env: identityTestEnv(),
  });
  admin = await loginAsAdmin(svc);
  adminId = decodeJwt(admin.accessToken).sub ?? '';
  defaultOrg = admin.organizationId ?? '';
  const stranger = await svc.app
    .get(UsersService)
    .upsertByEmail({ email: 'stranger@other.test', displayName: 'Stranger' });
  otherOrg = (
    await svc.app.get(OrganizationsService).createOrganization({ name: 'Other', ownerUserId: stranger.id })
  ).id;
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
});

describe('principal resolution endpoint', () => {
  it('resolves a member to the organization asked for and the roles held there, cached 30 s at most', async () => {
    const response = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(admin.accessToken, defaultOrg));
    const body = (await response.json()) as {
      userId: string;
      orgId: string;
      roles: string[];
      cacheUntil: string;
    };

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ userId: adminId, orgId: defaultOrg, roles: ['owner'] });
    expect(Date.parse(body.cacheUntil) - Date.now()).toBeLessThanOrEqual(30_000);
  });

  it('falls back to the default organization when none is asked for', async () => {
    const response = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(admin.accessToken));

    expect(await response.json()).toMatchObject({ orgId: defaultOrg, roles: ['owner'] });
  });

  it('answers 403 NOT_A_MEMBER for an organization the user does not belong to', async () => {
    const response = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(admin.accessToken, otherOrg));

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'NOT_A_MEMBER' });
  });

  it('answers 401 TOKEN_REVOKED for a revoked token id', async () => {
    const body = resolveBody(admin.accessToken);
    await adminQuery(
      `INSERT INTO providers.revoked_tokens (token_id, expires_at) VALUES ($1, now() + interval '1 hour')`,
      ['revoked-token-id'],
    );

    const response = await post(INTERNAL_PATHS.resolvePrincipal, { ...body, tokenId: 'revoked-token-id' });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('answers 401 USER_DISABLED once the user is disabled', async () => {
    const users = svc.app.get(UsersService);
    const pair = await loginAsAdmin(svc);
    await users.setDisabled(adminId, true);
    try {
      const response = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(pair.accessToken));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'USER_DISABLED' });
    } finally {
      await users.setDisabled(adminId, false);
    }
  });

  it('refuses callers without a valid signed context with 401, for both endpoints', async () => {
    const unsigned = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(admin.accessToken), {});
    const forged = await post(
      INTERNAL_PATHS.verifyApiToken,
      { token: 'mp_x' },
      { 'x-meshplane-context': 'v1.e30.AAAA' },
    );

    expect(unsigned.status).toBe(401);
    expect(forged.status).toBe(401);
  });

  it('answers services only: a user context, or a service context signed for another service, gets 401', async () => {
    const user = await post(
      INTERNAL_PATHS.resolvePrincipal,
      resolveBody(admin.accessToken),
      callerHeaders('providers', { userId: randomUUID(), roles: ['owner'] }),
    );
    const anonymous = await post(
      INTERNAL_PATHS.verifyApiToken,
      { token: 'mp_x' },
      callerHeaders('providers'),
    );
    const elsewhere = await post(
      INTERNAL_PATHS.resolvePrincipal,
      resolveBody(admin.accessToken),
      serviceHeaders('meshsync-ingest'),
    );

    expect(user.status).toBe(401);
    expect(anonymous.status).toBe(401);
    expect(elsewhere.status).toBe(401);
    expect((await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(admin.accessToken))).status).toBe(200);
  });

  it('answers 400 to a body outside the contract', async () => {
    const response = await post(INTERNAL_PATHS.resolvePrincipal, { provider: 'local' });

    expect(response.status).toBe(400);
  });
});

describe('API tokens', () => {
  const owner = () => ({
    orgId: defaultOrg,
    userId: adminId,
    roles: ['owner' as const],
    ...sessionCredential(admin.accessToken),
  });
  const verify = (token: string) => post(INTERNAL_PATHS.verifyApiToken, { token });

  async function create(role: string, name = `ci-${role}`, caller = owner()) {
    return svc.graphql<{ createApiToken: { token: string; apiToken: { id: string; role: string } } }>(
      CREATE,
      { input: { name, expiresInDays: 30, role } },
      caller,
    );
  }

  it('returns the secret once, and the token verifies to its creator in its organization with the role it was given', async () => {
    const created = (await create('VIEWER')).data?.createApiToken;

    const response = await verify(created?.token ?? '');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: adminId, orgId: defaultOrg, roles: ['viewer'] });
  });

  it('lists tokens without their secrets, paged by cursor', async () => {
    await create('MEMBER', 'page-a');
    await create('MEMBER', 'page-b');
    const query = `query($after: String) { apiTokens(first: 1, after: $after, sort: { field: NAME, direction: ASC }) {
      totalCount edges { cursor node { name role } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      apiTokens: {
        totalCount: number;
        edges: { node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };

    const first = await svc.graphql<Page>(query, {}, owner());
    const second = await svc.graphql<Page>(
      query,
      { after: first.data?.apiTokens.pageInfo.endCursor },
      owner(),
    );

    expect(JSON.stringify(first.data)).not.toContain('mp_');
    expect(first.data?.apiTokens.pageInfo.hasNextPage).toBe(true);
    const names = [first, second].map((page) => page.data?.apiTokens.edges[0]?.node.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(2);
    expect(first.data?.apiTokens.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('stops verifying once revoked', async () => {
    const created = (await create('MEMBER')).data?.createApiToken;
    const revoked = await svc.graphql<{ revokeApiToken: { revokedAt: string | null } }>(
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: created?.apiToken.id },
      owner(),
    );

    expect(revoked.data?.revokeApiToken.revokedAt).not.toBeNull();
    const response = await verify(created?.token ?? '');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('stops verifying once expired', async () => {
    const created = (await create('MEMBER')).data?.createApiToken;
    await adminQuery(
      `UPDATE providers.api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [created?.apiToken.id],
    );

    const response = await verify(created?.token ?? '');

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses unknown and tampered tokens as TOKEN_UNKNOWN', async () => {
    const created = (await create('MEMBER')).data?.createApiToken;
    const token = created?.token ?? '';
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    expect(await (await verify(tampered)).json()).toMatchObject({ code: 'TOKEN_UNKNOWN' });
    expect(await (await verify('not-a-token')).json()).toMatchObject({ code: 'TOKEN_UNKNOWN' });
  });

  it("is capped by its creator's current role", async () => {
    const created = (await create('ADMIN')).data?.createApiToken;
    await adminQuery(`UPDATE providers.memberships SET role = 'member' WHERE user_id = $1 AND org_id = $2`, [
      adminId,
      defaultOrg,
    ]);
    try {
      expect(await (await verify(created?.token ?? '')).json()).toMatchObject({ roles: ['member'] });
    } finally {
      await adminQuery(`UPDATE providers.memberships SET role = 'owner' WHERE user_id = $1 AND org_id = $2`, [
        adminId,
        defaultOrg,
      ]);
    }
  });

  it('cannot be created with a role above your own, nor without an organization', async () => {
    const aboveOwn = await create('ADMIN', 'too-much', { ...owner(), roles: ['member' as never] });
    const anonymous = await svc.graphql(CREATE, { input: { name: 'x', expiresInDays: 1, role: 'VIEWER' } });

    expect(aboveOwn.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('validates the name and lifetime, naming the field', async () => {
    const badName = await svc.graphql(
      CREATE,
      { input: { name: 'a\u0007b', expiresInDays: 1, role: 'VIEWER' } },
      owner(),
    );
    const badDays = await svc.graphql(
      CREATE,
      { input: { name: 'ok', expiresInDays: 366, role: 'VIEWER' } },
      owner(),
    );

    expect(badName.errors?.[0]?.message).toMatch(/^name:/);
    expect(badDays.errors?.[0]?.message).toMatch(/^expiresInDays:/);
  });
});

describe('switchOrganization', () => {
  const sessionCaller = (pair: TokenPairResult) => ({
    orgId: defaultOrg,
    userId: adminId,
    roles: ['owner' as const],
    provider: 'local',
    ...sessionCredential(pair.accessToken),
  });
  const switchTo = (org: string, caller: Parameters<TestService['graphql']>[2]) =>
    svc.graphql<{ switchOrganization: TokenPairResult }>(SWITCH, { org }, caller);
  const refresh = (token: string) =>
    svc.graphql(`mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: token });

  it('refuses an organization the caller does not belong to', async () => {
    const result = await switchTo(otherOrg, sessionCaller(await loginAsAdmin(svc)));

    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('issues a pair scoped to another organization the user joined', async () => {
    const second = await svc.app
      .get(OrganizationsService)
      .createOrganization({ name: 'Second', ownerUserId: adminId });
    const result = await switchTo(second.id, sessionCaller(await loginAsAdmin(svc)));

    expect(result.data?.switchOrganization.organizationId).toBe(second.id);
    expect(decodeJwt(result.data?.switchOrganization.accessToken ?? '')).toMatchObject({
      org_id: second.id,
      roles: ['owner'],
    });
  });

  it('never mints a session from a viewer API token: FORBIDDEN, no token, and nothing outlives its revocation', async () => {
    const created = await svc.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      CREATE,
      { input: { name: 'viewer-switch', expiresInDays: 1, role: 'VIEWER' } },
      sessionCaller(admin),
    );
    const token = created.data?.createApiToken.token ?? '';
    const caller = await apiTokenCaller(token);
    expect(caller.roles).toEqual(['viewer']);

    const switched = await switchTo(defaultOrg, caller);
    const minted = await svc.graphql(
      CREATE,
      { input: { name: 'child', expiresInDays: 365, role: 'VIEWER' } },
      caller,
    );

    expect(switched.data).toBeNull();
    expect(switched.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    expect(switched.errors?.[0]?.message).toMatch(/This needs a signed-in session/);
    expect(minted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    await svc.graphql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
      { id: created.data?.createApiToken.apiToken.id },
      sessionCaller(admin),
    );
    expect(await (await post(INTERNAL_PATHS.verifyApiToken, { token })).json()).toMatchObject({
      code: 'TOKEN_REVOKED',
    });
  });

  it('refuses a caller without a live local session (a remote token, a context without credential)', async () => {
    const remote = { ...sessionCaller(admin), provider: 'reference', credentialId: 'remote-jti' };
    const { credential: _c, credentialId: _i, ...bare } = sessionCaller(admin);

    for (const caller of [remote, bare]) {
      expect((await switchTo(defaultOrg, caller)).errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'SESSION_REQUIRED',
      });
    }
  });

  it('joins the session it was switched from: signing out ends the switched pair too', async () => {
    const session = await loginAsAdmin(svc);
    const switched = (await switchTo(defaultOrg, sessionCaller(session))).data?.switchOrganization;
    expect(switched?.accessToken).toBeDefined();

    await svc.graphql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: session.refreshToken });

    expect((await refresh(switched?.refreshToken ?? '')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const resolved = await post(INTERNAL_PATHS.resolvePrincipal, resolveBody(switched?.accessToken ?? ''));
    expect(await resolved.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await switchTo(defaultOrg, sessionCaller(session))).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
  });
});
