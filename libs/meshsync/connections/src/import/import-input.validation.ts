import { ValidationFailedError } from '@meshplane/graphql';

export const MAX_CONNECTION_NAME = 253;
export const MAX_NAME_PREFIX = 100;
export const MAX_CONTEXTS_PER_IMPORT = 100;

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A name shown to people: 1..max characters, no control characters (they forge log lines and UIs). */
export function checkDisplayText(value: string, field: string, max: number, min = 1): string {
  if (value.length < min || value.length > max) {
    throw new ValidationFailedError(field, `must be ${min} to ${max} characters`);
  }
  if (CONTROL.test(value)) throw new ValidationFailedError(field, 'must not contain control characters');
  return value;
}

export function checkNamePrefix(prefix: string | null | undefined): string {
  return prefix == null ? '' : checkDisplayText(prefix, 'input.namePrefix', MAX_NAME_PREFIX, 0);
}

/** Requested contexts: absent means all; an empty or repeating list is a mistake worth naming. */
export function checkRequestedContexts(contexts: readonly string[] | null | undefined): string[] | undefined {
  if (contexts == null) return undefined;
  if (contexts.length === 0 || contexts.length > MAX_CONTEXTS_PER_IMPORT) {
    throw new ValidationFailedError(
      'input.contexts',
      `must list 1 to ${MAX_CONTEXTS_PER_IMPORT} context names`,
    );
  }
  if (new Set(contexts).size !== contexts.length) {
    throw new ValidationFailedError('input.contexts', 'lists a context twice');
  }
  contexts.forEach((name, i) => checkDisplayText(name, `input.contexts[${i}]`, MAX_CONNECTION_NAME));
  return [...contexts];
}
