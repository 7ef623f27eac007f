import { describe, expect, it } from 'vitest';
import { assertVersionedSubject, subjectMatches, subjectPatternWithin, subjectToken } from '../index.js';

describe('subjects', () => {
  it('matches concrete subjects against * and trailing > patterns', () => {
    expect(subjectMatches('system.v1.>', 'system.v1.providers.started')).toBe(true);
    expect(subjectMatches('system.v1.*.started', 'system.v1.providers.started')).toBe(true);
    expect(subjectMatches('system.v1.*.started', 'system.v1.providers.stopping')).toBe(false);
    expect(subjectMatches('system.v1.>', 'system.v1')).toBe(false);
    expect(subjectMatches('system.v1.a', 'system.v1.a.b')).toBe(false);
  });

  it('knows when one pattern is contained in another', () => {
    expect(subjectPatternWithin('system.v1.*.started', 'system.v1.>')).toBe(true);
    expect(subjectPatternWithin('system.v1.>', 'system.v1.>')).toBe(true);
    expect(subjectPatternWithin('system.v1.>', 'system.v1.*')).toBe(false);
    expect(subjectPatternWithin('system.>', 'system.v1.>')).toBe(false);
  });

  it('requires a <domain>.v<N> prefix and well-formed tokens', () => {
    expect(() => assertVersionedSubject('system.v1.>', 'x')).not.toThrow();
    expect(() => assertVersionedSubject('system.>', 'x')).toThrow(/<domain>\.v<N>/);
    expect(() => assertVersionedSubject('system.v1.a b', 'x')).toThrow(/invalid token "a b"/);
    expect(() => assertVersionedSubject('system.v1.>.x', 'x')).toThrow(/invalid token ">"/);
  });

  it('refuses values that would split or widen a subject', () => {
    expect(subjectToken('org-1_a')).toBe('org-1_a');
    for (const bad of ['', 'a.b', '*', '>', 'a b']) expect(() => subjectToken(bad)).toThrow();
  });
});
