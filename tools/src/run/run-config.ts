import { resolve } from 'node:path';
import { z } from 'zod';
import { envBoolean, envInt, envPort, loadConfig, processEnv } from '@meshplane/config';

export const runConfigSchema = z.object({
  MESHPLANE_DATA_DIR: z.string().default('.data'),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: envPort(4000),
  SERVICE_PORT_BASE: envInt(4100, 1024, 65000),
  POSTGRES_PORT: envPort(5433),
  NATS_PORT: envPort(4223),
  DATABASE_URL: z.string().optional(),
  NATS_URL: z.string().optional(),
  /** Signs the caller context gateway → subgraphs; a random one per run when unset. */
  INTERNAL_CONTEXT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Restart a crashed service (with backoff) instead of stopping everything. */
  RESTART_ON_CRASH: envBoolean(true),
  /** Services' log level under `npm start`; warn keeps the terminal readable (LOG_LEVEL=info for every request). */
  LOG_LEVEL: z.string().default('warn'),
});

export type RunConfig = z.infer<typeof runConfigSchema> & { dataDir: string; repoRoot: string };

export function loadRunConfig(repoRoot: string): RunConfig {
  const config = loadConfig(runConfigSchema);
  return { ...config, dataDir: resolve(repoRoot, config.MESHPLANE_DATA_DIR), repoRoot };
}

/** The environment every child inherits: the parent's minus the run command's own knobs. */
export function childBaseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(processEnv())) if (value !== undefined) env[key] = value;
  return env;
}
