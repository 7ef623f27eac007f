import { ValidationFailedError } from '@meshplane/graphql';

export type LabelRequirement =
  | { op: 'exists'; key: string }
  | { op: 'absent'; key: string }
  | { op: 'equals'; key: string; value: string }
  | { op: 'notEquals'; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notIn'; key: string; values: string[] };

const MAX_SELECTOR_LENGTH = 4096;
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const SET_REQUIREMENT = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
const EQUALITY_REQUIREMENT = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/;

/**
 * Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * comma-separated, all must hold). Keys and values are checked against Kubernetes' own syntax, so a
 * selector that Kubernetes would refuse is refused here too, naming `field`.
 */
export function parseLabelSelector(selector: string, field = 'filter.labelSelector'): LabelRequirement[] {
  if (selector.length > MAX_SELECTOR_LENGTH) {
    throw new ValidationFailedError(field, `must be at most ${MAX_SELECTOR_LENGTH} characters`);
  }
  if (selector.trim() === '') return [];
  return splitRequirements(selector, field).map((part) => parseRequirement(part.trim(), field));
}

/** Commas separate requirements except inside the parentheses of a set. */
function splitRequirements(selector: string, field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0 || depth > 1) throw new ValidationFailedError(field, 'has unbalanced parentheses');
    if (ch === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new ValidationFailedError(field, 'has unbalanced parentheses');
  parts.push(selector.slice(start));
  return parts;
}

function parseRequirement(text: string, field: string): LabelRequirement {
  if (text === '') throw new ValidationFailedError(field, 'has an empty requirement');
  const set = SET_REQUIREMENT.exec(text);
  if (set) {
    const [, key = '', op, list = ''] = set;
    if (list.trim() === '') {
      throw new ValidationFailedError(field, `"${printable(key)} ${op}" needs at least one value`);
    }
    const values = list.split(',').map((v) => labelValue(v.trim(), field));
    return { op: op === 'in' ? 'in' : 'notIn', key: labelKey(key, field), values };
  }
  const equality = EQUALITY_REQUIREMENT.exec(text);
  if (equality) {
    const [, key = '', op, value = ''] = equality;
    const parsed = { key: labelKey(key, field), value: labelValue(value.trim(), field) };
    return op === '!=' ? { op: 'notEquals', ...parsed } : { op: 'equals', ...parsed };
  }
  if (text.startsWith('!')) return { op: 'absent', key: labelKey(text.slice(1).trim(), field) };
  return { op: 'exists', key: labelKey(text, field) };
}

function labelKey(key: string, field: string): string {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const validPrefix = prefix === undefined || (prefix.length <= 253 && PREFIX.test(prefix));
  if (!validPrefix || !NAME.test(name)) {
    throw new ValidationFailedError(field, `"${printable(key)}" is not a valid label key`);
  }
  return key;
}

function labelValue(value: string, field: string): string {
  if (!VALUE.test(value)) {
    throw new ValidationFailedError(field, `"${printable(value)}" is not a valid label value`);
  }
  return value;
}

/** Echoes caller input in an error without control characters and without letting it grow the message. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
