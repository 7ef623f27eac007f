import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsUser } from '@meshplane/local-infra';
import { BACKEND_SERVICES } from './service-catalog.js';

/** `services/<name>/nats-permissions.json`, generated from the service's definition by `npm run generate`. */
export interface ServiceNatsPermissions {
  user: string;
  publish: string[];
  subscribe: string[];
  allowResponses?: boolean;
}

export function readServiceNatsPermissions(repoRoot: string, service: string): ServiceNatsPermissions {
  const file = join(repoRoot, 'services', service, 'nats-permissions.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceNatsPermissions>;
  const isList = (v: unknown): v is string[] =>
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
  const allowResponses = parsed.allowResponses;
  if (
    parsed.user !== service ||
    !isList(parsed.publish) ||
    !isList(parsed.subscribe) ||
    (allowResponses !== undefined && typeof allowResponses !== 'boolean')
  )
    throw new Error(`${file} is not the NATS permissions of ${service}: run \`npm run generate\``);
  return {
    user: parsed.user,
    publish: parsed.publish,
    subscribe: parsed.subscribe,
    ...(allowResponses === true && { allowResponses }),
  };
}

/** The variable a deployment's nats-server reads a service's password from (`NATS_PASSWORD_MESHSYNC_INGEST`). */
export function natsPasswordVariable(service: string): string {
  return `NATS_PASSWORD_${service.toUpperCase().replace(/-/g, '_')}`;
}

/** Every backend service's user, its password read by nats-server from the environment (docker/, deploy/k8s). */
export function deploymentNatsUsers(repoRoot: string): NatsUser[] {
  return BACKEND_SERVICES.map((spec) => ({
    ...readServiceNatsPermissions(repoRoot, spec.name),
    password: { env: natsPasswordVariable(spec.name) },
  }));
}

/** The same users with fresh random passwords, for a nats-server this process starts (the local run). */
export function localNatsUsers(
  repoRoot: string,
  services: readonly string[] = BACKEND_SERVICES.map((s) => s.name),
): { users: NatsUser[]; credentials: Map<string, { user: string; password: string }> } {
  const credentials = new Map<string, { user: string; password: string }>();
  const users = services.map((service) => {
    const permissions = readServiceNatsPermissions(repoRoot, service);
    const password = randomBytes(24).toString('base64url');
    credentials.set(service, { user: permissions.user, password });
    return { ...permissions, password };
  });
  return { users, credentials };
}

/**
 * `<dataDir>/run/nats-users.json` (mode 0600, under the git-ignored data directory): this run's NATS users, for an
 * operator's `nats` CLI and the e2e tests, which act on the bus as one of the services.
 */
export function writeLocalNatsCredentials(
  dataDir: string,
  credentials: ReadonlyMap<string, { user: string; password: string }>,
): void {
  const dir = join(dataDir, 'run');
  mkdirSync(dir, { recursive: true });
  const file = localNatsCredentialsFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(Object.fromEntries(credentials), null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}

export function localNatsCredentialsFile(dataDir: string): string {
  return join(dataDir, 'run', 'nats-users.json');
}

/** The passwords die with the server that knew them. */
export function removeLocalNatsCredentials(dataDir: string): void {
  rmSync(localNatsCredentialsFile(dataDir), { force: true });
}
