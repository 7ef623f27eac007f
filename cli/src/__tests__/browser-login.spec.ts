import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import { scratchDir, startFakeServer, testRuntime, type FakeServer } from './fake-server.js';

/**
 * `meshplane login --provider <oidc>` against a fake Meshplane server on loopback whose `/authorize` plays the
 * identity provider (it redirects straight back with a code); the browser is a function following that redirect.
 * The server side of the flow (beginLogin with a loopback redirectUri, completeLogin against a real OpenID
 * Provider) is covered by libs/providers/identity's oidc-sign-in integration tests.
 */
let server: FakeServer;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let begun = 0;
const ISSUER = 'http://127.0.0.1:1/idp';

beforeAll(async () => {
  dir = await scratchDir();
  server = await startFakeServer(
    {
      Providers: () => ({
        data: {
          providers: [
            {
              name: 'local',
              displayName: null,
              issuer: null,
              type: 'LOCAL',
              version: null,
              features: [],
              reachable: true,
            },
            {
              name: 'sso',
              displayName: 'Acme SSO',
              issuer: ISSUER,
              type: 'OIDC',
              version: null,
              features: ['login', 'pkce'],
              reachable: true,
            },
          ],
        },
      }),
      BeginLogin: (variables) => {
        begun += 1;
        const authorize = new URL(server.url.replace('/graphql', '/authorize'));
        authorize.searchParams.set('redirect_uri', String(variables['redirectUri']));
        authorize.searchParams.set('state', `state-${begun}`);
        return { data: { beginLogin: { authorizationUrl: authorize.toString(), state: `state-${begun}` } } };
      },
      CompleteLogin: (variables) =>
        variables['code'] === 'good-code' && variables['state'] === `state-${begun}`
          ? {
              data: {
                completeLogin: {
                  accessToken: 'oidc-access',
                  refreshToken: 'oidc-refresh',
                  expiresAt: new Date(Date.now() + 900_000).toISOString(),
                  organizationId: 'org-1',
                },
              },
            }
          : {
              errors: [
                {
                  message: 'sign-in refused',
                  extensions: { code: 'UNAUTHENTICATED', reason: 'STATE_INVALID' },
                },
              ],
            },
      Me: () => ({
        data: {
          me: {
            id: 'user-1',
            email: 'ada@acme.test',
            displayName: 'Ada',
            currentOrganizationId: 'org-1',
            roles: ['member'],
            platformOperator: false,
            memberships: [],
            identities: [],
          },
        },
      }),
    },
    // The provider: signs the user in at once and sends the browser back with a code, the state and its issuer.
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', 'good-code');
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', ISSUER);
      res.writeHead(302, { location: back.toString() }).end();
    },
  );
});

beforeEach(() => {
  server.calls.length = 0;
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

/** Where the provider sends the browser back to (not loaded). */
async function providerRedirect(authorizationUrl: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  return new URL(response.headers.get('location') ?? '');
}

function authorizationUrlIn(stderr: string): string {
  return /^\s+(http:\/\/\S+)$/m.exec(stderr)?.[1] ?? '';
}

const variablesOf = (name: string) => server.calls.find((c) => c.operationName === name)?.variables;

describe('meshplane login --provider <OpenID Connect provider>', () => {
  it('opens the browser, catches the redirect on 127.0.0.1, completes the sign-in and saves the context', async () => {
    const configPath = join(dir.path, 'browser.yaml');
    const pages: number[] = [];
    const { runtime, written } = testRuntime(configPath);
    runtime.openBrowser = (url) => {
      void providerRedirect(url).then(async (back) => pages.push((await fetch(back)).status));
      return true;
    };

    const code = await run(['login', '--server', server.url, '--provider', 'sso'], runtime);
    const config = parse(await readFile(configPath, 'utf8')) as {
      currentContext: string;
      users: { name: string; provider: string; accessToken: string; refreshToken: string }[];
    };

    expect(code, written.err).toBe(ExitCode.OK);
    expect(variablesOf('BeginLogin')).toEqual({
      provider: 'sso',
      redirectUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/) as unknown,
    });
    expect(variablesOf('CompleteLogin')).toEqual({
      provider: 'sso',
      code: 'good-code',
      state: `state-${begun}`,
      iss: ISSUER,
      client: 'meshplane CLI',
    });
    expect(pages).toEqual([200]);
    expect(written.err).toContain('sign in with Acme SSO');
    expect(written.err).toContain('(opened in your browser)');
    expect(written.err).toContain(`Signed in to ${server.url} as ada@acme.test`);
    expect(config.users).toEqual([
      expect.objectContaining({
        name: 'ada@acme.test@' + new URL(server.url).host,
        provider: 'sso',
        accessToken: 'oidc-access',
        refreshToken: 'oidc-refresh',
      }),
    ]);
    expect(config.currentContext).toBe(new URL(server.url).host);
  });

  it('with --no-browser, prints the address and reads where the browser ended on standard input', async () => {
    let opened = false;
    let stderr = (): string => '';
    const { runtime, written } = testRuntime(join(dir.path, 'pasted.yaml'), {
      // The user opens the printed address elsewhere and pastes the address the browser could not load.
      readStdin: async () => {
        for (let i = 0; i < 100 && !authorizationUrlIn(stderr()); i += 1)
          await new Promise((r) => setTimeout(r, 20));
        return `${(await providerRedirect(authorizationUrlIn(stderr()))).toString()}\n`;
      },
    });
    stderr = () => written.err;
    runtime.openBrowser = () => (opened = true);

    const code = await run(['login', '--server', server.url, '--provider', 'sso', '--no-browser'], runtime);

    expect(code, written.err).toBe(ExitCode.OK);
    expect(opened).toBe(false);
    expect(variablesOf('CompleteLogin')).toMatchObject({
      code: 'good-code',
      state: `state-${begun}`,
      iss: ISSUER,
    });
  });

  it('refuses a redirect carrying another sign-in’s state without completing anything', async () => {
    const { runtime, written } = testRuntime(join(dir.path, 'crossed.yaml'));
    runtime.openBrowser = (url) => {
      void providerRedirect(url).then((back) => {
        back.searchParams.set('state', 'someone-elses');
        return fetch(back);
      });
      return true;
    };

    const code = await run(['login', '--server', server.url, '--provider', 'sso'], runtime);

    expect(code).toBe(ExitCode.AUTH);
    expect(written.err).toContain('error: the answer belongs to another sign-in (its state differs)');
    expect(variablesOf('CompleteLogin')).toBeUndefined();
  });

  it('gives up after --timeout when no browser answers, saying so and what to do', async () => {
    const { runtime, written } = testRuntime(join(dir.path, 'timeout.yaml'));
    runtime.openBrowser = () => false;

    const code = await run(['login', '--server', server.url, '--provider', 'sso', '--timeout', '1'], runtime);

    expect(code).toBe(ExitCode.AUTH);
    expect(written.err).toContain('No browser could be opened here');
    expect(written.err).toContain('error: no answer from the browser within 1 s');
    expect(written.err).toContain('--no-browser');
  });

  it('names the providers the server has when --provider names none of them', async () => {
    const { runtime, written } = testRuntime(join(dir.path, 'unknown.yaml'));

    const code = await run(['login', '--server', server.url, '--provider', 'nope'], runtime);

    expect(code).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('error: --provider: the server has no provider nope');
    expect(written.err).toContain('use one of local, sso');
  });
});
