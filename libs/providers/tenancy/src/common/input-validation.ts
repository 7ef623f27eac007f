import { isRole, type Role } from '@meshplane/auth';
import { ValidationFailedError } from '@meshplane/graphql';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 1000;
const EMAIL_MAX = 254;
// C0, DEL and C1 controls, plus the Unicode line/paragraph separators and bidi overrides that disguise text.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// Deliberately plain: one @, no spaces or controls, a dot in the domain. Deliverability is the mailer's concern.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A display name: trimmed, 1 to 100 characters (code points), any script, no control characters. */
export function validName(field: string, value: string): string {
  return boundedText(field, value, NAME_MAX, false);
}

/** An optional free text: trimmed, at most 1000 characters, no control characters; empty means none. */
export function validDescription(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = boundedText(field, value, DESCRIPTION_MAX, true);
  return text === '' ? null : text;
}

/** An email address in canonical (trimmed, lower-case) form. */
export function validEmail(field: string, value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length === 0 || email.length > EMAIL_MAX || CONTROL.test(email) || !EMAIL.test(email)) {
    throw new ValidationFailedError(field, 'must be an email address such as ada@example.com');
  }
  return email;
}

/** A UUID in canonical (lower-case) form. */
export function validId(field: string, value: string): string {
  if (!UUID.test(value)) throw new ValidationFailedError(field, 'must be a UUID');
  return value.toLowerCase();
}

export function validRole(field: string, value: unknown): Role {
  if (!isRole(value)) throw new ValidationFailedError(field, 'must be one of owner, admin, member, viewer');
  return value;
}

/** A search fragment: trimmed, at most 100 characters, no control characters; empty means no filter. */
export function validSearch(field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = boundedText(field, value, NAME_MAX, true);
  return text === '' ? undefined : text;
}

function boundedText(field: string, value: string, max: number, allowEmpty: boolean): string {
  if (CONTROL.test(value)) throw new ValidationFailedError(field, 'must not contain control characters');
  const text = value.trim();
  const length = [...text].length;
  if (!allowEmpty && length === 0) throw new ValidationFailedError(field, 'must not be empty');
  if (length > max) throw new ValidationFailedError(field, `must be at most ${max} characters`);
  return text;
}
