import { describe, expect, it } from 'vitest';
import { s256Challenge, verifyPkceS256 } from '../oauth/pkce.js';

// RFC 7636 appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('matches the RFC 7636 example', () => {
    expect(s256Challenge(VERIFIER)).toBe(CHALLENGE);
    expect(verifyPkceS256(VERIFIER, CHALLENGE)).toBe(true);
  });

  it('rejects another verifier', () => {
    expect(verifyPkceS256(`${VERIFIER.slice(0, -1)}Y`, CHALLENGE)).toBe(false);
  });

  it('rejects a verifier used as its own challenge (plain method)', () => {
    expect(verifyPkceS256(VERIFIER, VERIFIER)).toBe(false);
  });

  it('rejects verifiers shorter than 43 characters', () => {
    const short = 'a'.repeat(42);
    expect(verifyPkceS256(short, s256Challenge(short))).toBe(false);
  });
});
