import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, type Credentials } from './harness/graphql-client.js';
import { startReferenceProvider, type ReferenceProvider } from './harness/reference-provider.js';
import { startSystemUnderTest, type SystemUnderTest } from './harness/system-under-test.js';
import { dataOf, localLogin, remoteLogin } from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';
const ADMIN_PASSWORD = `e2e-admin-${randomUUID()}`;
const REMOTE = 'acme';
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';

const OPERATOR_OPERATIONS: [string, string, (orgId: string) => Record<string, unknown>][] = [
  [
    'platformOrganizations',
    '{ platformOrganizations { totalCount edges { node { id name } } } }',
    () => ({}),
  ],
  [
    'suspendOrganization',
    'mutation($id: ID!) { suspendOrganization(input: { id: $id, reason: "hostile" }) { id } }',
    (id) => ({ id }),
  ],
  ['resumeOrganization', 'mutation($id: ID!) { resumeOrganization(id: $id) { id } }', (id) => ({ id })],
  ['announce', 'mutation { announce(input: { message: "hello, every tenant" }) { id } }', () => ({})],
];

interface Listed {
  platformOrganizations: {
    edges: {
      node: {
        id: string;
        memberCount: number;
        workspaceCount: number;
        environmentCount: number;
        suspension: { reason: string; suspendedBy: string } | null;
      };
    }[];
  };
}

let system: SystemUnderTest;
let provider: ReferenceProvider;
let admin: Credentials;
let adminId: string;
let alice: Credentials;
let aliceOrg: string;

