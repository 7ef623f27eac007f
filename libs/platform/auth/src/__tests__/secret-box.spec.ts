import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, sealedKeyId, secretKeyId } from '../index.js';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

describe('sealSecret / openSecret', () => {
  it('round-trips and produces a different ciphertext each time', () => {
    const a = sealSecret('hunter2', NEW);
    const b = sealSecret('hunter2', NEW);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(openSecret(a, NEW)).toBe('hunter2');
  });

  it('names the key it was sealed with so values sealed with an old key still open during rotation', () => {
    const sealed = sealSecret('value', OLD);
    expect(sealedKeyId(sealed)).toBe(secretKeyId(OLD));
    expect(openSecret(sealed, [NEW, OLD])).toBe('value');
    expect(() => openSecret(sealed, [NEW])).toThrow(/No key configured/);
  });

  it('fails authentication when the ciphertext is altered', () => {
    const parts = sealSecret('value', NEW).split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecret(parts.join('.'), NEW)).toThrow(/failed authentication/);
  });

  it('fails authentication when opened with another purpose (aad)', () => {
    const sealed = sealSecret('value', NEW, 'signing-key:a');
    expect(openSecret(sealed, NEW, 'signing-key:a')).toBe('value');
    expect(() => openSecret(sealed, NEW, 'signing-key:b')).toThrow(/failed authentication/);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => sealSecret('x', Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
