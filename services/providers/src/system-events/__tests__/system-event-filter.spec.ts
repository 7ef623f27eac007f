import { describe, expect, it } from 'vitest';
import { SystemEventKind, SystemEventSeverity, type SystemEvent } from '../models/system-event.model.js';
import { matches } from '../system-events.resolver.js';

const event: SystemEvent = {
  id: '00000000-0000-4000-8000-000000000001',
  service: 'perf',
  instance: 'perf-1',
  kind: SystemEventKind.STARTED,
  severity: SystemEventSeverity.INFO,
  message: 'perf 0.1.0 started',
  at: new Date('2026-01-01T00:00:00Z'),
};

describe('the live system event filter', () => {
  it('lets everything through without a filter or with empty criteria', () => {
    expect(matches(event)).toBe(true);
    expect(matches(event, null)).toBe(true);
    expect(matches(event, { services: [], kinds: [], severities: [] })).toBe(true);
  });

  it('matches an event whose values are among every given list', () => {
    expect(
      matches(event, {
        services: ['patterns', 'perf'],
        kinds: [SystemEventKind.STARTED, SystemEventKind.STOPPING],
        severities: [SystemEventSeverity.INFO],
      }),
    ).toBe(true);
  });

  it('drops an event that misses any one criterion', () => {
    expect(matches(event, { services: ['patterns'] })).toBe(false);
    expect(matches(event, { kinds: [SystemEventKind.NOTICE] })).toBe(false);
    expect(matches(event, { services: ['perf'], severities: [SystemEventSeverity.ERROR] })).toBe(false);
  });
});
