import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword } from '../local/password-policy.js';

function refusal(password: string, email?: string): string | undefined {
  try {
    assertAcceptablePassword('newPassword', password, email);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the password policy', () => {
  it.each([
    ['too-short', /^newPassword: must be 12 to 1024 characters long$/],
    ['aaaaaaaaaaaaab', /fewer than 5 different characters/],
    ['passwordpassword', /most common passwords/],
    ['correct horse battery staple', /most common passwords/],
    ['Dragon-2024!!!!', /common password with digits or symbols added/],
    ['p@ssw0rd2024!', /common password with digits or symbols added/],
    ['12345678901234', /keyboard or alphabet sequence/],
    ['QWERTYUIOPASDF', /keyboard or alphabet sequence/],
    ['1q2w3e4r5t6y7u', /keyboard or alphabet sequence/],
    ['kubernetes2025', /common password with digits or symbols added/],
  ])('refuses %j saying why', (password, reason) => {
    expect(refusal(password)).toMatch(reason);
  });

  it('refuses a password holding the account email or its name part', () => {
    expect(refusal('jane.doe-secret-42!', 'jane.doe@example.com')).toMatch(/contains your email address/);
  });

  it('accepts long passwords that are not on the list, in any script', () => {
    for (const password of [
      'the operator picked this one',
      'violet anchor tram soup',
      'Kv9#pL2!wQ7$zR',
      'зелёный трамвай едет',
    ]) {
      expect(refusal(password, 'someone@example.com')).toBeUndefined();
    }
  });
});
