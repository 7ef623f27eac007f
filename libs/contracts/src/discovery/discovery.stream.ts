import { defineStream } from '../messaging/stream.definition.js';

/** Everything discovery observes in clusters, on its way to the inventory. */
export const discoveryStream = defineStream({
  name: 'DISCOVERY',
  subjects: ['discovery.v1.>'],
  maxAgeMs: 24 * 60 * 60 * 1000,
  duplicateWindowMs: 10 * 60 * 1000,
});
