import type {
  EventSeverity,
  OperationContext,
  OperationEventInput,
  OperationResult,
  OperationTarget,
} from './adapter-definition.js';
import { OperationError } from './adapter-definition.js';
import type { JsonObject } from './json.js';

export type FinalState = 'succeeded' | 'failed' | 'cancelled' | 'deadline-exceeded';

export interface RecordedEvent extends OperationEventInput {
  operationId: string;
  sequence: number;
  severity: EventSeverity;
  at: Date;
  /** Set on the last event of a run only. */
  state?: FinalState;
}

export interface RunOutcome {
  state: FinalState;
  message: string;
  output?: JsonObject;
}

export interface RunRequest {
  operationId: string;
  operation: string;
  orgId: string;
  namespace: string;
  input: JsonObject;
  delete: boolean;
  dryRun: boolean;
  target: OperationTarget;
  deadline: Date | undefined;
  /** Identifies the request's content: a retry under the same id must carry the same one. */
  fingerprint: string;
}

export type RunHandler = (ctx: OperationContext) => Promise<OperationResult | void>;

/** The same operation id arrived with a different request. */
export class OperationIdConflictError extends Error {
  constructor(operationId: string) {
    super(`operation_id ${operationId} was already used for a different request`);
    this.name = 'OperationIdConflictError';
  }
}

class DeadlineReached extends Error {}
class CancelRequested extends Error {}

interface Run {
  operationId: string;
  fingerprint?: string;
  outcome?: Promise<RunOutcome>;
  settled?: RunOutcome;
  events: RecordedEvent[];
  listeners: Set<(event: RecordedEvent) => void>;
  controller: AbortController;
}

/** The outcome plus what the final event says beyond it. */
type HandlerOutcome = RunOutcome & {
  failure?: Pick<OperationEventInput, 'details' | 'probableCause' | 'suggestedRemediation'>;
};

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Every run this process knows, by operation id: the idempotency guard (an id runs at most once; a retry joins the
 * run or gets its recorded outcome), the deadline and cancellation (both abort the handler's signal and settle the
 * outcome at once, even when a handler ignores its signal: its late result and events are dropped), and the event
 * log each run's subscribers replay. The oldest finished runs are forgotten beyond `maxRemembered`; the broker's
 * persisted state machine is what guards across adapter restarts.
 */
export class OperationRuns {
  private readonly runs = new Map<string, Run>();
  private settledCount = 0;

