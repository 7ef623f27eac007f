import { defineEvent } from '../messaging/event.definition.js';
import { deadLetterSchema } from './dead-letter.schema.js';
import { deadLetterStream } from './dead-letter.stream.js';

/**
 * The subject is `deadletter.v1.<stream>.<consumer>`, which is what every consumer definition
 * declares as its deadLetterSubject. The msgId makes parking the same delivery twice (a crash
 * between parking and term) a no-op.
 */
export const deadLetterEvent = defineEvent({
  name: 'DeadLetter',
  version: 1,
  stream: deadLetterStream,
  schema: deadLetterSchema,
  subject: (p) => deadLetterSubjectFor(p.stream, p.consumer),
  msgId: (p) => `deadletter:${p.stream}:${p.consumer}:${p.streamSeq}`,
});

export function deadLetterSubjectFor(stream: string, consumer: string): string {
  return `deadletter.v1.${stream}.${consumer}`;
}
