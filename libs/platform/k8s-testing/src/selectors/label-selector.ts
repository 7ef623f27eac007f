import { badRequest } from '../api-error.js';

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: ReadonlySet<string> };

export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

const SET_BASED = /^(!?)\s*([A-Za-z0-9._/-]+)\s*(?:(in|notin)\s*\(([^)]*)\))?$/;
const EQUALITY = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/;

/** Parses a label selector (=, ==, !=, in, notin, exists, !exists) the way the apiserver does. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher | undefined {
  if (!selector || selector.trim() === '') return undefined;
  const requirements = splitRequirements(selector).map(parseRequirement);
  return (labels) => requirements.every((r) => matches(r, labels));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function parseRequirement(text: string): Requirement {
  const eq = EQUALITY.exec(text);
  if (eq) {
    const [, key = '', op, value = ''] = eq;
    return { op: op === '!=' ? 'notin' : 'in', key, values: new Set([value]) };
  }
  const set = SET_BASED.exec(text);
  if (set) {
    const [, bang, key = '', op, values] = set;
    if (op) {
      if (bang) throw unparsable(text);
      const list = (values ?? '').split(',').map((v) => v.trim());
      return { op: op === 'in' ? 'in' : 'notin', key, values: new Set(list) };
    }
    return { op: bang ? 'notexists' : 'exists', key };
  }
  throw unparsable(text);
}

function matches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[r.key];
  switch (r.op) {
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
    case 'in':
      return value !== undefined && r.values.has(value);
    case 'notin':
      return value === undefined || !r.values.has(value);
  }
}

function unparsable(text: string) {
  return badRequest(`unable to parse requirement: ${JSON.stringify(text)}`);
}
