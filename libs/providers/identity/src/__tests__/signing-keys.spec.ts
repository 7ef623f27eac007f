import { describe, expect, it } from 'vitest';
import type { ExportedSigningKey } from '@meshplane/auth';
import { SigningKeyUnsealError } from '../keys/key-rotation.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import type { SigningKeyStore } from '../keys/signing-key.store.js';
import { ManualClock, type Clock } from '@meshplane/runtime';
import { testIdentityConfig } from './support/test-config.js';

class MemoryKeyStore implements SigningKeyStore {
  keys: ExportedSigningKey[] = [];
  updates = 0;

  list(): Promise<ExportedSigningKey[]> {
    return Promise.resolve(this.keys.map((key) => ({ ...key })));
  }

  update(next: (current: ExportedSigningKey[]) => ExportedSigningKey[] | undefined) {
    const replacement = next(this.keys.map((key) => ({ ...key })));
    if (replacement !== undefined) {
      this.updates += 1;
      this.keys = replacement;
    }
    return Promise.resolve(this.keys);
  }
}

const HOUR = 3_600_000;
const config = testIdentityConfig({ SIGNING_KEY_ROTATION_HOURS: '24', ACCESS_TOKEN_TTL_SECONDS: '900' });

function replica(store: SigningKeyStore, clock: Clock) {
  return new SigningKeysService(store, config, clock);
}

describe('local provider signing keys', () => {
  it('creates one key on first use, stores its private half sealed only, and replicas sign with that same key', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    const first = await replica(store, clock).signingRing();
    const second = await replica(store, clock).signingRing();

    expect(store.keys).toHaveLength(1);
    expect(second.current().kid).toBe(first.current().kid);
    const [stored] = store.keys;
    expect(stored?.sealedPrivateKey.startsWith('v1.')).toBe(true);
    expect(JSON.stringify(store.keys)).not.toContain('"d"');
  });

  it('rotates once the period elapsed, persists the new key and keeps the retired one published', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    const keys = replica(store, clock);
    const before = (await keys.signingRing()).current().kid;

    clock.advance(24 * HOUR);
    const after = (await keys.signingRing()).current().kid;

    expect(after).not.toBe(before);
    expect(store.keys.map((key) => key.kid).sort()).toEqual([before, after].sort());
    expect(store.keys.find((key) => key.kid === before)?.retiredAt).toBe(clock.nowMs());
    expect((await keys.jwks()).keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before, after]));
  });

  it('rotates the shared key once when two replicas find it due together', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    await replica(store, clock).signingRing();
    const [a, b] = [replica(store, clock), replica(store, clock)];
    await Promise.all([a.signingRing(), b.signingRing()]);
    clock.advance(25 * HOUR);

    const [ringA, ringB] = await Promise.all([a.signingRing(), b.signingRing()]);

    expect(store.updates).toBe(2);
    expect(ringA.current().kid).toBe(ringB.current().kid);
  });

  it('stops publishing a retired key once every token it signed has expired', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    const keys = replica(store, clock);
    const retired = (await keys.signingRing()).current().kid;
    clock.advance(24 * HOUR);
    await keys.signingRing();

    clock.advance(900_000 + 60_000);

    expect((await keys.jwks()).keys.map((key) => key.kid)).not.toContain(retired);
  });

  it('refuses stored keys sealed under a key it does not hold', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    await replica(store, clock).signingRing();
    const stranger = new SigningKeysService(
      store,
      testIdentityConfig({ PROVIDERS_KEY_SECRET: Buffer.alloc(32, 9).toString('base64') }),
      clock,
    );

    await expect(stranger.signingRing()).rejects.toThrow(SigningKeyUnsealError);
  });

  it('fails at startup, naming the stored key and what to restore, when PROVIDERS_KEY_SECRET changed', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    await replica(store, clock).signingRing();
    const [stored] = store.keys;
    const restarted = new SigningKeysService(
      store,
      testIdentityConfig({ PROVIDERS_KEY_SECRET: Buffer.alloc(32, 9).toString('base64') }),
      clock,
    );

    const failure = restarted.onApplicationBootstrap();

    await expect(failure).rejects.toBeInstanceOf(SigningKeyUnsealError);
    await expect(failure).rejects.toThrow(
      `Signing key ${stored?.kid} in providers.signing_keys cannot be unsealed with PROVIDERS_KEY_SECRET`,
    );
    await expect(failure).rejects.toThrow(/Restore the secret that sealed it/);
  });

  it('fails at startup the same way when a secret with the same key id no longer authenticates the key', async () => {
    const store = new MemoryKeyStore();
    const clock = new ManualClock();
    await replica(store, clock).signingRing();
    const [stored] = store.keys;
    if (stored === undefined) throw new Error('no key stored');
    const parts = stored.sealedPrivateKey.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    store.keys = [{ ...stored, sealedPrivateKey: parts.join('.') }];

    await expect(replica(store, clock).onApplicationBootstrap()).rejects.toThrow(
      new RegExp(`Signing key ${stored.kid} .* cannot be unsealed`),
    );
  });
});
