import { z } from 'zod';
import { parseRemoteProviders, type RemoteProviderEntry } from '@meshplane/auth';
import { envInt, envUrl } from '@meshplane/config';
import { OIDC_CONFIG_SHAPE, oidcConfigIssues } from '../oidc/oidc.config.js';
import {
  platformOperatorsVariable,
  unknownOperatorProviders,
} from '../operators/platform-operators.config.js';

const sealingKeys = z
  .string({ message: 'is required' })
  .transform((value) => value.split(',').map((part) => part.trim()))
  .refine((keys) => keys.length > 0 && keys.every((key) => Buffer.from(key, 'base64').length === 32), {
    message: 'must be one or more comma-separated base64 keys of 32 bytes (newest first)',
  });

const remoteProviders = z
  .string()
  .default('')
  .transform((value, ctx): RemoteProviderEntry[] => {
    try {
      const entries = parseRemoteProviders(value);
      if (entries.some((entry) => entry.name === 'local'))
        throw new Error('"local" is the built-in provider');
      return entries;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The identity feature's own variables, validated by the service at start (see identity.feature.ts). */
export const IDENTITY_CONFIG_SHAPE = {
  /** Seals the local provider's private signing keys at rest; several (newest first) during a rotation. */
  PROVIDERS_KEY_SECRET: sealingKeys,
  LOCAL_PROVIDER_ISSUER: z.string().min(1).default('meshplane-local'),
  LOCAL_ADMIN_EMAIL: z.email({ message: 'must be an email address' }).default('admin@meshplane.local'),
  /** When unset, a password is generated on first start and printed once. */
  LOCAL_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /**
   * Where a generated admin password is written (mode 0600) instead of the log; without it, the password is
   * written once to stderr as a plain line, never through the logger.
   */
  LOCAL_ADMIN_PASSWORD_FILE: z.string().min(1).optional(),
  SIGNING_KEY_ROTATION_HOURS: envInt(24, 1, 24 * 365),
  ACCESS_TOKEN_TTL_SECONDS: envInt(900, 60, 3600),
  REFRESH_TOKEN_TTL_DAYS: envInt(30, 1, 365),
  REMOTE_PROVIDERS: remoteProviders,
  /** How Meshplane is registered with every remote provider (a public OAuth client). */
  REMOTE_PROVIDER_CLIENT_ID: z.string().min(1).default('meshplane'),
  LOGIN_REDIRECT_URI: envUrl(['http', 'https']).default('http://127.0.0.1:4000/auth/callback'),
  LOGIN_STATE_TTL_SECONDS: envInt(600, 60, 3600),
  REMOTE_CAPABILITIES_TTL_SECONDS: envInt(300, 5, 86_400),
  /**
   * Results one replica syncs to remote providers at once: a provider that answers slowly (up to its 15 s timeout)
   * holds one of these, not every other user's sync behind it.
   */
  RESULT_SYNC_CONCURRENCY: envInt(8, 1, 64),
  /** How long an OpenID Connect provider's discovery document is reused before it is fetched again. */
  OIDC_METADATA_TTL_SECONDS: envInt(300, 5, 86_400),
  /** Failed password sign-ins one account may take within the window before sign-in is refused for it. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: envInt(10, 1, 10_000),
  /** Failed password sign-ins from one client address within the window (any accounts). */
  LOGIN_MAX_FAILURES_PER_ADDRESS: envInt(50, 1, 1_000_000),
  LOGIN_FAILURE_WINDOW_SECONDS: envInt(900, 1, 86_400),
  /** How long an operator-issued password reset works. */
  PASSWORD_RESET_TTL_MINUTES: envInt(60, 5, 7 * 24 * 60),
  /** Where the reset link points (a page that reads the token from the fragment and calls resetPassword). */
  PASSWORD_RESET_LINK_BASE: envUrl(['http', 'https']).default('http://127.0.0.1:4000/reset-password'),
  /** Who may act across organizations; unset: the local bootstrap admin (see platform-operators.config.ts). */
  PLATFORM_OPERATORS: platformOperatorsVariable,
  ...OIDC_CONFIG_SHAPE,
};

export type IdentityConfig = z.output<z.ZodObject<typeof IDENTITY_CONFIG_SHAPE>>;

/** Every remote operator must name a configured provider: a typo would name someone who can never hold the role. */
export function refineIdentityConfig(config: IdentityConfig, ctx: z.RefinementCtx): void {
  const remoteNames = config.REMOTE_PROVIDERS.map((entry) => entry.name);
  for (const issue of oidcConfigIssues(config, [LOCAL_PROVIDER, ...remoteNames])) {
    ctx.addIssue({ code: 'custom', path: [issue.variable], message: issue.message });
  }
  const unknown = unknownOperatorProviders(config.PLATFORM_OPERATORS, [
    ...config.REMOTE_PROVIDERS,
    ...config.OIDC_PROVIDERS,
  ]);
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['PLATFORM_OPERATORS'],
      message: `names providers that are neither "local" nor in REMOTE_PROVIDERS or OIDC_PROVIDERS: ${unknown.join(', ')}`,
    });
  }
}

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

/** Audience of every token Meshplane issues or accepts. */
export const TOKEN_AUDIENCE = 'meshplane';
/** Name of the built-in provider, as it appears on identities and principals. */
export const LOCAL_PROVIDER = 'local';
