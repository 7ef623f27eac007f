import { Command } from 'commander';
import {
  BeginLoginDocument,
  CompleteLoginDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MeshplaneClient,
  ProvidersDocument,
  type LoginMutation,
} from '@meshplane/client';
import {
  readConfig,
  removeContext,
  removeUser,
  resolveContext,
  upsertContext,
  upsertUser,
  writeConfig,
  type ConfigUser,
} from '../config/config-file.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { render } from '../output/format.js';
import { paint, startSpinner } from '../output/terminal.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import {
  listenForRedirect,
  pastedResponse,
  type AuthorizationResponse,
  type LoopbackRedirect,
} from '../session/loopback-redirect.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:4000/graphql';

type TokenPair = LoginMutation['login'];

export function authCommands(runtime: CliRuntime): Command[] {
  return [loginCommand(runtime), logoutCommand(runtime), whoamiCommand(runtime), contextCommand(runtime)];
}

function loginCommand(runtime: CliRuntime): Command {
  return new Command('login')
    .description('sign in to a Meshplane server and make it the current context')
    .option(
      '--server <url>',
      `the server's GraphQL endpoint (default: the current context's, else ${DEFAULT_SERVER})`,
    )
    .option(
      '--provider <name>',
      'identity provider: local, or an OpenID Connect or remote provider configured on the server',
      'local',
    )
    .option('--no-browser', 'other providers: do not open a browser; paste the address it ended on instead')
    .option(
      '--timeout <seconds>',
      'other providers: how long to wait for the sign-in',
      positiveInt('--timeout'),
      300,
    )
    .option('--email <email>', 'local provider: the e-mail to sign in with (asked for when missing)')
    .option('--password-stdin', 'local provider: read the password from standard input (for scripts)')
    .option('--token-stdin', 'sign in with an API token read from standard input instead of a password')
    .option('--org <id>', 'organization to act in (default: the one the server signs you in to)')
    .option('--name <context>', 'name of the context to create or replace (default: the server host)')
    .action(async (options: LoginOptions, command: Command) => {
      const { context: selected } = globalOptions(command);
      const config = await readConfig(runtime.env.configPath);
      const server = normaliseServer(
        options.server ?? resolveContext(config, selected)?.user.server ?? DEFAULT_SERVER,
      );
      const anonymous = new MeshplaneClient({ url: server });
      const host = new URL(server).host;
      let user: ConfigUser;
      if (options.tokenStdin) {
        const token = (await runtime.terminal.readStdin()).trim();
        if (!token)
          throw new CliError(
            'standard input held no API token',
            ExitCode.USAGE,
            'pipe the token in: `echo "$TOKEN" | meshplane login --token-stdin`',
          );
        user = { name: `token@${host}`, server, provider: 'api-token', accessToken: token };
      } else {
        const pair =
          options.provider === 'local'
            ? await localLogin(runtime, anonymous, options)
            : await browserLogin(runtime, anonymous, options);
        user = {
          name: `${options.email ?? options.provider}@${host}`,
          server,
          provider: options.provider,
          ...(options.email === undefined ? {} : { email: options.email }),
          accessToken: pair.accessToken,
          refreshToken: pair.refreshToken,
          expiresAt: pair.expiresAt,
        };
      }
      const signedIn = new MeshplaneClient({
        url: server,
        credentials: { token: user.accessToken, ...(options.org ? { orgId: options.org } : {}) },
      });
      const { me } = await signedIn.request(MeDocument);
      if (user.provider !== 'api-token') user = { ...user, name: `${me.email}@${host}`, email: me.email };
      const contextName = options.name ?? host;
      const latest = await readConfig(runtime.env.configPath);
      const updated = upsertContext(upsertUser(latest, user), {
        name: contextName,
        user: user.name,
        ...(options.org ? { organization: options.org } : {}),
      });
      await writeConfig(runtime.env.configPath, { ...updated, currentContext: contextName });
      runtime.terminal.err(
        `Signed in to ${server} as ${paint(runtime.terminal, 'bold', me.email)} (${me.roles.join(', ') || 'no role'} in ${me.currentOrganizationId ?? 'no organization'}); context ${contextName}\n`,
      );
    });
}

interface LoginOptions {
  server?: string;
  provider: string;
  browser: boolean;
  timeout: number;
  email?: string;
  passwordStdin?: boolean;
  tokenStdin?: boolean;
  org?: string;
  name?: string;
}

async function localLogin(
  runtime: CliRuntime,
  client: MeshplaneClient,
  options: LoginOptions,
): Promise<TokenPair> {
  const email =
    options.email ??
    (runtime.terminal.interactive && !options.passwordStdin
      ? (await runtime.terminal.promptSecret('E-mail: ', { echo: true })).trim()
      : undefined);
  if (!email)
    throw new CliError(
      '--email is required with the local provider',
      ExitCode.USAGE,
      'meshplane login --email admin@meshplane.local',
    );
  options.email = email;
  let password: string;
  if (options.passwordStdin) {
    password = (await runtime.terminal.readStdin()).replace(/\r?\n$/, '');
    if (!password)
      throw new CliError(
        'standard input held no password',
        ExitCode.USAGE,
        'pipe it in: `meshplane login --email E --password-stdin < password-file`',
      );
  } else {
    password = await runtime.terminal.promptSecret(`Password for ${email}: `);
  }
  const { login } = await client.request(LoginDocument, {
    provider: 'local',
    email,
    password,
    client: SESSION_CLIENT,
  });
  return login;
}

