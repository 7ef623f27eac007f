import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAdapterServer,
  noopAdapter,
  TEST_CA_CERT_PEM,
  TEST_CLIENT_CERT_PEM,
  TEST_CLIENT_KEY_PEM,
  TEST_SERVER_CERT_PEM,
  TEST_SERVER_KEY_PEM,
  type AdapterServer,
} from '@meshplane/adapters-sdk';
import { ConfigError } from '@meshplane/config';
import { loadFeatureConfig } from '@meshplane/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryConfig } from '../config/registry.config.js';
import { probeAdapter } from '../probe/adapter-probe.js';
import { adapterRegistryFeature } from '../registry.feature.js';

const dir = mkdtempSync(join(tmpdir(), 'meshplane-registry-identity-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};
const cert = file('client.crt', TEST_CLIENT_CERT_PEM);
const key = file('client.key', TEST_CLIENT_KEY_PEM);
const otherKey = file('server.key', TEST_SERVER_KEY_PEM);
const notPem = file('notes.txt', 'hello');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string>) =>
  loadFeatureConfig(adapterRegistryFeature, env) as RegistryConfig;
const refusal = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('the broker client certificate (ADAPTER_CLIENT_CERT_FILE / ADAPTER_CLIENT_KEY_FILE)', () => {
  it('is read at start, both files together', () => {
    const config = load({ ADAPTER_CLIENT_CERT_FILE: cert, ADAPTER_CLIENT_KEY_FILE: key });
    expect(config.clientIdentity?.certChain.toString()).toBe(TEST_CLIENT_CERT_PEM);
    expect(config.clientIdentity?.privateKey.toString()).toBe(TEST_CLIENT_KEY_PEM);
    expect(load({}).clientIdentity).toBeUndefined();
  });

  it.each([
    [{ ADAPTER_CLIENT_CERT_FILE: cert }, /ADAPTER_CLIENT_KEY_FILE.*both or neither/],
    [{ ADAPTER_CLIENT_KEY_FILE: key }, /ADAPTER_CLIENT_CERT_FILE.*both or neither/],
    [
      { ADAPTER_CLIENT_CERT_FILE: join(dir, 'absent.crt'), ADAPTER_CLIENT_KEY_FILE: key },
      /ADAPTER_CLIENT_CERT_FILE.*cannot read .*ENOENT/,
    ],
    [
      { ADAPTER_CLIENT_CERT_FILE: cert, ADAPTER_CLIENT_KEY_FILE: notPem },
      /ADAPTER_CLIENT_KEY_FILE.*not a PEM file/,
    ],
    [
      { ADAPTER_CLIENT_CERT_FILE: cert, ADAPTER_CLIENT_KEY_FILE: otherKey },
      /ADAPTER_CLIENT_KEY_FILE.*not the private key/,
    ],
    [
      { ADAPTER_CLIENT_CERT_FILE: key, ADAPTER_CLIENT_KEY_FILE: key },
      /ADAPTER_CLIENT_CERT_FILE does not hold an X.509 certificate/,
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});

describe('an adapter that requires client certificates (mTLS)', () => {
  let server: AdapterServer;
  let port: number;

  beforeAll(async () => {
    server = createAdapterServer(noopAdapter(), {
      tls: { certChain: TEST_SERVER_CERT_PEM, privateKey: TEST_SERVER_KEY_PEM, clientCa: TEST_CA_CERT_PEM },
    });
    port = await server.listen('127.0.0.1:0');
  });
  afterAll(() => server.close(500));

  const target = () => ({ dial: `127.0.0.1:${port}`, authority: `127.0.0.1:${port}`, loopback: true });
  const tls = { caPem: TEST_CA_CERT_PEM };

  it('serves the broker presenting its client certificate', async () => {
    const { clientIdentity } = load({ ADAPTER_CLIENT_CERT_FILE: cert, ADAPTER_CLIENT_KEY_FILE: key });
    const result = await probeAdapter(target(), tls, 5_000, clientIdentity);
    expect(result.outcome).toEqual({ kind: 'serving' });
    expect(result.catalogue?.info.name).toBeTruthy();
  });

  it('turns the broker away without one', async () => {
    const result = await probeAdapter(target(), tls, 2_000);
    expect(result.outcome.kind).toBe('unreachable');
  });
});
