import { type z } from 'zod';
import { ConfigError } from './config-error.js';

export type Env = Record<string, string | undefined>;

/** The one place in the code base that reads process.env. */
export function processEnv(): Env {
  return process.env;
}

/**
 * Validates the environment against a schema whose keys are the variable names.
 * Empty strings count as unset so that `FOO=` falls back to the default instead of failing oddly.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  env: Env = processEnv(),
): z.infer<S> {
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(config)'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