  constructor(
    private readonly maxRemembered = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(request: RunRequest, handler: RunHandler): { outcome: Promise<RunOutcome>; replayed: boolean } {
    const known = this.runs.get(request.operationId);
    if (known?.outcome) {
      if (known.fingerprint !== request.fingerprint) throw new OperationIdConflictError(request.operationId);
      return { outcome: known.outcome, replayed: true };
    }
    const run = known ?? this.newRun(request.operationId);
    run.fingerprint = request.fingerprint;
    run.outcome = this.execute(run, request, handler);
    return { outcome: run.outcome, replayed: false };
  }

  /** Aborts a running operation; resolves to its final state, or undefined for an unknown id. */
  async cancel(operationId: string): Promise<FinalState | undefined> {
    const run = this.runs.get(operationId);
    if (!run?.outcome) return undefined;
    if (!run.settled) run.controller.abort(new CancelRequested('cancelled'));
    return (await run.outcome).state;
  }

  /**
   * Replays the events after `afterSequence`, then delivers live ones; the last one delivered carries `state`.
   * An unknown id is waited for. Returns the unsubscribe function.
   */
  subscribe(
    operationId: string,
    afterSequence: number,
    listener: (event: RecordedEvent) => void,
  ): () => void {
    const run = this.runs.get(operationId) ?? this.newRun(operationId);
    for (const event of run.events) if (event.sequence > afterSequence) listener(event);
    if (run.settled) return () => undefined;
    const live = (event: RecordedEvent): void => {
      if (event.sequence > afterSequence) listener(event);
    };
    run.listeners.add(live);
    return () => {
      run.listeners.delete(live);
      // Nobody applied the id the subscriber waited for: forget the placeholder.
      if (!run.outcome && run.listeners.size === 0) this.runs.delete(operationId);
    };
  }

  private newRun(operationId: string): Run {
    const run: Run = { operationId, events: [], listeners: new Set(), controller: new AbortController() };
    this.runs.set(operationId, run);
    return run;
  }

  private async execute(run: Run, request: RunRequest, handler: RunHandler): Promise<RunOutcome> {
    const { signal } = run.controller;
    const timer = this.armDeadline(run, request.deadline);
    const aborted = new Promise<HandlerOutcome>((resolve) => {
      const settle = (): void => resolve(this.abortOutcome(request, signal.reason));
      if (signal.aborted) settle();
      else signal.addEventListener('abort', settle, { once: true });
    });
    const ran = signal.aborted ? aborted : this.runHandler(run, request, handler);
    const { failure, ...outcome } = await Promise.race([ran, aborted]);
    clearTimeout(timer);
    this.record(run, {
      ...failure,
      severity: severityOf(outcome.state),
      summary: outcome.message,
      state: outcome.state,
      ...(outcome.state === 'succeeded' ? { progressPercent: 100 } : {}),
    });
    run.settled = outcome;
    run.listeners.clear();
    this.settledCount += 1;
    this.forgetOldest();
    return outcome;
  }

  private armDeadline(run: Run, deadline: Date | undefined): NodeJS.Timeout | undefined {
    if (!deadline) return undefined;
    const remaining = deadline.getTime() - this.now().getTime();
    if (remaining <= 0) {
      run.controller.abort(new DeadlineReached('deadline'));
      return undefined;
    }
    return setTimeout(
      () => run.controller.abort(new DeadlineReached('deadline')),
      Math.min(remaining, MAX_TIMER_MS),
    );
  }

  private async runHandler(run: Run, request: RunRequest, handler: RunHandler): Promise<HandlerOutcome> {
    try {
      const result = await handler(this.context(run, request));
      return {
        state: 'succeeded',
        message: result?.message ?? `${request.operation} ${request.dryRun ? 'dry run ' : ''}succeeded`,
        ...(result?.output ? { output: result.output } : {}),
      };
    } catch (error) {
      return {
        state: 'failed',
        message: `${request.operation} failed: ${errorMessage(error)}`,
        // The cause and remedy of an OperationError go into the final event.
        ...(error instanceof OperationError ? { failure: error.details } : {}),
      };
    }
  }

  private abortOutcome(request: RunRequest, reason: unknown): RunOutcome {
    if (reason instanceof DeadlineReached) {
      return {
        state: 'deadline-exceeded',
        message: `${request.operation} did not finish before its deadline ${request.deadline?.toISOString()}`,
      };
    }
    return { state: 'cancelled', message: `${request.operation} was cancelled` };
  }

  private context(run: Run, request: RunRequest): OperationContext {
    const emit = (event: OperationEventInput): void => {
      if (run.settled || run.controller.signal.aborted) return;
      this.record(run, { ...event, severity: event.severity ?? 'info' });
    };
    return {
      operationId: request.operationId,
      operation: request.operation,
      orgId: request.orgId,
      namespace: request.namespace,
      input: request.input,
      delete: request.delete,
      dryRun: request.dryRun,
      target: request.target,
      deadline: request.deadline,
      signal: run.controller.signal,
      emit,
      info: (summary, details) => emit({ summary, ...(details ? { details } : {}) }),
      warn: (summary, details) => emit({ ...details, summary, severity: 'warning' }),
      progress: (percent, summary) => emit({ summary, progressPercent: percent }),
    };
  }

  private record(
    run: Run,
    event: OperationEventInput & { severity: EventSeverity; state?: FinalState },
  ): void {
    const recorded: RecordedEvent = {
      ...event,
      ...(event.progressPercent === undefined
        ? {}
        : { progressPercent: Math.max(0, Math.min(100, Math.round(event.progressPercent))) }),
      operationId: run.operationId,
      sequence: run.events.length + 1,
      at: this.now(),
    };
    run.events.push(recorded);
    for (const listener of run.listeners) listener(recorded);
  }

  private forgetOldest(): void {
    for (const [id, run] of this.runs) {
      if (this.settledCount <= this.maxRemembered) return;
      if (!run.settled) continue;
      this.runs.delete(id);
      this.settledCount -= 1;
    }
  }
}

function severityOf(state: FinalState): EventSeverity {
  switch (state) {
    case 'succeeded':
      return 'info';
    case 'cancelled':
      return 'warning';
    case 'failed':
    case 'deadline-exceeded':
      return 'error';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
