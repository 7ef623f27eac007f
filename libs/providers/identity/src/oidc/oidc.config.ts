import { z } from 'zod';
import { ROLES, type Role } from '@meshplane/auth';
import { envCidrList } from '@meshplane/config';

/** How Meshplane authenticates itself at a provider's token endpoint. */
export type OidcClientAuth = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** `claim` (a dotted path into the ID token) holding `value` (or a list containing it) grants `role` there. */
export interface ClaimMapping {
  claim: string;
  value: string;
  /** An organization's slug or id. */
  organization: string;
  role: Role;
}

export interface OidcProviderEntry {
  name: string;
  displayName?: string;
  /** Exactly as the provider's discovery document states it (`iss` of its ID tokens). */
  issuer: string;
  clientId: string;
  clientAuth: OidcClientAuth;
  scopes: string[];
  claimMappings: ClaimMapping[];
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;
// RFC 6749 scope-token: printable ASCII but space, double quote and backslash.
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/;
const CLAIM_PATH = /^[A-Za-z0-9_:\-/.]{1,200}$/;

const claimMappingSchema = z
  .object({
    claim: z.string().regex(CLAIM_PATH, 'must be a claim name or a dotted path such as realm_access.roles'),
    value: z.string().min(1).max(500),
    organization: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/i, 'must be an organization slug or id'),
    role: z.enum(ROLES),
  })
  .strict();

const providerSchema = z
  .object({
    name: z.string().regex(NAME, 'must be lower-case letters, digits and dashes, starting with a letter'),
    displayName: z.string().min(1).max(100).optional(),
    issuer: z.url({ message: 'must be the provider issuer URL' }),
    clientId: z.string().min(1).max(500),
    clientAuth: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']).optional(),
    scopes: z
      .array(z.string().regex(SCOPE, 'must be an OAuth scope'))
      .max(50)
      .default(['openid', 'profile', 'email']),
    claimMappings: z.array(claimMappingSchema).max(200).default([]),
  })
  .strict();

type ParsedProvider = z.infer<typeof providerSchema>;

function jsonValue<S extends z.ZodType>(schema: S, empty: string) {
  return z
    .string()
    .default(empty)
    .transform((value, ctx): z.infer<S> => {
      let raw: unknown;
      try {
        // Blank is unset: env files and compose interpolation write `OIDC_PROVIDERS=` for "none".
        raw = JSON.parse(value.trim() === '' ? empty : value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(value)'}: ${issue.message}` });
        }
        return z.NEVER;
      }
      return parsed.data;
    });
}

/**
 * The OpenID Connect providers' variables: the providers' public settings in OIDC_PROVIDERS (JSON), their
 * secrets apart (OIDC_CLIENT_SECRETS, OIDC_CLIENT_PRIVATE_KEYS: JSON objects keyed by provider name), so the first
 * can live in a ConfigMap and the others in a Secret.
 */
export const OIDC_CONFIG_SHAPE = {
  OIDC_PROVIDERS: jsonValue(z.array(providerSchema).max(20), '[]'),
  OIDC_CLIENT_SECRETS: jsonValue(z.record(z.string(), z.string().min(1).max(1000)), '{}'),
  /** Private JWKs (RSA, EC or OKP, with `alg` and preferably `kid`) for private_key_jwt client authentication. */
  OIDC_CLIENT_PRIVATE_KEYS: jsonValue(
    z.record(
      z.string(),
      z.object({ kty: z.enum(['RSA', 'EC', 'OKP']), d: z.string().min(1), alg: z.string().min(1) }).loose(),
    ),
    '{}',
  ),
  /**
   * Address ranges a provider may be reached at although they are loopback, private, link-local…: the outbound
   * address policy refuses those otherwise, so configuration cannot point the providers service at internal
   * services (the same rules as KUBE_SERVER_ALLOW_CIDRS).
   */
  OIDC_ALLOW_CIDRS: envCidrList(),
  /** Plain-http issuers (tests and local experiments only: codes and tokens would cross the network in clear). */
  OIDC_ALLOW_INSECURE_HTTP: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};

