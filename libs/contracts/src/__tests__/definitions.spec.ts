import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineConsumer,
  defineRequest,
  defineEvent,
  defineStream,
  deadLetterStream,
  providersSystemLogConsumer,
  requests,
  streams,
  systemStream,
} from '../index.js';
import { subjectMatches } from '../messaging/subject.js';

const stream = defineStream({
  name: 'ORDERS',
  subjects: ['orders.v1.>'],
  maxAgeMs: 60_000,
  duplicateWindowMs: 1_000,
});

describe('defineStream', () => {
  it('fills JetStream defaults', () => {
    expect(stream).toMatchObject({ maxBytes: -1, replicas: 1, storage: 'file' });
  });

  it('rejects unversioned subjects, bad names and a dedup window longer than retention', () => {
    const base = { name: 'X', subjects: ['x.v1.>'], maxAgeMs: 10, duplicateWindowMs: 5 };
    expect(() => defineStream({ ...base, subjects: ['x.>'] })).toThrow(/<domain>\.v<N>/);
    expect(() => defineStream({ ...base, name: 'lower' })).toThrow(/UPPER_SNAKE_CASE/);
    expect(() => defineStream({ ...base, duplicateWindowMs: 11 })).toThrow(/cannot exceed maxAgeMs/);
    expect(() => defineStream({ ...base, replicas: 2 })).toThrow(/replicas/);
  });

  it('declares SYSTEM and DEAD_LETTER with their retention', () => {
    expect(systemStream).toMatchObject({
      subjects: ['system.v1.>'],
      maxAgeMs: 7 * 86_400_000,
      duplicateWindowMs: 120_000,
    });
    expect(deadLetterStream).toMatchObject({ subjects: ['deadletter.v1.>'], maxAgeMs: 14 * 86_400_000 });
  });
});

describe('defineEvent', () => {
  const event = defineEvent({
    name: 'OrderPlaced',
    version: 2,
    stream,
    schema: z.object({ id: z.string(), region: z.string() }),
    subject: (p) => `orders.v1.${p.region}.placed`,
    msgId: (p) => p.id,
  });

  it('exposes name@version as its key', () => {
    expect(event.key).toBe('OrderPlaced@2');
  });

  it('refuses a subject its stream would not capture', () => {
    expect(event.subject({ id: '1', region: 'eu' })).toBe('orders.v1.eu.placed');
    const stray = defineEvent({ ...eventInput(), subject: () => 'payments.v1.x' });
    expect(() => stray.subject({ id: '1' })).toThrow(/not captured by stream ORDERS/);
  });

  it('refuses an empty msgId, which would disable de-duplication', () => {
    expect(() => event.msgId({ id: '', region: 'eu' })).toThrow(/msgId must not be empty/);
  });
});

describe('defineConsumer', () => {
  const base = {
    stream,
    durable: 'billing-orders',
    filterSubject: 'orders.v1.*.placed',
    ackWaitMs: 30_000,
    maxDeliver: 3,
    backoffMs: [100, 200],
    maxAckPending: 10,
    deadLetterSubject: 'deadletter.v1.ORDERS.billing-orders',
  };

  it('accepts a filter inside its stream and a dead-letter subject inside DEAD_LETTER', () => {
    expect(defineConsumer(base).filterSubject).toBe('orders.v1.*.placed');
  });

  it('rejects filters outside the stream, stray dead-letter subjects and empty backoff', () => {
    expect(() => defineConsumer({ ...base, filterSubject: 'payments.v1.>' })).toThrow(
      /outside stream ORDERS/,
    );
    expect(() => defineConsumer({ ...base, deadLetterSubject: 'orders.v1.dead' })).toThrow(
      /outside stream DEAD_LETTER/,
    );
    expect(() => defineConsumer({ ...base, backoffMs: [] })).toThrow(/backoffMs/);
    expect(() => defineConsumer({ ...base, durable: 'a.b' })).toThrow(/durable name/);
  });

  it('declares providers-system-log with bounded redelivery and its dead-letter subject', () => {
    expect(providersSystemLogConsumer).toMatchObject({
      durable: 'providers-system-log',
      filterSubject: 'system.v1.>',
      maxDeliver: 5,
      deadLetterSubject: 'deadletter.v1.SYSTEM.providers-system-log',
    });
    expect(providersSystemLogConsumer.backoffMs.length).toBeGreaterThan(0);
  });
});

function eventInput() {
  return {
    name: 'Stray',
    version: 1,
    stream,
    schema: z.object({ id: z.string() }),
    subject: () => 'orders.v1.x',
    msgId: (p: { id: string }) => p.id,
  };
}

describe('defineRequest', () => {
  const input = {
    subject: 'rpc.v1.things.get',
    answeredBy: 'things',
    askedBy: ['asker'],
    request: z.object({}),
    response: z.object({}),
    timeoutMs: 1_000,
  };

  it('refuses wildcards, unversioned subjects, bad service names and nobody to ask', () => {
    expect(defineRequest(input).subject).toBe('rpc.v1.things.get');
    expect(() => defineRequest({ ...input, subject: 'rpc.v1.things.*' })).toThrow(/without wildcards/);
    expect(() => defineRequest({ ...input, subject: 'things.get' })).toThrow(/<domain>\.v<N>/);
    expect(() => defineRequest({ ...input, answeredBy: 'a.b' })).toThrow(/answeredBy/);
    expect(() => defineRequest({ ...input, askedBy: [] })).toThrow(/no service may ask/);
    expect(() => defineRequest({ ...input, timeoutMs: 0 })).toThrow(/timeoutMs/);
  });

  it('keeps every catalogued request subject out of every stream (a request is never stored)', () => {
    for (const request of requests) {
      for (const s of streams) {
        for (const pattern of s.subjects) expect(subjectMatches(pattern, request.subject)).toBe(false);
      }
    }
  });
});
