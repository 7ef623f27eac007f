import { describe, expect, it } from 'vitest';
import {
  PROFILE_LIMITS,
  ProfileValidationError,
  validateProfileInput,
  type PerformanceProfileInput,
} from '../index.js';
import { validProfile } from './fixtures.js';

function fieldsOf(input: PerformanceProfileInput): string[] {
  try {
    validateProfileInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).issues.map((issue) => issue.field);
  }
  return [];
}

describe('validateProfileInput', () => {
  it('accepts a valid profile, trimming the name and upper-casing the method', () => {
    const valid = validateProfileInput({ ...validProfile(), name: '  checkout p99 ' });
    expect(valid.name).toBe('checkout p99');
    expect(valid.method).toBe('POST');
  });

  it('refuses a body with a NUL character, which the database cannot store', () => {
    expect(fieldsOf({ ...validProfile(), body: 'a\u0000b' })).toEqual(['body']);
    expect(fieldsOf({ ...validProfile(), body: 'tab\tand\nnewline' })).toEqual([]);
  });

  it('refuses endpoints that are not absolute http(s) URLs, naming each one', () => {
    const fields = fieldsOf({
      ...validProfile(),
      endpoints: [
        'https://example.test/ok',
        'ftp://127.0.0.1/x',
        '/relative',
        'http://user:pw@127.0.0.1/',
        'javascript:alert(1)',
      ],
    });
    expect(fields).toEqual(['endpoints[1]', 'endpoints[2]', 'endpoints[3]', 'endpoints[4]']);
    expect(fieldsOf({ ...validProfile(), endpoints: [] })).toEqual(['endpoints']);
  });

  it('refuses control characters in the name, header values and labels', () => {
    expect(fieldsOf({ ...validProfile(), name: 'a\u0000b' })).toEqual(['name']);
    expect(fieldsOf({ ...validProfile(), headers: { 'x-a': 'ok\r\nx-injected: 1' } })).toEqual([
      'headers.x-a',
    ]);
    expect(fieldsOf({ ...validProfile(), headers: { 'bad name': 'v' } })).toEqual(['headers.bad name']);
    expect(fieldsOf({ ...validProfile(), labels: { team: 'a\u001bb' } })).toEqual(['labels.team']);
  });

  it('bounds sizes: name length, header count and bytes, body bytes', () => {
    expect(fieldsOf({ ...validProfile(), name: 'n'.repeat(PROFILE_LIMITS.nameLength + 1) })).toEqual([
      'name',
    ]);
    const many = Object.fromEntries(
      Array.from({ length: PROFILE_LIMITS.headers + 1 }, (_, i) => [`x-h${i}`, 'v']),
    );
    expect(fieldsOf({ ...validProfile(), headers: many })).toEqual(['headers']);
    expect(
      fieldsOf({ ...validProfile(), headers: { 'x-big': 'v'.repeat(PROFILE_LIMITS.headersBytes) } }),
    ).toEqual(['headers']);
    expect(fieldsOf({ ...validProfile(), body: 'b'.repeat(PROFILE_LIMITS.bodyBytes + 1) })).toEqual(['body']);
  });

  it('checks the model, duration, workers, generator and method', () => {
    expect(fieldsOf({ ...validProfile(), model: { kind: 'closed', concurrency: 0 } })).toEqual([
      'model.concurrency',
    ]);
    expect(fieldsOf({ ...validProfile(), model: { kind: 'open', rate: 201, connections: 8 } })).toEqual([
      'model.rate',
    ]);
    expect(
      fieldsOf({ ...validProfile(), model: { kind: 'closed', concurrency: 4 }, durationMs: 0, workers: 65 }),
    ).toEqual(['durationMs', 'workers']);
    expect(
      fieldsOf({ ...validProfile(), generator: 'jmeter' as never, protocol: 'tcp' as never, method: 'GE T' }),
    ).toEqual(['generator', 'protocol', 'method']);
  });
});
