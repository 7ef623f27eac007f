import { describe, expect, it } from 'vitest';
import { buildKubeConfig, parseUntrustedKubeconfig } from '../index.js';
import { b64, CA_CERT_PEM, CLIENT_CERT_PEM, CLIENT_KEY_PEM } from './fixtures/test-pki.js';

const text = (user: string[]) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: https://k8s.example.com:6443',
    `    certificate-authority-data: ${b64(CA_CERT_PEM)}`,
    '    tls-server-name: api.internal',
    'users:',
    '- name: u',
    '  user:',
    ...user.map((line) => `    ${line}`),
    'contexts: [{name: ctx, context: {cluster: c, user: u, namespace: mesh}}]',
  ].join('\n');

describe('buildKubeConfig', () => {
  it('builds a single-context KubeConfig from the sanitized fields only', () => {
    const [ctx] = parseUntrustedKubeconfig(
      text([
        'token: t0ken',
        `client-certificate-data: ${b64(CLIENT_CERT_PEM)}`,
        `client-key-data: ${b64(CLIENT_KEY_PEM)}`,
        'exec-unused-extra: dropped',
      ]),
    ).contexts;
    if (!ctx) throw new Error('no context');
    const kc = buildKubeConfig(ctx, {});
    expect(kc.getCurrentContext()).toBe('ctx');
    expect(kc.getContexts()).toEqual([{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'mesh' }]);
    expect(kc.getCurrentCluster()).toEqual({
      name: 'c',
      server: 'https://k8s.example.com:6443',
      skipTLSVerify: false,
      caData: b64(CA_CERT_PEM),
      tlsServerName: 'api.internal',
    });
    expect(kc.getCurrentUser()).toEqual({
      name: 'u',
      token: 't0ken',
      certData: b64(CLIENT_CERT_PEM),
      keyData: b64(CLIENT_KEY_PEM),
    });
  });

  it('applies bearer and basic credentials as headers, with no exec or file lookups', async () => {
    const [bearer] = parseUntrustedKubeconfig(text(['token: t0ken'])).contexts;
    const [basic] = parseUntrustedKubeconfig(text(['username: ops', 'password: pw'])).contexts;
    if (!bearer || !basic) throw new Error('no context');
    const bearerOptions: { headers?: Record<string, string> } = {};
    await buildKubeConfig(bearer, {}).applyToHTTPSOptions(bearerOptions);
    expect(bearerOptions.headers?.['Authorization']).toBe('Bearer t0ken');
    const basicOptions: { auth?: string } = {};
    await buildKubeConfig(basic, {}).applyToHTTPSOptions(basicOptions);
    expect(basicOptions.auth).toBe('ops:pw');
  });
});
