import { ValidationFailedError } from '../errors/domain-error.js';

/**
 * What Meshplane calls a control character, everywhere: the Unicode `Cc` category (C0 U+0000–U+001F, DEL U+007F,
 * C1 U+0080–U+009F), the line and paragraph separators U+2028–U+2029, and the bidirectional embeddings, overrides
 * and isolates U+202A–U+202E and U+2066–U+2069. The first forge log lines and break headers; the others make text
 * display as something it is not ("Trojan Source"). Tabs and newlines are control characters too: names and
 * search text are single-line.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** The longest name of anything people name in Meshplane (organizations, workspaces, API tokens…). */
export const NAME_MAX_LENGTH = 100;
/** The longest description or reason people write about something. */
export const DESCRIPTION_MAX_LENGTH = 1000;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** `text` with each control character replaced, for echoing or storing text that came from elsewhere. */
export function replaceControlCharacters(text: string, replacement: string): string {
  return text.replace(CONTROL_CHARACTERS, replacement);
}

export interface TextLimits {
  /** Most characters (Unicode code points, so every script counts alike). */
  max: number;
  /** Fewest characters; 0 allows the empty string. Default 1. */
  min?: number;
  /**
   * Trim surrounding white space first (default). Turn off for text that must match another system exactly,
   * such as a kubeconfig context name or a Kubernetes uid.
   */
  trim?: boolean;
}

/**
 * Text from a caller: refused (BAD_USER_INPUT naming `field`) when it holds a control character, or is shorter or
 * longer than `limits` allow once trimmed; otherwise returned trimmed. Control characters are checked before
 * trimming, so a trailing newline is refused rather than silently dropped.
 */
export function checkText(value: string, field: string, limits: TextLimits): string {
  if (hasControlCharacters(value)) {
    throw new ValidationFailedError(field, 'must not contain control characters');
  }
  const { max, min = 1, trim = true } = limits;
  const text = trim ? value.trim() : value;
  // Counting code points walks the string once; the length check first keeps that walk bounded.
  const length = text.length > max * 2 ? Infinity : [...text].length;
  if (length === 0 && min > 0) throw new ValidationFailedError(field, 'must not be empty');
  if (length < min || length > max) {
    throw new ValidationFailedError(
      field,
      min > 1 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
    );
  }
  return text;
}

/** A name people give something: trimmed, 1 to `max` characters, any script, no control characters. */
export function checkName(value: string, field: string, max = NAME_MAX_LENGTH): string {
  return checkText(value, field, { max });
}

/**
 * Optional text such as a search fragment or a description: absent, or empty once trimmed, gives `undefined`;
 * otherwise the rules of `checkText`.
 */
export function checkOptionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = checkText(value, field, { max, min: 0 });
  return text === '' ? undefined : text;
}

/** A description or a reason: optional free text of at most 1000 characters; absent or blank gives `null`. */
export function checkDescription(value: string | null | undefined, field: string): string | null {
  return checkOptionalText(value, field, DESCRIPTION_MAX_LENGTH) ?? null;
}
