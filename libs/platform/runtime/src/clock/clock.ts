/**
 * Business time (expiry, rotation, retention, the `at` of a record or an event), in one place so that code
 * depending on it is testable without sleeping. An abstract class rather than an interface: it is then also
 * the Nest injection token (`constructor(private readonly clock: Clock)`). RuntimeModule provides the system
 * clock; tests hand a ManualClock to the service instead.
 *
 * Not for measuring durations or deadlines of the process itself (timeouts, backoff, metrics): those keep
 * using `performance.now()`/`Date.now()` directly, as a test clock must not stall them.
 */
export abstract class Clock {
  /** Milliseconds since the epoch. */
  abstract nowMs(): number;

  now(): Date {
    return new Date(this.nowMs());
  }
}

/** The machine's clock. */
export class SystemClock extends Clock {
  override nowMs(): number {
    return Date.now();
  }

  override now(): Date {
    return new Date();
  }
}

export const systemClock: Clock = new SystemClock();

/** A clock that moves only when told: for tests. */
export class ManualClock extends Clock {
  private ms: number;

  constructor(start: Date | number = Date.parse('2030-01-01T00:00:00Z')) {
    super();
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  override nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
  }
}
