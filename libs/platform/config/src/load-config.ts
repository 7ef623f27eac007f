import { type z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { isPlaceholder, PLACEHOLDER_MESSAGE } from './placeholder.js';

export type Env = Record<string, string | undefined>;

/** The one place in the code base that reads process.env. */
export function processEnv(): Env {
  return process.env;
}

/**
 * Validates the environment against a schema whose keys are the variable names.
 * Empty strings count as unset so that `FOO=` falls back to the default instead of failing oddly. A value still
 * holding an example placeholder (`CHANGE_ME…`) is refused whatever the variable's type: the examples in deploy/
 * and docker/ are public, so a deployment must never run on one.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  env: Env = processEnv(),
): z.infer<S> {
  const input: Env = {};
  const placeholders: ConfigIssue[] = [];
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value.trim() === '' ? undefined : value;
    if (value !== undefined && isPlaceholder(value))
      placeholders.push({ variable: key, message: PLACEHOLDER_MESSAGE });
  }
  const parsed = schema.safeParse(input);
  const refused = new Set(placeholders.map((p) => p.variable));
  const issues = [
    ...placeholders,
    ...(parsed.success ? [] : parsed.error.issues)
      .map((issue) => ({ variable: String(issue.path[0] ?? '(config)'), message: issue.message }))
      .filter((issue) => !refused.has(issue.variable)),
  ];
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);
  return parsed.data;
}
