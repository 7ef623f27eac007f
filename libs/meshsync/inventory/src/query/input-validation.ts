import { checkText, ValidationFailedError } from '@meshplane/graphql';

const MAX_KINDS = 100;
const MAX_KIND_LENGTH = 63;

export function kindsInput(kinds: readonly string[], field: string): string[] {
  if (kinds.length > MAX_KINDS)
    throw new ValidationFailedError(field, `must list at most ${MAX_KINDS} kinds`);
  return kinds.map((kind, i) => checkText(kind, `${field}[${i}]`, { max: MAX_KIND_LENGTH, trim: false }));
}
