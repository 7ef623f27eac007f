import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ExportedSigningKey, JsonWebKeySet, KeyRing } from '@meshplane/auth';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { restoreRing, rotateKeys, rotationDue, type KeyRotationPolicy } from './key-rotation.js';
import { SIGNING_KEY_STORE, type SigningKeyStore } from './signing-key.store.js';

/** How stale a replica's view of the shared keys may get: a key another replica rotated in is published within it. */
export const KEY_RELOAD_MS = 5_000;
/** Beyond the token lifetime: clock skew tolerated by verifiers plus the reload delay. */
const RETAIN_MARGIN_MS = 60_000;

interface Loaded {
  ring: KeyRing;
  loadedAt: number;
}

/** The local provider's signing keys: one ring per replica, kept in step with the shared store. */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private readonly policy: KeyRotationPolicy;
  private loaded?: Loaded;
  private inflight?: Promise<Loaded>;

  constructor(
    @Inject(SIGNING_KEY_STORE) private readonly store: SigningKeyStore,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly clock: Clock,
  ) {
    this.policy = {
      rotationMs: config.SIGNING_KEY_ROTATION_HOURS * 3_600_000,
      retainMs: config.ACCESS_TOKEN_TTL_SECONDS * 1000 + RETAIN_MARGIN_MS,
      sealingKeys: config.PROVIDERS_KEY_SECRET,
      clock,
    };
  }

  /**
   * Loads (and on a first start creates) the ring before the service takes requests: stored keys that the
   * configured PROVIDERS_KEY_SECRET cannot open stop the start with a SigningKeyUnsealError naming the key.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.fresh();
  }

  /** The ring to sign with; rotates the shared key first when it is due. */
  async signingRing(): Promise<KeyRing> {
    return (await this.fresh()).ring;
  }

  async jwks(): Promise<JsonWebKeySet> {
    return (await this.fresh()).ring.jwks();
  }

  private async fresh(): Promise<Loaded> {
    const loaded = this.loaded;
    if (loaded && this.clock.nowMs() - loaded.loadedAt < KEY_RELOAD_MS && !this.activeKeyDue(loaded.ring)) {
      return loaded;
    }
    // Concurrent callers share one reload instead of each querying (and maybe locking) the store.
    this.inflight ??= this.reload().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private activeKeyDue(ring: KeyRing): boolean {
    return this.clock.nowMs() - ring.current().createdAt >= this.policy.rotationMs;
  }

  private async reload(): Promise<Loaded> {
    let keys: ExportedSigningKey[] = await this.store.list();
    if (rotationDue(keys, this.policy)) {
      // Re-checked under the lock: another replica may have rotated since the read above.
      keys = await this.store.update((current) =>
        rotationDue(current, this.policy) ? rotateKeys(current, this.policy) : undefined,
      );
    }
    this.loaded = { ring: restoreRing(keys, this.policy), loadedAt: this.clock.nowMs() };
    return this.loaded;
  }
}
