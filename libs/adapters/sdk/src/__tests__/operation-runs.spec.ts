import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { OperationError, type OperationContext } from '../adapter-definition.js';
import {
  OperationIdConflictError,
  OperationRuns,
  type RecordedEvent,
  type RunRequest,
} from '../operation-runs.js';

function request(operationId: string, overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    operationId,
    operation: 'install',
    orgId: 'org-1',
    namespace: 'mesh',
    input: {},
    delete: false,
    dryRun: false,
    target: { connectionId: 'c-1', kubeconfig: undefined },
    deadline: undefined,
    fingerprint: 'f1',
    ...overrides,
  };
}

/** A handler that waits until its signal aborts (it never finishes on its own). */
const untilAborted = (ctx: OperationContext): Promise<void> =>
  new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));

describe('OperationRuns', () => {
  it('runs an operation id once: a concurrent and a later retry get the same outcome', async () => {
    const runs = new OperationRuns();
    let calls = 0;
    const handler = async (ctx: OperationContext) => {
      calls += 1;
      await sleep(10);
      return { message: `done ${ctx.operationId}` };
    };
    const first = runs.start(request('op-1'), handler);
    const concurrent = runs.start(request('op-1'), handler);
    const firstOutcome = await first.outcome;
    const later = runs.start(request('op-1'), handler);
    expect(await concurrent.outcome).toEqual(firstOutcome);
    expect(await later.outcome).toEqual({ state: 'succeeded', message: 'done op-1' });
    expect([first.replayed, concurrent.replayed, later.replayed]).toEqual([false, true, true]);
    expect(calls).toBe(1);
  });

  it('refuses the same id with a different request', async () => {
    const runs = new OperationRuns();
    await runs.start(request('op-1'), async () => undefined).outcome;
    expect(() => runs.start(request('op-1', { fingerprint: 'f2' }), async () => undefined)).toThrow(
      OperationIdConflictError,
    );
  });

  it('numbers events without gaps and ends with the final state', async () => {
    const runs = new OperationRuns();
    await runs.start(request('op-1'), async (ctx) => {
      ctx.progress(50, 'half');
      ctx.warn('slow registry', { probableCause: ['rate limited'] });
    }).outcome;
    const events: RecordedEvent[] = [];
    runs.subscribe('op-1', 0, (event) => events.push(event));
    expect(events.map((e) => [e.sequence, e.severity, e.summary, e.progressPercent, e.state])).toEqual([
      [1, 'info', 'half', 50, undefined],
      [2, 'warning', 'slow registry', undefined, undefined],
      [3, 'info', 'install succeeded', 100, 'succeeded'],
    ]);
    expect(events[1]?.probableCause).toEqual(['rate limited']);
    const after: number[] = [];
    runs.subscribe('op-1', 2, (event) => after.push(event.sequence));
    expect(after).toEqual([3]);
  });

  it('delivers events to a subscriber that came before the operation', async () => {
    const runs = new OperationRuns();
    const seen: string[] = [];
    runs.subscribe('op-1', 0, (event) => seen.push(event.summary));
    await runs.start(request('op-1'), async (ctx) => ctx.info('step')).outcome;
    expect(seen).toEqual(['step', 'install succeeded']);
  });

  it('puts the cause and remedy of an OperationError into the final event', async () => {
    const runs = new OperationRuns();
    const outcome = await runs.start(request('op-1'), async () => {
      throw new OperationError('istiod not ready', {
        probableCause: ['image pull failed'],
        suggestedRemediation: ['check the registry'],
      });
    }).outcome;
    expect(outcome).toEqual({ state: 'failed', message: 'install failed: istiod not ready' });
    const events: RecordedEvent[] = [];
    runs.subscribe('op-1', 0, (event) => events.push(event));
    expect(events.at(-1)).toMatchObject({
      severity: 'error',
      state: 'failed',
      probableCause: ['image pull failed'],
      suggestedRemediation: ['check the registry'],
    });
  });

  it('aborts the handler at the deadline and settles even when the handler ignores its signal', async () => {
    const runs = new OperationRuns();
    let signal: AbortSignal | undefined;
    let ignoring: OperationContext | undefined;
    const outcome = await runs.start(request('op-1', { deadline: new Date(Date.now() + 30) }), (ctx) => {
      signal = ctx.signal;
      ignoring = ctx;
      return new Promise(() => undefined);
    }).outcome;
    expect(outcome.state).toBe('deadline-exceeded');
    expect(signal?.aborted).toBe(true);
    ignoring?.info('too late');
    const events: RecordedEvent[] = [];
    runs.subscribe('op-1', 0, (event) => events.push(event));
    expect(events.map((event) => event.state)).toEqual(['deadline-exceeded']);
  });

  it('does not start a handler whose deadline has already passed', async () => {
    const runs = new OperationRuns();
    let started = false;
    const outcome = await runs.start(request('op-1', { deadline: new Date(Date.now() - 1) }), async () => {
      started = true;
    }).outcome;
    expect({ state: outcome.state, started }).toEqual({ state: 'deadline-exceeded', started: false });
  });

  it('cancels a running operation', async () => {
    const runs = new OperationRuns();
    const started = runs.start(request('op-1'), untilAborted);
    expect(await runs.cancel('op-1')).toBe('cancelled');
    expect((await started.outcome).state).toBe('cancelled');
    expect(await runs.cancel('unknown')).toBeUndefined();
  });

  it('forgets the oldest finished runs beyond its limit', async () => {
    const runs = new OperationRuns(2);
    let calls = 0;
    const handler = async () => {
      calls += 1;
    };
    for (const id of ['a', 'b', 'c']) await runs.start(request(id), handler).outcome;
    expect(runs.start(request('c'), handler).replayed).toBe(true);
    expect(runs.start(request('a'), handler).replayed).toBe(false);
    expect(calls).toBe(4);
  });
});
