import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deploymentNatsUsers,
  localNatsCredentialsFile,
  localNatsUsers,
  natsPasswordVariable,
  readServiceNatsPermissions,
  removeLocalNatsCredentials,
  writeLocalNatsCredentials,
} from '../nats-users.js';
import { BACKEND_SERVICES } from '../service-catalog.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('NATS users of the run command and the deployments', () => {
  it('gives every backend service its committed permissions and a fresh password of its own', () => {
    const first = localNatsUsers(repoRoot);
    const second = localNatsUsers(repoRoot);
    expect(first.users.map((u) => u.user)).toEqual(BACKEND_SERVICES.map((s) => s.name));
    const passwords = first.users.map((u) => u.password as string);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(passwords.every((p) => p.length >= 16)).toBe(true);
    expect(second.credentials.get('perf')?.password).not.toBe(first.credentials.get('perf')?.password);
    expect(first.users.find((u) => u.user === 'providers')).toMatchObject(
      readServiceNatsPermissions(repoRoot, 'providers'),
    );
  });

  it('names the deployments’ password variables after the service', () => {
    expect(natsPasswordVariable('meshsync-ingest')).toBe('NATS_PASSWORD_MESHSYNC_INGEST');
    expect(deploymentNatsUsers(repoRoot).find((u) => u.user === 'perf')?.password).toEqual({
      env: 'NATS_PASSWORD_PERF',
    });
  });

  it('refuses a permissions file of another service', () => {
    expect(() => readServiceNatsPermissions(repoRoot, 'gateway')).toThrow();
  });

  it('keeps this run’s credentials readable by the owner only, and removes them on stop', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplane-nats-users-'));
    dirs.push(dataDir);
    writeLocalNatsCredentials(dataDir, new Map([['perf', { user: 'perf', password: 'p'.repeat(20) }]]));
    const file = localNatsCredentialsFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      perf: { user: 'perf', password: 'p'.repeat(20) },
    });
    removeLocalNatsCredentials(dataDir);
    expect(existsSync(file)).toBe(false);
  });
});