beforeAll(async () => {
  provider = await startReferenceProvider(REDIRECT_URI);
  // PLATFORM_OPERATORS unset: the local bootstrap admin is the platform operator.
  system = await startSystemUnderTest({
    REMOTE_PROVIDERS: `${REMOTE}=${provider.url}`,
    LOGIN_REDIRECT_URI: REDIRECT_URI,
    LOCAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    AUTH_CACHE_MAX_AGE_MS: '0',
  });
  admin = { token: (await localLogin(system.gatewayUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken };
  adminId = dataOf(await graphql<{ me: { id: string } }>(system.gatewayUrl, '{ me { id } }', {}, admin), 'me')
    .me.id;
  const pair = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
    provider.signIn(url, 'alice', 'alice-password'),
  );
  aliceOrg = dataOf(
    await graphql<{ createOrganization: { id: string } }>(
      system.gatewayUrl,
      'mutation { createOrganization(input: { name: "Alice hosting" }) { id } }',
      {},
      { token: pair.accessToken },
    ),
    'createOrganization',
  ).createOrganization.id;
  alice = { token: pair.accessToken, orgId: aliceOrg };
});

afterAll(async () => {
  try {
    if (system) expect((await system.stop()).code).toBe(0);
  } finally {
    await provider?.stop();
  }
});

async function apiToken(credentials: Credentials): Promise<Credentials> {
  const created = dataOf(
    await graphql<{ createApiToken: { token: string } }>(
      system.gatewayUrl,
      'mutation { createApiToken(input: { name: "automation", expiresInDays: 1, role: OWNER }) { token } }',
      {},
      credentials,
    ),
    'createApiToken',
  ).createApiToken;
  return { token: created.token };
}

const operatorView = async () =>
  dataOf(
    await graphql<Listed>(
      system.gatewayUrl,
      '{ platformOrganizations(first: 100) { edges { node { id memberCount workspaceCount environmentCount suspension { reason suspendedBy } } } } }',
      {},
      admin,
    ),
    'platformOrganizations',
  ).platformOrganizations.edges.map((edge) => edge.node);

describe('the platform operator through the gateway', () => {
  it('refuses every cross-organization operation to an org owner, an owner API token and a remote-provider token', async () => {
    const callers: [string, Credentials][] = [
      ['the owner of an organization', alice],
      ["that owner's API token", await apiToken(alice)],
      ["the operator's own API token", await apiToken(admin)],
      ["the remote provider's own token", { token: await provider.accessToken('alice', 'alice-password') }],
    ];
    const answers: string[] = [];
    for (const [who, credentials] of callers) {
      for (const [field, document, variables] of OPERATOR_OPERATIONS) {
        const res = await graphql(system.gatewayUrl, document, variables(aliceOrg), credentials);
        const refusal = res.errors?.[0]?.extensions;
        answers.push(`${who} ${field}: ${refusal ? `${refusal['code']}/${refusal['reason']}` : 'answered'}`);
      }
    }

    expect(answers).toEqual(
      callers.flatMap(([who]) =>
        OPERATOR_OPERATIONS.map(([field]) => `${who} ${field}: FORBIDDEN/PLATFORM_OPERATOR_REQUIRED`),
      ),
    );
    expect((await operatorView()).find((org) => org.id === aliceOrg)?.suspension).toBeNull();
  });

  it('shows service events to the operator only; everyone sees notices', async () => {
    const query = '{ systemEvents(first: 100) { edges { node { kind } } } }';
    const kinds = async (credentials: Credentials) =>
      new Set(
        dataOf(
          await graphql<{ systemEvents: { edges: { node: { kind: string } }[] } }>(
            system.gatewayUrl,
            query,
            {},
            credentials,
          ),
          'systemEvents',
        ).systemEvents.edges.map((edge) => edge.node.kind),
      );
    dataOf(
      await graphql(
        system.gatewayUrl,
        'mutation { announce(input: { message: "e2e notice" }) { id } }',
        {},
        admin,
      ),
      'announce',
    );

    expect(await kinds(admin)).toContain('STARTED');
    expect([...(await kinds(alice))]).toEqual(['NOTICE']);
  });

  it('lists every organization with its counts, suspends one so its members are refused everywhere, and resumes it', async () => {
    const aliceApi = await apiToken(alice);
    const listed = (await operatorView()).find((org) => org.id === aliceOrg);
    expect(listed).toMatchObject({
      memberCount: 1,
      workspaceCount: 1,
      environmentCount: 1,
      suspension: null,
    });

    const suspended = dataOf(
      await graphql<{ suspendOrganization: { suspension: { reason: string; suspendedBy: string } } }>(
        system.gatewayUrl,
        'mutation($id: ID!) { suspendOrganization(input: { id: $id, reason: "abuse report 42" }) { suspension { reason suspendedBy } } }',
        { id: aliceOrg },
        admin,
      ),
      'suspendOrganization',
    ).suspendOrganization.suspension;
    const refused = await Promise.all([
      graphql(system.gatewayUrl, '{ workspaces { totalCount } }', {}, alice),
      graphql(system.gatewayUrl, '{ resources { totalCount } }', {}, alice),
      graphql(system.gatewayUrl, '{ me { id } }', {}, aliceApi),
    ]);
    const stillListed = (await operatorView()).find((org) => org.id === aliceOrg);

    expect(suspended).toEqual({ reason: 'abuse report 42', suspendedBy: adminId });
    expect(refused.map((res) => [res.status, res.errors?.[0]?.extensions])).toEqual(
      refused.map(() => [403, { code: 'FORBIDDEN', reason: 'ORGANIZATION_SUSPENDED' }]),
    );
    expect(stillListed?.suspension).toEqual({ reason: 'abuse report 42', suspendedBy: adminId });

    dataOf(
      await graphql(
        system.gatewayUrl,
        'mutation($id: ID!) { resumeOrganization(id: $id) { id } }',
        { id: aliceOrg },
        admin,
      ),
      'resumeOrganization',
    );
    const after = await graphql<{ workspaces: { totalCount: number } }>(
      system.gatewayUrl,
      '{ workspaces { totalCount } }',
      {},
      alice,
    );

    expect(after.data?.workspaces.totalCount).toBe(1);
    expect((await graphql(system.gatewayUrl, '{ me { id } }', {}, aliceApi)).status).toBe(200);
  });
});
