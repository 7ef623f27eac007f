import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@meshplane/config';
import { loadRunConfig } from './run/run-config.js';
import { startSystem, type RunningSystem } from './run/system-runner.js';

/** `npm start`: runs the whole system on this machine until Ctrl-C, then stops every process it started. */
async function main(): Promise<void> {
  const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let system: RunningSystem | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    log(`[run] ${signal} received: stopping every process`);
    stopping ??= (system?.stop() ?? Promise.resolve()).then(
      () => {
        log('[run] stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log(`[run] error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    const config = loadRunConfig(repoRoot);
    system = await startSystem(config, log);
  } catch (error) {
    log(`[run] could not start: ${error instanceof ConfigError ? error.message : (error as Error).stack}`);
    process.exit(1);
  }
  if (stopping) return;
  log('');
  log(`Meshplane is up. GraphQL (and GraphiQL in a browser): ${system.gatewayUrl}`);
  log('Press Ctrl-C to stop every process this command started.');
}

void main();
