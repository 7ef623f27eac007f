import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  needsResealing,
  openCredentials,
  parseUntrustedKubeconfig,
  rotateSealed,
  sealCredentials,
  type SanitizedContext,
} from '../index.js';
import { b64, CLIENT_CERT_PEM, CLIENT_KEY_PEM } from './fixtures/test-pki.js';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

const [context] = parseUntrustedKubeconfig(
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "https://k8s.example.com"}}]',
    'users:',
    '- name: u',
    '  user:',
    '    token: the-bearer-token',
    '    username: ops',
    '    password: the-password',
    `    client-certificate-data: ${b64(CLIENT_CERT_PEM)}`,
    `    client-key-data: ${b64(CLIENT_KEY_PEM)}`,
    'contexts: [{name: ctx, context: {cluster: c, user: u, namespace: mesh}}]',
  ].join('\n'),
).contexts as [SanitizedContext];

describe('sealCredentials / openCredentials', () => {
  it('seals token, password and client key, keeps the rest readable, and round-trips', () => {
    const sealed = sealCredentials(context, { currentKeyB64: NEW }, 'conn-1');
    const stored = JSON.stringify(sealed);
    for (const secret of ['the-bearer-token', 'the-password', b64(CLIENT_KEY_PEM)]) {
      expect(stored).not.toContain(secret);
    }
    expect(sealed.user).toMatchObject({
      name: 'u',
      username: 'ops',
      clientCertificateData: b64(CLIENT_CERT_PEM),
    });
    expect(Object.keys(sealed.user.sealed).sort()).toEqual(['clientKeyData', 'password', 'token']);
    expect(sealed.cluster).toEqual(context.cluster);
    expect(openCredentials(sealed, { currentKeyB64: NEW }, 'conn-1')).toEqual(context);
  });

  it('does not open under another connection id', () => {
    const sealed = sealCredentials(context, { currentKeyB64: NEW }, 'conn-1');
    expect(() => openCredentials(sealed, { currentKeyB64: NEW }, 'conn-2')).toThrow(/failed authentication/);
  });

  it('does not open a sealed token moved into the password slot', () => {
    const sealed = sealCredentials(context, { currentKeyB64: NEW }, 'conn-1');
    const swapped = {
      ...sealed,
      user: { ...sealed.user, sealed: { ...sealed.user.sealed, password: sealed.user.sealed.token } },
    };
    expect(() => openCredentials(swapped, { currentKeyB64: NEW }, 'conn-1')).toThrow(/failed authentication/);
  });

  it('refuses an empty connection id', () => {
    expect(() => sealCredentials(context, { currentKeyB64: NEW }, '')).toThrow(/connection id/);
  });
});

describe('key rotation', () => {
  it('opens values sealed with a retired key while it is still listed, and not after', () => {
    const sealed = sealCredentials(context, { currentKeyB64: OLD }, 'conn-1');
    expect(openCredentials(sealed, { currentKeyB64: NEW, keysB64: [OLD] }, 'conn-1')).toEqual(context);
    expect(() => openCredentials(sealed, { currentKeyB64: NEW }, 'conn-1')).toThrow(/No key configured/);
  });

  it('re-seals under the new key so the old key can be dropped', () => {
    const sealed = sealCredentials(context, { currentKeyB64: OLD }, 'conn-1');
    expect(needsResealing(sealed, NEW)).toBe(true);
    const rotated = rotateSealed(sealed, NEW, [OLD], 'conn-1');
    expect(needsResealing(rotated, NEW)).toBe(false);
    expect(rotated.user.sealed.token).not.toBe(sealed.user.sealed.token);
    expect(openCredentials(rotated, { currentKeyB64: NEW }, 'conn-1')).toEqual(context);
  });

  it('leaves values already under the new key untouched', () => {
    const sealed = sealCredentials(context, { currentKeyB64: NEW }, 'conn-1');
    expect(rotateSealed(sealed, NEW, [OLD], 'conn-1')).toEqual(sealed);
  });
});
