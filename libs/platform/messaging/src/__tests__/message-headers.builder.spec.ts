import { systemEvent } from '@meshplane/contracts';
import { describe, expect, it } from 'vitest';
import { buildMessageHeaders } from '../publish/message-headers.builder.js';

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('buildMessageHeaders', () => {
  it('always sets the dedup id and the event name@version', () => {
    expect(Object.fromEntries(buildMessageHeaders(systemEvent, 'abc'))).toEqual({
      'Nats-Msg-Id': 'abc',
      'Meshplane-Event': 'SystemEvent@1',
    });
  });

  it('adds tenant and traceparent when given', () => {
    const headers = buildMessageHeaders(systemEvent, 'abc', { tenant: 'org-1', traceparent: TRACE });
    expect(headers.get('Meshplane-Tenant')).toBe('org-1');
    expect(headers.get('traceparent')).toBe(TRACE);
  });

  it('refuses header injection through line breaks and empty tenants', () => {
    expect(() => buildMessageHeaders(systemEvent, 'abc', { tenant: 'org\r\nX-Evil: 1' })).toThrow(
      /single-line/,
    );
    expect(() => buildMessageHeaders(systemEvent, 'abc', { tenant: '' })).toThrow(/non-empty/);
    expect(() => buildMessageHeaders(systemEvent, 'a\nb')).toThrow(/msgId/);
  });

  it('refuses a traceparent that is not W3C trace context', () => {
    expect(() => buildMessageHeaders(systemEvent, 'abc', { traceparent: 'not-a-trace' })).toThrow(/W3C/);
  });

  it('carries tracestate, refusing line breaks and values beyond W3C’s 512 characters', () => {
    const headers = buildMessageHeaders(systemEvent, 'abc', {
      traceparent: TRACE,
      tracestate: 'vendor=abc,o=1',
    });
    expect(headers.get('tracestate')).toBe('vendor=abc,o=1');
    expect(() => buildMessageHeaders(systemEvent, 'abc', { tracestate: 'a=1\r\nX-Evil: 1' })).toThrow(
      /tracestate/,
    );
    expect(() => buildMessageHeaders(systemEvent, 'abc', { tracestate: 'a='.padEnd(513, 'x') })).toThrow(
      /tracestate/,
    );
  });
});