/** Names this CLI in `mySessions`. */
const SESSION_CLIENT = 'meshplane CLI';

/**
 * Sign-in in the browser (authorization code with PKCE; the server keeps the verifier). An OpenID Connect provider
 * redirects to a loopback listener of this process (RFC 8252), on a port the system picks; a remote provider to the
 * redirect address registered on the server, which this process listens on when it is a free loopback port. With
 * --no-browser (or when the redirect cannot be caught) the user pastes the address the browser ended on, or pipes
 * it in on standard input.
 */
async function browserLogin(
  runtime: CliRuntime,
  client: MeshplaneClient,
  options: LoginOptions,
): Promise<TokenPair> {
  const provider = await providerNamed(client, options.provider);
  const oidc = provider.type === 'OIDC';
  const receiver = oidc ? await listenForRedirect() : undefined;
  try {
    const { beginLogin } = await client.request(BeginLoginDocument, {
      provider: provider.name,
      ...(receiver ? { redirectUri: receiver.redirectUri } : {}),
    });
    const catcher = receiver ?? (await remoteRedirectListener(beginLogin.authorizationUrl));
    runtime.terminal.err(
      `Open this address in a browser to sign in with ${provider.displayName ?? provider.name}:\n\n  ${beginLogin.authorizationUrl}\n\n`,
    );
    if (options.browser) {
      if (runtime.openBrowser?.(beginLogin.authorizationUrl))
        runtime.terminal.err('(opened in your browser)\n');
      else if (oidc) {
        runtime.terminal.err(
          'No browser could be opened here: open the address on this machine, or sign in with --no-browser to paste where the browser ends up.\n',
        );
      }
    }
    const timeoutMs = options.timeout * 1000;
    const answers: Promise<AuthorizationResponse>[] = [];
    if (catcher) answers.push(catcher.receive(beginLogin.state, timeoutMs));
    // Without a listener, when asked (the browser is elsewhere), or for a remote provider (whose registered redirect
    // is usually the server's own page), the user may paste where the browser landed.
    const pastes = !catcher || !options.browser || !oidc;
    if (pastes) answers.push(pasted(runtime, beginLogin.state, timeoutMs));
    // The race settles with the first; the others may still fail later (a timeout) and must not go unhandled.
    for (const pending of answers) pending.catch(() => undefined);
    // A spinner would overwrite the paste prompt.
    const spinner = pastes
      ? { stop: () => undefined }
      : startSpinner(runtime.terminal, 'waiting for the sign-in in the browser');
    let answer: AuthorizationResponse;
    try {
      answer = await Promise.race(answers);
    } finally {
      spinner.stop();
      await catcher?.close();
    }
    return (
      await client.request(CompleteLoginDocument, {
        provider: provider.name,
        code: answer.code,
        state: answer.state,
        client: SESSION_CLIENT,
        ...(answer.iss ? { iss: answer.iss } : {}),
      })
    ).completeLogin;
  } finally {
    await receiver?.close();
  }
}

