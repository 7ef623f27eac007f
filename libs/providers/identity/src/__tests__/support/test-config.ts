import { loadIdentityConfig, type IdentityConfig } from '../../config/identity.config.js';

/** A sealing key for tests only (32 bytes, base64). */
export const TEST_KEY_SECRET = Buffer.alloc(32, 7).toString('base64');

export function testIdentityConfig(overrides: Record<string, string> = {}): IdentityConfig {
  return loadIdentityConfig({
    PROVIDERS_KEY_SECRET: TEST_KEY_SECRET,
    INTERNAL_CONTEXT_SECRET: 'unit-test-internal-context-secret-0123456789',
    ...overrides,
  });
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
