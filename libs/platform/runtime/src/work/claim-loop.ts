/** What a claim loop runs: how to claim work shared by every replica, and how to do one piece of it. */
export interface ClaimLoopWork<C> {
  /** Claims at most `free` pieces of work for this replica (a lease in the database, usually); [] when none. */
  claim(free: number): Promise<readonly C[]>;
  /** Does one claimed piece to its end; a rejection is logged, never stops the loop. */
  execute(claimed: C): Promise<void>;
  /** Names a piece in logs. */
  describe(claimed: C): string;
  /** Where problems go (a Nest Logger's warn, usually). */
  warn(message: string): void;
}

export interface ClaimLoopOptions {
  /** Between two claims when nothing wakes the loop. */
  pollMs: number;
  /** Pieces this replica does at once. */
  concurrency: number;
}

/**
 * The executors' loop every replica runs (adapter operations, performance runs, …): claim up to the free slots,
 * execute each claimed piece beside the others, sleep `pollMs` or until `wake()`, again until `stop()`, which waits
 * for the pieces in flight. Claiming is the work's own (FOR UPDATE SKIP LOCKED + a lease), so replicas share it.
 */
export class ClaimLoop<C> {
  private readonly stopped = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private wakeUp?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly work: ClaimLoopWork<C>,
    private readonly options: ClaimLoopOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Claims now instead of at the next tick (work was just requested on this replica). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming, then waits for the pieces in flight (make them end first: abort what they run). */
  async stop(): Promise<void> {
    this.stopped.abort();
    this.wakeUp?.();
    await this.loop;
  }

  get stopping(): boolean {
    return this.stopped.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      try {
        const free = this.options.concurrency - this.inFlight.size;
        const claimed = free > 0 ? await this.work.claim(free) : [];
        for (const piece of claimed) {
          const done = this.work
            .execute(piece)
            .catch((error: unknown) =>
              this.work.warn(`${this.work.describe(piece)} interrupted: ${(error as Error).message}`),
            )
            .finally(() => {
              this.inFlight.delete(done);
              // A slot freed while the claim found a full batch: more may be waiting, look now.
              if (claimed.length >= free) this.wakeUp?.();
            });
          this.inFlight.add(done);
        }
      } catch (error) {
        this.work.warn(`claiming failed: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.options.pollMs);
        this.wakeUp = done;
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    await Promise.allSettled([...this.inFlight]);
  }
}
