import type { GeneratorName } from '@meshplane/perf-loadgen';
import type { PerfRunOptions } from '../run-options.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { SmpValidationError, type SmpIssue } from './smp-errors.js';
import { SMP_VERSION, type SmpClient, type SmpPerformanceTestConfig } from './smp-types.js';

const GENERATORS: readonly GeneratorName[] = ['meshplane', 'wrk', 'wrk2', 'fortio', 'nighthawk'];
/** The label that keeps what SMP cannot say (HTTP/2, the method) across an export and import. */
export const SMP_LABEL_PREFIX = 'meshplane.io/';

/**
 * A config's clients become one run: every client is one perf worker, so they must agree on everything but their
 * endpoints' order; `rps` is per client (the run's rate is the sum), `connections` per client (per worker).
 */
export function smpConfigToRunOptions(config: SmpPerformanceTestConfig): PerfRunOptions {
  const issues: SmpIssue[] = [];
  const first = config.clients[0] as SmpClient;
  config.clients.forEach((client, index) => {
    if (index === 0) return;
    for (const key of ['load_generator', 'protocol', 'connections', 'rps', 'body', 'content_type'] as const) {
      if (client[key] !== first[key]) {
        issues.push({
          path: `clients[${index}].${key}`,
          message: 'must equal clients[0] (all clients run one test)',
        });
      }
    }
  });
  if (first.protocol === 'tcp' || first.protocol === 'udp') {
    issues.push({
      path: 'clients[0].protocol',
      message: `${first.protocol} load is not supported (http or grpc)`,
    });
  }
  const generator = (first.load_generator || 'meshplane') as GeneratorName;
  if (!GENERATORS.includes(generator)) {
    issues.push({ path: 'clients[0].load_generator', message: `must be one of ${GENERATORS.join(', ')}` });
  }
  if (issues.length > 0) throw new SmpValidationError('PerformanceTestConfig', issues);

  const labels = { ...config.labels };
  const http2 = labels[`${SMP_LABEL_PREFIX}protocol`] === 'http2';
  const method = labels[`${SMP_LABEL_PREFIX}method`] ?? (first.body ? 'POST' : 'GET');
  delete labels[`${SMP_LABEL_PREFIX}protocol`];
  delete labels[`${SMP_LABEL_PREFIX}method`];

  const headers: Record<string, string> = { ...first.headers };
  if (first.content_type) headers['content-type'] = first.content_type;
  const cookies = Object.entries(first.cookies).map(([name, value]) => `${name}=${value}`);
  if (cookies.length > 0) headers['cookie'] = cookies.join('; ');

  const endpoints = [...new Set(config.clients.flatMap((client) => client.endpoint_urls))];
  return {
    ...(config.name ? { name: config.name } : {}),
    endpoints,
    durationMs: parseGoDuration(config.duration) as number,
    ...(first.rps > 0 ? { rate: first.rps * config.clients.length } : {}),
    connections: first.connections,
    generator,
    protocol: first.protocol === 'grpc' ? 'grpc' : http2 ? 'http2' : 'http1',
    method,
    headers,
    ...(first.body ? { body: first.body } : {}),
    workers: config.clients.length,
    labels,
  };
}

/** The reverse: one client per worker, each with its share of the rate. */
export function runOptionsToSmpConfig(options: PerfRunOptions, id = ''): SmpPerformanceTestConfig {
  const labels = { ...options.labels };
  if (options.protocol === 'http2') labels[`${SMP_LABEL_PREFIX}protocol`] = 'http2';
  const defaultMethod = options.body ? 'POST' : 'GET';
  if (options.method.toUpperCase() !== defaultMethod)
    labels[`${SMP_LABEL_PREFIX}method`] = options.method.toUpperCase();

  const headers = { ...options.headers };
  const contentTypeKey = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
  const contentType = contentTypeKey ? (headers[contentTypeKey] as string) : '';
  if (contentTypeKey) delete headers[contentTypeKey];

  const workers = Math.max(1, options.workers);
  const client: SmpClient = {
    internal: false,
    load_generator: options.generator,
    protocol: options.protocol === 'grpc' ? 'grpc' : 'http',
    connections: options.connections,
    rps: options.rate ? Math.round(options.rate / workers) : 0,
    headers,
    cookies: {},
    body: options.body ?? '',
    content_type: contentType,
    endpoint_urls: [...options.endpoints],
  };
  return {
    smp_version: SMP_VERSION,
    id,
    name: options.name ?? '',
    labels,
    clients: Array.from({ length: workers }, () => ({
      ...client,
      headers: { ...headers },
      endpoint_urls: [...client.endpoint_urls],
    })),
    duration: formatGoDuration(options.durationMs),
  };
}
