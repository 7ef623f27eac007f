import { refusedConfigVariables } from '@meshplane/service-testing';
import { describe, expect, it } from 'vitest';
import { meshsyncIngestService } from '../meshsync-ingest.service-definition.js';

/** Valid common variables; the feature variables under test are added on top. */
const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:1/meshplane',
  NATS_URL: 'nats://127.0.0.1:1',
  INTERNAL_CONTEXT_SECRET: 'a-context-secret-of-at-least-32-characters',
  CREDENTIALS_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};

/**
 * The configuration meshsync-ingest's `main` loads before anything starts (bad-config.int-spec.ts shows, on the
 * built process, that such a refusal exits before connecting anywhere).
 */
function refusedVariables(overrides: Record<string, string>): string[] {
  return refusedConfigVariables(meshsyncIngestService, { ...validEnv, ...overrides });
}

describe("meshsync-ingest's configuration", () => {
  it('accepts the common variables alone', () => {
    expect(refusedVariables({})).toEqual([]);
  });

  it('names every bad variable of every feature at once', () => {
    expect(
      refusedVariables({ INVENTORY_HISTORY_RETENTION_HOURS: 'forever', MESH_DETECTION_INTERVAL_MS: '1' }),
    ).toEqual(['INVENTORY_HISTORY_RETENTION_HOURS', 'MESH_DETECTION_INTERVAL_MS']);
  });

  it("applies a feature's rule across its variables, naming the variable it blames", () => {
    expect(refusedVariables({ DISCOVERY_LEASE_TTL_MS: '2000', DISCOVERY_LEASE_RENEW_MS: '1500' })).toEqual([
      'DISCOVERY_LEASE_RENEW_MS',
    ]);
    expect(refusedVariables({ DISCOVERY_LEASE_TTL_MS: '3000', DISCOVERY_LEASE_RENEW_MS: '1000' })).toEqual(
      [],
    );
  });
});
