import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  emptyConfig,
  readConfig,
  removeContext,
  removeUser,
  resolveContext,
  upsertContext,
  upsertUser,
  writeConfig,
  type ConfigUser,
  type MeshplaneConfig,
} from '../config/config-file.js';

const admin: ConfigUser = {
  name: 'admin@meshplane.local@127.0.0.1:4000',
  server: 'http://127.0.0.1:4000/graphql',
  provider: 'local',
  email: 'admin@meshplane.local',
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresAt: '2030-01-01T00:00:00.000Z',
};

function twoContexts(): MeshplaneConfig {
  const config = upsertContext(upsertUser(emptyConfig(), admin), { name: 'local', user: admin.name });
  return {
    ...upsertContext(config, { name: 'other-org', user: admin.name, organization: 'org-2' }),
    currentContext: 'local',
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshplane-cli-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the config file', () => {
  it('is written readable by its owner only, in a folder only its owner can enter', async () => {
    const path = join(dir, 'home', '.meshplane', 'config.yaml');

    await writeConfig(path, twoContexts());

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'home', '.meshplane'))).mode & 0o777).toBe(0o700);
    expect(await readConfig(path)).toEqual(twoContexts());
  });

  it('tightens a file that was readable by others when it writes it again', async () => {
    const path = join(dir, 'config.yaml');
    await writeFile(path, 'apiVersion: meshplane/v1\nkind: Config\n');
    await chmod(path, 0o644);

    await writeConfig(path, twoContexts());

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as an empty config', async () => {
    expect(await readConfig(join(dir, 'absent.yaml'))).toEqual(emptyConfig());
  });

  it('names the file and the entry when the file is malformed', async () => {
    const path = join(dir, 'config.yaml');
    await writeFile(
      path,
      'apiVersion: meshplane/v1\nkind: Config\nusers:\n  - name: x\n    server: not a url\n',
    );

    await expect(readConfig(path)).rejects.toThrow(`${path}: users.0.server`);
    await writeFile(path, 'users: [\n');
    await expect(readConfig(path)).rejects.toThrow(`${path}: not valid YAML`);
  });

  it('leaves no scratch file behind', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, twoContexts());
    await writeConfig(path, emptyConfig());

    expect((await readFile(path, 'utf8')).includes('access-1')).toBe(false);
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });
});

describe('contexts and users', () => {
  it('resolves the current context, or a named one, to its user', () => {
    const config = twoContexts();

    expect(resolveContext(config)?.context.name).toBe('local');
    expect(resolveContext(config, 'other-org')).toMatchObject({
      context: { organization: 'org-2' },
      user: admin,
    });
    expect(resolveContext(config, 'missing')).toBeUndefined();
  });

  it('shares one user between contexts, so a refreshed token serves every organization', () => {
    const refreshed = upsertUser(twoContexts(), {
      ...admin,
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
    });

    expect(resolveContext(refreshed, 'local')?.user.accessToken).toBe('access-2');
    expect(resolveContext(refreshed, 'other-org')?.user.accessToken).toBe('access-2');
    expect(refreshed.users).toHaveLength(1);
  });

  it('forgets a user’s tokens only when its last context goes', () => {
    const oneLeft = removeContext(twoContexts(), 'local');
    const none = removeContext(oneLeft, 'other-org');

    expect(oneLeft.users).toHaveLength(1);
    expect(oneLeft.currentContext).toBe('other-org');
    expect(none.users).toEqual([]);
    expect(none.currentContext).toBeUndefined();
  });

  it('removes every context of a user that logs out', () => {
    const config = removeUser(twoContexts(), admin.name);

    expect(config.contexts).toEqual([]);
    expect(config.users).toEqual([]);
    expect(config.currentContext).toBeUndefined();
  });
});
