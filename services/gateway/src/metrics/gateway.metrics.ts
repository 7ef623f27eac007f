import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type SubscriptionTransport = 'ws' | 'sse';

/** The gateway's Prometheus metrics on a registry of its own (tests start several gateways per process). */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'meshplane_gateway_requests_total',
    help: 'GraphQL requests answered over HTTP, by operation type',
    labelNames: ['operation_type'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'meshplane_gateway_request_duration_seconds',
    help: 'GraphQL HTTP request latency, by operation type',
    labelNames: ['operation_type'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly subscriptions = new Gauge({
    name: 'meshplane_gateway_active_subscriptions',
    help: 'Subscriptions currently relayed, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics: boolean }) {
    if (options.defaultMetrics)
      collectDefaultMetrics({ register: this.registry, prefix: 'meshplane_gateway_' });
  }

  /** `operationType` is query/mutation/subscription, or `invalid` when no operation was resolved. */
  requestFinished(operationType: string, seconds: number): void {
    this.requests.inc({ operation_type: operationType });
    this.latency.observe({ operation_type: operationType }, seconds);
  }

  subscriptionOpened(transport: SubscriptionTransport): void {
    this.subscriptions.inc({ transport });
  }

  subscriptionClosed(transport: SubscriptionTransport): void {
    this.subscriptions.dec({ transport });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
