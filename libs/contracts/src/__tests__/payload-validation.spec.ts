import { describe, expect, it } from 'vitest';
import {
  decodePayload,
  encodePayload,
  InvalidPayloadError,
  parsePayload,
  systemEvent,
  type SystemEvent,
} from '../index.js';

const valid: SystemEvent = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  service: 'meshsync-ingest',
  instance: 'pod-1',
  kind: 'started',
  severity: 'info',
  message: 'up',
  at: '2026-01-02T03:04:05.000Z',
};

function issuesOf(run: () => unknown): InvalidPayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidPayloadError) return error;
    throw error;
  }
  throw new Error('expected InvalidPayloadError');
}

describe('SystemEvent payload validation', () => {
  it('accepts a well-formed event and routes it by service and kind', () => {
    expect(parsePayload(systemEvent, valid)).toEqual(valid);
    expect(systemEvent.subject(valid)).toBe('system.v1.meshsync-ingest.started');
    expect(systemEvent.msgId(valid)).toBe(valid.id);
  });

  it('names every offending field path', () => {
    const error = issuesOf(() =>
      parsePayload(systemEvent, {
        ...valid,
        id: 'nope',
        service: 'MeshSync',
        message: 'x'.repeat(2001),
        at: 'yesterday',
      }),
    );
    expect(error.issues.map((i) => i.path).sort()).toEqual(['at', 'id', 'message', 'service']);
    expect(error.message).toMatch(/^Invalid SystemEvent@1 payload: /);
    expect(error.message).toContain('service: must be kebab-case');
  });

  it('rejects unknown kinds and severities', () => {
    const error = issuesOf(() => parsePayload(systemEvent, { ...valid, kind: 'crashed', severity: 'fatal' }));
    expect(error.issues.map((i) => i.path).sort()).toEqual(['kind', 'severity']);
  });

  it('reports a body that is not JSON at the root', () => {
    const error = issuesOf(() => decodePayload(systemEvent, new TextEncoder().encode('{oops')));
    expect(error.issues).toEqual([{ path: '(root)', message: expect.stringContaining('not UTF-8 JSON') }]);
  });

  it('round-trips through encode and decode', () => {
    expect(decodePayload(systemEvent, encodePayload(systemEvent, valid))).toEqual(valid);
  });

  it('reports a non-object payload at the root', () => {
    const error = issuesOf(() => parsePayload(systemEvent, null));
    expect(error.issues[0]?.path).toBe('(root)');
  });
});
