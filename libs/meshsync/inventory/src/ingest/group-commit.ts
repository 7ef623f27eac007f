interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane<T> {
  queue: Pending<T>[];
  flushing: boolean;
}

/**
 * Group commit: items submitted while a flush of the same key runs are written together by the next one,
 * so the number of transactions follows the database's pace instead of the message rate. Each submit
 * resolves only once its item is committed. When a group fails, its items are retried one by one, so a
 * single bad item fails alone instead of taking its neighbours down with it.
 */
export class GroupCommitter<T> {
  private readonly lanes = new Map<string, Lane<T>>();

  constructor(
    private readonly write: (key: string, items: T[]) => Promise<void>,
    private readonly weigh: (item: T) => number,
    private readonly maxGroupWeight: number,
  ) {
    if (!(maxGroupWeight > 0)) throw new RangeError(`maxGroupWeight must be positive, got ${maxGroupWeight}`);
  }

  submit(key: string, item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(key) ?? { queue: [], flushing: false };
      this.lanes.set(key, lane);
      lane.queue.push({ item, resolve, reject });
      if (!lane.flushing) void this.drain(key, lane);
    });
  }

  private async drain(key: string, lane: Lane<T>): Promise<void> {
    lane.flushing = true;
    while (lane.queue.length > 0) {
      await this.flush(key, lane.queue.splice(0, this.groupLength(lane.queue)));
    }
    lane.flushing = false;
    this.lanes.delete(key);
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
