import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  canTransition,
  isFinal,
  MAX_RETRY_DELAY_MS,
  resumeDecision,
  retryDelayMs,
  type AttemptContext,
} from '../state/operation-state.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const context = (overrides: Partial<AttemptContext> = {}): AttemptContext => ({
  attempts: 1,
  maxAttempts: 3,
  idempotent: true,
  cancelRequested: false,
  deadlineAt: new Date(NOW.getTime() + 60_000),
  now: NOW,
  ...overrides,
});
const unreachable = { kind: 'unreachable', message: 'adapter istio unreachable' } as const;

describe('operation state machine', () => {
  it('moves PENDING → RUNNING → a final state, and nothing leaves a final state', () => {
    expect(canTransition('PENDING', 'RUNNING')).toBe(true);
    expect(canTransition('PENDING', 'CANCELLED')).toBe(true);
    expect(canTransition('PENDING', 'SUCCEEDED')).toBe(false);
    for (const to of ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PENDING'] as const) {
      expect(canTransition('RUNNING', to)).toBe(true);
    }
    for (const final of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      expect(isFinal(final)).toBe(true);
      expect(canTransition(final, 'RUNNING')).toBe(false);
      expect(canTransition(final, 'PENDING')).toBe(false);
    }
    expect(isFinal('RUNNING')).toBe(false);
  });

  it("records the adapter's own end, a missed deadline as FAILED", () => {
    expect(afterAttempt(context(), { kind: 'finished', state: 'SUCCEEDED', message: 'ok' })).toEqual({
      status: 'SUCCEEDED',
      message: 'ok',
    });
    expect(
      afterAttempt(context(), { kind: 'finished', state: 'DEADLINE_EXCEEDED', message: 'late' }).status,
    ).toBe('FAILED');
    expect(afterAttempt(context(), { kind: 'finished', state: 'CANCELLED', message: 'stop' }).status).toBe(
      'CANCELLED',
    );
  });

  it('retries an attempt that sent nothing for any operation, within attempts, time and cancel', () => {
    const notSent = { kind: 'not-sent', message: 'credentials of connection c not fetched' } as const;
    expect(afterAttempt(context({ idempotent: false }), notSent)).toMatchObject({
      status: 'PENDING',
      retry: true,
    });
    expect(afterAttempt(context({ attempts: 3 }), notSent).status).toBe('FAILED');
    expect(afterAttempt(context({ deadlineAt: NOW }), notSent).status).toBe('FAILED');
    expect(afterAttempt(context({ cancelRequested: true }), notSent).status).toBe('CANCELLED');
  });

  it('retries an unreachable adapter only for idempotent operations with attempts and time left', () => {
    expect(afterAttempt(context(), unreachable)).toMatchObject({ status: 'PENDING', retry: true });
    expect(afterAttempt(context({ idempotent: false }), unreachable)).toEqual({
      status: 'FAILED',
      message: 'adapter istio unreachable',
    });
    expect(afterAttempt(context({ attempts: 3 }), unreachable).status).toBe('FAILED');
    expect(afterAttempt(context({ deadlineAt: NOW }), unreachable).status).toBe('FAILED');
    expect(afterAttempt(context({ cancelRequested: true }), unreachable).status).toBe('CANCELLED');
  });

  it('never retries a refusal or a call that timed out', () => {
    expect(afterAttempt(context(), { kind: 'refused', message: 'bad' }).status).toBe('FAILED');
    expect(afterAttempt(context(), { kind: 'timed-out', message: 'slow' }).status).toBe('FAILED');
  });

  it('resumes a lost lease before the deadline, fails it after', () => {
    expect(resumeDecision(new Date(NOW.getTime() + 1), NOW)).toEqual({ resume: true });
    const late = resumeDecision(NOW, NOW);
    expect(late.resume).toBe(false);
    expect(late).toMatchObject({ message: expect.stringContaining('deadline') });
  });

  it('waits longer before each retry of an unreachable adapter, doubling from the base up to 30 s', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 1_000))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(retryDelayMs(12, 1_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(0, 250)).toBe(250);
  });
});
