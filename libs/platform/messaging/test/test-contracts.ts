import { deadLetterSubjectFor, defineConsumer, defineEvent, defineStream } from '@meshplane/contracts';
import { z } from 'zod';

export const itemsStream = defineStream({
  name: 'ITEMS',
  subjects: ['items.v1.>'],
  maxAgeMs: 60 * 60 * 1000,
  duplicateWindowMs: 2 * 60 * 1000,
});

export const itemChanged = defineEvent({
  name: 'ItemChanged',
  version: 1,
  stream: itemsStream,
  schema: z.object({ id: z.string().min(1), n: z.number().int() }),
  subject: (p) => `items.v1.${p.id}.changed`,
  msgId: (p) => `${p.id}:${p.n}`,
});

export type ItemChanged = z.infer<typeof itemChanged.schema>;

/** Short AckWait and backoff so redelivery is observable within a test. */
export function itemsConsumer(durable: string, overrides: { maxDeliver?: number; ackWaitMs?: number } = {}) {
  return defineConsumer({
    stream: itemsStream,
    durable,
    filterSubject: 'items.v1.>',
    ackWaitMs: overrides.ackWaitMs ?? 1_000,
    maxDeliver: overrides.maxDeliver ?? 3,
    backoffMs: [200, 400],
    maxAckPending: 100,
    deadLetterSubject: deadLetterSubjectFor(itemsStream.name, durable),
  });
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
