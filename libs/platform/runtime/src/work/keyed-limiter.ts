/**
 * At most `limit` tasks at once per key; tasks of other keys are not held back. For work that holds something scarce
 * while it waits on a party that may be slow (a pooled database connection during a call to one remote provider, say):
 * one slow party then takes at most `limit` of it, never all. Waiting tasks run in arrival order. Memory is per key in
 * use only.
 */
export class KeyedLimiter {
  private readonly lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running >= this.limit) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.running += 1;
    try {
      return await task();
    } finally {
      const next = lane.waiting.shift();
      // The slot passes straight to the next waiter (running stays the same), else it is freed.
      if (next) next();
      else if (--lane.running === 0) this.lanes.delete(key);
    }
  }

  /** Tasks running under `key` now (for tests and metrics). */
  running(key: string): number {
    return this.lanes.get(key)?.running ?? 0;
  }
}
