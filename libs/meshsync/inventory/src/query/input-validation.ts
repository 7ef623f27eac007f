import { ValidationFailedError } from '@meshplane/graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
export const MAX_PAGE_SIZE = 100;
const MAX_KINDS = 100;

export function uuidInput(value: string, field: string): string {
  if (!UUID.test(value)) throw new ValidationFailedError(field, 'must be a UUID');
  return value.toLowerCase();
}

/** Free text compared against names: bounded and without control characters. */
export function textInput(value: string, field: string, maxLength: number): string {
  if (value.length > maxLength)
    throw new ValidationFailedError(field, `must be at most ${maxLength} characters`);
  if (CONTROL.test(value)) throw new ValidationFailedError(field, 'must not contain control characters');
  return value;
}

export function kindsInput(kinds: readonly string[], field: string): string[] {
  if (kinds.length > MAX_KINDS)
    throw new ValidationFailedError(field, `must list at most ${MAX_KINDS} kinds`);
  return kinds.map((kind, i) => {
    const text = textInput(kind, `${field}[${i}]`, 63);
    if (text === '') throw new ValidationFailedError(`${field}[${i}]`, 'must not be empty');
    return text;
  });
}

export function pageSizeInput(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationFailedError(field, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}
