import { type operationEventSeverities, type operationStatuses } from '@meshplane/contracts';
import { exponentialBackoffMs } from '@meshplane/runtime';

export type OperationStatus = (typeof operationStatuses)[number];
export type OperationEventSeverity = (typeof operationEventSeverities)[number];
export type FinalStatus = Exclude<OperationStatus, 'PENDING' | 'RUNNING'>;

/** PENDING → RUNNING → SUCCEEDED / FAILED / CANCELLED; RUNNING → PENDING is a retry; PENDING → CANCELLED. */
const TRANSITIONS: Record<OperationStatus, readonly OperationStatus[]> = {
  PENDING: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PENDING'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canTransition(from: OperationStatus, to: OperationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(status: OperationStatus): status is FinalStatus {
  return TRANSITIONS[status].length === 0;
}

/** What one attempt at an operation came to, as the executor saw it. */
export type AttemptOutcome =
  /** The adapter ran it to an end (its state from ApplyOperation). */
  | {
      kind: 'finished';
      state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'DEADLINE_EXCEEDED';
      message: string;
    }
  /** The adapter could not be reached, or went away mid-run: nothing says how far it got. */
  | { kind: 'unreachable'; message: string }
  /** The adapter refused the request (bad input, id reused for another request, ...): trying again changes nothing. */
  | { kind: 'refused'; message: string }
  /** The call's own deadline passed without an answer. */
  | { kind: 'timed-out'; message: string }
  /**
   * Nothing was sent to the adapter in this attempt (the cluster's credentials could not be fetched right now):
   * retried while attempts and time remain, idempotent or not, since this attempt cannot have half-happened.
   */
  | { kind: 'not-sent'; message: string };

export interface AttemptContext {
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly idempotent: boolean;
  readonly cancelRequested: boolean;
  readonly deadlineAt: Date;
  readonly now: Date;
}

export type AttemptDecision =
  | { status: FinalStatus; message: string }
  | { status: 'PENDING'; message: string; retry: true };

/**
 * The state after an attempt. Only an unreachable adapter is retried, and only for an idempotent operation, with
 * attempts and time left: a non-idempotent run that may have half-happened is failed, never run twice. An attempt
 * that sent nothing is retried for any operation.
 */
export function afterAttempt(context: AttemptContext, outcome: AttemptOutcome): AttemptDecision {
  switch (outcome.kind) {
    case 'finished':
      if (outcome.state === 'DEADLINE_EXCEEDED') return { status: 'FAILED', message: outcome.message };
      return { status: outcome.state, message: outcome.message };
    case 'refused':
    case 'timed-out':
      return { status: 'FAILED', message: outcome.message };
    case 'unreachable':
    case 'not-sent': {
      if (context.cancelRequested) return { status: 'CANCELLED', message: `cancelled (${outcome.message})` };
      const retriable =
        (context.idempotent || outcome.kind === 'not-sent') &&
        context.attempts < context.maxAttempts &&
        context.now.getTime() < context.deadlineAt.getTime();
      if (retriable) {
        return {
          status: 'PENDING',
          retry: true,
          message: `${outcome.message}; retrying (attempt ${context.attempts + 1} of ${context.maxAttempts})`,
        };
      }
      return { status: 'FAILED', message: outcome.message };
    }
  }
}

/** The most a retry waits, however many attempts came before. */
export const MAX_RETRY_DELAY_MS = 30_000;

/** Before attempt `attempts + 1` (after `attempts` failed to reach the adapter): `baseMs` doubled per retry, capped. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return exponentialBackoffMs(attempts, baseMs, MAX_RETRY_DELAY_MS);
}

/**
 * A replica claims an operation whose previous owner's lease expired: it re-sends the same operation id (the adapter
 * attaches to the run it knows) unless the deadline passed meanwhile.
 */
export function resumeDecision(
  deadlineAt: Date,
  now: Date,
): { resume: true } | { resume: false; message: string } {
  if (now.getTime() >= deadlineAt.getTime()) {
    return {
      resume: false,
      message: `its deadline ${deadlineAt.toISOString()} passed while no broker replica held it`,
    };
  }
  return { resume: true };
}
