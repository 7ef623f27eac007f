import { defineStream } from '../messaging/stream.definition.js';

export const systemStream = defineStream({
  name: 'SYSTEM',
  subjects: ['system.v1.>'],
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  duplicateWindowMs: 2 * 60 * 1000,
});
