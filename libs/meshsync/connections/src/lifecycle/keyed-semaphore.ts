/**
 * At most `limit` tasks at a time per key; the others wait their turn in arrival order. One organization's
 * thousand-context import then probes `limit` clusters at a time, and its probes never take another
 * organization's turn. Per replica (in memory): N replicas allow N × limit.
 */
export class KeyedSemaphore {
  private readonly lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('KeyedSemaphore needs a limit of at least 1');
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running < this.limit) {
      lane.running += 1;
      return Promise.resolve();
    }
    const queue = lane.waiting;
    return new Promise((resolve) => queue.push(resolve));
  }

  private release(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    // The slot passes straight to the next waiter; an idle lane is dropped so keys do not accumulate.
    if (next) next();
    else if (--lane.running === 0) this.lanes.delete(key);
  }
}
