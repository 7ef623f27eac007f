import { envInt } from '@meshplane/config';
import { type z } from 'zod';

/** The operations' variables, validated by the service at start (see operations.feature.ts). */
export const OPERATIONS_CONFIG_SHAPE = {
  /** How long a replica holds an operation it executes without renewing (renewed every third of it). */
  ADAPTER_OPERATION_LEASE_MS: envInt(15_000, 100, 600_000),
  /** Between two looks for pending operations (a run on this replica is picked up at once). */
  ADAPTER_OPERATION_POLL_MS: envInt(1_000, 10, 60_000),
  /** Deadline of an operation that names none. */
  ADAPTER_OPERATION_DEFAULT_DEADLINE_S: envInt(900, 1, 86_400),
  /** Attempts of an idempotent operation whose adapter is unreachable (1: never retried). */
  ADAPTER_OPERATION_MAX_ATTEMPTS: envInt(3, 1, 20),
  /** Operations one replica executes at once. */
  ADAPTER_OPERATION_CONCURRENCY: envInt(16, 1, 1_000),
  /**
   * Wait before the first retry of an unreachable adapter, doubled for each further one (at most 30 s): an adapter
   * restarting (a rollout, a crash) gets its operations back instead of failing them in a burst of retries.
   */
  ADAPTER_OPERATION_RETRY_BACKOFF_MS: envInt(1_000, 10, 60_000),
};

export type OperationsValues = z.output<z.ZodObject<typeof OPERATIONS_CONFIG_SHAPE>>;

export interface OperationsConfig {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly defaultDeadlineSeconds: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  readonly retryBackoffMs: number;
}

export function operationsConfigOf(values: OperationsValues): OperationsConfig {
  return {
    leaseMs: values.ADAPTER_OPERATION_LEASE_MS,
    pollMs: values.ADAPTER_OPERATION_POLL_MS,
    defaultDeadlineSeconds: values.ADAPTER_OPERATION_DEFAULT_DEADLINE_S,
    maxAttempts: values.ADAPTER_OPERATION_MAX_ATTEMPTS,
    concurrency: values.ADAPTER_OPERATION_CONCURRENCY,
    retryBackoffMs: values.ADAPTER_OPERATION_RETRY_BACKOFF_MS,
  };
}

export const OPERATIONS_CONFIG = Symbol('OPERATIONS_CONFIG');
