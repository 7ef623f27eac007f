import type { ShardLoadOptions } from '@meshplane/contracts';
import type { LoadOptions } from '@meshplane/perf-loadgen';

/** The options of a distributed run: loadgen's, as JSON (a text body; the target policy is each worker's own). */
export type DistributedLoadOptions = Omit<LoadOptions, 'body' | 'targetPolicy'> & { body?: string };

export class ShardSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardSplitError';
  }
}

/**
 * The options of each of n shards: connections and (closed model) in-flight requests split as evenly as integers
 * allow, the first `total % n` shards taking one more; the rate (open model) split evenly. Everything else is the
 * run's. Every shard needs at least one connection (and one in-flight request).
 */
export function splitLoadOptions(options: DistributedLoadOptions, n: number): ShardLoadOptions[] {
  if (!Number.isInteger(n) || n < 1) throw new ShardSplitError(`workers must be an integer ≥ 1, got ${n}`);
  const connections = options.connections ?? 16;
  if (connections < n)
    throw new ShardSplitError(
      `${connections} connection(s) cannot be split across ${n} workers (one each at least)`,
    );
  const concurrency = options.model === 'closed' ? (options.concurrency ?? connections) : undefined;
  if (concurrency !== undefined && concurrency < n)
    throw new ShardSplitError(
      `concurrency ${concurrency} cannot be split across ${n} workers (one each at least)`,
    );
  const share = (total: number, index: number) => Math.floor(total / n) + (index < total % n ? 1 : 0);
  return Array.from({ length: n }, (_, index) => {
    const { connections: _c, concurrency: _k, rate, ...rest } = options;
    return {
      ...rest,
      connections: share(connections, index),
      ...(concurrency !== undefined && options.concurrency !== undefined
        ? { concurrency: share(concurrency, index) }
        : {}),
      ...(rate !== undefined ? { rate: rate / n } : {}),
    };
  });
}
