import { describe, expect, it } from 'vitest';
import { adapterOperationEventSchema } from '@meshplane/contracts';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { eventPayload, eventRow } from '../execution/operation-events.js';

const ORG = '6f1c2d43-6b2a-4b8e-9a41-0d5c8f8f3a10';
const OPERATION = '0b7e6c1a-3f0d-4b9f-8a2e-4f1d2c3b4a59';
const ADAPTER = '9d1f6a2b-1c3e-4d5f-8a7b-6c5d4e3f2a10';
const AT = new Date('2026-12-04T12:00:00Z');

const adapterEvent = (overrides: Partial<adapterV1.OperationEvent> = {}): adapterV1.OperationEvent => ({
  operationId: OPERATION,
  sequence: '3',
  severity: adapterV1.EventSeverity.EVENT_SEVERITY_WARNING,
  summary: 'control plane slow',
  details: '',
  probableCause: ['image pull'],
  suggestedRemediation: [],
  progressPercent: 66.7,
  at: AT,
  state: adapterV1.OperationState.OPERATION_STATE_UNSPECIFIED,
  ...overrides,
});

describe("relaying an adapter's events", () => {
  it('stores what the adapter said, bounded, and publishes a payload the contract accepts', () => {
    const row = eventRow(ORG, adapterEvent({ summary: 'x'.repeat(5_000) }), new Date());
    if (!row) throw new Error('event dropped');
    expect(row).toMatchObject({
      sequence: 3,
      severity: 'WARNING',
      details: null,
      progressPercent: 67,
      status: null,
    });
    expect(row.summary).toHaveLength(2_000);
    const payload = eventPayload(row, ADAPTER);
    expect(adapterOperationEventSchema.parse(payload)).toEqual(payload);
    expect(payload).not.toHaveProperty('suggestedRemediation');
  });

  it('maps the final state onto the operation status (a missed deadline is FAILED)', () => {
    const final = (state: adapterV1.OperationState) => eventRow(ORG, adapterEvent({ state }), AT)?.status;
    expect(final(adapterV1.OperationState.OPERATION_STATE_SUCCEEDED)).toBe('SUCCEEDED');
    expect(final(adapterV1.OperationState.OPERATION_STATE_DEADLINE_EXCEEDED)).toBe('FAILED');
    expect(final(adapterV1.OperationState.OPERATION_STATE_CANCELLED)).toBe('CANCELLED');
  });

  it('drops an event whose sequence cannot be stored', () => {
    expect(eventRow(ORG, adapterEvent({ sequence: '0' }), AT)).toBeNull();
    expect(eventRow(ORG, adapterEvent({ sequence: '99999999999' }), AT)).toBeNull();
  });
});
