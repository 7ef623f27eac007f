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
 * Sync brackets. A `completed` marker is acked as soon as its completion is recorded in the database
 * (kind_syncs.pending_*); the write that stores the sync's last object reconciles it. So a large sync never
 * depends on these redelivery limits, which only cover database errors.
 */
export const inventorySyncMarkersConsumer = defineConsumer({
  stream: discoveryStream,
  durable: SYNC_MARKERS_DURABLE,
  filterSubject: 'discovery.v1.*.*.*.sync',
  ackWaitMs: 5_000,
  maxDeliver: 10,
  backoffMs: [250, 1_000, 5_000, 15_000],
  maxAckPending: 1_000,
  deadLetterSubject: deadLetterSubjectFor(discoveryStream.name, SYNC_MARKERS_DURABLE),
});

export const INVENTORY_CONSUMERS = [inventoryResourceChangesConsumer, inventorySyncMarkersConsumer] as const;
export const INVENTORY_STREAMS = [discoveryStream] as const;
