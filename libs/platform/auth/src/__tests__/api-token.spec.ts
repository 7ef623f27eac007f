import { describe, expect, it } from 'vitest';
import { generateApiToken, hashApiToken, parseApiTokenId, verifyApiTokenHash } from '../index.js';

describe('API tokens', () => {
  it('embeds a lookup id and stores only a sha256 hash', () => {
    const { token, tokenId, hash } = generateApiToken();
    expect(token).toMatch(/^mp_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiTokenId(token)).toBe(tokenId);
    expect(hash).toBe(hashApiToken(token));
    expect(hash).not.toContain(token.slice(20));
  });

  it('generates distinct tokens', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => generateApiToken().token));
    expect(tokens.size).toBe(50);
  });

  it('verifies the right token and rejects any other against the stored hash', () => {
    const { token, hash } = generateApiToken('mpt_');
    expect(verifyApiTokenHash(token, hash)).toBe(true);
    expect(verifyApiTokenHash(`${token.slice(0, -1)}x`, hash)).toBe(false);
    expect(verifyApiTokenHash(token, 'not-hex')).toBe(false);
  });

  it.each([
    '',
    'Bearer abc',
    'mp_short_secret',
    'xx_0123456789abcdef_' + 'a'.repeat(43),
    'mp_0123456789abcdef_' + 'a'.repeat(42),
  ])('finds no id in %s', (value) => {
    expect(parseApiTokenId(value)).toBeUndefined();
  });
});
