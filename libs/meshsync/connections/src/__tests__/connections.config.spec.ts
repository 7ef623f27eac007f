import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@meshplane/config';
import { loadFeatureConfig } from '@meshplane/service-kit';
import { connectionsFeature, parseCredentialKeyring, type ConnectionsConfig } from '../index.js';

const loadConnectionsConfig = (env: Record<string, string>) =>
  loadFeatureConfig<ConnectionsConfig>(connectionsFeature, env);

const key = () => randomBytes(32).toString('base64');

describe('parseCredentialKeyring', () => {
  it('seals with the first key and keeps the others for opening, labels or not', () => {
    const [k2, k1, k0] = [key(), key(), key()];
    expect(parseCredentialKeyring(`k2:${k2}, k1:${k1},${k0}`)).toEqual({
      currentKeyB64: k2,
      keysB64: [k1, k0],
    });
  });

  it('refuses a key that is not 32 bytes, naming its position and not its value', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseCredentialKeyring(`k2:${key()},k1:${short}`)).toThrow(/key #2 must be 32 random bytes/);
    try {
      parseCredentialKeyring(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('refuses a repeated key and a label with odd characters', () => {
    const k = key();
    expect(() => parseCredentialKeyring(`a:${k},b:${k}`)).toThrow(/same key twice/);
    expect(() => parseCredentialKeyring(`bad label:${key()}`)).toThrow(/key #1 has a label/);
  });
});

describe("the connections feature's config", () => {
  it('defaults to no allowed extra networks, no plain http, a 30 s ping, 4 probes per organization and no keyring', () => {
    expect(loadConnectionsConfig({})).toEqual({
      network: { allowCidrs: [], allowInsecureHttp: false },
      pingIntervalMs: 30_000,
      probeTimeoutMs: 10_000,
      probeConcurrency: 4,
    });
  });

  it('reads the operator allow-list and the keyring', () => {
    const k = key();
    const config = loadConnectionsConfig({
      KUBE_SERVER_ALLOW_CIDRS: '127.0.0.0/8, 10.1.0.0/16',
      KUBE_SERVER_ALLOW_INSECURE_HTTP: 'true',
      CREDENTIALS_KEYS: `k1:${k}`,
      CONNECTION_PING_INTERVAL_MS: '500',
      CONNECTION_PROBE_CONCURRENCY: '2',
    });
    expect(config).toMatchObject({
      probeConcurrency: 2,
      network: { allowCidrs: ['127.0.0.0/8', '10.1.0.0/16'], allowInsecureHttp: true },
      keyring: { currentKeyB64: k, keysB64: [] },
      pingIntervalMs: 500,
    });
  });

  it('fails naming the variable for a bad CIDR or a bad key', () => {
    expect(() => loadConnectionsConfig({ KUBE_SERVER_ALLOW_CIDRS: '127.0.0.1/33' })).toThrow(ConfigError);
    expect(() => loadConnectionsConfig({ KUBE_SERVER_ALLOW_CIDRS: 'nope' })).toThrow(
      /KUBE_SERVER_ALLOW_CIDRS/,
    );
    expect(() => loadConnectionsConfig({ CREDENTIALS_KEYS: 'k1:short' })).toThrow(/CREDENTIALS_KEYS/);
    expect(() => loadConnectionsConfig({ CONNECTION_PROBE_CONCURRENCY: '0' })).toThrow(
      /CONNECTION_PROBE_CONCURRENCY/,
    );
  });
});
