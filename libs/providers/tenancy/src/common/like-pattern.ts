/** `%fragment%` for ILIKE, with the fragment's own wildcards (and the escape character) taken literally. */
export function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
