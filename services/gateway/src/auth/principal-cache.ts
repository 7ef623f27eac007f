import type { InternalContext } from '@meshplane/auth';

interface Entry {
  context: Omit<InternalContext, 'requestId'>;
  until: number;
}

/**
 * Who a token's holder is, for as long as providers said the answer may be reused (seconds, never past
 * the token's expiry): the hot path then costs one signature check and one map lookup. Bounded; the
 * oldest entries go first. A cache, not state: a replica that loses it only asks providers again.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, now: number): Omit<InternalContext, 'requestId'> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.context;
  }

  set(key: string, context: Omit<InternalContext, 'requestId'>, until: number): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { context, until });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
