import { isUuid } from '@meshplane/runtime';
import { ValidationFailedError } from '../errors/domain-error.js';
import { hasControlCharacters } from './text.js';

// Deliberately plain: one @, no spaces, a dot in the domain; deliverability is the mailer's concern. The classes on
// either side of each literal exclude it, so matching never backtracks.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;
export const EMAIL_MAX_LENGTH = 254;

/** Whether `value` is a UUID in its 8-4-4-4-12 hexadecimal form (any case); the runtime's one definition. */
export { isUuid };

/** An id argument: a UUID in canonical (lower-case) form, or BAD_USER_INPUT naming `field`. */
export function checkUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationFailedError(field, 'must be a UUID');
  return value.toLowerCase();
}

/** Whether `value` looks like an email address (see EMAIL); checks the length first. */
export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && !hasControlCharacters(value) && EMAIL.test(value);
}

/** An email argument in canonical form (trimmed, lower-case), or BAD_USER_INPUT naming `field`. */
export function checkEmail(value: string, field: string): string {
  const email = value.trim().toLowerCase();
  if (!isEmail(email))
    throw new ValidationFailedError(field, 'must be an email address such as ada@example.com');
  return email;
}
