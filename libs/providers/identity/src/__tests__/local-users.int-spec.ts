import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { OrganizationsService, UsersService } from '@meshplane/providers-tenancy';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import {
  startTestService,
  type GraphqlResult,
  type TestCaller,
  type TestService,
} from '@meshplane/service-testing';
import {
  ADMIN_EMAIL,
  identityTestEnv,
  identityTestService,
  loginAsAdmin,
  PAIR,
  type TokenPairResult,
  resolvePrincipal,
} from './support/identity-test-service.js';

const MAX_PER_ADDRESS = 5;
const GOOD_PASSWORD = 'violet anchor tram soup';

let nats: NatsServer;
let svc: TestService;
let admin: TokenPairResult;

const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.['code'];
const LOGIN = `mutation($e: String!, $p: String!, $c: String) {
  login(provider: "local", email: $e, password: $p, client: $c) { ${PAIR} } }`;
const SIGN_UP = `mutation($t: String!, $p: String!, $n: String) {
  signUpWithInvitation(token: $t, password: $p, displayName: $n, client: "new laptop") { ${PAIR} } }`;

/** The context the gateway signs for a caller presenting this session's access token. */
function sessionCaller(pair: TokenPairResult, roles: TestCaller['roles'] = []): TestCaller {
  const claims = decodeJwt(pair.accessToken);
  return {
    userId: claims.sub ?? '',
    ...(pair.organizationId === null ? {} : { orgId: pair.organizationId }),
    roles,
    provider: 'local',
    credential: 'access-token',
    credentialId: claims.jti ?? '',
    clientAddress: '127.0.7.1',
  };
}

const asAdmin = () => sessionCaller(admin, ['owner']);
const asOperator = () => ({ ...asAdmin(), platformOperator: true });

function login(email: string, password: string, client?: string) {
  return svc.graphql<{ login: TokenPairResult }>(
    LOGIN,
    { e: email, p: password, c: client ?? null },
    { clientAddress: '127.0.7.2' },
  );
}

