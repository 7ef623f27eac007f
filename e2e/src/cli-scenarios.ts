import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MeshplaneClient, SignUpWithInvitationDocument } from '@meshplane/client';
import { waitFor } from '@meshplane/testing';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { namedKubeconfig } from './harness/kubeconfig.js';
import { meshplaneCli } from './harness/meshplane-cli.js';

export interface CliTarget {
  gatewayUrl: string;
  email: string;
  password: string;
  /** A remote provider of the system, and how a browser signs one of its users (`email`) in at its address. */
  remote: {
    provider: string;
    email: string;
    signIn: (authorizationUrl: string) => Promise<URL>;
  };
}

interface ClusterJson {
  id: string;
  name: string;
  status: string;
  kubeSystemUid: string;
}

/**
 * The `meshplane` binary, as a user runs it, against the system started by the calling spec file: signs in with
 * --password-stdin, imports a sandbox cluster, lists it in a fixed-width table and as JSON, fails as documented,
 * invites, changes a password and disables a user. (OpenID Connect sign-in through the CLI is in oidc-scenarios.ts,
 * whose system runs with an OpenID Provider.)
 */
export function describeCli(target: () => CliTarget): void {
  describe('the meshplane CLI against the running system', () => {
    let dir: string;
    let sandbox: KubeTestServer;
    let cli: ReturnType<typeof meshplaneCli>;
    let configPath: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshplane-cli-e2e-'));
      configPath = join(dir, 'home', '.meshplane', 'config.yaml');
      cli = meshplaneCli(configPath);
      sandbox = await startKubeTestServer();
    });

    afterAll(async () => {
      await sandbox?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('signs in with --password-stdin into a config file only its owner can read', async () => {
      const { gatewayUrl, email, password } = target();

      const login = await cli.run(['login', '--server', gatewayUrl, '--email', email, '--password-stdin'], {
        stdin: `${password}\n`,
      });
      const whoami = await cli.run(['whoami', '-o', 'json']);

      expect(login.code, login.stderr).toBe(0);
      expect(login.stderr).toContain(`Signed in to ${gatewayUrl} as ${email}`);
      expect((await stat(configPath)).mode & 0o777).toBe(0o600);
      expect(whoami.code, whoami.stderr).toBe(0);
      expect(JSON.parse(whoami.stdout)).toMatchObject({ email, roles: ['owner'], server: gatewayUrl });
    });

    it('imports a sandbox kubeconfig, waits for discovery, and lists the cluster in a table that fits COLUMNS and as JSON', async () => {
      const kubeconfig = join(dir, 'sandbox.kubeconfig');
      await writeFile(kubeconfig, namedKubeconfig(sandbox, 'cli-sandbox'));

      const imported = await cli.run(['cluster', 'import', kubeconfig, '--context', 'cli-sandbox', '--wait']);
      const table = await cli.run(['cluster', 'list'], { env: { COLUMNS: '50' } });
      const json = await cli.run(['cluster', 'list', '-o', 'json']);

      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/^CONTEXT\s+CLUSTER\s+CLUSTER ID\s+STATUS/);
      expect(imported.stdout).toContain('cli-sandbox');
      expect(table.code, table.stderr).toBe(0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+ID\s+STATUS\s+VERSION\s+NODES\s+AGE$/);
      expect(lines.every((line) => line.length <= 50)).toBe(true);
      expect(lines.some((line) => line.includes('…'))).toBe(true);
      expect(table.stdout).not.toContain('\u001b[');
      const clusters = JSON.parse(json.stdout) as ClusterJson[];
      expect(clusters).toContainEqual(
        expect.objectContaining({ kubeSystemUid: sandbox.clusterUid, status: 'CONNECTED' }),
      );
    });

    it('finds resources by kind, namespace and label selector, and shows a cluster by name', async () => {
      sandbox.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cli-settings', namespace: 'default', labels: { app: 'cli', tier: 'web' } },
        data: { greeting: 'hello' },
      });
      const clusters = JSON.parse((await cli.run(['cluster', 'list', '-o', 'json'])).stdout) as ClusterJson[];
      const mine = clusters.find((c) => c.kubeSystemUid === sandbox.clusterUid);
      if (!mine) throw new Error('the imported cluster is not listed');

      let found: { name: string; namespace: string; clusterId: string }[] = [];
      await waitFor(
        async () => {
          const res = await cli.run([
            'resources',
            'get',
            'ConfigMap',
            '-n',
            'default',
            '-l',
            'app=cli',
            '-o',
            'json',
          ]);
          found = res.code === 0 ? (JSON.parse(res.stdout) as typeof found) : [];
          return found.length > 0;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          description: 'the ConfigMap in the inventory, by label selector',
        },
      );
      const shown = await cli.run(['cluster', 'get', 'cli-sandbox', '-o', 'yaml']);

      expect(mine.name).toBe('cli-sandbox');
      expect(found).toEqual([
        expect.objectContaining({ name: 'cli-settings', namespace: 'default', clusterId: mine.id }),
      ]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(parse(shown.stdout)).toMatchObject({ id: mine.id, sync: { phase: 'SYNCED' } });
    });

    it('streams resource changes with events --watch until interrupted', async () => {
      const watcher = cli.start(['events', '--watch', '--kind', 'Deployment', '-o', 'json']);
      let stdout = '';
      let stderr = '';
      watcher.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      watcher.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => watcher.on('close', resolve));
      try {
        await waitFor(() => stderr.includes('watching'), {
          timeoutMs: 30_000,
          intervalMs: 100,
          description: 'the watch started',
        });
        // The gateway forwards the subscription upstream asynchronously: create until one change has come through.
        let created = 0;
        await waitFor(
          () => {
            sandbox.create({
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: `cli-watch-${created++}`, namespace: 'default' },
              spec: {
                selector: { matchLabels: { app: 'w' } },
                template: {
                  metadata: { labels: { app: 'w' } },
                  spec: { containers: [{ name: 'c', image: 'nginx' }] },
                },
              },
            });
            return stdout.includes('"name":"cli-watch-');
          },
          {
            timeoutMs: 30_000,
            intervalMs: 1_000,
            description: 'a Deployment change printed by events --watch',
          },
        );
      } finally {
        watcher.kill('SIGINT');
      }

      expect(await exited).toBe(0);
      const first = JSON.parse(stdout.split('\n')[0] ?? '') as Record<string, unknown>;
      expect(first).toMatchObject({ kind: 'Deployment', namespace: 'default', changeType: 'UPSERT' });
    });

    it('refreshes an expired access token by itself and keeps the new pair in the config file', async () => {
      const before = parse(await readFile(configPath, 'utf8')) as {
        users: { accessToken: string; expiresAt: string }[];
      };
      const user = before.users[0];
      if (!user) throw new Error('no user in the config file');
      user.expiresAt = new Date(Date.now() - 60_000).toISOString();
      await writeFile(configPath, stringify(before), { mode: 0o600 });

      const whoami = await cli.run(['whoami']);
      const after = parse(await readFile(configPath, 'utf8')) as typeof before;

      expect(whoami.code, whoami.stderr).toBe(0);
      expect(after.users[0]?.accessToken).not.toBe(user.accessToken);
      expect(Date.parse(after.users[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    });

    it('fails with the documented exit codes and says what to do', async () => {
      const { gatewayUrl, email } = target();
      const missing = await cli.run(['cluster', 'get', '00000000-0000-4000-8000-000000000000']);
      const wrongPassword = await meshplaneCli(join(dir, 'other.yaml')).run(
        ['login', '--server', gatewayUrl, '--email', email, '--password-stdin'],
        { stdin: 'not the password' },
      );
      const unsafe = join(dir, 'exec.kubeconfig');
      await writeFile(
        unsafe,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
          users: [
            {
              name: 'u',
              user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'steal' } },
            },
          ],
          contexts: [{ name: 'with-exec', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'with-exec',
        }),
      );
      const refused = await cli.run(['cluster', 'import', unsafe]);
      const badOption = await cli.run(['cluster', 'list', '-o', 'xml']);

      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('error: no cluster 00000000-0000-4000-8000-000000000000');
      expect(missing.stderr).toContain('see `meshplane cluster list`');
      expect(wrongPassword.code).toBe(2);
      expect(wrongPassword.stderr).toContain('check the e-mail and password');
      expect(refused.code).toBe(5);
      expect(refused.stdout).toMatch(/with-exec.*REFUSED.*exec/);
      expect(refused.stderr).toContain('1 of 1 contexts were not imported: with-exec');
      expect(badOption.code).toBe(1);
    });

    it('signs in through a remote provider: prints the address to open, reads back where the browser landed', async () => {
      const { gatewayUrl, remote } = target();
      const remoteCli = meshplaneCli(join(dir, 'remote.yaml'));
      const login = await remoteCli.browserLogin([
        'login',
        '--server',
        gatewayUrl,
        '--provider',
        remote.provider,
      ]);

      const code = await login.finish(await remote.signIn(login.authorizationUrl));
      const whoami = await remoteCli.run(['whoami', '-o', 'json']);

      expect(code, login.stderr()).toBe(0);
      expect(JSON.parse(whoami.stdout)).toMatchObject({ email: remote.email });
    });

    it('invites a user who signs up with the token and changes their password; once disabled, they cannot sign in', async () => {
      const { gatewayUrl } = target();
      const email = `cli-invitee-${randomUUID().slice(0, 8)}@example.test`;
      const firstPassword = `Invitee-${randomUUID()}`;
      const secondPassword = `Changed-${randomUUID()}`;
      const invitee = meshplaneCli(join(dir, 'invitee.yaml'));
      const login = (password: string) =>
        invitee.run(['login', '--server', gatewayUrl, '--email', email, '--password-stdin'], {
          stdin: `${password}\n`,
        });

      const invited = await cli.run(['user', 'invite', email, '--role', 'viewer', '-o', 'json']);
      const { token } = JSON.parse(invited.stdout) as { token: string };
      await new MeshplaneClient({ url: gatewayUrl }).request(SignUpWithInvitationDocument, {
        token,
        password: firstPassword,
      });
      const signedIn = await login(firstPassword);
      const sessions = await invitee.run(['sessions', 'list', '-o', 'json']);
      const weak = await invitee.run(['password', 'change', '--password-stdin'], {
        stdin: `${firstPassword}\npassword1234\n`,
      });
      const changed = await invitee.run(['password', 'change', '--password-stdin'], {
        stdin: `${firstPassword}\n${secondPassword}\n`,
      });
      const oldPassword = await login(firstPassword);
      const newPassword = await login(secondPassword);
      const disabled = await cli.run(['user', 'disable', email]);
      const afterDisable = await login(secondPassword);
      const members = await cli.run(['user', 'list', '-o', 'json']);

      expect(invited.code, invited.stderr).toBe(0);
      expect(invited.stderr).toContain(`Give the token to ${email}`);
      expect(signedIn.code, signedIn.stderr).toBe(0);
      expect(JSON.parse(sessions.stdout)).toContainEqual(
        expect.objectContaining({ client: 'meshplane CLI', provider: 'local', current: true }),
      );
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain('newPassword');
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stderr).toContain('Password changed');
      expect(oldPassword.code).toBe(2);
      expect(newPassword.code, newPassword.stderr).toBe(0);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(disabled.stderr).toContain(`${email} is disabled`);
      expect(afterDisable.code).toBe(2);
      expect(afterDisable.stderr).toContain('check the e-mail and password');
      expect(JSON.parse(members.stdout)).toContainEqual(expect.objectContaining({ email, role: 'VIEWER' }));
    });

    it('signs out, after which commands say to sign in again', async () => {
      const logout = await cli.run(['logout']);
      const after = await cli.run(['cluster', 'list']);

      expect(logout.code, logout.stderr).toBe(0);
      expect(after.code).toBe(2);
      expect(after.stderr).toContain('run `meshplane login --server <url>` first');
    });
  });
}

/** The sandbox's kubeconfig with its cluster and context both named `name` (a cluster takes its kubeconfig name). */
