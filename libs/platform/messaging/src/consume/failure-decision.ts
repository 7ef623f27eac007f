import type { ConsumerDefinition, DeadLetterReason } from '@meshplane/contracts';
import { PermanentError } from './permanent.error.js';

export type FailureDecision =
  | { action: 'nak'; delayMs: number }
  | { action: 'dead-letter'; reason: DeadLetterReason };

/** Delay before the next delivery after the n-th failed one; past the list, its last value repeats. */
export function backoffFor(backoffMs: readonly number[], deliveryCount: number): number {
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}

/** What to do with a message whose handler threw on delivery number `deliveryCount`. */
export function decideOnFailure(
  consumer: Pick<ConsumerDefinition, 'maxDeliver' | 'backoffMs'>,
  deliveryCount: number,
  error: unknown,
): FailureDecision {
  if (error instanceof PermanentError) return { action: 'dead-letter', reason: 'permanent-error' };
  if (deliveryCount >= consumer.maxDeliver) return { action: 'dead-letter', reason: 'max-deliveries' };
  return { action: 'nak', delayMs: backoffFor(consumer.backoffMs, deliveryCount) };
}

/**
 * A delivery beyond maxDeliver means every allowed attempt ended without a nak (the process died
 * or AckWait ran out): park it without running the handler again.
 */
export function exceededDeliveries(
  consumer: Pick<ConsumerDefinition, 'maxDeliver'>,
  deliveryCount: number,
): boolean {
  return deliveryCount > consumer.maxDeliver;
}
