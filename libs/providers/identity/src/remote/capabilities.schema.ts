import { z } from 'zod';

/** `/` then path characters only (RFC 3986 pchar and `/`), never `//` at the start. */
const ENDPOINT_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/** The parts of a provider's capabilities document (provider contract, `Capabilities`) Meshplane uses. */
export const capabilitiesSchema = z.object({
  providerName: z.string().min(1),
  providerType: z.string().min(1),
  version: z.string().min(1),
  contractVersion: z.string().min(1),
  features: z.array(
    z.object({
      feature: z.string().min(1),
      // A path on the provider's own origin: `//host/…` (another origin once resolved), backslashes, whitespace,
      // queries and fragments are refused, so that no advertised endpoint sends a token elsewhere.
      endpoint: z
        .string()
        .max(200)
        .regex(ENDPOINT_PATH, 'must be a path on the provider, starting with one /'),
    }),
  ),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** Paths the contract fixes, used until a provider's capabilities say otherwise (or when it cannot be reached). */
export const DEFAULT_ENDPOINTS = {
  login: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/userinfo',
  revocation: '/oauth/revoke',
} as const;
export type EndpointFeature = keyof typeof DEFAULT_ENDPOINTS;
