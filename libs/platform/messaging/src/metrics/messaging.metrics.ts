import { Counter, register } from 'prom-client';

type Labels = 'stream' | 'event' | 'consumer' | 'reason';

/** Registered once per process on the default registry, however many clients or test files load this module. */
function counter<L extends Labels>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames });
}

export const messagingMetrics = {
  published: counter('meshplane_messaging_published_total', 'Messages acknowledged by JetStream', [
    'stream',
    'event',
  ]),
  publishFailures: counter(
    'meshplane_messaging_publish_failures_total',
    'Publishes that failed or were rejected',
    ['stream', 'event'],
  ),
  consumed: counter('meshplane_messaging_consumed_total', 'Messages received by a durable consumer', [
    'stream',
    'consumer',
  ]),
  acked: counter('meshplane_messaging_acked_total', 'Messages acknowledged after their handler succeeded', [
    'stream',
    'consumer',
  ]),
  naked: counter('meshplane_messaging_naked_total', 'Messages handed back for a later redelivery', [
    'stream',
    'consumer',
  ]),
  deadLettered: counter(
    'meshplane_messaging_dead_lettered_total',
    'Messages parked on the dead-letter stream',
    ['stream', 'consumer', 'reason'],
  ),
};
