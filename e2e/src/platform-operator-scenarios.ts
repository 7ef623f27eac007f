import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnnounceDocument,
  CreateApiTokenDocument,
  CreateOrganizationDocument,
  MeDocument,
  PlatformOrganizationsDocument,
  ResourcesDocument,
  ResumeOrganizationDocument,
  SuspendOrganizationDocument,
  SystemEventsDocument,
  WorkspacesDocument,
  type GraphqlResult,
  type MeshplaneClient,
} from '@meshplane/client';
import { clientOf, type Credentials } from './harness/graphql-client.js';
import { type ReferenceProvider } from './harness/reference-provider.js';
import { type SystemUnderTest } from './harness/system-under-test.js';
import { localLogin, remoteLogin } from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';
const REMOTE = 'acme';
/** The server's registered redirect (the remote provider sends the browser there). */
export const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';

const OPERATOR_OPERATIONS: [
  string,
  (client: MeshplaneClient, orgId: string) => Promise<GraphqlResult<unknown>>,
][] = [
  ['platformOrganizations', (client) => client.execute(PlatformOrganizationsDocument, { first: 20 })],
  [
    'suspendOrganization',
    (client, id) => client.execute(SuspendOrganizationDocument, { input: { id, reason: 'hostile' } }),
  ],
  ['resumeOrganization', (client, id) => client.execute(ResumeOrganizationDocument, { id })],
  ['announce', (client) => client.execute(AnnounceDocument, { input: { message: 'hello, every tenant' } })],
];

let system: SystemUnderTest;
let provider: ReferenceProvider;
let admin: Credentials;
let adminId: string;
let alice: Credentials;
let aliceOrg: string;

/** The system's configuration for the remote provider `acme` (alice signs in there). */
export function remoteProviderEnv(remote: ReferenceProvider): Record<string, string> {
  return { REMOTE_PROVIDERS: `${REMOTE}=${remote.url}`, LOGIN_REDIRECT_URI: REDIRECT_URI };
}

async function apiToken(credentials: Credentials): Promise<Credentials> {
  const created = await clientOf(system.gatewayUrl, credentials).request(CreateApiTokenDocument, {
    input: { name: 'automation', expiresInDays: 1, role: 'OWNER' },
  });
  return { token: created.createApiToken.token };
}

const operatorView = async () =>
  (
    await clientOf(system.gatewayUrl, admin).request(PlatformOrganizationsDocument, { first: 100 })
  ).platformOrganizations.edges.map((edge) => edge.node);

/**
 * The platform operator through the gateway. The system runs with `remoteProviderEnv(provider)`, PLATFORM_OPERATORS
 * unset (so the local bootstrap admin is the platform operator) and AUTH_CACHE_MAX_AGE_MS=0 (every request asks the
 * providers again, so a suspension shows on the very next one).
 */
export function platformOperatorScenarios(
  hosted: () => { system: SystemUnderTest; provider: ReferenceProvider; adminPassword: string },
): void {
  describe('the platform operator through the gateway', () => {
    beforeAll(async () => {
      ({ system, provider } = hosted());
      admin = {
        token: (await localLogin(system.gatewayUrl, ADMIN_EMAIL, hosted().adminPassword)).accessToken,
      };
      adminId = (await clientOf(system.gatewayUrl, admin).request(MeDocument)).me.id;
      const pair = await remoteLogin(system.gatewayUrl, REMOTE, (url) =>
        provider.signIn(url, 'alice', 'alice-password'),
      );
      aliceOrg = (
        await clientOf(system.gatewayUrl, { token: pair.accessToken }).request(CreateOrganizationDocument, {
          input: { name: 'Alice hosting' },
        })
      ).createOrganization.id;
      alice = { token: pair.accessToken, orgId: aliceOrg };
    });

    it('refuses every cross-organization operation to an org owner, an owner API token and a remote-provider token', async () => {
      const callers: [string, Credentials][] = [
        ['the owner of an organization', alice],
        ["that owner's API token", await apiToken(alice)],
        ["the operator's own API token", await apiToken(admin)],
        ["the remote provider's own token", { token: await provider.accessToken('alice', 'alice-password') }],
      ];
      const answers: string[] = [];
      for (const [who, credentials] of callers) {
        for (const [field, call] of OPERATOR_OPERATIONS) {
          const res = await call(clientOf(system.gatewayUrl, credentials), aliceOrg);
          const refusal = res.errors?.[0]?.extensions;
          answers.push(
            `${who} ${field}: ${refusal ? `${refusal['code']}/${refusal['reason']}` : 'answered'}`,
          );
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
      const kinds = async (credentials: Credentials) =>
        new Set(
          (
            await clientOf(system.gatewayUrl, credentials).request(SystemEventsDocument, { first: 100 })
          ).systemEvents.edges.map((edge) => edge.node.kind),
        );
      await clientOf(system.gatewayUrl, admin).request(AnnounceDocument, {
        input: { message: 'e2e notice' },
      });

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

      const asAdmin = clientOf(system.gatewayUrl, admin);
      const asAlice = clientOf(system.gatewayUrl, alice);
      const suspended = (
        await asAdmin.request(SuspendOrganizationDocument, {
          input: { id: aliceOrg, reason: 'abuse report 42' },
        })
      ).suspendOrganization.suspension;
      const refused = await Promise.all([
        asAlice.execute(WorkspacesDocument, { first: 20 }),
        asAlice.execute(ResourcesDocument, { first: 20 }),
        clientOf(system.gatewayUrl, aliceApi).execute(MeDocument),
      ]);
      const stillListed = (await operatorView()).find((org) => org.id === aliceOrg);

      expect(suspended).toMatchObject({ reason: 'abuse report 42', suspendedBy: adminId });
      expect(refused.map((res) => [res.status, res.errors?.[0]?.extensions])).toEqual(
        refused.map(() => [403, { code: 'FORBIDDEN', reason: 'ORGANIZATION_SUSPENDED' }]),
      );
      expect(stillListed?.suspension).toMatchObject({ reason: 'abuse report 42', suspendedBy: adminId });

      await asAdmin.request(ResumeOrganizationDocument, { id: aliceOrg });
      const after = await asAlice.execute(WorkspacesDocument, { first: 20 });

      expect(after.data?.workspaces.totalCount).toBe(1);
      expect((await clientOf(system.gatewayUrl, aliceApi).execute(MeDocument)).status).toBe(200);
    });
  });
}