async function invite(email: string): Promise<string> {
  const result = await svc.graphql<{ inviteMember: { token: string } }>(
    `mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { token } }`,
    { e: email },
    asAdmin(),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.inviteMember.token;
}

/** What the gateway hears from providers about a request carrying this access token. */
async function resolves(pair: TokenPairResult): Promise<{ status: number; code?: string }> {
  const response = await resolvePrincipal(svc, pair.accessToken);
  const body = (await response.json()) as { code?: string };
  return { status: response.status, ...(body.code === undefined ? {} : { code: body.code }) };
}

function refresh(pair: TokenPairResult) {
  return svc.graphql<{ refreshToken: TokenPairResult }>(
    `mutation($t: String!) { refreshToken(refreshToken: $t) { ${PAIR} } }`,
    { t: pair.refreshToken },
  );
}

beforeAll(async () => {
  nats = await startTestNats();
  svc = await startTestService(identityTestService, {
    natsUrl: nats.url,
    label: 'identity-local-users',
    env: identityTestEnv({
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
      PASSWORD_RESET_LINK_BASE: 'https://meshplane.example/reset-password',
    }),
  });
  admin = await loginAsAdmin(svc);
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
});

describe('local users', () => {
  it('invite → set a password → sign in → disabled → refused, every session and token ended', async () => {
    const token = await invite('new.hire@team.test');

    const common = await svc.graphql(SIGN_UP, { t: token, p: 'Password12345!', n: 'New Hire' });
    const joined = await svc.graphql<{ signUpWithInvitation: TokenPairResult }>(SIGN_UP, {
      t: token,
      p: GOOD_PASSWORD,
      n: 'New Hire',
    });
    const again = await svc.graphql(SIGN_UP, { t: token, p: GOOD_PASSWORD });

    expect(codeOf(common)).toBe('BAD_USER_INPUT');
    expect(common.errors?.[0]?.message).toMatch(
      /^password: is a common password with digits or symbols added/,
    );
    const session = joined.data?.signUpWithInvitation;
    if (!session) throw new Error(JSON.stringify(joined.errors));
    expect(session.organizationId).toBe(admin.organizationId);
    expect(codeOf(again)).toBe('INVITATION_USED');
    const signedIn = (await login('new.hire@team.test', GOOD_PASSWORD)).data?.login;
    if (!signedIn) throw new Error('no sign-in');
    const userId = decodeJwt(signedIn.accessToken).sub ?? '';

    const disabled = await svc.graphql(
      `mutation($u: ID!) { disableMember(userId: $u) }`,
      { u: userId },
      asAdmin(),
    );

    expect(disabled.data).toEqual({ disableMember: true });
    expect(codeOf(await login('new.hire@team.test', GOOD_PASSWORD))).toBe('UNAUTHENTICATED');
    for (const pair of [session, signedIn]) {
      expect((await resolves(pair)).status).toBe(401);
      expect(codeOf(await refresh(pair))).toBe('UNAUTHENTICATED');
    }
    const members = await svc.graphql<{
      members: { edges: { node: { email: string; disabled: boolean } }[] };
    }>(`{ members(first: 50) { edges { node { email disabled } } } }`, {}, asAdmin());
    expect(members.data?.members.edges.map((e) => e.node)).toContainEqual({
      email: 'new.hire@team.test',
      disabled: true,
    });

    await svc.graphql(`mutation($u: ID!) { enableMember(userId: $u) }`, { u: userId }, asAdmin());
    expect((await login('new.hire@team.test', GOOD_PASSWORD)).errors).toBeUndefined();
    expect((await resolves(signedIn)).status).toBe(401);
  });

  it('refuses a sign-up for an address that already has an account', async () => {
    await svc.app.get(UsersService).upsertByEmail({ email: 'has.account@team.test', displayName: 'Has one' });
    const token = await invite('has.account@team.test');

    const result = await svc.graphql(SIGN_UP, { t: token, p: GOOD_PASSWORD });

    expect(codeOf(result)).toBe('ACCOUNT_EXISTS');
    expect(codeOf(await login('has.account@team.test', GOOD_PASSWORD))).toBe('UNAUTHENTICATED');
  });

  it('lets only owners disable, and only members of organizations they all own', async () => {
    const token = await invite('two.orgs@team.test');
    const member = (
      await svc.graphql<{ signUpWithInvitation: TokenPairResult }>(SIGN_UP, { t: token, p: GOOD_PASSWORD })
    ).data?.signUpWithInvitation;
    const memberId = decodeJwt(member?.accessToken ?? '').sub ?? '';
    await svc.app.get(OrganizationsService).createOrganization({ name: 'their own', ownerUserId: memberId });
    const disable = (caller: TestCaller) =>
      svc.graphql(`mutation($u: ID!) { disableMember(userId: $u) }`, { u: memberId }, caller);

    const asAdminRole = await disable({ ...asAdmin(), roles: ['admin'] });
    const crossing = await disable(asAdmin());
    const self = await svc.graphql(
      `mutation($u: ID!) { disableMember(userId: $u) }`,
      { u: asAdmin().userId },
      asAdmin(),
    );

    expect(codeOf(asAdminRole)).toBe('FORBIDDEN');
    expect(crossing.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MEMBER_OF_OTHER_ORGANIZATIONS',
    });
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect((await login('two.orgs@team.test', GOOD_PASSWORD)).errors).toBeUndefined();
  });

  it('resets a forgotten password through an operator-issued link that works once', async () => {
    const token = await invite('forgetful@team.test');
    const before = (
      await svc.graphql<{ signUpWithInvitation: TokenPairResult }>(SIGN_UP, { t: token, p: GOOD_PASSWORD })
    ).data?.signUpWithInvitation;
    if (!before) throw new Error('no session');
    const ISSUE = `mutation($e: String!) { createPasswordResetLink(email: $e) { email link token expiresAt } }`;
    const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;

    const byOwner = await svc.graphql(ISSUE, { e: 'forgetful@team.test' }, asAdmin());
    const issued = await svc.graphql<{
      createPasswordResetLink: { email: string; link: string; token: string };
    }>(ISSUE, { e: 'forgetful@team.test' }, asOperator());
    const reset = issued.data?.createPasswordResetLink;
    if (!reset) throw new Error(JSON.stringify(issued.errors));
    const common = await svc.graphql(RESET, { t: reset.token, p: 'qwertyuiop123' });
    const done = await svc.graphql(RESET, { t: reset.token, p: 'marble kettle dawn river' });
    const replayed = await svc.graphql(RESET, { t: reset.token, p: 'another fine long phrase' });

    expect(codeOf(byOwner)).toBe('FORBIDDEN');
    expect(reset.link).toBe(`https://meshplane.example/reset-password#token=${reset.token}`);
    expect(codeOf(common)).toBe('BAD_USER_INPUT');
    expect(common.errors?.[0]?.message).toMatch(
      /^newPassword: is a common password with digits or symbols added/,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data).toEqual({ resetPassword: true });
    expect(codeOf(replayed)).toBe('RESET_TOKEN_INVALID');
    expect(codeOf(await login('forgetful@team.test', GOOD_PASSWORD))).toBe('UNAUTHENTICATED');
    expect((await login('forgetful@team.test', 'marble kettle dawn river')).errors).toBeUndefined();
    expect(await resolves(before)).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
  });

  it('throttles reset and sign-up attempts per client address like sign-in', async () => {
    const attempt = (i: number) =>
      svc.graphql(
        `mutation($t: String!) { resetPassword(token: $t, newPassword: "marble kettle dawn river") }`,
        { t: `mppr_guess-${i}` },
        { clientAddress: '127.0.9.9' },
      );
    for (let i = 0; i < MAX_PER_ADDRESS; i += 1) expect(codeOf(await attempt(i))).toBe('RESET_TOKEN_INVALID');

    const refused = await attempt(MAX_PER_ADDRESS);
    const signUp = await svc.graphql(
      SIGN_UP,
      { t: 'mpinv_guess', p: GOOD_PASSWORD },
      { clientAddress: '127.0.9.9' },
    );

    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(codeOf(signUp)).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('sessions a user can see', () => {
  it('lists the device, address, creation and last use of each session, and marks the current one', async () => {
    const laptop = (await login(ADMIN_EMAIL, 'correct horse battery staple', 'laptop')).data?.login;
    const phone = (await login(ADMIN_EMAIL, 'correct horse battery staple', 'phone')).data?.login;
    if (!laptop || !phone) throw new Error('no sessions');
    await refresh(phone);

    const listed = await svc.graphql<{
      mySessions: {
        id: string;
        provider: string;
        client: string | null;
        clientAddress: string | null;
        createdAt: string;
        lastUsedAt: string;
        current: boolean;
      }[];
    }>(
      `{ mySessions { id provider client clientAddress createdAt lastUsedAt current } }`,
      {},
      sessionCaller(laptop),
    );

    const sessions = listed.data?.mySessions ?? [];
    const byClient = new Map(sessions.map((s) => [s.client, s]));
    expect(byClient.get('laptop')).toMatchObject({
      provider: 'local',
      clientAddress: '127.0.7.2',
      current: true,
    });
    expect(byClient.get('phone')).toMatchObject({ provider: 'local', current: false });
    // Refreshed last, so used last: the list runs from the most recently used.
    expect(sessions.slice(0, 2).map((s) => s.client)).toEqual(['phone', 'laptop']);
    expect(Date.parse(byClient.get('phone')?.lastUsedAt ?? '')).toBeGreaterThan(
      Date.parse(byClient.get('phone')?.createdAt ?? ''),
    );
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('revokes one session: its tokens stop working, the others go on; nobody else’s and never with an API token', async () => {
    const keep = (await login(ADMIN_EMAIL, 'correct horse battery staple', 'keep')).data?.login;
    const end = (await login(ADMIN_EMAIL, 'correct horse battery staple', 'end')).data?.login;
    if (!keep || !end) throw new Error('no sessions');
    const idOf = async (client: string) =>
      (
        await svc.graphql<{ mySessions: { id: string; client: string | null }[] }>(
          `{ mySessions { id client } }`,
          {},
          sessionCaller(keep),
        )
      ).data?.mySessions.find((s) => s.client === client)?.id;
    const target = (await idOf('end')) ?? '';
    const REVOKE = `mutation($id: ID!) { revokeSession(id: $id) }`;
    const { credential: _c, credentialId: _i, ...bare } = sessionCaller(keep);

    const withApiToken = await svc.graphql(
      REVOKE,
      { id: target },
      { ...bare, credential: 'api-token', credentialId: 'x' },
    );
    const someoneElse = await svc.graphql(
      REVOKE,
      { id: target },
      {
        ...sessionCaller((await login('new.hire@team.test', GOOD_PASSWORD)).data?.login as TokenPairResult),
      },
    );
    const revoked = await svc.graphql(REVOKE, { id: target }, sessionCaller(keep));

    expect(withApiToken.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
    expect(codeOf(someoneElse)).toBe('NOT_FOUND');
    expect(revoked.data).toEqual({ revokeSession: true });
    expect(await resolves(end)).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect(codeOf(await refresh(end))).toBe('UNAUTHENTICATED');
    expect(await idOf('end')).toBeUndefined();
    expect((await resolves(keep)).status).toBe(200);
  });
});
