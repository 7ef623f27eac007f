import { defineStream } from '../messaging/stream.definition.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parked messages, kept long enough for someone to look at them after a long weekend. */
export const deadLetterStream = defineStream({
  name: 'DEAD_LETTER',
  subjects: ['deadletter.v1.>'],
  maxAgeMs: 14 * DAY_MS,
  duplicateWindowMs: 2 * 60 * 1000,
});
