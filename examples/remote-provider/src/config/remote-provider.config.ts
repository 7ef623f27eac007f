import { envPort, envSecret, envUrl, loadConfig, type Env } from '@meshplane/config';
import { z } from 'zod';
import type { SeedUser } from '../users/user.store.js';

const seedUsers = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z.object({
        username: z.string().min(1),
        password: z.string().min(8),
        subject: z.string().optional(),
        name: z.string().optional(),
        email: z.string().optional(),
        orgId: z.string().optional(),
        roles: z.array(z.string()),
      }),
    ),
  );

export const remoteProviderEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(4700),
  /** Public base URL when behind a proxy; it is the `iss` of every token. */
  ISSUER: envUrl(['http', 'https']).optional(),
  /** JSON list of users; the demo users are used when unset. */
  REMOTE_PROVIDER_USERS: seedUsers.optional(),
  REDIRECT_URIS: z
    .string()
    .default('http://127.0.0.1:4000/auth/callback')
    .transform((v) => v.split(',').map((u) => u.trim())),
  INTROSPECTION_CLIENT_SECRET: envSecret(24),
});

export type RemoteProviderEnv = z.infer<typeof remoteProviderEnvSchema> & {
  REMOTE_PROVIDER_USERS?: SeedUser[];
};

export function loadRemoteProviderConfig(env?: Env): RemoteProviderEnv {
  return loadConfig(remoteProviderEnvSchema, env);
}
