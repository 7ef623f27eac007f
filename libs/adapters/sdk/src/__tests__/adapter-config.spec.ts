import { ConfigError } from '@meshplane/config';
import { describe, expect, it } from 'vitest';
import { loadAdapterConfig } from '../mesh/adapter-config.js';

const SHA = 'ab'.repeat(32);
const load = (env: Record<string, string>) =>
  loadAdapterConfig('DEMO', { port: 50099, name: 'demo-adapter', samples: ['shop'] }, env);

function issues(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.variable}: ${i.message}`);
  }
  throw new Error('the configuration was accepted');
}

describe('loadAdapterConfig', () => {
  it('defaults to loopback, no TLS, no sources but the PATH for the CLI', () => {
    const config = load({ PATH: '/usr/bin:/bin' });
    expect(config).toMatchObject({
      address: '127.0.0.1:50099',
      server: {},
      clusterPolicy: { allowCidrs: [], allowInsecureHttp: false },
      cliPath: '/usr/bin:/bin',
      bundleDir: undefined,
      bundleUrls: {},
      samples: { shop: undefined },
    });
    expect(config.stateDir).toMatch(/\.data\/demo-adapter$/);
  });

  it('reads bundle URLs with their checksums, the sample sources and the cluster policy', () => {
    const config = load({
      DEMO_ADAPTER_PORT: '6000',
      PATH: '/usr/bin',
      DEMO_CLI_PATH: 'none',
      DEMO_BUNDLE_URLS: JSON.stringify({ '1.0.0': `https://example.test/1.0.0.yaml#sha256=${SHA}` }),
      DEMO_SAMPLE_SHOP_URL: `https://example.test/shop.yaml#sha256=${SHA}`,
      DEMO_ADAPTER_CLUSTER_ALLOW_CIDRS: '10.0.0.0/8, 127.0.0.1/32',
      DEMO_ADAPTER_CLUSTER_ALLOW_HTTP: 'true',
    });
    expect(config.address).toBe('127.0.0.1:6000');
    expect(config.cliPath).toBeUndefined();
    expect(config.bundleUrls).toEqual({ '1.0.0': { url: 'https://example.test/1.0.0.yaml', sha256: SHA } });
    expect(config.samples['shop']).toEqual({ url: { url: 'https://example.test/shop.yaml', sha256: SHA } });
    expect(config.clusterPolicy).toEqual({
      allowCidrs: ['10.0.0.0/8', '127.0.0.1/32'],
      allowInsecureHttp: true,
    });
  });

  it('refuses a URL without checksum, plain http off loopback and a bad port, naming the variable', () => {
    expect(
      issues({
        DEMO_ADAPTER_PORT: '70000',
        DEMO_BUNDLE_URLS: JSON.stringify({ '1.0.0': 'https://example.test/1.0.0.yaml' }),
        DEMO_SAMPLE_SHOP_URL: `http://example.test/shop.yaml#sha256=${SHA}`,
      }),
    ).toEqual([
      'DEMO_ADAPTER_PORT: must be between 0 and 65535',
      'DEMO_BUNDLE_URLS: must be a JSON object {"<version>": "https://…/bundle.yaml#sha256=<64 hex>"}: must end in #sha256=<64 hex digits>',
      'DEMO_SAMPLE_SHOP_URL: http://example.test: bundle URLs must be https (plain http only on a loopback address)',
    ]);
  });

  it('wants the TLS certificate and key together', () => {
    expect(issues({ DEMO_ADAPTER_TLS_CERT_FILE: '/etc/demo/cert.pem' })).toEqual([
      'DEMO_ADAPTER_TLS_KEY_FILE: is required with DEMO_ADAPTER_TLS_CERT_FILE',
    ]);
  });
});
