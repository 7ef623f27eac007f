import { type StoredObject } from './stored-object.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as etcd would record it: the new state (for DELETED, the last state at the deletion's RV) and the previous one. */
export interface ChangeEvent {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly resourceId: string;
  readonly object: StoredObject;
  readonly previous: StoredObject | undefined;
}

/**
 * The history kept for watch replays and consistent pagination. Every event with rv > compactedRv is retained;
 * anything at or before it is gone, which is what turns old resource versions into 410 Gone.
 */
export class EventLog {
  private events: ChangeEvent[] = [];
  private start = 0;
  private compacted: number;

  constructor(
    private readonly window: number,
    initialRv: number,
  ) {
    this.compacted = initialRv;
  }

  get compactedRv(): number {
    return this.compacted;
  }

  append(event: ChangeEvent): void {
    this.events.push(event);
    if (this.size > this.window) this.dropOldest(this.size - this.window);
  }

  /** Forgets all but the newest `keepLast` events; `currentRv` becomes the compaction point when none are kept. */
  compact(keepLast: number, currentRv: number): void {
    const drop = this.size - Math.max(0, keepLast);
    if (drop > 0) this.dropOldest(drop);
    if (keepLast <= 0) this.compacted = Math.max(this.compacted, currentRv);
  }

  /** Events with rv > `afterRv`, oldest first. Callers check `afterRv >= compactedRv` first. */
  *since(afterRv: number): Generator<ChangeEvent> {
    for (let i = this.indexAfter(afterRv); i < this.events.length; i++) yield this.events[i] as ChangeEvent;
  }

  /** Events with rv > `afterRv`, newest first. */
  *newestFirstUntil(afterRv: number): Generator<ChangeEvent> {
    for (let i = this.events.length - 1; i >= this.start; i--) {
      const event = this.events[i] as ChangeEvent;
      if (event.rv <= afterRv) return;
      yield event;
    }
  }

  private get size(): number {
    return this.events.length - this.start;
  }

  private dropOldest(count: number): void {
    this.start += count;
    this.compacted = Math.max(this.compacted, (this.events[this.start - 1] as ChangeEvent).rv);
    // Shift the array only once the dead prefix dominates, so trimming stays amortised O(1).
    if (this.start > 1024 && this.start * 2 > this.events.length) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }

  private indexAfter(rv: number): number {
    let lo = this.start;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid] as ChangeEvent).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
