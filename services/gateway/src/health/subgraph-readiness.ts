import { Agent } from 'undici';

export interface ReadinessReport {
  ready: boolean;
  supergraphLoaded: boolean;
  /** Subgraph name → ok, or the reason it is not ready. */
  subgraphs: Record<string, { ok: boolean; error?: string }>;
}

/** Asks every subgraph the supergraph depends on for its /readyz, each bounded by a timeout. */
export class SubgraphReadiness {
  private readonly agent = new Agent({ connections: 4, keepAliveTimeout: 10_000 });

  constructor(
    private readonly subgraphUrls: ReadonlyMap<string, string>,
    private readonly timeoutMs: number,
  ) {}

  async report(supergraphLoaded: boolean): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.subgraphUrls].map(async ([name, url]) => [name, await this.check(url)] as const),
    );
    const subgraphs = Object.fromEntries(entries);
    return { ready: supergraphLoaded && entries.every(([, r]) => r.ok), supergraphLoaded, subgraphs };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async check(url: string): Promise<{ ok: boolean; error?: string }> {
    try {
      const response = await this.agent.request({
        origin: new URL(url).origin,
        path: '/readyz',
        method: 'GET',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body.dump();
      return response.statusCode === 200
        ? { ok: true }
        : { ok: false, error: `readyz answered ${response.statusCode}` };
    } catch (error) {
      return { ok: false, error: (error as Error).message || (error as Error).name };
    }
  }
}
