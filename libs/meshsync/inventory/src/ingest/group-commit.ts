interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane<T> {
  queue: Pending<T>[];
  /** Groups of this key being written right now. */
  flushing: number;
}

/**
 * Group commit: items submitted while the flushes of the same key run are written together by the next
 * one, so the number of transactions follows the database's pace instead of the message rate. Up to
 * `maxConcurrentFlushes` groups of one key are written at once: each commit waits on its WAL flush, and
 * while one group waits the next can already be written (the writes must tolerate any commit order; the
 * inventory's do, through the resourceVersion and sync-id guards). Each submit resolves only once its item
 * is committed. When a group fails, its items are retried one by one, so a single bad item fails alone
 * instead of taking its neighbours down with it.
 */
export class GroupCommitter<T> {
  private readonly lanes = new Map<string, Lane<T>>();

  constructor(
    private readonly write: (key: string, items: T[]) => Promise<void>,
    private readonly weigh: (item: T) => number,
    private readonly maxGroupWeight: number,
    private readonly maxConcurrentFlushes = 1,
  ) {
    if (!(maxGroupWeight > 0)) throw new RangeError(`maxGroupWeight must be positive, got ${maxGroupWeight}`);
    if (!Number.isInteger(maxConcurrentFlushes) || maxConcurrentFlushes < 1) {
      throw new RangeError(`maxConcurrentFlushes must be a positive integer, got ${maxConcurrentFlushes}`);
    }
  }

  submit(key: string, item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(key) ?? { queue: [], flushing: 0 };
      this.lanes.set(key, lane);
      lane.queue.push({ item, resolve, reject });
      this.pump(key, lane);
    });
  }

  /** Starts flushes while the lane has queued items and room for another flush. */
  private pump(key: string, lane: Lane<T>): void {
    while (lane.queue.length > 0 && lane.flushing < this.maxConcurrentFlushes) {
      const group = lane.queue.splice(0, this.groupLength(lane.queue));
      lane.flushing++;
      void this.flush(key, group).finally(() => {
        lane.flushing--;
        if (lane.flushing === 0 && lane.queue.length === 0) this.lanes.delete(key);
        else this.pump(key, lane);
      });
    }
  }

  /** How many queued items make the next group: at least one, then as many as fit the weight. */
  private groupLength(queue: readonly Pending<T>[]): number {
    let weight = 0;
    let length = 0;
    for (const pending of queue) {
      weight += this.weigh(pending.item);
      if (length > 0 && weight > this.maxGroupWeight) break;
      length++;
    }
    return length;
  }

  private async flush(key: string, group: Pending<T>[]): Promise<void> {
    try {
      await this.write(
        key,
        group.map((p) => p.item),
      );
      group.forEach((p) => p.resolve());
      return;
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
    }
    for (const pending of group) {
      await this.write(key, [pending.item]).then(pending.resolve, pending.reject);
    }
  }
}
