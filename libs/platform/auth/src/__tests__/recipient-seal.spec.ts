import { describe, expect, it } from 'vitest';
import { openFromSender, recipientKeyPair, sealToRecipient } from '../recipient-seal.js';

const secret = Buffer.from('apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: s3cr3t}}]\n');

describe('sealToRecipient / openFromSender', () => {
  it('opens for the recipient with the same aad, and hides the plaintext from everyone on the way', () => {
    const keys = recipientKeyPair();
    const sealed = sealToRecipient(secret, keys.publicKey, 'org:conn:op');
    expect(JSON.stringify(sealed)).not.toContain('s3cr3t');
    expect(Buffer.from(sealed.ciphertext, 'base64url').toString()).not.toContain('s3cr3t');
    expect(openFromSender(sealed, keys, 'org:conn:op')).toEqual(secret);
  });

  it('uses a fresh ephemeral key per seal: two seals of one value share nothing', () => {
    const keys = recipientKeyPair();
    const a = sealToRecipient(secret, keys.publicKey, 'x');
    const b = sealToRecipient(secret, keys.publicKey, 'x');
    expect(a.ephemeralKey).not.toBe(b.ephemeralKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses another recipient, another aad and any changed part', () => {
    const keys = recipientKeyPair();
    const sealed = sealToRecipient(secret, keys.publicKey, 'org-a:conn:op');
    expect(() => openFromSender(sealed, recipientKeyPair(), 'org-a:conn:op')).toThrow(/authentication/);
    expect(() => openFromSender(sealed, keys, 'org-b:conn:op')).toThrow(/authentication/);
    const flipped = Buffer.from(sealed.ciphertext, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      openFromSender({ ...sealed, ciphertext: flipped.toString('base64url') }, keys, 'org-a:conn:op'),
    ).toThrow(/authentication/);
    const other = sealToRecipient(secret, keys.publicKey, 'org-a:conn:op');
    expect(() =>
      openFromSender({ ...sealed, ephemeralKey: other.ephemeralKey }, keys, 'org-a:conn:op'),
    ).toThrow(/authentication/);
  });

  it('refuses malformed and low-order public keys instead of sealing to them', () => {
    expect(() => sealToRecipient(secret, Buffer.alloc(31).toString('base64url'), 'x')).toThrow(/32 bytes/);
    // The all-zero point gives an all-zero shared secret, which anyone can compute.
    expect(() => sealToRecipient(secret, Buffer.alloc(32).toString('base64url'), 'x')).toThrow();
  });
});
