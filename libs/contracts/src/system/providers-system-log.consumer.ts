import { deadLetterSubjectFor } from '../dead-letter/dead-letter.event.js';
import { defineConsumer } from '../messaging/consumer.definition.js';
import { systemStream } from './system.stream.js';

/** The providers service keeps an audit log of every service's lifecycle notices. */
export const providersSystemLogConsumer = defineConsumer({
  stream: systemStream,
  durable: 'providers-system-log',
  filterSubject: 'system.v1.>',
  ackWaitMs: 30_000,
  maxDeliver: 5,
  backoffMs: [1_000, 5_000, 15_000, 30_000],
  maxAckPending: 1_000,
  deadLetterSubject: deadLetterSubjectFor(systemStream.name, 'providers-system-log'),
});
