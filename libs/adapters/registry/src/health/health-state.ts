import { exponentialBackoffMs } from '@meshplane/runtime';

export const ADAPTER_HEALTHS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'UNREACHABLE'] as const;
export type AdapterHealth = (typeof ADAPTER_HEALTHS)[number];

export interface BackoffPolicy {
  /** Between checks while the adapter serves. */
  readonly intervalMs: number;
  /** After the first failure; doubled per further failure. */
  readonly initialMs: number;
  /** The cap. */
  readonly maxMs: number;
}

/** What one check found. */
export type CheckOutcome =
  | { readonly kind: 'serving' }
  | { readonly kind: 'not-serving'; readonly error: string }
  | { readonly kind: 'unreachable'; readonly error: string };

export interface HealthState {
  readonly health: AdapterHealth;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
}

export interface HealthTransition extends HealthState {
  readonly nextCheckInMs: number;
  /** The health differs from before (what is announced). */
  readonly changed: boolean;
}

/** Delay before the next check after `failures` consecutive failed ones (0: the regular interval). */
export function backoffMs(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return policy.intervalMs;
  return exponentialBackoffMs(failures, policy.initialMs, policy.maxMs);
}

/** The adapter's state after a check: any failure counts towards the backoff; serving resets it. */
export function nextHealth(
  before: HealthState,
  outcome: CheckOutcome,
  policy: BackoffPolicy,
): HealthTransition {
  const after: HealthState =
    outcome.kind === 'serving'
      ? { health: 'SERVING', consecutiveFailures: 0, lastError: null }
      : {
          health: outcome.kind === 'not-serving' ? 'NOT_SERVING' : 'UNREACHABLE',
          consecutiveFailures: before.consecutiveFailures + 1,
          lastError: outcome.error,
        };
  return {
    ...after,
    nextCheckInMs: backoffMs(after.consecutiveFailures, policy),
    changed: after.health !== before.health,
  };
}
