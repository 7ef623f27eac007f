import type { ConsumerDefinition, DeadLetterReason, DeadLetterRecord } from '@meshplane/contracts';

export interface FailedDelivery {
  subject: string;
  data: Uint8Array;
  headers: Iterable<[string, string[]]> | undefined;
  streamSeq: number;
  deliveryCount: number;
}

/** Everything needed to understand the failure and republish the original message unchanged. */
export function deadLetterRecord(
  consumer: ConsumerDefinition,
  delivery: FailedDelivery,
  reason: DeadLetterReason,
  error: unknown,
  now: Date,
): DeadLetterRecord {
  return {
    stream: consumer.stream.name,
    consumer: consumer.durable,
    subject: delivery.subject,
    streamSeq: delivery.streamSeq,
    deliveryCount: delivery.deliveryCount,
    reason,
    error: describeError(error),
    headers: Object.fromEntries(delivery.headers ?? []),
    data: Buffer.from(delivery.data).toString('base64'),
    failedAt: now.toISOString(),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
