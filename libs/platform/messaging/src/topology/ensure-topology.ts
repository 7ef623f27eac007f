import type { ConsumerDefinition, StreamDefinition } from '@meshplane/contracts';
import type { MessagingClient } from '../client/messaging-client.js';
import { configDrift, consumerConfig, streamConfig } from './jetstream-config.js';

export interface Topology {
  streams: readonly StreamDefinition[];
  /**
   * Streams another service owns that this one consumes: created when missing (this service may start first), never
   * updated here (their owner brings a drifted config back; a reader has no right to change it).
   */
  reads?: readonly StreamDefinition[];
  consumers: readonly ConsumerDefinition[];
}

/**
 * Creates missing streams and durable consumers and updates drifted ones. Safe when several
 * replicas boot together: whoever loses the create race finds the object and updates it if needed.
 */
export async function ensureTopology(client: MessagingClient, topology: Topology): Promise<void> {
  for (const stream of topology.streams) await ensureStream(client, stream);
  const owned = new Set(topology.streams.map((stream) => stream.name));
  for (const stream of topology.reads ?? [])
    if (!owned.has(stream.name)) await ensureStream(client, stream, { update: false });
  for (const consumer of topology.consumers) await ensureConsumer(client, consumer);
}

async function ensureStream(
  client: MessagingClient,
  def: StreamDefinition,
  { update }: { update: boolean } = { update: true },
): Promise<void> {
  const desired = streamConfig(def);
  const { streams } = client.jsm;
  const existing = await streams.info(def.name).catch(() => null);
  if (existing === null) {
    try {
      await streams.add(desired);
      return;
    } catch (error) {
      const raced = await streams.info(def.name).catch(() => null);
      if (raced === null) throw error;
      if (update) await updateStreamIfDrifted(client, def, raced.config);
      return;
    }
  }
  if (update) await updateStreamIfDrifted(client, def, existing.config);
}

async function updateStreamIfDrifted(
  client: MessagingClient,
  def: StreamDefinition,
  actual: object,
): Promise<void> {
  const desired = streamConfig(def);
  if (configDrift(desired, actual).length === 0) return;
  const { name: _name, ...changes } = desired;
  await client.jsm.streams.update(def.name, changes);
}

async function ensureConsumer(client: MessagingClient, def: ConsumerDefinition): Promise<void> {
  const desired = consumerConfig(def);
  const { consumers } = client.jsm;
  const streamName = def.stream.name;
  const existing = await consumers.info(streamName, def.durable).catch(() => null);
  if (existing === null) {
    try {
      await consumers.add(streamName, desired);
      return;
    } catch (error) {
      const raced = await consumers.info(streamName, def.durable).catch(() => null);
      if (raced === null) throw error;
      await updateConsumerIfDrifted(client, def, raced.config);
      return;
    }
  }
  await updateConsumerIfDrifted(client, def, existing.config);
}

async function updateConsumerIfDrifted(client: MessagingClient, def: ConsumerDefinition, actual: object) {
  const desired = consumerConfig(def);
  if (configDrift(desired, actual).length === 0) return;
  await client.jsm.consumers.update(def.stream.name, def.durable, desired);
}
