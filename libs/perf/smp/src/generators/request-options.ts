import { assertLoopbackTarget } from './target-policy.js';
import { GeneratorOptionsError } from './generator.js';
import type { PerfRunOptions } from '../run-options.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADERS = 100;

/** What every external adapter checks first: one loopback URL, a token method, headers that cannot split a request. */
export function checkRequestOptions(generator: string, options: PerfRunOptions): URL {
  if (options.endpoints.length !== 1) {
    throw new GeneratorOptionsError(generator, `takes exactly one endpoint, got ${options.endpoints.length}`);
  }
  const url = assertLoopbackTarget(options.endpoints[0] as string);
  if (!TOKEN.test(options.method))
    throw new GeneratorOptionsError(generator, `"${options.method}" is not an HTTP method`);
  const headers = Object.entries(options.headers);
  if (headers.length > MAX_HEADERS)
    throw new GeneratorOptionsError(generator, `at most ${MAX_HEADERS} headers`);
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) throw new GeneratorOptionsError(generator, `"${name}" is not a header name`);
    if (/[\0\r\n]/.test(value))
      throw new GeneratorOptionsError(generator, `header ${name} has a control character`);
  }
  if (!(options.durationMs > 0))
    throw new GeneratorOptionsError(generator, 'duration must be longer than zero');
  if (!Number.isInteger(options.connections) || options.connections < 1) {
    throw new GeneratorOptionsError(generator, 'connections must be a positive integer');
  }
  if (options.rate !== undefined && !(options.rate > 0))
    throw new GeneratorOptionsError(generator, 'rate must be positive');
  return url;
}

/** Whole seconds, rounded up: the tools that take seconds only. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
