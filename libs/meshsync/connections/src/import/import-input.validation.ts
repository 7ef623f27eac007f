import { checkText, ValidationFailedError } from '@meshplane/graphql';

export const MAX_CONNECTION_NAME = 253;
export const MAX_NAME_PREFIX = 100;
export const MAX_CONTEXTS_PER_IMPORT = 100;

/** Kept exact (not trimmed): it is prepended to context names as typed. */
export function checkNamePrefix(prefix: string | null | undefined): string {
  if (prefix == null) return '';
  return checkText(prefix, 'input.namePrefix', { max: MAX_NAME_PREFIX, min: 0, trim: false });
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
  // Exact, as they must match the kubeconfig's context names.
  contexts.forEach((name, i) =>
    checkText(name, `input.contexts[${i}]`, { max: MAX_CONNECTION_NAME, trim: false }),
  );
  return [...contexts];
}
