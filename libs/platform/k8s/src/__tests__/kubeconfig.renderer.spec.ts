import { describe, expect, it } from 'vitest';
import { parseUntrustedKubeconfig } from '../kubeconfig/kubeconfig.parser.js';
import { renderKubeconfig } from '../kubeconfig/kubeconfig.renderer.js';
import { b64, CA_CERT_PEM, CLIENT_CERT_PEM, CLIENT_KEY_PEM } from './fixtures/test-pki.js';

const uploaded = `
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: c
  cluster:
    server: https://203.0.113.10:6443
    certificate-authority-data: ${b64(CA_CERT_PEM)}
    tls-server-name: api.example
users:
- name: u
  user:
    token: t0ken
- name: cert
  user:
    client-certificate-data: ${b64(CLIENT_CERT_PEM)}
    client-key-data: ${b64(CLIENT_KEY_PEM)}
contexts:
- name: prod
  context: { cluster: c, user: u, namespace: apps }
- name: dev
  context: { cluster: c, user: cert }
`;

describe('renderKubeconfig', () => {
  it('renders the sanitized context so that the parser gives it back unchanged', () => {
    const parsed = parseUntrustedKubeconfig(uploaded);
    expect(parsed.contexts).toHaveLength(2);
    for (const context of parsed.contexts) {
      const text = renderKubeconfig(context);
      expect(text).toContain(`current-context: ${context.name}`);
      const again = parseUntrustedKubeconfig(text).contexts;
      expect(again.map((c) => ({ ...c, source: undefined }))).toEqual([{ ...context, source: undefined }]);
    }
  });
});
