import type { PerformanceProfileInput } from '../index.js';

/** A valid open-model profile the tests vary one field at a time. */
export const validProfile = (): PerformanceProfileInput => ({
  name: 'checkout p99',
  endpoints: ['http://127.0.0.1:8080/checkout'],
  durationMs: 30_000,
  model: { kind: 'open', rate: 200, connections: 8 },
  generator: 'meshplane',
  protocol: 'http1',
  method: 'post',
  headers: { 'x-tenant': 'acme' },
  body: '{"cart":1}',
  workers: 2,
  labels: { team: 'payments' },
});
