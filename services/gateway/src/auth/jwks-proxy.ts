import { INTERNAL_PATHS } from '@meshplane/contracts';

/**
 * The local provider's public keys on the gateway's own origin, so that clients and resource servers
 * verifying Meshplane tokens need to reach only the public endpoint. Cached briefly; a stale copy is
 * served while providers cannot answer (public keys, nothing secret), and an error only when there is none.
 */
export class JwksProxy {
  private cached: { body: string; at: number } | undefined;

  constructor(
    private readonly providersUrl: string,
    private readonly maxAgeMs: number,
    private readonly timeoutMs: number,
  ) {}

  async body(now = Date.now()): Promise<string | undefined> {
    if (this.cached && now - this.cached.at < this.maxAgeMs) return this.cached.body;
    try {
      const response = await fetch(new URL(INTERNAL_PATHS.jwks, this.providersUrl), {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await response.text();
      const parsed = JSON.parse(body) as { keys?: unknown };
      if (!response.ok || !Array.isArray(parsed.keys)) throw new Error(`JWKS answered ${response.status}`);
      this.cached = { body, at: now };
    } catch {
      // Keep serving what we had: keys rotate slowly and old ones stay published for a while anyway.
    }
    return this.cached?.body;
  }
}
