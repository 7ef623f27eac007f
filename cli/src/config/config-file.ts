import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

/**
 * `~/.meshplane/config.yaml`, shaped like a kubeconfig: **users** hold one sign-in to one server (its tokens),
 * **contexts** pair a user with an organization, and **currentContext** says which one commands use. Several
 * contexts can share a user, so a token refreshed for one is refreshed for all (refresh tokens rotate).
 */
const userSchema = z.object({
  name: z.string().min(1),
  server: z.url(),
  provider: z.string().min(1),
  email: z.string().optional(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** ISO time the access token expires; refreshed shortly before. */
  expiresAt: z.string().optional(),
});

const contextSchema = z.object({
  name: z.string().min(1),
  user: z.string().min(1),
  /** The organization to act in; absent: the one the token was issued for. */
  organization: z.string().optional(),
});

const configSchema = z.object({
  apiVersion: z.literal('meshplane/v1'),
  kind: z.literal('Config'),
  currentContext: z.string().optional(),
  users: z.array(userSchema).default([]),
  contexts: z.array(contextSchema).default([]),
});

export type ConfigUser = z.infer<typeof userSchema>;
export type ConfigContext = z.infer<typeof contextSchema>;
export type MeshplaneConfig = z.infer<typeof configSchema>;

export function emptyConfig(): MeshplaneConfig {
  return { apiVersion: 'meshplane/v1', kind: 'Config', users: [], contexts: [] };
}

export class ConfigFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ConfigFileError';
  }
}

/** Reads the config file; a missing file is an empty config, a malformed one an error naming the bad entry. */
export async function readConfig(path: string): Promise<MeshplaneConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw error;
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new ConfigFileError(path, `not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigFileError(path, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Writes the config readable by its owner only (0600, its folder 0700) and atomically: a crash mid-write leaves the
 * previous file, never half of one, since it holds the refresh tokens.
 */
export async function writeConfig(path: string, config: MeshplaneConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const scratch = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(scratch, 'wx', 0o600);
  try {
    await handle.writeFile(stringify(config));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(scratch, path);
  } catch (error) {
    await rm(scratch, { force: true });
    throw error;
  }
  // A file created earlier with a looser mode (or by hand) is tightened too.
  await chmod(path, 0o600);
}

/** The context commands act in: the named one, or the current one. */
export function resolveContext(
  config: MeshplaneConfig,
  name?: string,
): { context: ConfigContext; user: ConfigUser } | undefined {
  const wanted = name ?? config.currentContext;
  const context = config.contexts.find((c) => c.name === wanted);
  const user = context && config.users.find((u) => u.name === context.user);
  return context && user ? { context, user } : undefined;
}

/** Adds or replaces a user (by name). */
export function upsertUser(config: MeshplaneConfig, user: ConfigUser): MeshplaneConfig {
  return { ...config, users: [...config.users.filter((u) => u.name !== user.name), user] };
}

/** Adds or replaces a context (by name). */
export function upsertContext(config: MeshplaneConfig, context: ConfigContext): MeshplaneConfig {
  const index = config.contexts.findIndex((c) => c.name === context.name);
  const contexts = [...config.contexts];
  if (index >= 0) contexts[index] = context;
  else contexts.push(context);
  return { ...config, contexts };
}

/** Removes a user and every context that used it; the current context is cleared when it was one of them. */
export function removeUser(config: MeshplaneConfig, userName: string): MeshplaneConfig {
  const contexts = config.contexts.filter((c) => c.user !== userName);
  const current = contexts.some((c) => c.name === config.currentContext)
    ? config.currentContext
    : contexts[0]?.name;
  return {
    ...config,
    users: config.users.filter((u) => u.name !== userName),
    contexts,
    ...(current === undefined ? { currentContext: undefined } : { currentContext: current }),
  };
}

/** Removes a context; its user goes too when no other context uses it. */
export function removeContext(config: MeshplaneConfig, contextName: string): MeshplaneConfig {
  const removed = config.contexts.find((c) => c.name === contextName);
  if (!removed) return config;
  const contexts = config.contexts.filter((c) => c.name !== contextName);
  const users = contexts.some((c) => c.user === removed.user)
    ? config.users
    : config.users.filter((u) => u.name !== removed.user);
  const currentContext = config.currentContext === contextName ? contexts[0]?.name : config.currentContext;
  return { ...config, users, contexts, currentContext };
}
