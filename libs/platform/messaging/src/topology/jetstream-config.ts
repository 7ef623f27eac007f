import type { ConsumerDefinition, StreamDefinition } from '@meshplane/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export function streamConfig(def: StreamDefinition): Partial<StreamConfig> & { name: string } {
  return {
    name: def.name,
    subjects: [...def.subjects],
    retention: def.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage: def.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: nanos(def.maxAgeMs),
    duplicate_window: nanos(def.duplicateWindowMs),
    max_bytes: def.maxBytes,
    num_replicas: def.replicas,
  };
}

/**
 * The server may deliver one time more than the handler is allowed to run: if every allowed
 * attempt crashed the process (no nak ever sent), that extra delivery is how the runner still
 * parks the message instead of JetStream silently giving up on it.
 */
export function consumerConfig(def: ConsumerDefinition): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: def.durable,
    filter_subject: def.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(def.ackWaitMs),
    max_deliver: def.maxDeliver + 1,
    max_ack_pending: def.maxAckPending,
  };
}

/** Fields of `desired` whose value differs in `actual`; empty when no update is needed. */
export function configDrift(desired: object, actual: object): string[] {
  const current = actual as Record<string, unknown>;
  return Object.entries(desired)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key]))
    .map(([key]) => key);
}
