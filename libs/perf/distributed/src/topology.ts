import { perfLoadWorkersConsumer, perfRunsStream, perfShardsStream } from '@meshplane/contracts';
import { ensureTopology, type MessagingClient } from '@meshplane/messaging';
import { AckPolicy, DeliverPolicy, ReplayPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/**
 * The perf streams and the workers' shared shard consumer. The consumer is not a `defineConsumer` one: those are
 * delivered up to maxDeliver + 1 times and dead-lettered, where a shard must be delivered exactly once (max deliver 1,
 * see perfLoadWorkersConsumer).
 */
export async function ensurePerfTopology(client: MessagingClient): Promise<void> {
  await ensureTopology(client, { streams: [perfShardsStream, perfRunsStream], consumers: [] });
  const { consumers } = client.jsm;
  const def = perfLoadWorkersConsumer;
  const exists = await consumers.info(def.stream.name, def.durable).catch(() => null);
  if (exists !== null) return;
  try {
    await consumers.add(def.stream.name, {
      durable_name: def.durable,
      filter_subject: def.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      ack_wait: nanos(def.ackWaitMs),
      max_deliver: def.maxDeliver,
    });
  } catch (error) {
    // Another worker or coordinator created it at the same moment.
    if ((await consumers.info(def.stream.name, def.durable).catch(() => null)) === null) throw error;
  }
}
