import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { processEnv } from '@meshplane/config';

export interface EnsureNatsServerOptions {
  /** Where to say that an installation is happening; stderr by default. */
  log?: (message: string) => void;
}

const FALLBACK_DIRS = ['/usr/sbin', '/usr/bin'];

/** Finds `nats-server`; on Debian as root installs it with apt-get when missing, otherwise explains how to. */
export async function ensureNatsServerBinary(options: EnsureNatsServerOptions = {}): Promise<string> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const found = await findNatsServerBinary();
  if (found) return found;
  if (!(await canInstallWithApt())) {
    throw new Error(
      'nats-server was not found on PATH, /usr/sbin or /usr/bin. Install it (Debian/Ubuntu: ' +
        '`sudo apt-get install -y nats-server`; elsewhere: https://docs.nats.io/running-a-nats-service/introduction/installation) ' +
        'or point NATS_URL at a running server with JetStream enabled.',
    );
  }
  log('nats-server is missing: installing it with `apt-get update && apt-get install -y nats-server`');
  await runApt(['update']);
  await runApt(['install', '-y', 'nats-server']);
  const installed = await findNatsServerBinary();
  if (!installed) throw new Error('apt-get installed nats-server but the binary is still not found');
  return installed;
}

export async function findNatsServerBinary(): Promise<string | undefined> {
  const pathDirs = (processEnv()['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...pathDirs, ...FALLBACK_DIRS]) {
    const candidate = join(dir, 'nats-server');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function canInstallWithApt(): Promise<boolean> {
  return (
    process.getuid?.() === 0 &&
    (await isExecutable('/usr/bin/apt-get')) &&
    (await exists('/etc/debian_version'))
  );
}

function runApt(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...processEnv(), DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`apt-get ${args.join(' ')} failed with exit code ${code}`)),
    );
  });
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
