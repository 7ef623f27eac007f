import type { ResourceChange } from '@meshplane/contracts';

export interface BatcherOptions {
  flushMs: number;
  maxChanges: number;
}

export type BatchSink = (changes: ResourceChange[]) => Promise<void>;

/**
 * Coalesces watch events into batches: per object only the newest change survives (an update storm on one
 * Deployment becomes one upsert), a batch goes out `flushMs` after its first change or as soon as it holds
 * `maxChanges`, and batches are handed to the sink one at a time, in order.
 */
export class ChangeBatcher {
  private pending = new Map<string, ResourceChange>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: BatcherOptions,
    private readonly sink: BatchSink,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  add(change: ResourceChange): void {
    this.pending.delete(change.uid);
    this.pending.set(change.uid, change);
    if (this.pending.size >= this.options.maxChanges) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
    }
  }

  /** Sends what is pending; resolves once it and every earlier batch reached the sink (or failed). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      this.chain = this.chain.then(() => this.sink(batch)).catch((error: unknown) => this.onError(error));
    }
    return this.chain;
  }

  /** Forgets what is pending (a relist will repeat it) and stops the timer. */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = new Map();
  }
}