interface OidcSettings {
  OIDC_PROVIDERS: ParsedProvider[];
  OIDC_CLIENT_SECRETS: Record<string, string>;
  OIDC_CLIENT_PRIVATE_KEYS: Record<string, unknown>;
  OIDC_ALLOW_INSECURE_HTTP: boolean;
}

export interface OidcConfigIssue {
  variable: string;
  message: string;
}

/** Checks across the OIDC variables and against the other providers' names; an empty list means consistent. */
export function oidcConfigIssues(
  config: OidcSettings,
  otherProviderNames: readonly string[],
): OidcConfigIssue[] {
  const issues: OidcConfigIssue[] = [];
  const names = new Set<string>();
  for (const [index, provider] of config.OIDC_PROVIDERS.entries()) {
    const at = (message: string) =>
      issues.push({ variable: 'OIDC_PROVIDERS', message: `[${index}] ${message}` });
    if (names.has(provider.name)) at(`"${provider.name}" is listed twice`);
    if (otherProviderNames.includes(provider.name))
      at(`"${provider.name}" is already a provider name (local or REMOTE_PROVIDERS)`);
    names.add(provider.name);
    const issuer = new URL(provider.issuer);
    if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && config.OIDC_ALLOW_INSECURE_HTTP)) {
      at('issuer must use https (http only with OIDC_ALLOW_INSECURE_HTTP=true, for tests)');
    }
    if (issuer.username || issuer.password || issuer.search || issuer.hash) {
      at('issuer must not carry credentials, a query or a fragment');
    }
    if (!provider.scopes.includes('openid')) at('scopes must include "openid"');
    const auth = clientAuthOf(provider, config);
    if (auth === undefined) {
      at(
        `set clientAuth, or give "${provider.name}" a secret in OIDC_CLIENT_SECRETS or a key in OIDC_CLIENT_PRIVATE_KEYS`,
      );
    } else if (auth.startsWith('client_secret') && config.OIDC_CLIENT_SECRETS[provider.name] === undefined) {
      at(`clientAuth ${auth} needs OIDC_CLIENT_SECRETS["${provider.name}"]`);
    } else if (auth === 'private_key_jwt' && config.OIDC_CLIENT_PRIVATE_KEYS[provider.name] === undefined) {
      at(`clientAuth private_key_jwt needs OIDC_CLIENT_PRIVATE_KEYS["${provider.name}"]`);
    }
  }
  for (const variable of ['OIDC_CLIENT_SECRETS', 'OIDC_CLIENT_PRIVATE_KEYS'] as const) {
    for (const name of Object.keys(config[variable])) {
      if (!names.has(name))
        issues.push({ variable, message: `"${name}" is not a provider in OIDC_PROVIDERS` });
    }
  }
  return issues;
}

/** The configured providers, each with the client authentication it uses. */
export function oidcProvidersOf(config: OidcSettings): OidcProviderEntry[] {
  return config.OIDC_PROVIDERS.map((provider) => ({
    name: provider.name,
    ...(provider.displayName === undefined ? {} : { displayName: provider.displayName }),
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientAuth: clientAuthOf(provider, config) ?? 'none',
    scopes: provider.scopes,
    claimMappings: provider.claimMappings,
  }));
}

/** Explicit, else implied by which secret the provider has. */
function clientAuthOf(provider: ParsedProvider, config: OidcSettings): OidcClientAuth | undefined {
  if (provider.clientAuth !== undefined) return provider.clientAuth;
  if (config.OIDC_CLIENT_PRIVATE_KEYS[provider.name] !== undefined) return 'private_key_jwt';
  if (config.OIDC_CLIENT_SECRETS[provider.name] !== undefined) return 'client_secret_basic';
  return undefined;
}

/**
 * How an issuer is stored on identities: its URL in normal form. Discovery only accepts a document whose issuer has
 * the same normal form as the configured one, so stored and configured issuers compare equal either way.
 */
export function issuerKey(issuer: string): string {
  return new URL(issuer).href;
}
