import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Env } from '@meshplane/config';
import { z } from 'zod';

/** The environment variables `meshplane` reads (through the config library, like every Meshplane process). */
const cliEnvSchema = z.object({
  /** The config file; default `~/.meshplane/config.yaml`. */
  MESHPLANE_CONFIG: z.string().optional(),
  /** Any non-empty value turns colour off (https://no-color.org). */
  NO_COLOR: z.string().optional(),
  /** Terminal width for tables; default the terminal's own, unlimited when output is not a terminal. */
  COLUMNS: z.coerce.number().int().min(20).optional(),
  /** A graphical session (X11 or Wayland): only then does `login` try to open a browser on Linux. */
  DISPLAY: z.string().optional(),
  WAYLAND_DISPLAY: z.string().optional(),
});

export interface CliEnv {
  configPath: string;
  noColor: boolean;
  columns?: number;
  /** Whether a graphical session is present (DISPLAY or WAYLAND_DISPLAY set). */
  display: boolean;
}

export function loadCliEnv(env?: Env): CliEnv {
  const parsed = loadConfig(cliEnvSchema, env);
  return {
    configPath: parsed.MESHPLANE_CONFIG ?? join(homedir(), '.meshplane', 'config.yaml'),
    noColor: parsed.NO_COLOR !== undefined,
    display: Boolean(parsed.DISPLAY || parsed.WAYLAND_DISPLAY),
    ...(parsed.COLUMNS === undefined ? {} : { columns: parsed.COLUMNS }),
  };
}
