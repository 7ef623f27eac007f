import { deadLetterSubjectFor, defineConsumer, discoveryStream } from '@meshplane/contracts';

const RESOURCE_CHANGES_DURABLE = 'inventory-resource-changes';
const SYNC_MARKERS_DURABLE = 'inventory-sync-markers';

/**
 * Every change batch of every organization, stored once by whichever replica pulls it. A short AckWait
 * (handlers send working() heartbeats while they run) lets another replica take over quickly from one
 * that died mid-batch.
 */
export const inventoryResourceChangesConsumer = defineConsumer({
  stream: discoveryStream,
  durable: RESOURCE_CHANGES_DURABLE,
  filterSubject: 'discovery.v1.*.*.*.changes',
  ackWaitMs: 5_000,
  maxDeliver: 10,
  backoffMs: [250, 1_000, 5_000, 15_000],
  maxAckPending: 2_000,
  deadLetterSubject: deadLetterSubjectFor(discoveryStream.name, RESOURCE_CHANGES_DURABLE),
});

/**
 * Sync brackets. A `completed` marker waits (short naks) until every object of its sync is stored, which
 * during a large initial sync can take a while: hence many short attempts rather than a few long ones.
 */
export const inventorySyncMarkersConsumer = defineConsumer({
  stream: discoveryStream,
  durable: SYNC_MARKERS_DURABLE,
  filterSubject: 'discovery.v1.*.*.*.sync',
  ackWaitMs: 5_000,
  maxDeliver: 240,
  backoffMs: [250, 500, 1_000],
  maxAckPending: 1_000,
  deadLetterSubject: deadLetterSubjectFor(discoveryStream.name, SYNC_MARKERS_DURABLE),
});

export const INVENTORY_CONSUMERS = [inventoryResourceChangesConsumer, inventorySyncMarkersConsumer] as const;
export const INVENTORY_STREAMS = [discoveryStream] as const;