async function providerNamed(client: MeshplaneClient, name: string) {
  const { providers } = await client.request(ProvidersDocument);
  const found = providers.find((p) => p.name === name);
  if (!found) {
    throw new CliError(
      `--provider: the server has no provider ${name}`,
      ExitCode.NOT_FOUND,
      `use one of ${providers.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
}

/** A remote provider's redirect is the server's LOGIN_REDIRECT_URI: caught here only on a free 127.0.0.1 port. */
async function remoteRedirectListener(authorizationUrl: string): Promise<LoopbackRedirect | undefined> {
  const redirect = new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (!redirect) return undefined;
  const target = new URL(redirect);
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1' || !target.port) return undefined;
  return listenForRedirect({ port: Number(target.port), path: target.pathname }).catch(() => undefined);
}

/** The address (or code) pasted on the terminal, or piped in on standard input. */
async function pasted(runtime: CliRuntime, state: string, timeoutMs: number): Promise<AuthorizationResponse> {
  const input = runtime.terminal.interactive
    ? runtime.terminal.promptSecret('Paste the address the browser ended on (or its code): ', { echo: true })
    : runtime.terminal.readStdin();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CliError(
            `nothing was pasted within ${Math.ceil(timeoutMs / 1000)} s`,
            ExitCode.AUTH,
            'run `meshplane login` again (with --timeout to wait longer)',
          ),
        ),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return pastedResponse(await Promise.race([input, timeout]), state);
  } finally {
    clearTimeout(timer);
  }
}

function logoutCommand(runtime: CliRuntime): Command {
  return new Command('logout')
    .description('end the session of the current context on the server and forget its tokens')
    .action(async (_options: unknown, command: Command) => {
      const session = await sessionFor(runtime, command);
      const { user } = session;
      if (user.refreshToken) {
        await session.client
          .request(LogoutDocument, { refreshToken: user.refreshToken })
          .catch(() => undefined);
      }
      const config = await readConfig(runtime.env.configPath);
      await writeConfig(runtime.env.configPath, removeUser(config, user.name));
      runtime.terminal.err(`Signed out ${user.name}; its contexts are removed\n`);
    });
}

function whoamiCommand(runtime: CliRuntime): Command {
  return new Command('whoami')
    .description('who the current context signs in as, and in which organization')
    .action(async (_options: unknown, command: Command) => {
      const { output } = globalOptions(command);
      const session = await sessionFor(runtime, command);
      const { me } = await session.client.request(MeDocument);
      const organization = session.context.organization ?? me.currentOrganizationId;
      const view = {
        context: session.context.name,
        server: session.user.server,
        ...me,
        currentOrganizationId: organization,
      };
      render(
        runtime.terminal,
        output,
        view,
        [
          ['CONTEXT', session.context.name],
          ['SERVER', session.user.server],
          ['USER', `${me.email} (${me.displayName})`],
          ['ORGANIZATION', organization],
          ['ROLES', me.roles.join(', ')],
          ['PLATFORM OPERATOR', me.platformOperator ? 'yes' : 'no'],
        ] as const,
        [
          { header: 'FIELD', value: (row) => row[0] },
          { header: 'VALUE', value: (row) => row[1] },
        ],
      );
    });
}

function contextCommand(runtime: CliRuntime): Command {
  const context = new Command('context').description(
    'the servers and organizations you are signed in to (kubectl-style)',
  );
  context
    .command('list', { isDefault: true })
    .description('every context; * marks the current one')
    .action(async (_options: unknown, command: Command) => {
      const { output } = globalOptions(command);
      const config = await readConfig(runtime.env.configPath);
      const rows = config.contexts.map((c) => {
        const user = config.users.find((u) => u.name === c.user);
        return {
          current: c.name === config.currentContext,
          name: c.name,
          server: user?.server ?? null,
          user: c.user,
          organization: c.organization ?? null,
        };
      });
      render(runtime.terminal, output, rows, rows, [
        { header: 'CURRENT', value: (r) => (r.current ? '*' : '') },
        { header: 'NAME', value: (r) => r.name },
        { header: 'SERVER', value: (r) => r.server },
        { header: 'USER', value: (r) => r.user },
        { header: 'ORGANIZATION', value: (r) => r.organization ?? '(default)' },
      ]);
    });
  context
    .command('current')
    .description('the name of the current context')
    .action(async () => {
      const config = await readConfig(runtime.env.configPath);
      if (!config.currentContext)
        throw new CliError(
          'no current context',
          ExitCode.NOT_FOUND,
          'run `meshplane login` or `meshplane context use <name>`',
        );
      runtime.terminal.out(`${config.currentContext}\n`);
    });
  context
    .command('use <name>')
    .description('make a context the current one')
    .action(async (name: string) => {
      const config = await readConfig(runtime.env.configPath);
      if (!config.contexts.some((c) => c.name === name)) throw noContext(name);
      await writeConfig(runtime.env.configPath, { ...config, currentContext: name });
      runtime.terminal.err(`Switched to context ${name}\n`);
    });
  context
    .command('create <name>')
    .description('a new context: the current context’s sign-in, in another organization')
    .requiredOption('--org <id>', 'the organization it acts in')
    .option('--from <context>', 'copy the sign-in of this context instead of the current one')
    .action(async (name: string, options: { org: string; from?: string }) => {
      const config = await readConfig(runtime.env.configPath);
      const source = resolveContext(config, options.from);
      if (!source)
        throw options.from
          ? noContext(options.from)
          : new CliError('not signed in', ExitCode.AUTH, 'run `meshplane login` first');
      await writeConfig(
        runtime.env.configPath,
        upsertContext(config, { name, user: source.user.name, organization: options.org }),
      );
      runtime.terminal.err(`Context ${name} created (use it with \`meshplane context use ${name}\`)\n`);
    });
  context
    .command('delete <name>')
    .description('forget a context (and its sign-in, when no other context uses it)')
    .action(async (name: string) => {
      const config = await readConfig(runtime.env.configPath);
      if (!config.contexts.some((c) => c.name === name)) throw noContext(name);
      await writeConfig(runtime.env.configPath, removeContext(config, name));
      runtime.terminal.err(`Context ${name} deleted\n`);
    });
  return context;
}

function noContext(name: string): CliError {
  return new CliError(`no context named ${name}`, ExitCode.NOT_FOUND, 'see `meshplane context list`');
}

/** Accepts `host:port`, a base URL or the GraphQL endpoint itself; returns the endpoint. */
export function normaliseServer(input: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`--server: ${input} is not a URL`, ExitCode.USAGE, `e.g. ${DEFAULT_SERVER}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--server: ${input} is not an http(s) URL`, ExitCode.USAGE, `e.g. ${DEFAULT_SERVER}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  url.hash = '';
  return url.toString();
}
