import { deadLetterSchema, providersSystemLogConsumer } from '@meshplane/contracts';
import { describe, expect, it } from 'vitest';
import { deadLetterRecord } from '../consume/dead-letter.record.js';

describe('deadLetterRecord', () => {
  const original = new TextEncoder().encode('{"id":1}');
  const record = deadLetterRecord(
    providersSystemLogConsumer,
    {
      subject: 'system.v1.perf.started',
      data: original,
      headers: [['Meshplane-Tenant', ['org-1']]],
      streamSeq: 42,
      deliveryCount: 5,
    },
    'max-deliveries',
    new TypeError('boom'),
    new Date('2026-01-01T00:00:00Z'),
  );

  it('keeps subject, headers, sequence, delivery count and the error', () => {
    expect(record).toMatchObject({
      stream: 'SYSTEM',
      consumer: 'providers-system-log',
      subject: 'system.v1.perf.started',
      streamSeq: 42,
      deliveryCount: 5,
      reason: 'max-deliveries',
      error: 'TypeError: boom',
      headers: { 'Meshplane-Tenant': ['org-1'] },
      failedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('carries the original body byte for byte and satisfies the DeadLetter contract', () => {
    expect(Buffer.from(record.data, 'base64')).toEqual(Buffer.from(original));
    expect(deadLetterSchema.parse(record)).toEqual(record);
  });
});
