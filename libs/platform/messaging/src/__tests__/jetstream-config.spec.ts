import { perfShardsStream, providersSystemLogConsumer, systemStream } from '@meshplane/contracts';
import { describe, expect, it } from 'vitest';
import { configDrift, consumerConfig, streamConfig } from '../topology/jetstream-config.js';

describe('JetStream configuration from contracts', () => {
  it('maps retention and dedup window to nanoseconds', () => {
    expect(streamConfig(systemStream)).toMatchObject({
      name: 'SYSTEM',
      subjects: ['system.v1.>'],
      max_age: 7 * 86_400_000 * 1_000_000,
      duplicate_window: 120_000 * 1_000_000,
      num_replicas: 1,
    });
  });

  it('maps work-queue retention (limits by default)', () => {
    expect(streamConfig(systemStream).retention).toBe('limits');
    expect(streamConfig(perfShardsStream).retention).toBe('workqueue');
  });

  it('lets the server deliver once more than the handler may run, so crashes still end in the dead letter', () => {
    expect(consumerConfig(providersSystemLogConsumer)).toMatchObject({
      durable_name: 'providers-system-log',
      filter_subject: 'system.v1.>',
      ack_policy: 'explicit',
      max_deliver: 6,
      ack_wait: 30_000 * 1_000_000,
    });
  });

  it('reports only the fields that differ from the server', () => {
    const desired = streamConfig(systemStream);
    expect(configDrift(desired, { ...desired, sealed: false })).toEqual([]);
    expect(configDrift(desired, { ...desired, max_age: 1 })).toEqual(['max_age']);
  });
});
