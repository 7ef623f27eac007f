import { describe, expect, it } from 'vitest';
import { ConfigError } from '@meshplane/config';
import { loadFeatureConfig } from '@meshplane/service-kit';
import type { DiscoveryConfig } from '../config/discovery.config.js';
import { discoveryFeature } from '../discovery.feature.js';

const loadDiscoveryConfig = (env: Record<string, string>) =>
  loadFeatureConfig<DiscoveryConfig>(discoveryFeature, env);

describe("discovery's config", () => {
  it('defaults to redacting secrets, 10-minute resyncs and 15 s leases renewed every 5 s', () => {
    const config = loadDiscoveryConfig({});
    expect(config).toMatchObject({
      redactSecrets: true,
      resyncIntervalMs: 600_000,
      leaseTtlMs: 15_000,
      leaseRenewMs: 5_000,
      pageSize: 500,
      batchFlushMs: 50,
      batchMaxChanges: 500,
      include: [],
      exclude: [],
    });
  });

  it('parses include and exclude pattern lists', () => {
    const config = loadDiscoveryConfig({
      DISCOVERY_INCLUDE: 'core/Event',
      DISCOVERY_EXCLUDE: 'Secret, apps/*',
    });
    expect(config.include.map((p) => p.source)).toEqual(['core/Event']);
    expect(config.exclude.map((p) => p.source)).toEqual(['Secret', 'apps/*']);
  });

  it('names the variable of a bad pattern and of a renew period too close to the TTL', () => {
    expect(() => loadDiscoveryConfig({ DISCOVERY_EXCLUDE: 'apps/' })).toThrow(/DISCOVERY_EXCLUDE/);
    expect(() => loadDiscoveryConfig({ DISCOVERY_LEASE_RENEW_MS: '10000' })).toThrow(ConfigError);
    expect(() => loadDiscoveryConfig({ DISCOVERY_LEASE_RENEW_MS: '10000' })).toThrow(
      /DISCOVERY_LEASE_RENEW_MS/,
    );
  });
});
