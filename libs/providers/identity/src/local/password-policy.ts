import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationFailedError } from '@meshplane/graphql';

/** As for LOCAL_ADMIN_PASSWORD. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
const MIN_DISTINCT_CHARACTERS = 5;

const LIST_FILE = fileURLToPath(new URL('../../data/common-passwords.txt', import.meta.url));

/** Rows of keys and runs of characters people type as a "password"; any stretch of one, repeated, is refused. */
const SEQUENCES = [
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'qazwsxedcrfvtgbyhnujmikolp',
  '!@#$%^&*()',
].flatMap((sequence) => [sequence, [...sequence].reverse().join('')]);

/** What people substitute for letters (p@ssw0rd): undone before the list is consulted. */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
};

// Digits, punctuation, symbols and spaces around a word: what "make it longer" usually adds.
const PADDING = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;
const SEPARATORS = /[\s._-]+/gu;

let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return common;
}

/**
 * Refuses a password a person chose (changePassword, resetPassword, signing up through an invitation) with a
 * message saying why: too short or long, too few different characters, part of the account's email, a keyboard or
 * alphabet sequence, or one of the common passwords (also with digits or symbols added, in leetspeak, repeated, or
 * with spaces). `field` names the argument in the error.
 */
export function assertAcceptablePassword(field: string, password: string, email?: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationFailedError(
      field,
      `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  }
  const reason = weakness(password, email);
  if (reason !== undefined) throw new ValidationFailedError(field, reason);
}

function weakness(password: string, email: string | undefined): string | undefined {
  const normalized = password.normalize('NFKC').toLowerCase();
  if (new Set(normalized).size < MIN_DISTINCT_CHARACTERS) {
    return `uses fewer than ${MIN_DISTINCT_CHARACTERS} different characters: it is guessed at once`;
  }
  const local = email?.toLowerCase().split('@')[0] ?? '';
  if (
    email !== undefined &&
    (normalized.includes(email.toLowerCase()) || (local.length >= 4 && normalized.includes(local)))
  ) {
    return 'contains your email address: it is the first thing an attacker tries';
  }
  const compact = normalized.replace(SEPARATORS, '');
  if (isSequence(compact)) {
    return 'is a keyboard or alphabet sequence: these are on every list attackers try first';
  }
  const list = commonPasswords();
  for (const candidate of [compact, unleet(compact)]) {
    if (list.has(candidate)) {
      return 'is one of the most common passwords, which attackers try first: choose another (a few unrelated words make a strong one)';
    }
    if (isRepeatOfCommon(candidate, list)) {
      return 'repeats a common password or a few characters, which attackers try first: choose another';
    }
  }
  const core = compact.replace(PADDING, '');
  for (const candidate of [core, unleet(core)]) {
    if (
      candidate.length >= 4 &&
      (list.has(candidate) || isRepeatOfCommon(candidate, list) || isSequence(candidate))
    ) {
      return 'is a common password with digits or symbols added, which attackers try first: choose another (a few unrelated words make a strong one)';
    }
  }
  return undefined;
}

function unleet(value: string): string {
  return [...value].map((character) => LEET[character] ?? character).join('');
}

/** `passwordpassword`, `abcabcabcabc`: a short or common unit repeated. */
function isRepeatOfCommon(value: string, list: ReadonlySet<string>): boolean {
  const unit = /^(.+?)\1+$/u.exec(value)?.[1];
  return unit !== undefined && (unit.length <= 3 || list.has(unit));
}

function isSequence(value: string): boolean {
  if (value.length < 4) return false;
  return SEQUENCES.some((sequence) =>
    sequence.repeat(Math.ceil(value.length / sequence.length) + 1).includes(value),
  );
}
