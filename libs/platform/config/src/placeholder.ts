/**
 * Marks the example secrets in deploy/ and docker/ carry (`CHANGE_ME…`). A value holding one was copied from an
 * example without being replaced: every config refuses it, naming the variable, so a deployment cannot run on a
 * secret published in this repository.
 */
const PLACEHOLDER = /change[_-]?me|replace[_-]?me/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

export const PLACEHOLDER_MESSAGE =
  'still holds the example placeholder (CHANGE_ME…): set a real secret (e.g. `openssl rand -base64 32`)';
