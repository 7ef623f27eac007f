import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClustersDocument } from '@meshplane/client';
import { readConfig, upsertContext, upsertUser, writeConfig } from '../config/config-file.js';
import { CliError } from '../exit-codes.js';
import { withRefreshLock } from '../session/refresh-lock.js';
import { openSession } from '../session/session.js';
import { scratchDir, startFakeServer, type FakeServer } from './fake-server.js';

const NO_CLUSTERS = {
  data: { clusters: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
};

/** A server that rotates refresh tokens and, like the real one, refuses (and would revoke on) a second use. */
async function rotatingServer(): Promise<FakeServer & { spent: () => string[] }> {
  const spent: string[] = [];
  const server = await startFakeServer({
    RefreshToken: async (variables) => {
      const token = String(variables['refreshToken']);
      await sleep(100); // a slow answer widens the window two commands could both refresh in
      if (spent.includes(token)) {
        return { errors: [{ message: 'refresh token reused', extensions: { code: 'UNAUTHENTICATED' } }] };
      }
      spent.push(token);
      const next = spent.length + 1;
      return {
        data: {
          refreshToken: {
            accessToken: `access-${next}`,
            refreshToken: `refresh-${next}`,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        },
      };
    },
    Clusters: () => NO_CLUSTERS,
  });
  return { ...server, spent: () => spent };
}

describe('refreshing the session from several commands at once', () => {
  let dir: Awaited<ReturnType<typeof scratchDir>>;
  let server: Awaited<ReturnType<typeof rotatingServer>>;
  let configPath: string;

  beforeEach(async () => {
    dir = await scratchDir();
    configPath = join(dir.path, 'config.yaml');
    server = await rotatingServer();
    // Signed in with an access token about to expire: every command refreshes before its first request.
    const config = upsertContext(
      upsertUser(await readConfig(configPath), {
        name: 'ada@test',
        server: server.url,
        provider: 'local',
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        expiresAt: new Date(Date.now() + 5_000).toISOString(),
      }),
      { name: 'test', user: 'ada@test' },
    );
    await writeConfig(configPath, { ...config, currentContext: 'test' });
  });

  afterEach(async () => {
    await server.stop();
    await dir.remove();
  });

  it('spends the refresh token once: the other commands use the pair it stored', async () => {
    const sessions = await Promise.all([0, 1, 2].map(() => openSession(configPath)));
    await Promise.all(sessions.map((session) => session.client.request(ClustersDocument, { first: 1 })));

    expect(server.spent()).toEqual(['refresh-1']);
    expect(sessions.map((session) => session.user.accessToken)).toEqual(['access-2', 'access-2', 'access-2']);
    expect((await readConfig(configPath)).users[0]).toMatchObject({
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
    });
    // Every Clusters request carried the new token.
    expect(server.calls.filter((call) => call.operationName === 'Clusters')).toHaveLength(3);
  });

  it('takes over a lock left by a command that was killed', async () => {
    const lock = `${configPath}.refresh.lock`;
    await writeFile(lock, '99999\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);

    const session = await openSession(configPath);
    await session.client.request(ClustersDocument, { first: 1 });
    expect(server.spent()).toEqual(['refresh-1']);
  });

  it('gives up with a clear error while another command holds a fresh lock', async () => {
    await writeFile(`${configPath}.refresh.lock`, '1\n');
    const waited = withRefreshLock(configPath, async () => 'ran', { timeoutMs: 200, pollMs: 20 });
    await expect(waited).rejects.toBeInstanceOf(CliError);
    await expect(waited).rejects.toThrow(/another meshplane command has been refreshing the session/);
  });
});
