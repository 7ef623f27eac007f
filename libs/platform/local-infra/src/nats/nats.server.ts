import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { onFreePort } from '../process/free-port-retry.js';
import { OutputTail } from '../process/output-tail.js';
import { waitForJetStream } from './jetstream-readiness.js';
import { renderNatsAuthorization, type NatsUser } from './nats-auth-config.js';
import { ensureNatsServerBinary } from './nats-binary.js';
import { stopStaleNatsServer } from './nats-pid-file.js';

export interface NatsServer {
  /** nats://127.0.0.1:<port> */
  url: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
  /** Stops and starts again on the same port and store, as a server restart in production would. */
  restart(): Promise<void>;
}

export interface NatsServerOptions {
  storeDir: string;
  /** Defaults to a free port. */
  port?: number;
  /** true (default) keeps the JetStream store; false removes the store dir on stop. */
  persistent?: boolean;
  /** Path of nats-server; found (or installed) with ensureNatsServerBinary() when omitted. */
  binary?: string;
  startTimeoutMs?: number;
  /**
   * Users with their permissions: the server then refuses anonymous connections and anything a user's allow lists
   * do not name. Without users the server is open (tests that do not exercise authentication).
   */
  users?: readonly NatsUser[];
}

const PID_FILE = 'nats-server.pid';
const CONFIG_FILE = 'nats-server.conf';
const STOP_TIMEOUT_MS = 10_000;

/** Starts nats-server with JetStream on 127.0.0.1 and resolves once it accepts JetStream clients. */
export async function startNatsServer(options: NatsServerOptions): Promise<NatsServer> {
  const storeDir = resolve(options.storeDir);
  const binary = options.binary ?? (await ensureNatsServerBinary());
  const { server, port } = await onFreePort(options.port, async (port) => {
    const server = new NatsServerProcess(
      binary,
      storeDir,
      port,
      options.startTimeoutMs ?? 15_000,
      options.users && renderNatsAuthorization(options.users),
    );
    await server.start();
    return { server, port };
  });
  const persistent = options.persistent ?? true;
  let stopping: Promise<void> | undefined;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    restart: async () => {
      await server.stop();
      await server.start();
    },
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        if (!persistent) await rm(storeDir, { recursive: true, force: true });
      })()),
  };
}

class NatsServerProcess {
  private child: ChildProcess | undefined;
  private readonly pidFile: string;
  // Stops the child when this process exits without calling stop() (uncaught error, process.exit).
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(
    private readonly binary: string,
    private readonly storeDir: string,
    private readonly port: number,
    private readonly startTimeoutMs: number,
    private readonly authorization: string | undefined,
  ) {
    this.pidFile = join(storeDir, PID_FILE);
  }

  async start(): Promise<void> {
    await mkdir(this.storeDir, { recursive: true });
    await stopStaleNatsServer(this.pidFile, this.storeDir);
    const tail = new OutputTail();
    const args = ['-js', '-sd', this.storeDir, '-a', '127.0.0.1', '-p', String(this.port)];
    if (this.authorization !== undefined) {
      // Holds passwords: readable by this user only, rewritten on every start (a restart keeps the same users).
      const configFile = join(this.storeDir, CONFIG_FILE);
      await rm(configFile, { force: true });
      await writeFile(configFile, this.authorization, { mode: 0o600 });
      args.unshift('-c', configFile);
    }
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    process.once('exit', this.killOnExit);
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk.toString('utf8')));
    if (child.pid !== undefined) await writeFile(this.pidFile, `${child.pid}\n`);
    try {
      await waitForJetStream(this.port, {
        timeoutMs: this.startTimeoutMs,
        failed: () => spawnError ?? (hasExited(child) ? new Error('nats-server exited') : undefined),
      });
    } catch (error) {
      await this.stop();
      throw new Error(
        `nats-server did not start on 127.0.0.1:${this.port} (store ${this.storeDir}): ${(error as Error).message}\n${tail.text()}`,
      );
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    process.removeListener('exit', this.killOnExit);
    if (child && !hasExited(child)) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.pidFile, { force: true });
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
