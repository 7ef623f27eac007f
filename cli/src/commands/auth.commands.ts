import { createServer } from 'node:http';
import { Command } from 'commander';
import {
  BeginLoginDocument,
  CompleteLoginDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MeshplaneClient,
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
import { globalOptions, sessionFor, type CliRuntime } from '../runtime.js';

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
      'identity provider: local, or a remote provider configured on the server',
      'local',
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
            : await remoteLogin(runtime, anonymous, options.provider);
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
  const { login } = await client.request(LoginDocument, { provider: 'local', email, password });
  return login;
}

/**
 * A remote provider signs the user in in the browser (authorization code with PKCE; the server keeps the verifier).
 * The browser is sent to the redirect address registered on the server: when that is a loopback address this
 * machine can listen on, the CLI catches the redirect itself; otherwise (or on a machine without a browser) the
 * user pastes the address the browser landed on, or pipes it in on standard input.
 */
async function remoteLogin(
  runtime: CliRuntime,
  client: MeshplaneClient,
  provider: string,
): Promise<TokenPair> {
  const { beginLogin } = await client.request(BeginLoginDocument, { provider });
  runtime.terminal.err(
    `Open this address in a browser to sign in with ${provider}:\n\n  ${beginLogin.authorizationUrl}\n\n`,
  );
  const redirect = new URL(beginLogin.authorizationUrl).searchParams.get('redirect_uri');
  const pasted = runtime.terminal.interactive
    ? Promise.race([
        catchRedirect(redirect),
        runtime.terminal.promptSecret('…then paste the address the browser ended on (or its code): ', {
          echo: true,
        }),
      ])
    : runtime.terminal.readStdin();
  const spinner = startSpinner(runtime.terminal, 'waiting for the sign-in');
  let answer: string;
  try {
    answer = (await pasted).trim();
  } finally {
    spinner.stop();
  }
  const { code, state } = codeFrom(answer, beginLogin.state);
  if (state !== beginLogin.state) {
    throw new CliError(
      'the pasted address belongs to another sign-in (its state differs)',
      ExitCode.AUTH,
      'start again with `meshplane login`',
    );
  }
  return (await client.request(CompleteLoginDocument, { provider, code, state })).completeLogin;
}

export function codeFrom(answer: string, expectedState: string): { code: string; state: string } {
  try {
    const url = new URL(answer);
    const error = url.searchParams.get('error');
    if (error) throw new CliError(`the provider refused the sign-in: ${error}`, ExitCode.AUTH);
    const code = url.searchParams.get('code');
    if (!code)
      throw new CliError(
        'the pasted address carries no code',
        ExitCode.USAGE,
        'paste the whole address the browser ended on',
      );
    return { code, state: url.searchParams.get('state') ?? '' };
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (!answer) throw new CliError('no code was given', ExitCode.USAGE);
    return { code: answer, state: expectedState };
  }
}

/** Waits for the browser on the loopback redirect address, if it is one this process can listen on; never otherwise. */
function catchRedirect(redirect: string | null): Promise<string> {
  const never = new Promise<string>(() => undefined);
  if (!redirect) return never;
  const target = new URL(redirect);
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
    return never;
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirect);
      if (url.pathname !== target.pathname || !url.searchParams.has('state')) {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Signed in: you can close this tab and return to the terminal.\n');
      server.close();
      resolve(url.toString());
    });
    server.on('error', () => undefined); // the port is taken: the user pastes instead
    server.listen(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ''));
    server.unref();
  });
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
