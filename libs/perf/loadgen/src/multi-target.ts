import { availableParallelism } from 'node:os';
import { latencyStatsOf, mergeHistograms } from './histogram.js';
import { LoadOptionsError, validateOptions, type LoadOptions } from './options.js';
import { addCounts, mergeGeneratorHealth, mergeSeriesByClock, sum } from './merge-results.js';
import type { EndpointResult, LoadResult } from './result.js';
import { runLoad, type LoadProgress, type RunControl } from './run-load.js';

/** A run over several endpoints: the whole load as one result, and each endpoint's part of it. */
export type MultiTargetResult = LoadResult & { endpoints: EndpointResult[] };

/** The most endpoints one run spreads its load over. */
export const MAX_TARGETS = 16;

/**
 * Spreads one load test over several endpoints in the same window: the connections, the in-flight requests (closed
 * model) and the rate (open model) are split as evenly as integers allow, each endpoint getting at least one
 * connection, and every endpoint is loaded at once (each its own generator, the threads shared out). The result is
 * the whole load (histograms merged exactly, never percentiles averaged) with each endpoint's own figures. One URL
 * is the same as runLoad.
 */
export async function runLoadAcross(
  urls: readonly string[],
  options: Omit<LoadOptions, 'url'>,
  control: RunControl = {},
): Promise<MultiTargetResult> {
  if (urls.length === 0) throw new LoadOptionsError('url', 'at least one endpoint is needed');
  if (urls.length > MAX_TARGETS)
    throw new LoadOptionsError('url', `at most ${MAX_TARGETS} endpoints in one run, got ${urls.length}`);
  const n = urls.length;
  const connections = options.connections ?? 16;
  const concurrency = options.model === 'closed' ? (options.concurrency ?? connections) : undefined;
  if (connections < n)
    throw new LoadOptionsError(
      'connections',
      `${connections} cannot be spread over ${n} endpoints (one each at least)`,
    );
  if (concurrency !== undefined && concurrency < n)
    throw new LoadOptionsError(
      'concurrency',
      `${concurrency} cannot be spread over ${n} endpoints (one each at least)`,
    );
  const share = (total: number, index: number) => Math.floor(total / n) + (index < total % n ? 1 : 0);
  const threads = Math.max(1, Math.floor((options.threads ?? availableParallelism()) / n));
  const parts: LoadOptions[] = urls.map((url, index) => {
    const partConnections = share(connections, index);
    return {
      ...options,
      url,
      connections: partConnections,
      ...(concurrency !== undefined ? { concurrency: share(concurrency, index) } : {}),
      ...(options.rate !== undefined ? { rate: options.rate / n } : {}),
      threads: Math.min(threads, partConnections),
    };
  });
  // Every endpoint's options (and the target policy) are checked before any load is sent to any of them.
  for (const part of parts) validateOptions(part);
  // One endpoint's generator failing stops the others: no load goes on after the run has failed.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  control.signal?.addEventListener('abort', onAbort, { once: true });
  if (control.signal?.aborted) stop.abort();
  const progress: (LoadProgress | undefined)[] = [];
  const reporter = control.onProgress
    ? setInterval(() => {
        const parts = progress.filter((p): p is LoadProgress => p !== undefined);
        if (parts.length === 0) return;
        (control.onProgress as (p: LoadProgress) => void)({
          elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
          phase: parts.some((p) => p.phase === 'warmup')
            ? 'warmup'
            : parts.some((p) => p.phase === 'measure')
              ? 'measure'
              : 'drain',
          requests: sum(parts.map((p) => p.requests)),
          errors: sum(parts.map((p) => p.errors)),
        });
      }, 1000)
    : undefined;
  try {
    const results = await Promise.all(
      parts.map((part, index) =>
        runLoad(part, { signal: stop.signal, onProgress: (p) => (progress[index] = p) }).catch(
          (error: unknown) => {
            stop.abort();
            throw error;
          },
        ),
      ),
    );
    return mergeTargets(urls, options, results);
  } finally {
    if (reporter) clearInterval(reporter);
    control.signal?.removeEventListener('abort', onAbort);
  }
}

/** The whole load from each endpoint's result: exact histogram merges, counts summed, series by wall-clock second. */
export function mergeTargets(
  urls: readonly string[],
  options: Pick<LoadOptions, 'rate' | 'connections'>,
  results: readonly LoadResult[],
): MultiTargetResult {
  const [first] = results;
  if (!first) throw new Error('no endpoint result to merge');
  const starts = results.map((r) => Date.parse(r.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...results.map((r, i) => (starts[i] ?? start) + r.durationMs));
  const durationMs = end - start;
  const requests = sum(results.map((r) => r.requests));
  const uncorrected = mergeHistograms(results.map((r) => r.histograms?.uncorrected ?? ''));
  const correctedParts = results.flatMap((r) => r.histograms?.corrected ?? []);
  const corrected = correctedParts.length === results.length ? mergeHistograms(correctedParts) : undefined;
  const partial = results.flatMap((r, i) => (r.partial ? [`${urls[i]}: ${r.partial.reason}`] : []));
  return {
    generator: first.generator,
    model: first.model,
    protocol: first.protocol,
    url: urls.join(' '),
    method: first.method,
    ...(options.rate !== undefined ? { targetRate: options.rate } : {}),
    connections: sum(results.map((r) => r.connections)),
    startedAt: new Date(start).toISOString(),
    durationMs,
    warmupMs: first.warmupMs,
    requests,
    errors: sum(results.map((r) => r.errors)),
    achievedRate: durationMs > 0 ? requests / (durationMs / 1000) : 0,
    latency: {
      ...(corrected !== undefined ? { corrected: latencyStatsOf(corrected) } : {}),
      uncorrected: latencyStatsOf(uncorrected),
    },
    histograms: { ...(corrected !== undefined ? { corrected } : {}), uncorrected },
    statusCodes: addCounts(results.map((r) => r.statusCodes)),
    errorClasses: addCounts(results.map((r) => r.errorClasses)),
    series: mergeSeriesByClock(results),
    generatorHealth: mergeGeneratorHealth(
      results.map((r, i) => ({ label: urls[i] ?? r.url, health: r.generatorHealth, requests: r.requests })),
    ),
    ...(partial.length > 0 ? { partial: { reason: partial.join('; ') } } : {}),
    endpoints: results.map((r, i) => ({
      url: urls[i] ?? r.url,
      requests: r.requests,
      errors: r.errors,
      achievedRate: r.achievedRate,
      latency: r.latency,
      statusCodes: r.statusCodes,
      errorClasses: r.errorClasses,
    })),
  };
}
