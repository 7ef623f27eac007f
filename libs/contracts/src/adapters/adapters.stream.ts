import { defineStream } from '../messaging/stream.definition.js';

/** What adapters-broker's registry learns about adapters: health and catalogue changes. */
export const adaptersStream = defineStream({
  name: 'ADAPTERS',
  subjects: ['adapters.v1.>'],
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  duplicateWindowMs: 2 * 60 * 1000,
});
