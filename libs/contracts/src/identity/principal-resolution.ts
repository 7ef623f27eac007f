import { z } from 'zod';

/**
 * The gateway → providers internal HTTP contract. The gateway verifies a bearer token's signature itself
 * (JWKS of the issuing provider), then asks providers who the holder is inside Meshplane: the user, the
 * organization the request runs in and the roles held there. Both endpoints are internal (not routed by
 * the gateway's public endpoint) and answer only callers with a valid signed internal context.
 */
export const INTERNAL_PATHS = {
  resolvePrincipal: '/internal/v1/principals/resolve',
  verifyApiToken: '/internal/v1/api-tokens/verify',
  /** The local provider's public keys (also served publicly by the gateway at the same path). */
  jwks: '/.well-known/jwks.json',
} as const;

/**
 * The audience of the service context the gateway signs to call these endpoints (kind `service`): the
 * providers service refuses any other context here, a user's included.
 */
export const INTERNAL_ENDPOINTS_AUDIENCE = 'providers';

/** Header a client sends to choose the organization a request runs in (else the token's, else the default). */
export const ORG_HEADER = 'x-meshplane-org';

const uuid = z.uuid();
const role = z.enum(['owner', 'admin', 'member', 'viewer']);

export const resolvePrincipalRequestSchema = z.object({
  /** Name of the configured provider whose key verified the token (`local` for the built-in one). */
  provider: z.string().min(1).max(100),
  subject: z.string().min(1).max(500),
  tokenId: z.string().min(1).max(200),
  expiresAt: z.iso.datetime({ offset: true }),
  /** The organization asked for, by ORG_HEADER or the token's `org_id` claim. */
  orgId: uuid.optional(),
});
export type ResolvePrincipalRequest = z.infer<typeof resolvePrincipalRequestSchema>;

export const verifyApiTokenRequestSchema = z.object({
  token: z.string().min(1).max(500),
});
export type VerifyApiTokenRequest = z.infer<typeof verifyApiTokenRequestSchema>;

/** 200 answer of both endpoints. `orgId` is absent when the user belongs to no organization yet. */
export const resolvedPrincipalSchema = z.object({
  userId: uuid,
  orgId: uuid.optional(),
  /** Roles in `orgId` (an API token's are capped by its scopes); empty without an organization. */
  roles: z.array(role),
  /**
   * Present and true only for a user listed in PLATFORM_OPERATORS, signed in with a provider token (never for an
   * API token): the gateway forwards it in the signed caller context.
   */
  platformOperator: z.literal(true).optional(),
  /** Until when the gateway may reuse this answer (never past the token's own expiry). */
  cacheUntil: z.iso.datetime({ offset: true }),
});
export type ResolvedPrincipal = z.infer<typeof resolvedPrincipalSchema>;

/** Codes of 401/403 answers: 401 for the token, 403 for an organization the user is not a member of or that is suspended. */
export const principalRejectionCodes = [
  'TOKEN_REVOKED',
  'TOKEN_UNKNOWN',
  'TOKEN_EXPIRED',
  'USER_DISABLED',
  'NOT_A_MEMBER',
  'ORGANIZATION_SUSPENDED',
] as const;
export const principalRejectionSchema = z.object({
  code: z.enum(principalRejectionCodes),
  message: z.string(),
});
export type PrincipalRejection = z.infer<typeof principalRejectionSchema>;
