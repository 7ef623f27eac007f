import { ValidationFailedError } from '../errors/domain-error.js';

// Fixed-width groups: no quantifier can backtrack, whatever the input.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its 8-4-4-4-12 hexadecimal form (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id argument: a UUID in canonical (lower-case) form, or BAD_USER_INPUT naming `field`. */
export function checkUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationFailedError(field, 'must be a UUID');
  return value.toLowerCase();
}
