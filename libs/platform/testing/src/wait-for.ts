import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** What is awaited, phrased to complete "timed out waiting for …". */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls until the predicate holds. A predicate that throws counts as "not yet"; its last error is reported on
 * timeout, since it usually says why the condition never came true. The default limit (15 s, under the unit layer's
 * 20 s test limit) is sized for the 2-core CI machine running every test layer at once, where a JetStream delivery
 * plus a transaction can take seconds; a wait only lasts that long when it fails.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { description, timeoutMs = 15_000, intervalMs = 25 }: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`, {
        cause: lastError,
      });
    }
    await sleep(intervalMs);
  }
}
