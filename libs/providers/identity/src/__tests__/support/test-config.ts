import { loadFeatureConfig } from '@meshplane/service-kit';
import type { IdentityConfig } from '../../config/identity.config.js';
import { identityFeature } from '../../identity.feature.js';

/** A sealing key for tests only (32 bytes, base64). */
export const TEST_KEY_SECRET = Buffer.alloc(32, 7).toString('base64');

/** The identity feature's config as the service would validate it, from `overrides` over a test sealing key. */
export function testIdentityConfig(overrides: Record<string, string> = {}): IdentityConfig {
  return loadFeatureConfig<IdentityConfig>(identityFeature, {
    PROVIDERS_KEY_SECRET: TEST_KEY_SECRET,
    ...overrides,
  });
}
