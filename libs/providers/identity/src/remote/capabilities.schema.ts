import { z } from 'zod';

/** The parts of a provider's capabilities document (provider contract, `Capabilities`) Meshplane uses. */
export const capabilitiesSchema = z.object({
  providerName: z.string().min(1),
  providerType: z.string().min(1),
  version: z.string().min(1),
  contractVersion: z.string().min(1),
  features: z.array(z.object({ feature: z.string().min(1), endpoint: z.string().startsWith('/') })),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** Paths the contract fixes, used until a provider's capabilities say otherwise (or when it cannot be reached). */
export const DEFAULT_ENDPOINTS = {
  login: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/userinfo',
} as const;
export type EndpointFeature = keyof typeof DEFAULT_ENDPOINTS;
