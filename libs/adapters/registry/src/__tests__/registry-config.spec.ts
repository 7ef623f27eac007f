import { describe, expect, it } from 'vitest';
import { ConfigError } from '@meshplane/config';
import { loadFeatureConfig } from '@meshplane/service-kit';
import { parseConfiguredAdapters, type RegistryConfig } from '../config/registry.config.js';
import { adapterRegistryFeature } from '../registry.feature.js';

describe('ADAPTERS (operator-configured adapters)', () => {
  it('reads comma-separated name=host:port entries, IPv6 in brackets, blank entries ignored', () => {
    expect(
      parseConfiguredAdapters(' istio=127.0.0.1:50051, ,linkerd=[::1]:50052,noop=adapter.local:9000'),
    ).toEqual([
      { name: 'istio', address: { host: '127.0.0.1', port: 50051 } },
      { name: 'linkerd', address: { host: '::1', port: 50052 } },
      { name: 'noop', address: { host: 'adapter.local', port: 9000 } },
    ]);
    expect(parseConfiguredAdapters('')).toEqual([]);
  });

  it.each([
    ['istio', 'entry 1 must be name=host:port'],
    ['Istio=127.0.0.1:1', 'entry 1: name must be lowercase'],
    ['a=127.0.0.1:1,a=127.0.0.1:2', 'entry 2: name "a" is repeated'],
    ['a=127.0.0.1', 'entry 1 (a): address must be host:port'],
    ['a=127.0.0.1:70000', 'entry 1 (a): address port must be between 1 and 65535'],
    ['a=[10.0.0.1]:80', 'entry 1 (a): address brackets hold an IPv6 address only'],
    ['a=bad_host:80', 'entry 1 (a): address host is not a valid name'],
  ])('refuses %s naming the entry', (value, message) => {
    const parsed = parseConfiguredAdapters(value);
    expect('error' in parsed && parsed.error).toContain(message);
  });

  it('fails the service start naming the variable', () => {
    const load = () => loadFeatureConfig(adapterRegistryFeature, { ADAPTERS: 'istio' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/ADAPTERS/);
    expect(() => loadFeatureConfig(adapterRegistryFeature, { ADAPTER_ALLOW_CIDRS: '10.0.0.0/33' })).toThrow(
      /ADAPTER_ALLOW_CIDRS/,
    );
    expect(() =>
      loadFeatureConfig(adapterRegistryFeature, {
        ADAPTER_BACKOFF_INITIAL_MS: '5000',
        ADAPTER_BACKOFF_MAX_MS: '1000',
      }),
    ).toThrow(/ADAPTER_BACKOFF_MAX_MS/);
  });

  it('builds the feature config with safe defaults (no ranges, no plaintext off loopback)', () => {
    const config = loadFeatureConfig<RegistryConfig>(adapterRegistryFeature, {
      ADAPTERS: 'noop=127.0.0.1:50051',
    });
    expect(config).toEqual({
      configured: [{ name: 'noop', address: { host: '127.0.0.1', port: 50051 } }],
      network: { allowCidrs: [], allowPlaintext: false },
      backoff: { intervalMs: 30_000, initialMs: 1_000, maxMs: 300_000 },
      callTimeoutMs: 5_000,
    });
  });
});
