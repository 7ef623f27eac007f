import { ManualClock } from '@meshplane/runtime';
import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { createKeyRing, importKeyRing, openSecret, sealSecret } from '../index.js';

const KEY = randomBytes(32).toString('base64');

describe('key ring', () => {
  it('uses the RFC 7638 thumbprint of the public key as kid', async () => {
    const ring = createKeyRing({ rotationMs: 60_000, retainMs: 120_000 });
    const { kid, publicJwk } = ring.current();
    expect(kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: publicJwk.x }, 'sha256'));
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid });
    expect(publicJwk).not.toHaveProperty('d');
  });

  it('rotates by itself once the current key is older than rotationMs and notifies onRotate', () => {
    const clock = new ManualClock(0);
    let rotations = 0;
    const ring = createKeyRing({
      rotationMs: 1_000,
      retainMs: 5_000,
      clock,
      onRotate: () => rotations++,
    });
    const first = ring.current().kid;
    clock.set(999);
    expect(ring.current().kid).toBe(first);
    clock.set(1_000);
    expect(ring.current().kid).not.toBe(first);
    expect(rotations).toBe(1);
  });

  it('publishes retired keys until retainMs has passed since they were retired', () => {
    const clock = new ManualClock(0);
    const ring = createKeyRing({ rotationMs: 10_000, retainMs: 5_000, clock });
    const old = ring.current().kid;
    clock.set(1_000);
    const fresh = ring.rotate().kid;
    clock.set(5_999);
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([fresh, old]);
    clock.set(6_000);
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([fresh]);
  });

  it('round-trips through export and import with private keys sealed', () => {
    const clock = new ManualClock(0);
    const ring = createKeyRing({ rotationMs: 10_000, retainMs: 5_000, clock });
    const old = ring.current().kid;
    clock.set(100);
    ring.rotate();
    const exported = ring.export((plaintext) => sealSecret(plaintext, KEY));
    const serialised = JSON.stringify(exported);
    expect(serialised).not.toContain('"d"');
    const restored = importKeyRing(JSON.parse(serialised) as typeof exported, (s) => openSecret(s, KEY), {
      rotationMs: 10_000,
      retainMs: 5_000,
      clock,
    });
    expect(restored.jwks()).toEqual(ring.jwks());
    expect(restored.current().kid).toBe(ring.current().kid);
    expect(restored.jwks().keys.map((k) => k.kid)).toContain(old);
  });

  it('refuses to import a key whose private part does not match its kid', () => {
    const a = createKeyRing({ rotationMs: 10_000, retainMs: 5_000 }).export((p) => p);
    const b = createKeyRing({ rotationMs: 10_000, retainMs: 5_000 }).export((p) => p);
    const [keyA] = a.keys;
    const [keyB] = b.keys;
    if (!keyA || !keyB) throw new Error('rings must have a key');
    const swapped = { ...a, keys: [{ ...keyA, sealedPrivateKey: keyB.sealedPrivateKey }] };
    expect(() => importKeyRing(swapped, (p) => p, { rotationMs: 10_000, retainMs: 5_000 })).toThrow(
      /does not match/,
    );
  });

  it('rejects non-positive durations', () => {
    expect(() => createKeyRing({ rotationMs: 0, retainMs: 1 })).toThrow(/rotationMs/);
  });
});
