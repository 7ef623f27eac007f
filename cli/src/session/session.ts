import { GraphqlRequestError, MeshplaneClient, RefreshTokenDocument } from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { withRefreshLock } from './refresh-lock.js';
import {
  readConfig,
  resolveContext,
  upsertUser,
  writeConfig,
  type ConfigContext,
  type ConfigUser,
} from '../config/config-file.js';

/** Refresh this long before the access token expires, so a request never starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

export interface Session {
  client: MeshplaneClient;
  context: ConfigContext;
  user: ConfigUser;
}

/**
 * The signed-in client of a context: sends its token and organization, refreshes the token shortly before it
 * expires (and once more when the server says it expired), and keeps the refreshed pair in the config file.
 */
export async function openSession(configPath: string, contextName?: string): Promise<Session> {
  const config = await readConfig(configPath);
  const found = resolveContext(config, contextName);
  if (!found) {
    throw new CliError(
      contextName ? `no context named ${contextName} in ${configPath}` : 'not signed in',
      contextName ? ExitCode.NOT_FOUND : ExitCode.AUTH,
      contextName ? 'see `meshplane context list`' : 'run `meshplane login --server <url>` first',
    );
  }
  let user = found.user;
  const { context } = found;
  const anonymous = new MeshplaneClient({ url: user.server });

  const expiresSoon = (candidate: ConfigUser) =>
    candidate.expiresAt !== undefined && Date.parse(candidate.expiresAt) - Date.now() < REFRESH_MARGIN_MS;

  /**
   * Refreshes under a lock shared with every other `meshplane` command using this config file. Inside it, the file
   * is read again: a command that refreshed meanwhile has spent our refresh token and stored the new pair, which
   * is then used (and refreshed only if it too is about to expire).
   */
  const refresh = (force: boolean): Promise<boolean> =>
    withRefreshLock(configPath, async () => {
      const stored = (await readConfig(configPath)).users.find((u) => u.name === user.name);
      if (stored && stored.server === user.server && stored.refreshToken !== user.refreshToken) {
        const adopted = stored.accessToken !== user.accessToken;
        user = stored;
        if (adopted && !expiresSoon(user)) return true;
        force = false;
      }
      if (!force && !expiresSoon(user)) return true;
      if (!user.refreshToken) return false;
      const pair = (await anonymous.request(RefreshTokenDocument, { refreshToken: user.refreshToken }))
        .refreshToken;
      user = {
        ...user,
        accessToken: pair.accessToken,
        refreshToken: pair.refreshToken,
        expiresAt: pair.expiresAt,
      };
      // Read again: another command may have written the file meanwhile (a context added, another user refreshed).
      await writeConfig(configPath, upsertUser(await readConfig(configPath), user));
      return true;
    });

  const client = new MeshplaneClient({
    url: user.server,
    credentials: async () => {
      if (user.refreshToken && expiresSoon(user)) {
        await refresh(false).catch((error: unknown) => {
          throw sessionEnded(error);
        });
      }
      return { token: user.accessToken, ...(context.organization ? { orgId: context.organization } : {}) };
    },
    onUnauthenticated: async (error) => {
      if (error.reason !== 'TOKEN_EXPIRED') return false;
      return refresh(true).catch(() => false);
    },
  });
  return {
    client,
    context,
    get user() {
      return user;
    },
  };
}

function sessionEnded(error: unknown): Error {
  if (error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED') {
    return new CliError('the session has ended', ExitCode.AUTH, 'sign in again with `meshplane login`');
  }
  return error instanceof Error ? error : new Error(String(error));
}
