import { badRequest } from '../api-error.js';

export type FieldMatcher = (fields: Readonly<Record<string, string>>) => boolean;

export const ALWAYS_SELECTABLE = ['metadata.name', 'metadata.namespace'];

/** Parses a field selector (=, ==, !=), refusing fields the resource does not index, like the apiserver. */
export function parseFieldSelector(
  selector: string | undefined,
  selectable: readonly string[],
): FieldMatcher | undefined {
  if (!selector || selector.trim() === '') return undefined;
  const terms = selector.split(',').map((term) => parseTerm(term.trim(), selectable));
  return (fields) => terms.every((t) => (fields[t.field] === t.value) !== t.negated);
}

function parseTerm(term: string, selectable: readonly string[]) {
  const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (!match) throw badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
  const [, field = '', op, value = ''] = match;
  if (!ALWAYS_SELECTABLE.includes(field) && !selectable.includes(field)) {
    throw badRequest(`field label not supported: ${field}`);
  }
  return { field, value, negated: op === '!=' };
}
