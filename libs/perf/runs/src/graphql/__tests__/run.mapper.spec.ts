import { describe, expect, it } from 'vitest';
import type { PerformanceRunEntity } from '../../entities/performance-run.entity.js';
import { toRunModel } from '../run.mapper.js';

const row = (progress: PerformanceRunEntity['progress']) =>
  ({
    id: 'r',
    profileId: 'p',
    profile: { name: 'checkout' },
    status: 'SUCCEEDED',
    idempotencyKey: null,
    requestedBy: null,
    cancelRequested: false,
    progress,
    environment: null,
    message: null,
    createdAt: new Date(0),
    startedAt: null,
    finishedAt: null,
  }) as unknown as PerformanceRunEntity;

describe('a run as the API shows it', () => {
  it('shows a run stored with a fractional window (before the fix) in whole milliseconds, as Int requires', () => {
    const progress = {
      phase: 'drain' as const,
      elapsedMs: 1000.4375,
      plannedMs: 1000.4375,
      requests: 50,
      errors: 50,
      currentRate: 49.98,
    };
    expect(toRunModel(row(progress)).progress).toEqual({
      phase: 'drain',
      elapsedMs: 1000,
      plannedMs: 1000,
      requests: 50,
      errors: 50,
      currentRate: 50,
    });
    expect(toRunModel(row(null)).progress).toBeNull();
  });
});
